"""Provides the large period of the benches and tests: seeded, realistic spread, bulk-loaded.

`build(path, respondents)` makes a database through the services (office users, five jenis
layanan, one step-4 period with an approved kuesioner, one empty period) and loads `respondents`
forms with `persistence.respondents.bulk_insert`. The forms spread like a real office's: the
jenis layanan weighted (KTP-el most), both sexes and blanks, ages 17-80, every pendidikan and
pekerjaan code of the regime plus a few blanks, survey dates over every month of the period,
answers mostly 3-4 with some 1-2 and a few blanks, saran on some forms, 0.5 % excluded. The same
seed gives the same database (row for row) on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PASSWORD = "rahasia-kantor-1"
NOW = dt.datetime(2027, 1, 5, 9, 30)
START = dt.date(2026, 7, 1)  # Semester II 2026: six months, two triwulan
SERVICES = (
    ("01", "KTP elektronik", 30),
    ("02", "Kartu keluarga", 25),
    ("03", "Akta kelahiran", 20),
    ("04", "Surat pindah", 15),
    ("05", "Izin usaha mikro", 10),
)
ANSWER_WEIGHTS = {1: 3, 2: 9, 3: 48, 4: 38}  # percent; the other 2 % are blanks
EXCLUDED_EVERY = 200  # one form in 200 excluded (duplicates, unreadable)


@dataclass(frozen=True)
class LargePeriod:
    """What the benches need of the built database."""

    period_id: int
    empty_period_id: int
    service_type_ids: tuple[int, ...]
    staf_username: str
    respondents: int


def forms(
    regime_id: str,
    service_ids: list[int],
    start: dt.date,
    end: dt.date,
    count: int,
    seed: int = 1,
) -> Iterator[Any]:
    """`count` seeded FormData spread over services, every profile value, dates and answers."""
    from ikm_tui.domain.profile import profile_fields
    from ikm_tui.domain.regimes import get_regime
    from ikm_tui.persistence.respondents import FormData

    rng = random.Random(seed)
    keys = [u.key for u in get_regime(regime_id).unsur]
    fields = {f.key: [code for code, _ in f.options] for f in profile_fields(regime_id)}
    pendidikan = [*fields["pendidikan"], None]
    pekerjaan = [*fields["pekerjaan"], None]
    weights = [w for _, _, w in SERVICES][: len(service_ids)]
    days = (end - start).days + 1
    answers = [None, *ANSWER_WEIGHTS]
    answer_weights = [2, *ANSWER_WEIGHTS.values()]
    saran = ("", "", "", "Antrean pagi panjang.", "Petugas ramah.", "Ruang tunggu panas.")
    for _ in range(count):
        chosen = rng.choices(answers, answer_weights, k=len(keys))
        yield FormData(
            service_type_id=rng.choices(service_ids, weights)[0],
            tanggal_survei=start + dt.timedelta(days=rng.randrange(days)),
            sesi=rng.choice(("08.00-12.00", "13.00-17.00")),
            jenis_kelamin=rng.choice(("1", "2", "1", "2", None)),
            usia=rng.choice((None, *range(17, 81))),
            pendidikan=rng.choice(pendidikan),
            pekerjaan=rng.choice(pekerjaan),
            saran=rng.choice(saran),
            answers=dict(zip(keys, chosen, strict=True)),
        )


def build_in_current_db(respondents: int, seed: int = 1) -> LargePeriod:
    """Fill the database `persistence.db.connect` opened last (SQLite or PostgreSQL)."""
    from ikm_tui.clock import fixed_clock
    from ikm_tui.persistence import respondents as store
    from ikm_tui.persistence.models import RespondentRow, database_proxy
    from ikm_tui.services.registry import Services

    services = Services(fixed_clock(NOW))
    users: dict[str, Any] = {}
    for name, nip, role in (
        ("admin", "", "admin"),
        ("sari", "199001012015032001", "staf"),
        ("budi", "197505052000031002", "sekcam"),
        ("agus", "198003032002121003", "camat"),
    ):
        users[name] = services.users.add(
            name, name.title(), nip, "Jabatan", "", (role,), PASSWORD, users.get("admin")
        )
    for kode, nama, _ in SERVICES:
        services.periods.add_service_type(kode, nama, users["sari"])
    ids = []
    for name in ("Semester II 2026", "Semester I 2027"):
        start = START if not ids else dt.date(2027, 1, 1)
        period = services.periods.create(name, users["sari"], start_date=start)
        document = services.signoff.latest(period.id, "kuesioner")
        services.signoff.submit(document.id, users["sari"], PASSWORD)
        services.signoff.approve(document.id, users["budi"], PASSWORD)
        services.signoff.approve(document.id, users["agus"], PASSWORD)
        ids.append(period.id)
    period = services.periods.get(ids[0])
    service_ids = [s.id for s in services.periods.period_service_types(period.id)]
    approved = services.questionnaire.approved(period.id)
    with database_proxy.atomic():
        store.bulk_insert(
            period.id,
            forms(
                period.regime_id, service_ids, period.start_date, period.end_date, respondents, seed
            ),
            NOW,
            users["sari"].id,
            approved.id if approved else None,
        )
        RespondentRow.update(excluded=True, exclusion_reason="ganda").where(
            (RespondentRow.period == period.id)
            & RespondentRow.nomor.in_(list(range(EXCLUDED_EVERY, respondents + 1, EXCLUDED_EVERY)))
        ).execute()
    return LargePeriod(ids[0], ids[1], tuple(service_ids), "sari", respondents)


def build(path: Any, respondents: int, seed: int = 1) -> LargePeriod:
    """A new SQLite database at `path` holding the large period."""
    from ikm_tui.persistence import db

    db.connect(str(path))
    return build_in_current_db(respondents, seed)
