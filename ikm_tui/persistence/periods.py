"""Provides the period queries every service shares: the period row or NotFound, and its counts."""

from __future__ import annotations

from peewee import fn

from ikm_tui.errors import NotFound
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import PeriodRow, RespondentRow, tuples


def get_period_row(period_id: int) -> PeriodRow:
    """The period's row; NotFound (in Bahasa Indonesia) when there is none."""
    row = PeriodRow.get_or_none(PeriodRow.id == period_id)
    if row is None:
        raise NotFound(f"Periode survei nomor {period_id} tidak ditemukan.")
    return row


def counted_by_period() -> dict[int, int]:
    """Counted (not excluded) respondents of every period that has any."""
    query = (
        RespondentRow.select(RespondentRow.period, fn.COUNT(RespondentRow.id))
        .where(respondents.counted_condition())
        .group_by(RespondentRow.period)
    )
    return {int(period_id): int(count) for period_id, count in tuples(query)}
