"""Provides the document engine's tables: installed templates and the record of exports."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ikm_tui.persistence.models import DocumentExportRow, DocumentTemplateRow
from ikm_tui.persistence.records import ExportRecord, InstalledTemplateRecord


def installed_template(kind: str) -> InstalledTemplateRecord | None:
    """The template installed for `kind`, or None (the shipped one is used)."""
    row = DocumentTemplateRow.get_or_none(DocumentTemplateRow.kind == kind)
    if row is None:
        return None
    return InstalledTemplateRecord(
        row.kind,
        bytes(row.content),
        row.sha256,
        row.file_name,
        row.installed_at,
        row.installed_by_id,
    )


def installed_kinds() -> dict[str, InstalledTemplateRecord]:
    """Every installed template by kind."""
    found = {}
    for row in DocumentTemplateRow.select().order_by(DocumentTemplateRow.kind):
        record = installed_template(row.kind)
        if record is not None:
            found[row.kind] = record
    return found


def put_template(record: InstalledTemplateRecord) -> None:
    """Install (or replace) the template of `record.kind`; call inside a transaction."""
    values = dataclasses.asdict(record)
    deleted = DocumentTemplateRow.delete().where(DocumentTemplateRow.kind == record.kind)
    deleted.execute()
    DocumentTemplateRow.create(**values)


def remove_template(kind: str) -> bool:
    """Remove the installed template of `kind`; True when there was one."""
    return bool(DocumentTemplateRow.delete().where(DocumentTemplateRow.kind == kind).execute())


def record_export(**fields: object) -> ExportRecord:
    """Store one export (fields of ExportRecord but the id); call inside a transaction."""
    row = DocumentExportRow.create(**fields)
    return _export(row)


def exports_with_code(code: str) -> list[ExportRecord]:
    """Every export that printed `code`, newest first."""
    query = (
        DocumentExportRow.select()
        .where(DocumentExportRow.code == code)
        .order_by(DocumentExportRow.id.desc())
    )
    return [_export(row) for row in query]


def exports_with_content_hash(content_hash: str) -> list[ExportRecord]:
    """Every export whose file had this content hash (a PDF: its SHA-256), newest first."""
    query = (
        DocumentExportRow.select()
        .where(DocumentExportRow.content_hash == content_hash)
        .order_by(DocumentExportRow.id.desc())
    )
    return [_export(row) for row in query]


def _export(row: DocumentExportRow) -> ExportRecord:
    exported_at = row.exported_at
    if isinstance(exported_at, str):  # SQLite hands back text for a naive timestamp
        exported_at = dt.datetime.fromisoformat(exported_at)
    return ExportRecord(
        row.id,
        row.kind,
        row.period_id,
        row.document_id,
        row.version,
        row.code,
        row.content_hash,
        row.data_hash,
        row.template_sha256,
        row.file_name,
        row.paper,
        row.draft,
        exported_at,
        row.exported_by_id,
    )
