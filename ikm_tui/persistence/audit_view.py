"""Provides reading the audit trail for people: filtered, newest first, with the entries of a
period found by what they concern.

An entry concerns a period when it is about the period itself (entity "period"), names it in its
detail (`"periode": id`: saved and corrected forms, imports, meetings, PTPPs, complaints...) or is
about one of its documents (entity "document"). The chain itself is checked elsewhere
(`audit_log.verify_chain`); this module only reads.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from ikm_tui.persistence.models import AuditRow, DocumentRow


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditFilter:
    period_id: int | None = None
    username: str | None = None
    action: str | None = None
    text: str = ""  # searched in the detail (reasons, names, numbers)


def _period_condition(period_id: int) -> Any:
    documents = DocumentRow.select(DocumentRow.id.cast("TEXT")).where(
        DocumentRow.period == period_id
    )
    # canonical JSON (sorted keys, no spaces): "periode":7 is followed by "," or "}"
    named = f'"periode":{period_id}'
    return (
        ((AuditRow.entity == "period") & (AuditRow.entity_id == str(period_id)))
        | AuditRow.detail.contains(named + ",")
        | AuditRow.detail.contains(named + "}")
        | ((AuditRow.entity == "document") & AuditRow.entity_id.in_(documents))
    )


def search(filters: AuditFilter, limit: int = 500) -> list[AuditEntry]:
    """Entries matching `filters`, newest first, at most `limit`."""
    query = AuditRow.select(
        AuditRow.id,
        AuditRow.at,
        AuditRow.username,
        AuditRow.action,
        AuditRow.entity,
        AuditRow.entity_id,
        AuditRow.detail,
    )
    if filters.period_id is not None:
        query = query.where(_period_condition(filters.period_id))
    if filters.username:
        query = query.where(AuditRow.username == filters.username)
    if filters.action:
        query = query.where(AuditRow.action == filters.action)
    if filters.text.strip():
        query = query.where(AuditRow.detail.contains(filters.text.strip()))
    rows = cast(
        "Iterable[tuple[Any, ...]]", query.order_by(AuditRow.id.desc()).limit(limit).tuples()
    )
    return [
        AuditEntry(
            id,
            at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at)),
            username,
            action,
            entity,
            entity_id,
            json.loads(detail or "{}"),
        )
        for id, at, username, action, entity, entity_id, detail in rows
    ]


def usernames() -> list[str]:
    query = AuditRow.select(AuditRow.username).distinct().order_by(AuditRow.username)
    names = cast("Iterable[tuple[str]]", query.tuples())
    return [name for (name,) in names if name]


def actions() -> list[str]:
    query = AuditRow.select(AuditRow.action).distinct().order_by(AuditRow.action)
    names = cast("Iterable[tuple[str]]", query.tuples())
    return [name for (name,) in names]
