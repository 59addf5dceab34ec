"""Provides `gather`: the Laporan IKM's inputs read from the database, scored by domain.scoring.

One grouped query per table (tallies per unsur, counts per profile value and jenis layanan,
complaints per unsur, saran texts, answers as tuples for the olah-data table); nothing loads a
row object per answer. The result goes to `domain.report.figures`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from ikm_tui.domain import report as figures_of
from ikm_tui.domain import sop
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.scoring import score
from ikm_tui.errors import IkmError, NoAnswersError
from ikm_tui.persistence import complaints, respondents, tallies
from ikm_tui.persistence.records import PeriodRecord
from ikm_tui.services.tabulation_export import counted_forms

if TYPE_CHECKING:
    from ikm_tui.domain.calendar import WorkingCalendar
    from ikm_tui.services.customers import CustomerService
    from ikm_tui.services.periods import PeriodService
    from ikm_tui.services.tabulation import TabulationService
    from ikm_tui.services.workflow import WorkflowService

REPORT_STAGES = ("susun_konsep", "entri", "laporan")  # persiapan, pengumpulan, pelaporan


def gather(
    period: PeriodRecord,
    *,
    table: bool = True,
    periods: PeriodService,
    tabulation: TabulationService,
    customers: CustomerService,
    workflow: WorkflowService,
    calendar: WorkingCalendar,
) -> dict[str, Any]:
    """The figures of the whole period (NoAnswersError before any answer); `table=False`:
    the olah-data table without its rows."""
    regime = get_regime(period.regime_id)
    summary = tabulation.summary(period.id)
    if summary.score is None:
        raise NoAnswersError(
            f"{period.name} belum memiliki jawaban responden; laporan belum dapat dibuat."
        )
    service_scores = {g.key: g.score for g in tabulation.breakdown_by_service(period.id)}
    try:
        targets = customers.targets(period.id)
        populations = {s.service_type_id: s.population for s in targets.services}
        method, overall = targets.method, targets.overall
    except IkmError:
        populations, method, overall = {}, "", None
    services = [
        figures_of.ServiceSample(
            group.label,
            populations.get(int(group.key)) if group.key else None,
            group.target,
            group.count,
            service_scores.get(group.key),
        )
        for group in summary.services
    ]
    profiles = [
        (p.label, [figures_of.Count(g.label, g.count) for g in p.groups]) for p in summary.profiles
    ]
    inputs = figures_of.ReportInputs(
        regime=regime,
        period_name=period.name,
        start=period.start_date,
        end=period.end_date,
        score=summary.score,
        profiles=profiles,
        services=services,
        sample_method=method,
        target=overall,
        trend=trend(period, periods),
        complaints=complaints.counts_by_unsur(period.start_date, period.end_date),
        saran=[item.saran for item in respondents.saran(period.id)],
        olah_rows=counted_forms(period) if table else (),  # streamed while the table is built
        stages=stages(period, workflow, calendar),
    )
    result = figures_of.figures(inputs)
    result["periode_id"] = period.id
    return result


def trend(period: PeriodRecord, periods: PeriodService) -> list[figures_of.TrendPoint]:
    """This period and the earlier ones of the same regime (by start date), each scored."""
    regime = get_regime(period.regime_id)
    points = []
    for other in sorted(periods.list(), key=lambda p: (p.start_date, p.id)):
        if other.regime_id != period.regime_id or other.start_date > period.start_date:
            continue
        if other.id != period.id and other.start_date == period.start_date:
            continue
        flt = tallies.TallyFilter(other.id)
        try:
            result = score(
                regime, tallies.answer_tallies(flt), tallies.count_respondents(flt), other.weights
            )
        except NoAnswersError:
            continue
        points.append(figures_of.TrendPoint(other.name, other.start_date, result))
    return points


def stages(
    period: PeriodRecord, workflow: WorkflowService, calendar: WorkingCalendar
) -> list[figures_of.Stage]:
    """The waktu pelaksanaan table: preparation, data collection and reporting."""
    steps = {s.number: s for s in workflow.steps(period.id)}
    first, collect, report = (sop.action_step(action) for action in REPORT_STAGES)
    prepared = [steps[n] for n in range(first, collect) if n in steps]
    rows = []
    if prepared:
        start = prepared[0].started_at
        end = prepared[-1].finished_at
        rows.append(_stage("Persiapan dan penyusunan kuesioner", start, end, calendar))
    rows.append(
        _stage(
            "Pengumpulan data (penyebaran kuesioner)", period.start_date, period.end_date, calendar
        )
    )
    if collect in steps and steps[collect].finished_at is not None:
        closed = steps[collect].finished_at
        done = steps[report].finished_at if report in steps else None
        rows.append(_stage("Pengolahan data dan penyusunan laporan", closed, done, calendar))
    return rows


def _stage(kegiatan: str, start: Any, end: Any, calendar: WorkingCalendar) -> figures_of.Stage:
    """A time-table line; working days counted inclusively by the office's calendar."""
    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    days = None
    if first is not None and last is not None:
        days = calendar.working_days_between(first - dt.timedelta(days=1), last)
    return figures_of.Stage(kegiatan, first, last, days)
