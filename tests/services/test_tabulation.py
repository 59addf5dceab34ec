"""Provides tests of TabulationService: figures equal domain scoring on the same data, filters
by month, triwulan and jenis layanan, excluded forms, profile counts and breakdowns."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest

from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import score, tally
from ikm_tui.errors import ValidationError
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import RespondentRow, database_proxy
from ikm_tui.persistence.respondents import FormData
from ikm_tui.services.registry import Services
from tests.services.conftest import make_period, make_users, needs_postgres, walk_to

REGIME = get_regime("permenpanrb-14-2017")
KEYS = [u.key for u in REGIME.unsur]
NOW = dt.datetime(2026, 9, 15, 10, 0)


def _store(period_id: int, rows: list[dict[str, Any]]) -> None:
    forms = [
        FormData(
            answers=dict(zip(KEYS, row["answers"], strict=True)),
            **{k: v for k, v in row.items() if k != "answers"},
        )
        for row in rows
    ]
    with database_proxy.atomic():
        respondents.bulk_insert(period_id, forms, NOW, None, None)


def _random_rows(seed: int, count: int, service_id: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    months = [
        dt.date(2026, 9, 10),
        dt.date(2026, 10, 5),
        dt.date(2026, 11, 20),
        dt.date(2026, 12, 1),
    ]
    return [
        {
            "answers": [rng.choice([1, 2, 3, 4, 4, 4, 3, None]) for _ in KEYS],
            "tanggal_survei": rng.choice(months),
            "service_type_id": service_id,
            "jenis_kelamin": rng.choice(["1", "2", None]),
            "usia": rng.choice([18, 25, 47, 70]),
            "pendidikan": rng.choice(["3", "5"]),
        }
        for _ in range(count)
    ]


def _expected(rows: list[dict[str, Any]]):
    tallies, n = tally(REGIME, [row["answers"] for row in rows])
    return score(REGIME, tallies, n)


def test_no_answers_yet_gives_counts_without_score(services, at_step4):
    result = services.tabulation.summary(at_step4.id)
    assert result.respondents == 0 and result.score is None
    assert result.filter_text == "Seluruh periode"
    assert [g.count for g in result.services] == [0]


def test_summary_equals_domain_scoring_and_excluded_forms_do_not_count(services, at_step4):
    service_id = services.periods.period_service_types(at_step4.id)[0].id
    rows = _random_rows(7, 300, service_id)
    _store(at_step4.id, rows)
    extra = {"answers": [1] * 9, "service_type_id": service_id}
    _store(at_step4.id, [extra])
    RespondentRow.update(excluded=True).where(RespondentRow.nomor == 301).execute()
    result = services.tabulation.summary(at_step4.id)
    expected = _expected(rows)
    assert result.score == expected
    assert result.respondents == 300 and result.services[0].count == 300
    by_sex = {g.key: g.count for g in result.profiles[0].groups}
    assert by_sex == {
        "1": sum(r["jenis_kelamin"] == "1" for r in rows),
        "2": sum(r["jenis_kelamin"] == "2" for r in rows),
        "": sum(r["jenis_kelamin"] is None for r in rows),
    }
    usia = {g.label: g.count for g in result.profiles[1].groups}
    assert usia["< 20 tahun"] == sum(r["usia"] == 18 for r in rows)
    assert usia[">= 60 tahun"] == sum(r["usia"] == 70 for r in rows)


def test_month_triwulan_and_service_filters(services, users, at_step4):
    first = services.periods.period_service_types(at_step4.id)[0].id
    second = services.periods.add_service_type("02", "Kartu Keluarga", users["staf"]).id
    from ikm_tui.persistence.models import PeriodServiceRow

    PeriodServiceRow.create(period=at_step4.id, service_type=second)
    rows = _random_rows(3, 120, first) + _random_rows(4, 80, second)
    _store(at_step4.id, rows)
    september = [r for r in rows if r["tanggal_survei"].month == 9]
    result = services.tabulation.summary(at_step4.id, month=9)
    assert result.score == _expected(september)
    assert result.filter_text == "Bulan September 2026"
    q4 = [r for r in rows if r["tanggal_survei"].month >= 10]
    assert services.tabulation.summary(at_step4.id, triwulan=4).score == _expected(q4)
    kk = [r for r in rows if r["service_type_id"] == second]
    filtered = services.tabulation.summary(at_step4.id, service_type_id=second)
    assert filtered.score == _expected(kk)
    assert [g.count for g in filtered.services] == [80]
    both = [r for r in kk if r["tanggal_survei"].month == 10]
    assert services.tabulation.summary(
        at_step4.id, month=10, service_type_id=second
    ).score == _expected(both)
    breakdown = services.tabulation.breakdown_by_service(at_step4.id)
    assert [(g.respondents, g.score) for g in breakdown] == [
        (120, _expected(rows[:120])),
        (80, _expected(kk)),
    ]
    with pytest.raises(ValidationError):
        services.tabulation.summary(at_step4.id, month=9, triwulan=3)


def test_profile_breakdown_scores_each_group(services, at_step4):
    service_id = services.periods.period_service_types(at_step4.id)[0].id
    rows = _random_rows(11, 150, service_id)
    _store(at_step4.id, rows)
    groups = {g.key: g for g in services.tabulation.breakdown_by_profile(at_step4.id, "pendidikan")}
    sma = [r for r in rows if r["pendidikan"] == "3"]
    assert groups["3"].score == _expected(sma) and groups["3"].respondents == len(sma)
    assert groups["1"].score is None and groups["1"].respondents == 0
    ages = {g.label: g for g in services.tabulation.breakdown_by_profile(at_step4.id, "usia")}
    old = [r for r in rows if r["usia"] == 47]
    assert ages["40-49 tahun"].score == _expected(old)


def test_worked_example_29_respondents(services, at_step4):
    totals = [105, 101, 100, 116, 102, 105, 106, 105, 115]
    rows = []
    for index in range(29):  # spread each unsur's total over 29 answers of 3 and 4
        rows.append({"answers": [4 if index < total - 87 else 3 for total in totals]})
    _store(at_step4.id, rows)
    result = services.tabulation.summary(at_step4.id)
    assert result.score is not None
    assert result.score.ikm == Decimal("91.48") and result.score.mutu == "A"


def test_counts_are_shown_against_the_sample_targets(services, users, period):
    service_id = services.periods.period_service_types(period.id)[0].id
    from ikm_tui.services.customers import CustomerService

    CustomerService(services.clock).set_population(period.id, service_id, 1000, users["staf"])
    walk_to(services, users, period.id, 4)
    _store(period.id, _random_rows(2, 25, service_id))
    result = services.tabulation.summary(period.id)
    assert result.target == 278  # Krejcie & Morgan for N = 1000
    assert (result.services[0].count, result.services[0].target) == (25, 278)
    assert services.tabulation.summary(period.id, service_type_id=service_id).target == 278
    monthly = services.tabulation.summary(period.id, month=9)
    assert monthly.target is None and monthly.services[0].target is None


@needs_postgres
def test_import_tabulation_and_exports_on_postgresql(pg_db, clock, tmp_path):
    services = Services(clock)
    users = make_users(services)
    period = make_period(services, users["staf"])
    walk_to(services, users, period.id, 4)
    header = "U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis kelamin,Tanggal"
    lines = [
        f"4,3,{'' if i % 3 else 2},4,4,3,4,4,1,{1 + i % 2},2026-09-{10 + i % 9}" for i in range(30)
    ]
    path = tmp_path / "jawaban.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    assert services.importer.commit(period.id, path, None, users["staf"]).stored == 30
    assert not services.importer.validate(period.id, path).ok  # the same file again
    rows = [{"answers": [4, 3, None if i % 3 else 2, 4, 4, 3, 4, 4, 1]} for i in range(30)]
    result = services.tabulation.summary(period.id, month=9)
    assert result.score == _expected(rows) and result.respondents == 30
    groups = services.tabulation.breakdown_by_profile(period.id, "jenis_kelamin")
    assert [g.respondents for g in groups] == [15, 15]
    assert services.tabulation.export_raw(period.id, tmp_path / "m.csv") == 30
    assert services.tabulation.export_olah_data(period.id, tmp_path / "o.xlsx") == 30


def test_triwulan_filter_is_the_periods_own_part_of_the_quarter(services, at_step4):
    """A triwulan filter covers only the period's own days of that quarter, and the screen's W key
    offers only the quarters the period falls in."""
    from ikm_tui.services.tabulation import period_triwulans

    period = services.periods.get(at_step4.id)
    quarters = period_triwulans(period)
    assert quarters == sorted({(m + 2) // 3 for m in _months_of(period)})
    first = quarters[0]
    text = services.tabulation.summary(at_step4.id, triwulan=first).filter_text
    assert text.startswith(f"Triwulan {('I', 'II', 'III', 'IV')[first - 1]} (")
    from ikm_tui.domain.formatting import tanggal

    assert f"({tanggal(period.start_date)} - " in text


def _months_of(period):
    day, months = period.start_date.replace(day=1), []
    while day <= period.end_date:
        months.append(day.month)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months
