"""Provides TabulationService: the live tabulation (hasil tabulasi), breakdowns and exports.

Figures come from `persistence.tallies` (integer SUM/COUNT per unsur) scored by
`domain.scoring`; nothing here re-does the arithmetic. Filters: a month or a triwulan of the
period, and/or one jenis layanan. Excluded forms never count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.formatting import bulan_tahun, tanggal
from ikm_tui.domain.profile import USIA_BANDS, ProfileField, profile_fields
from ikm_tui.domain.regimes import get_regime
from ikm_tui.domain.report_text import ROMAN
from ikm_tui.domain.scoring import WEIGHT_RULE_TEXT, ScoreResult, score, score_groups
from ikm_tui.errors import IkmError, NoAnswersError, ValidationError
from ikm_tui.persistence import tallies
from ikm_tui.persistence.records import PeriodRecord, ServiceTypeRecord, UserRecord
from ikm_tui.persistence.tallies import TallyFilter

if TYPE_CHECKING:
    from ikm_tui.services.customers import CustomerService, SampleTargets
    from ikm_tui.services.office import OfficeService
    from ikm_tui.services.periods import PeriodService

BLANK = "Tidak diisi"
PROFILE_GROUPS = ("jenis_kelamin", "usia", "pendidikan", "pekerjaan")


@dataclass(frozen=True)
class GroupCount:
    """Counted respondents of one group (a jenis layanan or a profile value)."""

    key: str
    label: str
    count: int
    target: int | None = None


@dataclass(frozen=True)
class ProfileCounts:
    """Counts per value of one profile field (usia in bands)."""

    key: str
    label: str
    groups: tuple[GroupCount, ...]


@dataclass(frozen=True)
class GroupScore:
    """The score of one group; None where the group has no answers."""

    key: str
    label: str
    respondents: int
    score: ScoreResult | None


@dataclass(frozen=True)
class Tabulation:
    """The live tabulation of a period under a filter."""

    period_id: int
    period_name: str
    regime_id: str
    regime_nama: str
    weights: str
    weight_text: str
    filter_text: str
    respondents: int
    target: int | None
    score: ScoreResult | None  # None while nothing has been answered
    services: tuple[GroupCount, ...]
    profiles: tuple[ProfileCounts, ...]


class TabulationService:
    """Tallies, score, breakdowns and exports of a period's responses."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        periods: PeriodService,
        customers: CustomerService,
        office: OfficeService,
    ) -> None:
        self.clock = clock
        self.periods = periods
        self.customers = customers
        self.office = office

    # -- figures ----------------------------------------------------------------------------

    def summary(
        self,
        period_id: int,
        month: int | None = None,
        triwulan: int | None = None,
        service_type_id: int | None = None,
    ) -> Tabulation:
        """NRR per unsur, IKM so far and counts per jenis layanan and profile, filtered."""
        period = self._period(period_id)
        regime = get_regime(period.regime_id)
        flt = period_filter(period, month, triwulan, service_type_id)
        counts = tallies.respondent_groups(flt, USIA_BANDS)
        respondents = sum(n for _, n in counts)
        try:
            result: ScoreResult | None = score(
                regime, tallies.answer_tallies(flt), respondents, period.weights
            )
        except NoAnswersError:
            result = None
        # the sample targets are for the whole period: not shown against a month or triwulan
        targets = self._targets(period_id) if month is None and triwulan is None else None
        services = self._service_types(period_id)
        by_service = _counts_by(counts, "service_type")
        service_counts = tuple(
            GroupCount(
                str(s.id),
                s.nama,
                by_service.get(s.id, 0),
                targets.for_service(s.id) if targets else None,
            )
            for s in services
            if service_type_id in (None, s.id)
        )
        unknown = sum(n for key, n in by_service.items() if key not in {s.id for s in services})
        if unknown:
            service_counts += (GroupCount("", BLANK, unknown),)
        return Tabulation(
            period.id,
            period.name,
            regime.id,
            regime.nama,
            period.weights,
            WEIGHT_RULE_TEXT.get(period.weights, period.weights),
            filter_text(period, month, triwulan, service_type_id, services),
            respondents,
            _target(targets, service_type_id),
            result,
            service_counts,
            _profile_counts(period, counts),
        )

    def breakdowns(
        self,
        period_id: int,
        month: int | None = None,
        triwulan: int | None = None,
        service_type_id: int | None = None,
    ) -> dict[str, list[GroupScore]]:
        """Every breakdown from one grouped query: "service_type" (each jenis layanan, whatever
        `service_type_id`) and each of PROFILE_GROUPS (within `service_type_id` when given)."""
        period = self._period(period_id)
        flt = period_filter(period, month, triwulan, None)
        regime = get_regime(period.regime_id)
        groups = tallies.group_tallies(flt, [u.key for u in regime.unsur], USIA_BANDS)
        result = {"service_type": self._service_scores(period, groups.by("service_type"))}
        for field in PROFILE_GROUPS:
            result[field] = _profile_scores(period, groups.by(field, service_type_id), field)
        return result

    def breakdown_by_service(
        self, period_id: int, month: int | None = None, triwulan: int | None = None
    ) -> list[GroupScore]:
        """The score of each jenis layanan of the period."""
        period = self._period(period_id)
        flt = period_filter(period, month, triwulan, None)
        keys = [u.key for u in get_regime(period.regime_id).unsur]
        groups = tallies.group_tallies(flt, keys, USIA_BANDS)
        return self._service_scores(period, groups.by("service_type"))

    def breakdown_by_profile(
        self,
        period_id: int,
        field: str,
        month: int | None = None,
        triwulan: int | None = None,
        service_type_id: int | None = None,
    ) -> list[GroupScore]:
        """The score of each value of a profile field (usia in bands)."""
        if field not in PROFILE_GROUPS:
            raise ValidationError(f"Profil responden {field!r} tidak dikenal.")
        period = self._period(period_id)
        flt = period_filter(period, month, triwulan, service_type_id)
        keys = [u.key for u in get_regime(period.regime_id).unsur]
        groups = tallies.group_tallies(flt, keys, USIA_BANDS)
        return _profile_scores(period, groups.by(field), field)

    def _service_scores(self, period: PeriodRecord, merged: tallies.Merged) -> list[GroupScore]:
        labels = [(s.id, str(s.id), s.nama) for s in self._service_types(period.id)]
        return _group_scores(period, merged, labels)

    # -- exports ----------------------------------------------------------------------------

    def export_raw(
        self, period_id: int, path: str | Path, fmt: str = "csv", user: UserRecord | None = None
    ) -> int:
        """Data mentah (every respondent, excluded flagged) as CSV or XLSX; returns rows."""
        from ikm_tui.services.tabulation_export import export_raw

        return export_raw(self.clock, self._period(period_id), Path(path), fmt, user)

    def export_olah_data(
        self, period_id: int, path: str | Path, user: UserRecord | None = None
    ) -> int:
        """Olah data XLSX with spreadsheet formulas; returns the respondents written."""
        from ikm_tui.services.tabulation_export import export_olah_data

        office = self.office.get()
        unit = office.nama_unit if office else ""
        return export_olah_data(self.clock, self._period(period_id), Path(path), user, unit)

    # -- helpers ----------------------------------------------------------------------------

    def _period(self, period_id: int) -> PeriodRecord:
        return self.periods.get(period_id)

    def _service_types(self, period_id: int) -> list[ServiceTypeRecord]:
        return self.periods.period_service_types(period_id)

    def _targets(self, period_id: int) -> SampleTargets | None:
        """D's SampleTargets, or None when the customer data gives none."""
        try:
            return self.customers.targets(period_id)
        except IkmError:
            return None


def _target(targets: SampleTargets | None, service_type_id: int | None) -> int | None:
    if targets is None:
        return None
    if service_type_id is None:
        return targets.overall
    return targets.for_service(service_type_id)


def _profile_field(period: PeriodRecord, key: str) -> ProfileField:
    return next(f for f in profile_fields(period.regime_id) if f.key == key)


def _counts_by(counts: Sequence[tuple[tuple[Any, ...], int]], column: str) -> dict[Any, int]:
    """Respondents per value of one GROUP_COLUMNS column, summed over the combinations."""
    position = tallies.GROUP_COLUMNS.index(column)
    result: dict[Any, int] = {}
    for values, count in counts:
        result[values[position]] = result.get(values[position], 0) + count
    return result


def _profile_counts(
    period: PeriodRecord, counts: Sequence[tuple[tuple[Any, ...], int]]
) -> tuple[ProfileCounts, ...]:
    """Respondents per value of each profile field (usia in bands; unknown codes as blank)."""
    result = []
    for key in PROFILE_GROUPS:
        field = _profile_field(period, key)
        by_value = _counts_by(counts, key)
        if key == "usia":
            labels = [(label, label) for label, _, _ in USIA_BANDS]
        else:
            labels = list(field.options)
        groups = [GroupCount(code, label, by_value.get(code, 0)) for code, label in labels]
        known = {code for code, _ in labels}
        blank = sum(n for code, n in by_value.items() if code not in known)
        if blank:
            groups.append(GroupCount("", BLANK, blank))
        result.append(ProfileCounts(key, field.label, tuple(groups)))
    return tuple(result)


def _profile_scores(period: PeriodRecord, merged: tallies.Merged, field: str) -> list[GroupScore]:
    """The score of each value of a profile field: every code, then blanks if any; usia by
    band, only the bands that have respondents."""
    labels: list[tuple[object, str, str]]
    if field == "usia":
        order = [label for label, _, _ in USIA_BANDS]
        labels = [(label, label, label) for label in order if label in merged]
        if None in merged:
            labels.append((None, BLANK, BLANK))
    else:
        options = _profile_field(period, field).options
        labels = [(code, code, label) for code, label in options] + [(None, "", BLANK)]
    return _group_scores(period, merged, labels)


def _group_scores(
    period: PeriodRecord, merged: tallies.Merged, labels: Sequence[tuple[object, str, str]]
) -> list[GroupScore]:
    """Scores of the labelled values (value, key, label); a blank value only when it has
    respondents, other values always (None score without answers)."""
    regime = get_regime(period.regime_id)
    empty: tuple[dict[str, tallies.UnsurTally], int] = ({}, 0)
    groups = {key: merged.get(value, empty) for value, key, _ in labels}
    scores = score_groups(regime, groups, period.weights)
    return [
        GroupScore(key, label, merged.get(value, empty)[1], scores[key])
        for value, key, label in labels
        if merged.get(value, empty)[1] or value is not None
    ]


def period_filter(
    period: PeriodRecord, month: int | None, triwulan: int | None, service_type_id: int | None
) -> TallyFilter:
    """The tally filter of a month (1-12) or triwulan (1-4) within the period's dates."""
    date_from, date_to = filter_dates(period, month, triwulan)
    return TallyFilter(period.id, date_from, date_to, service_type_id)


def filter_dates(
    period: PeriodRecord, month: int | None, triwulan: int | None
) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the month or triwulan falling in the period (None: no filter)."""
    if month is not None and triwulan is not None:
        raise ValidationError("Pilih saring per bulan atau per triwulan, tidak keduanya.")
    if month is None and triwulan is None:
        return None, None
    if month is not None and not 1 <= month <= 12:
        raise ValidationError(f"Bulan {month} tidak ada (isi 1 sampai 12).")
    if triwulan is not None and not 1 <= triwulan <= 4:
        raise ValidationError(f"Triwulan {triwulan} tidak ada (isi 1 sampai 4).")
    first_month = month if month is not None else 3 * (triwulan or 1) - 2
    last_month = month if month is not None else first_month + 2
    for year in range(period.start_date.year, period.end_date.year + 1):
        start = dt.date(year, first_month, 1)
        end = _month_end(year, last_month)
        if start <= period.end_date and end >= period.start_date:
            # the part of the month or triwulan inside the period: its own days, not the calendar's
            return max(start, period.start_date), min(end, period.end_date)
    year = period.start_date.year
    return dt.date(year, first_month, 1), _month_end(year, last_month)


def period_triwulans(period: PeriodRecord) -> list[int]:
    """The calendar triwulan (1-4) the period's days fall in, in the period's order, each once:
    a September-December period has triwulan 3 (September only) and 4, never 1 or 2."""
    quarters: list[int] = []
    day = period.start_date.replace(day=1)
    while day <= period.end_date and len(quarters) < 4:
        quarter = (day.month + 2) // 3
        if quarter not in quarters:
            quarters.append(quarter)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return quarters


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def filter_text(
    period: PeriodRecord,
    month: int | None,
    triwulan: int | None,
    service_type_id: int | None,
    services: list[ServiceTypeRecord],
) -> str:
    """What the filter shows, in Bahasa Indonesia ("Seluruh periode" without one)."""
    parts = []
    date_from, date_to = filter_dates(period, month, triwulan)
    if month is not None and date_from is not None:
        parts.append(f"Bulan {bulan_tahun(date_from)}")
    elif triwulan is not None and date_from is not None:
        parts.append(f"Triwulan {ROMAN[triwulan - 1]} ({tanggal(date_from)} - {tanggal(date_to)})")
    if service_type_id is not None:
        name = next((s.nama for s in services if s.id == service_type_id), str(service_type_id))
        parts.append(f"Jenis layanan {name}")
    return ", ".join(parts) if parts else "Seluruh periode"
