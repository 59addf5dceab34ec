"""Provides tests of the grouped tabulation queries: every breakdown, summary count and filter
on the realistic large-period data (tests/large_period.py) equals the domain scoring of the
same forms computed here in Python, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ikm_tui.domain.profile import USIA_BANDS, profile_fields, usia_band
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import ScoreResult, score, tally
from ikm_tui.errors import NoAnswersError
from ikm_tui.persistence import tallies
from ikm_tui.persistence.models import database_proxy
from ikm_tui.services.registry import Services
from tests import large_period
from tests.services.conftest import needs_postgres

COUNT = 700
BLANK = "Tidak diisi"


def _stored_forms(services: Services, built: large_period.LargePeriod) -> list[Any]:
    """The forms the builder stored, minus the excluded ones, regenerated from the seed."""
    period = services.periods.get(built.period_id)
    generated = large_period.forms(
        period.regime_id,
        list(built.service_type_ids),
        period.start_date,
        period.end_date,
        built.respondents,
    )
    return [
        form
        for nomor, form in enumerate(generated, start=1)
        if nomor % large_period.EXCLUDED_EVERY != 0
    ]


def _expected(regime_id: str, forms: list[Any]) -> tuple[int, ScoreResult | None]:
    regime = get_regime(regime_id)
    rows = [[form.answers[u.key] for u in regime.unsur] for form in forms]
    tallied, respondents = tally(regime, rows)
    try:
        return respondents, score(regime, tallied, respondents)
    except NoAnswersError:
        return respondents, None


def _check_breakdowns(
    services: Services, built: large_period.LargePeriod, forms: list[Any], **flt: Any
) -> None:
    period = services.periods.get(built.period_id)
    regime_id = period.regime_id
    service_type_id = flt.pop("service_type_id", None)
    result = services.tabulation.breakdowns(period.id, service_type_id=service_type_id, **flt)
    by_service = {g.key: (g.respondents, g.score) for g in result["service_type"]}
    for service_id in built.service_type_ids:
        mine = [f for f in forms if f.service_type_id == service_id]
        assert by_service[str(service_id)] == _expected(regime_id, mine)
    if service_type_id is not None:
        forms = [f for f in forms if f.service_type_id == service_type_id]
    assert result["service_type"] == services.tabulation.breakdown_by_service(period.id, **flt)
    assert result["usia"] == services.tabulation.breakdown_by_profile(
        period.id, "usia", service_type_id=service_type_id, **flt
    )
    for field in profile_fields(regime_id):
        groups = {g.key: (g.respondents, g.score) for g in result[field.key]}
        key_of: Callable[[Any], str]
        if field.key == "usia":
            key_of = lambda form: usia_band(form.usia)  # noqa: E731
            keys = [label for label, _, _ in USIA_BANDS] + [BLANK]
        else:
            key_of = lambda form, k=field.key: getattr(form, k) or ""  # noqa: E731
            keys = [code for code, _ in field.options] + [""]
        expected = {
            key: _expected(regime_id, [f for f in forms if key_of(f) == key]) for key in keys
        }
        expected = {key: value for key, value in expected.items() if value[0] or key in groups}
        assert groups == expected, field.key


def _check(services: Services, built: large_period.LargePeriod) -> None:
    forms = _stored_forms(services, built)
    period = services.periods.get(built.period_id)
    months = sorted({f.tanggal_survei.month for f in forms})
    assert len(months) >= 4 and len({f.service_type_id for f in forms}) == 5
    for field in profile_fields(period.regime_id):  # every profile value is present
        if field.options:
            assert {getattr(f, field.key) for f in forms} >= {c for c, _ in field.options}
    filters: list[dict[str, Any]] = [{}, {"month": months[1]}, {"triwulan": 3}]
    filters.append({"service_type_id": built.service_type_ids[2]})
    filters.append({"month": months[2], "service_type_id": built.service_type_ids[0]})
    for flt in filters:
        in_dates = [
            f
            for f in forms
            if (flt.get("month") in (None, f.tanggal_survei.month))
            and (flt.get("triwulan") in (None, (f.tanggal_survei.month + 2) // 3))
        ]
        chosen = [f for f in in_dates if flt.get("service_type_id") in (None, f.service_type_id)]
        summary = services.tabulation.summary(period.id, **flt)
        assert (summary.respondents, summary.score) == _expected(period.regime_id, chosen)
        assert sum(g.count for g in summary.services) == len(chosen)
        for profile in summary.profiles:
            assert sum(g.count for g in profile.groups) == len(chosen)
        sex = {g.key: g.count for g in summary.profiles[0].groups}
        assert sex.get("", 0) == sum(f.jenis_kelamin is None for f in chosen)
        ages = {g.key: g.count for g in summary.profiles[1].groups}
        assert ages["30-39 tahun"] == sum(30 <= (f.usia or 0) <= 39 for f in chosen)
        _check_breakdowns(services, built, in_dates, **dict(flt))


def test_breakdowns_and_summaries_equal_domain_scoring_on_sqlite(db, clock):
    built = large_period.build_in_current_db(COUNT)
    _check(Services(clock), built)


@needs_postgres
def test_breakdowns_and_summaries_equal_domain_scoring_on_postgresql(pg_db, clock):
    built = large_period.build_in_current_db(COUNT)
    _check(Services(clock), built)


def test_one_grouped_query_walks_indexes_without_sorting_every_answer(db, clock):
    """SQLite's plan: the respondents through an index of the period, their answers through
    the (respondent, unsur) index, one sort only for the outer grouping of one row per form."""
    built = large_period.build_in_current_db(50)
    flt = tallies.TallyFilter(built.period_id, dt.date(2026, 8, 1), dt.date(2026, 8, 31))
    captured: list[tuple[str, Any]] = []
    execute_sql = database_proxy.obj.execute_sql

    def capture(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
        captured.append((sql, params))
        return execute_sql(sql, params, *args, **kwargs)

    database_proxy.obj.execute_sql = capture
    try:
        tallies.group_tallies(flt, ["waktu", "biaya"], USIA_BANDS)
    finally:
        del database_proxy.obj.execute_sql
    [(sql, params)] = captured
    plan = [row[-1] for row in database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
    assert any(step.startswith("SEARCH t1 USING INDEX respondentrow_period_id") for step in plan)
    assert any("USING INDEX answerrow_respondent_id_unsur_key" in step for step in plan)
    assert not any(step.startswith("SCAN t2") or step.startswith("SCAN t1") for step in plan)
    assert sum("TEMP B-TREE" in step for step in plan) == 1, plan
