"""Provides a period at step 5 with answered forms, for the Laporan IKM tests (services,
export, UI): office, one user per role (tests/services/conftest.py people), a questionnaire
approved, `count` respondents with deterministic answers, profiles and saran, collection closed.
"""

from __future__ import annotations

import datetime as dt

from ikm_tui.domain.regimes import PERMENPANRB_2017, get_regime
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import ComplaintRow, database_proxy
from ikm_tui.persistence.records import PeriodRecord, UserRecord
from ikm_tui.services.registry import Services
from tests.concept_helpers import add_office
from tests.services.conftest import approve_questionnaire, make_users

SARAN = (
    "Antrean pagi terlalu panjang, mohon nomor antrean.",
    "Ruang tunggu panas, mohon kipas angin.",
    "Petugas ramah, terima kasih.",
    "",
)


def answers_of(number: int, keys: list[str]) -> dict[str, int | None]:
    """A believable, deterministic answer pattern (some blanks)."""
    values: dict[str, int | None] = {}
    for index, key in enumerate(keys):
        value = 1 + (number * 7 + index * 3) % 4
        values[key] = None if (number + index) % 23 == 0 else max(value, 2 if index % 2 else 1)
    return values


def forms(period: PeriodRecord, service_ids: list[int], count: int) -> list[respondents.FormData]:
    keys = [u.key for u in get_regime(period.regime_id).unsur]
    return [
        respondents.FormData(
            service_type_id=service_ids[number % len(service_ids)],
            tanggal_survei=period.start_date,
            jenis_kelamin=str(1 + number % 2),
            usia=18 + number % 50,
            pendidikan=str(1 + number % 6),
            pekerjaan=str(1 + number % 5),
            saran=SARAN[number % len(SARAN)],
            answers=answers_of(number, keys),
        )
        for number in range(1, count + 1)
    ]


def period_at_report(
    services: Services, count: int = 40, regime_id: str = PERMENPANRB_2017
) -> tuple[PeriodRecord, dict[str, UserRecord]]:
    add_office()
    users = make_users(services)
    periods = services.periods
    for kode, nama in (("01", "Pengantar KTP-el"), ("02", "Pengantar Kartu Keluarga")):
        periods.add_service_type(kode, nama, users["admin"])
    period = periods.create("Semester II 2026", users["staf"], regime_id=regime_id)
    service_ids = [s.id for s in periods.period_service_types(period.id)]
    for service_id, population in zip(service_ids, (120, 80), strict=True):
        services.customers.set_population(period.id, service_id, population, users["staf"])
    approve_questionnaire(services, users, period.id)
    approved = services.questionnaire.approved(period.id)
    assert approved is not None
    now = services.clock()
    with database_proxy.atomic():
        respondents.bulk_insert(
            period.id, forms(period, service_ids, count), now, users["staf"].id, approved.id
        )
        ComplaintRow.create(
            nomor="KLH/2026/001",
            received_at=dt.datetime.combine(period.start_date, dt.time(10)),
            saluran="kotak saran",
            uraian="Antrean lama",
            unsur_key="waktu",
        )
    services.workflow.close_collection(period.id, users["staf"])
    return services.periods.get(period.id), users
