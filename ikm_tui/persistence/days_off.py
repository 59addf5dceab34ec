"""Provides the office's extra days off: list, add (or re-describe) and remove."""

from __future__ import annotations

import datetime as dt

from ikm_tui.persistence.models import OfficeDayOffRow, tuples
from ikm_tui.persistence.records import DayOffRecord


def listed(since: dt.date | None = None) -> list[DayOffRecord]:
    """The office's days off in date order (from `since` on, when given)."""
    query = OfficeDayOffRow.select().order_by(OfficeDayOffRow.tanggal)
    if since is not None:
        query = query.where(OfficeDayOffRow.tanggal >= since)
    return [DayOffRecord(row.tanggal, row.keterangan) for row in query]


def dates() -> list[dt.date]:
    """Every day off of the office (for the working calendar)."""
    return [row[0] for row in tuples(OfficeDayOffRow.select(OfficeDayOffRow.tanggal))]


def get(day: dt.date) -> DayOffRecord | None:
    row = OfficeDayOffRow.get_or_none(OfficeDayOffRow.tanggal == day)
    return DayOffRecord(row.tanggal, row.keterangan) if row is not None else None


def put(day: dt.date, keterangan: str, now: dt.datetime) -> None:
    """Add `day` (or change its keterangan when it is already there); inside a transaction."""
    OfficeDayOffRow.insert(tanggal=day, keterangan=keterangan, created_at=now).on_conflict(
        conflict_target=[OfficeDayOffRow.tanggal],
        update={OfficeDayOffRow.keterangan: keterangan},
    ).execute()


def delete(day: dt.date) -> bool:
    """Remove `day`; False when it was not a day off."""
    return bool(OfficeDayOffRow.delete().where(OfficeDayOffRow.tanggal == day).execute())
