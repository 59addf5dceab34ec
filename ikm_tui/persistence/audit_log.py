"""Provides the append-only, hash-chained audit log (writing and verifying the chain)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from ikm_tui.persistence.models import AuditRow, database_proxy

GENESIS = "0" * 64


def canonical_json(data: object) -> str:
    """Stable JSON for hashing: sorted keys, no spaces, dates as ISO text."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def _entry_hash(prev_hash: str, at: dt.datetime, username: str, action: str, entity: str,
                entity_id: str, detail: str) -> str:
    payload = "\x1f".join([prev_hash, at.isoformat(timespec="microseconds"), username, action,
                           entity, entity_id, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(at: dt.datetime, user_id: int | None, username: str, action: str, entity: str = "",
           entity_id: str | int = "", detail: dict[str, object] | None = None) -> AuditRow:
    """Append one entry, chained to the previous one. Call inside the caller's transaction."""
    detail_text = canonical_json(detail or {})
    with database_proxy.atomic():
        last = AuditRow.select(AuditRow.hash).order_by(AuditRow.id.desc()).first()
        prev_hash = last.hash if last else GENESIS
        entry_hash = _entry_hash(prev_hash, at, username, action, entity, str(entity_id),
                                 detail_text)
        return AuditRow.create(at=at, user=user_id, username=username, action=action,
                               entity=entity, entity_id=str(entity_id), detail=detail_text,
                               prev_hash=prev_hash, hash=entry_hash)


@dataclass(frozen=True)
class ChainProblem:
    """The first audit entry whose content or link does not match the chain."""

    entry_id: int
    reason: str


def verify_chain() -> ChainProblem | None:
    """Walk the chain in id order; the first altered, inserted or removed entry, or None."""
    prev_hash = GENESIS
    expected_id: int | None = None
    query = AuditRow.select().order_by(AuditRow.id).namedtuples().iterator()
    for row in query:
        if expected_id is not None and row.id != expected_id:
            return ChainProblem(expected_id, f"entri {expected_id} hilang (dihapus)")
        if row.prev_hash != prev_hash:
            return ChainProblem(row.id, "tautan ke entri sebelumnya tidak cocok")
        at = row.at if isinstance(row.at, dt.datetime) else dt.datetime.fromisoformat(str(row.at))
        computed = _entry_hash(prev_hash, at, row.username, row.action, row.entity,
                               row.entity_id, row.detail)
        if computed != row.hash:
            return ChainProblem(row.id, "isi entri telah diubah")
        prev_hash = row.hash
        expected_id = row.id + 1
    return None
