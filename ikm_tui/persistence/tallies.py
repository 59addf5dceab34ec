"""Provides the per-unsur SUM/COUNT queries that feed the scoring engine from stored answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import add
from typing import Any

from peewee import JOIN, SQL, Case, Select, fn

from ikm_tui.domain.scoring import UnsurTally
from ikm_tui.persistence.models import AnswerRow, RespondentRow, database_proxy, tuples
from ikm_tui.persistence.respondents import answer_columns, counted_condition


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


Merged = dict[Any, tuple[dict[str, UnsurTally], int]]


@dataclass(frozen=True)
class GroupTallies:
    """Counted respondents per combination of GROUP_COLUMNS values (usia as its band's label;
    None = blank or outside every band) with the SUM and COUNT of their answers per unsur:
    `rows` holds (values in GROUP_COLUMNS order, [respondents, total_1, n_1, total_2, ...])."""

    unsur_keys: tuple[str, ...]
    rows: list[tuple[tuple[Any, ...], list[int]]]

    def by(self, column: str, service_type_id: int | None = None) -> Merged:
        """Answer tallies and respondents per value of one column (the combinations summed;
        only those of one jenis layanan when `service_type_id` is given)."""
        position = GROUP_COLUMNS.index(column)
        sums: dict[Any, list[int]] = {}
        for values, numbers in self.rows:
            if service_type_id is not None and values[0] != service_type_id:
                continue
            before = sums.get(values[position])
            sums[values[position]] = numbers if before is None else list(map(add, before, numbers))
        return {
            value: (
                {
                    key: UnsurTally(numbers[1 + 2 * i], numbers[2 + 2 * i])
                    for i, key in enumerate(self.unsur_keys)
                },
                numbers[0],
            )
            for value, numbers in sums.items()
        }


def _group_expressions(usia_bands: Sequence[tuple[str, int, int]]) -> list[Any]:
    """The GROUP_COLUMNS of a respondent, usia mapped to its band's label in SQL."""
    band = Case(
        None,
        [(RespondentRow.usia.between(low, high), label) for label, low, high in usia_bands],
        None,
    )
    return [
        band if column == "usia" else getattr(RespondentRow, column) for column in GROUP_COLUMNS
    ]


def respondent_groups(
    flt: TallyFilter, usia_bands: Sequence[tuple[str, int, int]]
) -> list[tuple[tuple[Any, ...], int]]:
    """Counted respondents per combination of GROUP_COLUMNS values (usia in bands): one scan of
    the filtered respondents for every count the summary shows."""
    expressions = _group_expressions(usia_bands)
    query = RespondentRow.select(*expressions, fn.COUNT(RespondentRow.id))
    for condition in _respondent_conditions(flt):
        query = query.where(condition)
    cursor = database_proxy.execute(query.group_by(*expressions))
    return [(tuple(row[:-1]), int(row[-1])) for row in cursor]


def group_tallies(
    flt: TallyFilter, unsur_keys: Sequence[str], usia_bands: Sequence[tuple[str, int, int]]
) -> GroupTallies:
    """Respondents and answer tallies per combination of GROUP_COLUMNS values, in one query:
    every breakdown (per jenis layanan and per profile value) is a sum of these groups.

    The inner query turns each respondent's answers into one row (one column per unsur) while
    it walks the respondents in id order, so it streams without a sort; the outer one groups
    those rows (one per respondent, not one per answer) by the combination.
    """
    expressions = _group_expressions(usia_bands)
    pivots = answer_columns(unsur_keys)
    inner = RespondentRow.select(
        *(expression.alias(f"g{index}") for index, expression in enumerate(expressions)),
        *pivots,
    ).join(AnswerRow, JOIN.LEFT_OUTER, on=(AnswerRow.respondent == RespondentRow.id))
    for condition in _respondent_conditions(flt):
        inner = inner.where(condition)
    forms = inner.group_by(RespondentRow.id).alias("forms")
    groups = [getattr(forms.c, f"g{index}") for index in range(len(expressions))]
    sums = []
    for index in range(len(unsur_keys)):
        answer = getattr(forms.c, f"v{index}")
        sums += [fn.COALESCE(fn.SUM(answer), 0), fn.COUNT(answer)]
    outer = Select([forms], [*groups, fn.COUNT(SQL("*")), *sums]).group_by(*groups)
    width = len(groups)
    rows = [
        (tuple(row[:width]), list(row[width:]))  # integers: SUM coalesced, COUNT
        for row in database_proxy.execute(outer)
    ]
    return GroupTallies(tuple(unsur_keys), rows)
