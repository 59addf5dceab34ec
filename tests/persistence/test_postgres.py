"""Provides the PostgreSQL portability tests: one scenario through the public services on SQLite
and on a throwaway PostgreSQL database gives the same records, scores, exports and audit chain.

The scenario: the demo office (two periods walked through the SOP with sign-offs, meetings,
PTPP, archive and complaints), then a third period under the 2004 regime with legacy weights:
its questionnaire signed by Staf, Sekcam and Camat, paper forms saved, corrected, excluded and
restored, and a Google Forms CSV imported; and a few paper forms in the demo's open period.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ikm_tui.cli import main
from ikm_tui.clock import fixed_clock
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import UnsurTally, score
from ikm_tui.errors import IkmError, StorageError
from ikm_tui.persistence import audit_log, db
from ikm_tui.persistence.models import ALL_TABLES, AuditRow
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.demo import build_demo
from ikm_tui.services.entry_layout import KODE, FormLayout
from ikm_tui.services.registry import Services
from ikm_tui.services.tabulation import PROFILE_GROUPS
from tests.persistence.pg_fixture import needs_postgres, pg_server, pg_url  # noqa: F401

pytestmark = needs_postgres

NOW = dt.datetime(2026, 11, 25, 10, 0)
PASSWORDS = {
    "sri": "staf2026",
    "agus": "staf2026",
    "sekcam": "sekcam2026",
    "camat": "camat2026",
    "admin": "admin2026",
}
OLD_REGIME = "kepmenpan-25-2004"
ASPECTS = (
    "periode",
    "tabulasi",
    "rincian",
    "langkah",
    "tugas",
    "dokumen",
    "progres",
    "formulir",
    "pengguna",
    "sasaran",
    "audit",
    "ekspor",
)


@dataclass
class Outcome:
    """What the scenario left behind on one database, plus the third period's own figures."""

    target: str
    snapshot: dict[str, Any]
    period_id: int
    expected_forms: list[FormData]


# -- the scenario ------------------------------------------------------------------------------


def _paper_forms(layout: FormLayout, count: int, seed: int, day: dt.date) -> list[FormData]:
    """Reproducible paper forms: every profile code, some blank answers, several days."""
    rng = random.Random(seed)
    codes = {f.key: [c for c, _ in f.options] for f in layout.fields if f.kind == KODE}
    forms = []
    for number in range(count):
        answers = {
            key: rng.choice([1, 2, 3, 3, 4, 4, None] if number % 3 else [2, 3, 4])
            for key in layout.unsur_keys
        }
        profile: dict[str, Any] = {
            key: rng.choice([*options, None]) for key, options in codes.items()
        }
        forms.append(
            FormData(
                service_type_id=layout.services[number % len(layout.services)][1],
                tanggal_survei=day - dt.timedelta(days=number * 5),
                sesi="08.00-12.00",
                batch=f"B{number // 4}",
                usia=rng.choice([None, 17, 25, 34, 48, 61]),
                saran="Antrean dipercepat" if number % 4 == 0 else "",
                answers=answers,
                **profile,
            )
        )
    return forms


def _sign(services: Services, users: dict[str, Any], document_id: int) -> None:
    services.signoff.submit(document_id, users["sri"], PASSWORDS["sri"])
    services.signoff.approve(document_id, users["sekcam"], PASSWORDS["sekcam"])
    services.signoff.approve(document_id, users["camat"], PASSWORDS["camat"])


def _google_csv(path: Path, keys: tuple[str, ...]) -> tuple[Path, list[FormData]]:
    """A Google Forms style CSV (labels for answers, a timestamp, a blank) and its forms."""
    regime = get_regime(OLD_REGIME)
    header = [
        "Stempel waktu",
        "Jenis Kelamin",
        "Usia",
        *(f"{n}. {u.pertanyaan}" for n, u in enumerate(regime.unsur, 1)),
        "Saran",
    ]
    rows, forms = [], []
    for number in range(6):
        values = [(number + n) % 4 + 1 for n in range(len(keys))]
        answers: dict[str, int | None] = dict(zip(keys, values, strict=True))
        labels = [u.labels[v - 1] for u, v in zip(regime.unsur, values, strict=True)]
        if number == 2:
            answers[keys[4]], labels[4] = None, ""
        rows.append(
            [
                f"{10 + number}/11/2026 09:1{number}:00",
                "Perempuan",
                str(30 + number),
                *labels,
                "Ruang tunggu sejuk" if number == 1 else "",
            ]
        )
        forms.append(FormData(answers=answers))
    path.write_text("\n".join(";".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")
    return path, forms


def _third_period(services: Services, users: dict[str, Any], folder: Path) -> tuple[int, list]:
    """A 2004-regime period through step 4 with saved, corrected, excluded and imported forms."""
    period = services.periods.create(
        "Periode Uji 2004",
        users["sri"],
        OLD_REGIME,
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
        None,
        "0.071",
    )
    _sign(services, users, services.questionnaire.current(period.id).id)
    layout = services.entry.layout(period.id)
    forms = _paper_forms(layout, 12, seed=2004, day=NOW.date())
    for form in forms:
        services.entry.save_form(period.id, form, users["agus"])
    corrected = _paper_forms(layout, 1, seed=99, day=NOW.date())[0]
    services.entry.correct(period.id, 2, corrected, "Salah ketik jawaban", users["sri"])
    services.entry.exclude(period.id, 3, "Formulir ganda", users["sri"])
    services.entry.exclude(period.id, 5, "Diragukan", users["sri"])
    services.entry.restore(period.id, 5, "Ternyata sah", users["sri"])
    path, imported = _google_csv(folder / "google.csv", layout.unsur_keys)
    services.importer.commit(period.id, path, None, users["sri"])
    counted = [corrected if n == 2 else f for n, f in enumerate(forms, 1) if n != 3]
    return period.id, counted + imported


def _open_period_entries(services: Services, users: dict[str, Any]) -> None:
    """Two more paper forms in the demo's open period; one demo form corrected, one excluded."""
    period_id = 2
    layout = services.entry.layout(period_id)
    for form in _paper_forms(layout, 2, seed=7, day=NOW.date()):
        services.entry.save_form(period_id, form, users["sri"])
    services.entry.correct(
        period_id,
        11,
        _paper_forms(layout, 1, seed=8, day=NOW.date())[0],
        "Koreksi usia",
        users["agus"],
    )
    services.entry.exclude(period_id, 10, "Tidak lengkap", users["agus"])


def run_scenario(target: str, folder: Path) -> Outcome:
    """Build everything on `target` through the services and read it all back."""
    build_demo(target, fixed_clock(NOW))  # type: ignore[arg-type]  # a URL is a target too
    db.connect(target)
    try:
        services = Services(fixed_clock(NOW))
        users = {
            name: services.auth.login(name.upper() + " ", password)
            for name, password in PASSWORDS.items()
        }
        period_id, expected = _third_period(services, users, folder)
        _open_period_entries(services, users)
        return Outcome(target, snapshot(services, users, folder), period_id, expected)
    finally:
        db.close()


# -- reading everything back ---------------------------------------------------------------


def _months(services: Services, period_id: int) -> list[int]:
    period = services.periods.get(period_id)
    return sorted(
        {
            (period.start_date + dt.timedelta(days=d)).month
            for d in range((period.end_date - period.start_date).days + 1)
        }
    )


def _tabulations(services: Services, period_id: int) -> list[Any]:
    tab = services.tabulation
    services_ids = [s.id for s in services.periods.period_service_types(period_id)]
    return (
        [tab.summary(period_id)]
        + [tab.summary(period_id, month=m) for m in _months(services, period_id)]
        + [tab.summary(period_id, triwulan=t) for t in (1, 4)]
        + [tab.summary(period_id, service_type_id=s) for s in services_ids]
    )


def _breakdowns(services: Services, period_id: int) -> list[Any]:
    tab = services.tabulation
    return [tab.breakdown_by_service(period_id)] + [
        tab.breakdown_by_profile(period_id, field) for field in PROFILE_GROUPS
    ]


def _forms(services: Services, period_id: int) -> list[Any]:
    last = services.entry.progress(period_id).next_nomor
    return [services.entry.get_form(period_id, nomor) for nomor in range(1, last)]


def _export(services: Services, period_id: int, folder: Path) -> str:
    path = folder / f"mentah-{period_id}.csv"
    services.tabulation.export_raw(period_id, path)
    return path.read_text(encoding="utf-8-sig")


# Detail fields that differ on every run: digests of salted password hashes, of recovery codes
# and of generated keys, an export's random verification code and temporary path. The
# entries' hashes then differ too; each chain is verified instead.
RANDOM_DETAIL = (
    "sandi",
    "kode_pemulihan",
    "kunci",
    "sidik",
    "tanda_tangan",
    "kode",
    "berkas",
    "sha256",  # of an archived .docx, which holds its random verification code
    "ukuran",
)


def _masked(detail: str) -> dict[str, Any]:
    data = json.loads(detail)
    return {k: "*" if k in RANDOM_DETAIL else v for k, v in data.items()}


def _audit_rows() -> list[tuple[Any, ...]]:
    return [
        (r.id, r.at, r.username, r.action, r.entity, r.entity_id, _masked(r.detail))
        for r in AuditRow.select().order_by(AuditRow.id)
    ]


def snapshot(services: Services, users: dict[str, Any], folder: Path) -> dict[str, Any]:
    ids = [p.id for p in services.periods.list()]

    def each(read: Callable[[int], Any]) -> dict[int, Any]:
        return {i: read(i) for i in ids}

    return {
        "periode": services.periods.list(),
        "tabulasi": each(lambda i: _tabulations(services, i)),
        "rincian": each(lambda i: _breakdowns(services, i)),
        "langkah": each(services.workflow.steps),
        "tugas": [services.workflow.my_tasks(user) for user in users.values()],
        "dokumen": each(lambda i: [services.signoff.versions(i, k) for k in sop.DOC_KINDS]),
        "progres": each(services.entry.progress),
        "formulir": each(lambda i: _forms(services, i)),
        "pengguna": services.users.list(),
        "sasaran": each(_targets(services)),
        "audit": (_audit_rows(), audit_log.verify_chain()),
        "ekspor": each(lambda i: _export(services, i, folder)),
    }


def _targets(services: Services) -> Callable[[int], Any]:
    """Sample targets of a period, or the message refusing them (no customer data)."""
    from ikm_tui.services.customers import CustomerService

    customers = CustomerService(services.clock)

    def read(period_id: int) -> Any:
        try:
            return customers.targets(period_id)
        except IkmError as exc:
            return exc.message

    return read


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    folder = tmp_path_factory.mktemp("sqlite")
    return run_scenario(str(folder / "ikm.db"), folder)


@pytest.fixture(scope="module")
def on_postgres(
    pg_url: str,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
    on_sqlite: Outcome,
) -> Outcome:
    return run_scenario(pg_url, tmp_path_factory.mktemp("postgres"))


# -- tests ---------------------------------------------------------------------------------


def test_scenario_reads_back_every_aspect(on_postgres: Outcome) -> None:
    assert tuple(on_postgres.snapshot) == ASPECTS
    periods = sorted(on_postgres.snapshot["periode"], key=lambda p: p.id)
    assert [(p.current_step, p.respondents) for p in periods] == [(0, 342), (4, 237), (4, 17)]
    third = on_postgres.period_id
    assert len(on_postgres.snapshot["formulir"][third]) == 18  # 12 typed + 6 imported
    assert len(on_postgres.snapshot["ekspor"][third].splitlines()) == 1 + 18  # excluded flagged


@pytest.mark.parametrize("aspect", ASPECTS)
def test_postgresql_gives_what_sqlite_gives(
    aspect: str, on_sqlite: Outcome, on_postgres: Outcome
) -> None:
    assert on_postgres.snapshot[aspect] == on_sqlite.snapshot[aspect]


def test_ikm_on_postgresql_is_the_exact_score_of_the_forms(on_postgres: Outcome) -> None:
    regime = get_regime(OLD_REGIME)
    totals = {u.key: UnsurTally(0, 0) for u in regime.unsur}
    for form in on_postgres.expected_forms:
        for key, value in form.answers.items():
            if value is not None:
                old = totals[key]
                totals[key] = UnsurTally(old.total + value, old.n + 1)
    expected = score(regime, totals, len(on_postgres.expected_forms), "0.071")
    summary = on_postgres.snapshot["tabulasi"][on_postgres.period_id][0]
    assert summary.respondents == 17
    assert summary.score == expected
    assert summary.score.ikm == expected.ikm and summary.weights == "0.071"


def test_audit_chain_verifies_and_catches_tampering_on_postgresql(
    on_postgres: Outcome,
    pg_url: str,  # noqa: F811
) -> None:
    rows, problem = on_postgres.snapshot["audit"]
    assert problem is None and len(rows) > 250
    assert {"formulir_koreksi", "formulir_kecualikan", "impor_data"} <= {r[3] for r in rows}
    database = db.connect(pg_url)
    try:
        with database.atomic() as transaction:
            victim = rows[len(rows) // 2][0]
            AuditRow.update(detail='{"jumlah":9999}').where(AuditRow.id == victim).execute()
            broken = audit_log.verify_chain()
            transaction.rollback()
        assert broken is not None and broken.entry_id == victim
        assert audit_log.verify_chain() is None
    finally:
        db.close()


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_periods_and_verify_on_postgresql(
    on_sqlite: Outcome, on_postgres: Outcome, capsys: pytest.CaptureFixture[str]
) -> None:
    url = on_postgres.target
    status, pg_json, err = _cli(capsys, "--db", url, "periods", "--json")
    assert status == 0, err
    assert _cli(capsys, "--db", on_sqlite.target, "periods", "--json")[1] == pg_json
    listed = json.loads(pg_json)
    assert [(p["name"], p["respondents"]) for p in listed][2] == ("Periode Uji 2004", 17)
    status, text, err = _cli(capsys, "--db", url, "periods")
    assert status == 0 and "Periode Uji 2004" in text, err
    status, text, err = _cli(capsys, "--db", url, "verify")
    assert status == 0 and "Jejak audit utuh" in text, err
    db.close()


def test_reconnecting_keeps_the_schema_version(on_postgres: Outcome, pg_url: str) -> None:  # noqa: F811
    database = db.connect(pg_url)
    try:
        assert db.schema_version(database) == db.SCHEMA_VERSION
        assert Services(fixed_clock(NOW)).periods.get(on_postgres.period_id).current_step == 4
    finally:
        db.close()


def _schema(target: str) -> dict[str, tuple[list[str], list[tuple[str, bool]]]]:
    """Per table: its column names and its indexes (name, unique), as the database reports."""
    database = db.connect(target)
    try:
        return {
            table._meta.table_name: (
                sorted(c.name for c in database.get_columns(table._meta.table_name)),
                sorted(
                    (i.name, i.unique)
                    for i in database.get_indexes(table._meta.table_name)
                    if not i.name.endswith("_pkey")  # primary keys: PostgreSQL lists them,
                    and not i.name.startswith("sqlite_autoindex_")
                ),
            )  # SQLite a text one
            for table in ALL_TABLES
        }
    finally:
        db.close()


def test_migrations_leave_the_same_schema_on_both(on_sqlite: Outcome, on_postgres: Outcome) -> None:
    sqlite_schema, pg_schema = _schema(on_sqlite.target), _schema(on_postgres.target)
    assert pg_schema == sqlite_schema
    assert ("respondentrow_period_id_nomor", True) in pg_schema["respondent"][1]


def test_unreachable_server_is_a_storage_error(pg_server: str) -> None:  # noqa: F811
    with pytest.raises(StorageError, match="tidak dapat dibuka"):
        db.connect(f"{pg_server}/tidak_ada_basis_data_ini")
