"""Provides the document and signature queries of the sign-off (SignOffService, workflow).

Reads return Rows to the services that own the rules; `record` turns a row into the
`DocumentRecord` (with its signatures) that leaves the services. The writes are conditional:
`transition` changes a document only if its state and content hash are still the ones the
caller checked, inside the caller's write transaction, and reports whether it did.
"""

from __future__ import annotations

import datetime as dt

from ikm_tui.errors import NotFound
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import DocumentRow, SignatureRow, UserRow
from ikm_tui.persistence.records import DocumentRecord


def get(document_id: int) -> DocumentRow:
    """The document row, or NotFound."""
    row = DocumentRow.get_or_none(DocumentRow.id == document_id)
    if row is None:
        raise NotFound(f"Dokumen nomor {document_id} tidak ditemukan.")
    return row


def period_of(row: DocumentRow) -> int | None:
    return converters.fk_id(row, "period")


def latest(period_id: int, kind: str) -> DocumentRow | None:
    """The newest version of a period's document of `kind`, or None."""
    return (
        DocumentRow.select()
        .where((DocumentRow.period == period_id) & (DocumentRow.kind == kind))
        .order_by(DocumentRow.version.desc(), DocumentRow.id.desc())
        .first()
    )


def versions(period_id: int, kind: str) -> list[DocumentRow]:
    """Every version of a period's documents of `kind`, oldest first."""
    return list(
        DocumentRow.select()
        .where((DocumentRow.period == period_id) & (DocumentRow.kind == kind))
        .order_by(DocumentRow.version, DocumentRow.id)
    )


def latest_by_title(period_id: int) -> dict[tuple[str, str], DocumentRow]:
    """The newest version of every document of a period, keyed by (kind, title)."""
    latest_rows: dict[tuple[str, str], DocumentRow] = {}
    for row in versions_of_period(period_id):
        latest_rows[(row.kind, row.title)] = row
    return latest_rows


def versions_of_period(period_id: int) -> list[DocumentRow]:
    return list(
        DocumentRow.select()
        .where(DocumentRow.period == period_id)
        .order_by(DocumentRow.version, DocumentRow.id)
    )


def exists(period_id: int, kind: str, title: str | None = None) -> bool:
    """Whether the period has a document of `kind` (with `title`, when given)."""
    query = DocumentRow.select().where(
        (DocumentRow.period == period_id) & (DocumentRow.kind == kind)
    )
    if title is not None:
        query = query.where(DocumentRow.title == title)
    return bool(query.exists())


def is_superseded(row: DocumentRow) -> bool:
    """Whether a later version of the same document exists."""
    return bool(
        DocumentRow.select()
        .where(
            (DocumentRow.period == period_of(row))
            & (DocumentRow.kind == row.kind)
            & (DocumentRow.title == row.title)
            & (DocumentRow.version > row.version)
        )
        .exists()
    )


def valid_signature_of(document_id: int, user_id: int) -> str | None:
    """The stage `user_id` signed on this document version (not voided), or None."""
    signature = (
        SignatureRow.select(SignatureRow.stage)
        .where(
            (SignatureRow.document == document_id)
            & (SignatureRow.user == user_id)
            & (SignatureRow.action == "sign")
            & SignatureRow.voided_at.is_null()
        )
        .first()
    )
    return signature.stage if signature else None


def record(row: DocumentRow) -> DocumentRecord:
    """The document with every signature and return on it, oldest first."""
    query = (
        SignatureRow.select(SignatureRow, UserRow)
        .join(UserRow)
        .where(SignatureRow.document == row.id)
        .order_by(SignatureRow.id)
    )
    return converters.document(row, [converters.signature(sig, sig.user) for sig in query])


# -- writes (inside the caller's transaction) ------------------------------------------------


def transition(row: DocumentRow, **changes: object) -> bool:
    """UPDATE the document WHERE id, state and content hash are still those of `row` (as the
    caller re-read and checked them); True when the row changed. `row` is updated to match."""
    changed = (
        DocumentRow.update(**changes)
        .where(
            (DocumentRow.id == row.id)
            & (DocumentRow.state == row.state)
            & (DocumentRow.content_hash == row.content_hash)
        )
        .execute()
    )
    if changed != 1:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    return True


def add_signature(
    row: DocumentRow,
    stage: str,
    action: str,
    user_id: int,
    now: dt.datetime,
    note: str = "",
) -> int:
    """A signature or return bound to the document's current content hash; its id."""
    signature = SignatureRow.create(
        document=row.id,
        stage=stage,
        action=action,
        user=user_id,
        content_hash=row.content_hash,
        note=note,
        signed_at=now,
    )
    return int(signature.id)


def void_signatures(document_id: int, now: dt.datetime, reason: str) -> int:
    """Void every valid signature of a document; how many were voided."""
    return int(
        SignatureRow.update(voided_at=now, void_reason=reason)
        .where((SignatureRow.document == document_id) & SignatureRow.voided_at.is_null())
        .execute()
    )


def create(
    period_id: int | None,
    kind: str,
    version: int,
    title: str,
    content_json: str,
    content_hash: str,
    state: str,
    user_id: int,
    now: dt.datetime,
    return_note: str = "",
) -> DocumentRow:
    return DocumentRow.create(
        period=period_id,
        kind=kind,
        version=version,
        title=title,
        content=content_json,
        content_hash=content_hash,
        state=state,
        return_note=return_note,
        created_at=now,
        updated_at=now,
        created_by=user_id,
    )
