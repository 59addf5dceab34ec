"""Provides the append-only, hash-chained audit log (writing and verifying the chain)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ikm_tui.persistence.models import AuditRow, MetaRow, database_proxy
from ikm_tui.persistence.origin import current as current_origin
from ikm_tui.persistence.origin import origin as origin  # re-exported: `audit_log.origin(...)`

if TYPE_CHECKING:
    from ikm_tui.persistence.records import UserRecord

GENESIS = "0" * 64
HEAD_KEY = "audit_head"  # MetaRow value "count:hash" of the last entry, updated with each append
ORIGIN_KEY = "asal"  # detail key of where an entry came from: {"os": os user, "lewat": cli|tui}


def canonical_json(data: object) -> str:
    """Stable JSON for hashing: sorted keys, no spaces, dates as ISO text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _entry_hash(
    prev_hash: str,
    at: dt.datetime,
    username: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: str,
) -> str:
    payload = "\x1f".join(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            username,
            action,
            entity,
            entity_id,
            detail,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(
    at: dt.datetime,
    user_id: int | None,
    username: str,
    action: str,
    entity: str = "",
    entity_id: str | int = "",
    detail: dict[str, object] | None = None,
) -> AuditRow:
    """Append one entry, chained to the previous one. Call inside the caller's transaction.
    Inside `origin(...)` the entry's detail also names where it came from (ORIGIN_KEY)."""
    where = current_origin()
    if where:
        detail = {**(detail or {}), ORIGIN_KEY: where}
    detail_text = canonical_json(detail or {})
    with database_proxy.atomic():
        head = _locked_head()
        last = AuditRow.select(AuditRow.hash).order_by(AuditRow.id.desc()).first()
        prev_hash = last.hash if last else GENESIS
        entry_hash = _entry_hash(
            prev_hash, at, username, action, entity, str(entity_id), detail_text
        )
        row = AuditRow.create(
            at=at,
            user=user_id,
            username=username,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            detail=detail_text,
            prev_hash=prev_hash,
            hash=entry_hash,
        )
        count = int(head.value.partition(":")[0]) + 1
        MetaRow.insert(key=HEAD_KEY, value=f"{count}:{entry_hash}").on_conflict(
            conflict_target=[MetaRow.key], update={MetaRow.value: f"{count}:{entry_hash}"}
        ).execute()
        return row


def _locked_head() -> MetaRow:
    """The head row, locked until commit where the database can (PostgreSQL), so concurrent
    appends queue up instead of forking the chain; SQLite serialises writers itself.

    A missing head is created empty ("0:GENESIS"): right for a new log, and a log whose head was
    removed behind the app's back then fails verification instead of being silently re-seeded.
    """
    query = MetaRow.select().where(MetaRow.key == HEAD_KEY)
    if query.first() is None:
        MetaRow.insert(key=HEAD_KEY, value="0:" + GENESIS).on_conflict_ignore().execute()
    if getattr(database_proxy.obj, "for_update", False):
        query = query.for_update()
    return query.get()


def append_by(
    at: dt.datetime,
    actor: UserRecord | None,
    action: str,
    entity: str = "",
    entity_id: str | int = "",
    detail: dict[str, object] | None = None,
) -> AuditRow:
    """`append` for an acting user record (None = the system itself)."""
    return append(
        at,
        (actor.id or None) if actor else None,
        actor.username if actor else "sistem",
        action,
        entity,
        entity_id,
        detail,
    )


@dataclass(frozen=True)
class ChainProblem:
    """The first audit entry whose content or link does not match the chain."""

    entry_id: int
    reason: str


def verify_chain() -> ChainProblem | None:
    """Walk the chain in id order; the first altered, inserted or removed entry, or None.

    The head (count and hash of the last entry, kept in MetaRow) catches removed last entries.
    An id gap whose link still matches is a skipped sequence value (PostgreSQL), not a removal.
    """
    prev_hash = GENESIS
    expected_id = 1
    count = 0
    query = AuditRow.select().order_by(AuditRow.id).namedtuples().iterator()
    for row in query:
        if row.id != expected_id and row.prev_hash != prev_hash:
            return ChainProblem(expected_id, f"entri {expected_id} hilang (dihapus)")
        if row.prev_hash != prev_hash:
            return ChainProblem(row.id, "tautan ke entri sebelumnya tidak cocok")
        at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(str(row.at))
        computed = _entry_hash(
            prev_hash, at, row.username, row.action, row.entity, row.entity_id, row.detail
        )
        if computed != row.hash:
            return ChainProblem(row.id, "isi entri telah diubah")
        prev_hash = row.hash
        expected_id = row.id + 1
        count += 1
    return _check_head(count, prev_hash, expected_id)


def _check_head(count: int, last_hash: str, next_id: int) -> ChainProblem | None:
    head = MetaRow.get_or_none(MetaRow.key == HEAD_KEY)
    head_count, _, head_hash = (head.value if head else "0:" + GENESIS).partition(":")
    if int(head_count) > count or (int(head_count) == count and head_hash != last_hash):
        return ChainProblem(next_id, f"entri terakhir {next_id} hilang (dihapus)")
    if int(head_count) < count:
        return ChainProblem(next_id - 1, "entri ditambahkan di luar aplikasi")
    return None


def entry_count() -> int:
    return AuditRow.select().count()


def head() -> tuple[int, str]:
    """The recorded head of the chain: (number of entries, hash of the last one)."""
    row = MetaRow.get_or_none(MetaRow.key == HEAD_KEY)
    count, _, last_hash = (row.value if row else "0:" + GENESIS).partition(":")
    return int(count), last_hash


def entry_hash_at(seq: int) -> str | None:
    """The hash of the `seq`-th entry in id order (1-based), or None when the log is shorter."""
    if seq <= 0:
        return GENESIS if seq == 0 else None
    row = AuditRow.select(AuditRow.hash).order_by(AuditRow.id).offset(seq - 1).limit(1).first()
    return row.hash if row else None
