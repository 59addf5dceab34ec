"""Provides the per-unsur SUM/COUNT queries that feed the scoring engine from stored answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from ikm_tui.domain.scoring import UnsurTally
from ikm_tui.persistence.models import AnswerRow, RespondentRow, tuples
from ikm_tui.persistence.respondents import counted_condition


@dataclass(frozen=True)
class TallyFilter:
    """Which respondents of a period count: all by default; excluded forms never count."""

    period_id: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    service_type_id: int | None = None

    @property
    def is_whole_period(self) -> bool:
        return self.date_from is None and self.date_to is None and self.service_type_id is None


def _respondent_conditions(flt: TallyFilter) -> list[Any]:
    conditions = [counted_condition(flt.period_id)]
    if flt.date_from is not None:
        conditions.append(RespondentRow.tanggal_survei >= flt.date_from)
    if flt.date_to is not None:
        conditions.append(RespondentRow.tanggal_survei <= flt.date_to)
    if flt.service_type_id is not None:
        conditions.append(RespondentRow.service_type == flt.service_type_id)
    return conditions


def count_respondents(flt: TallyFilter) -> int:
    """Counted (not excluded) respondents matching the filter."""
    query = RespondentRow.select(fn.COUNT(RespondentRow.id))
    for condition in _respondent_conditions(flt):
        query = query.where(condition)
    return int(query.scalar() or 0)


def answer_tallies(flt: TallyFilter) -> dict[str, UnsurTally]:
    """Integer SUM and COUNT of answers per unsur key (NULL answers are not counted).

    The whole period goes straight through the answer table's (period, unsur_key, value)
    index, leaving out the few excluded forms; a filtered tally joins the respondents.
    """
    if flt.is_whole_period:
        return _whole_period_tallies(flt.period_id)
    total = fn.SUM(AnswerRow.value)
    count = fn.COUNT(AnswerRow.value)
    query = AnswerRow.select(AnswerRow.unsur_key, total.alias("total"), count.alias("n"))
    query = query.join(RespondentRow, JOIN.INNER, on=(AnswerRow.respondent == RespondentRow.id))
    for condition in _respondent_conditions(flt):
        query = query.where(condition)
    query = query.group_by(AnswerRow.unsur_key)
    return {row[0]: UnsurTally(int(row[1] or 0), int(row[2] or 0)) for row in tuples(query)}


def _whole_period_tallies(period_id: int) -> dict[str, UnsurTally]:
    """All answers of the period through the covering (period, unsur_key, value) index, less
    the answers of the few excluded forms (a NOT IN per answer row would read every row)."""
    total, count = fn.SUM(AnswerRow.value), fn.COUNT(AnswerRow.value)
    everything = (
        AnswerRow.select(AnswerRow.unsur_key, total, count)
        .where(AnswerRow.period == period_id)
        .group_by(AnswerRow.unsur_key)
    )
    excluded = (
        AnswerRow.select(AnswerRow.unsur_key, total, count)
        .join(RespondentRow, JOIN.INNER, on=(AnswerRow.respondent == RespondentRow.id))
        .where((RespondentRow.period == period_id) & (RespondentRow.excluded == True))  # noqa: E712
        .group_by(AnswerRow.unsur_key)
    )
    less = {key: (int(t or 0), int(n or 0)) for key, t, n in tuples(excluded)}
    result = {}
    for key, t, n in tuples(everything):
        minus_total, minus_count = less.get(key, (0, 0))
        result[key] = UnsurTally(int(t or 0) - minus_total, int(n or 0) - minus_count)
    return result


GROUP_COLUMNS = ("service_type", "jenis_kelamin", "usia", "pendidikan", "pekerjaan")


def respondent_counts_by(flt: TallyFilter, column: str) -> dict[object, int]:
    """Counted respondents per value of one respondent column (GROUP_COLUMNS; None = blank)."""
    field = getattr(RespondentRow, column) if column in GROUP_COLUMNS else None
    if field is None:
        raise ValueError(column)
    query = RespondentRow.select(field, fn.COUNT(RespondentRow.id))
    for condition in _respondent_conditions(flt):
        query = query.where(condition)
    return {value: int(count) for value, count in tuples(query.group_by(field))}


def answer_tallies_by(flt: TallyFilter, column: str) -> dict[object, dict[str, UnsurTally]]:
    """`answer_tallies` per value of one respondent column (for per-group scores)."""
    field = getattr(RespondentRow, column) if column in GROUP_COLUMNS else None
    if field is None:
        raise ValueError(column)
    query = AnswerRow.select(
        field, AnswerRow.unsur_key, fn.SUM(AnswerRow.value), fn.COUNT(AnswerRow.value)
    ).join(RespondentRow, JOIN.INNER, on=(AnswerRow.respondent == RespondentRow.id))
    for condition in _respondent_conditions(flt):
        query = query.where(condition)
    groups: dict[object, dict[str, UnsurTally]] = {}
    for value, key, total, count in tuples(query.group_by(field, AnswerRow.unsur_key)):
        groups.setdefault(value, {})[key] = UnsurTally(int(total or 0), int(count or 0))
    return groups
