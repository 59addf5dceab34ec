"""Provides the complaint (keluhan) queries: counts of a date range per related unsur."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from ikm_tui.persistence.models import ComplaintRow, tuples


def counts_by_unsur(start: dt.date, end: dt.date) -> dict[str, int]:
    """Complaints received from `start` to `end` (inclusive) per unsur key ("" = none given)."""
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    query = (
        ComplaintRow.select(ComplaintRow.unsur_key, fn.COUNT(ComplaintRow.id))
        .where(
            (ComplaintRow.received_at >= dt.datetime.combine(start, dt.time()))
            & (ComplaintRow.received_at < until)
        )
        .group_by(ComplaintRow.unsur_key)
    )
    return {str(key or ""): int(count) for key, count in tuples(query)}
