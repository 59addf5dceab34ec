"""Provides the archive's queries and writes (step 10): items, their digital files stored in the
database, what they hold, and the check that the stored files are intact.

The writes run inside the caller's write transaction (BEGIN IMMEDIATE / the advisory lock),
so the next nomor berkas (max + 1 of the year) cannot be taken twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from peewee import JOIN

from ikm_tui.domain import archive as rules
from ikm_tui.errors import NotFound
from ikm_tui.persistence import converters
from ikm_tui.persistence.models import (
    ArchiveContentRow,
    ArchiveItemRow,
    DocumentRow,
    UserRow,
)
from ikm_tui.persistence.records import ArchiveItemRecord, ArchiveProblem


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _query() -> Any:
    return (
        ArchiveItemRow.select(ArchiveItemRow, UserRow.full_name.alias("archiver"))
        .join(UserRow, JOIN.LEFT_OUTER, on=(ArchiveItemRow.archived_by == UserRow.id))
        .order_by(ArchiveItemRow.nomor_berkas, ArchiveItemRow.id)
        .objects()
    )


def _record(row: ArchiveItemRow) -> ArchiveItemRecord:
    return converters.archive_item(row, getattr(row, "archiver", None) or "")


def items(period_id: int | None = None) -> list[ArchiveItemRecord]:
    """The archive items (of a period), by nomor berkas."""
    query = _query()
    if period_id is not None:
        query = query.where(ArchiveItemRow.period == period_id)
    return [_record(row) for row in query]


def item(item_id: int) -> ArchiveItemRecord:
    row = _query().where(ArchiveItemRow.id == item_id).first()
    if row is None:
        raise NotFound(f"Berkas arsip nomor {item_id} tidak ditemukan.")
    return _record(row)


def content(item_id: int) -> bytes | None:
    """The stored file of an item (None when it is missing)."""
    row = ArchiveContentRow.get_or_none(ArchiveContentRow.item == item_id)
    return None if row is None else bytes(row.content)


def archived_document_ids(period_id: int) -> set[int]:
    return _held(period_id, "document")


def archived_meeting_ids(period_id: int) -> set[int]:
    return _held(period_id, "meeting")


def _held(period_id: int, field: str) -> set[int]:
    """The ids the period's items hold in `field` (document or meeting)."""
    column = getattr(ArchiveItemRow, field)
    query = ArchiveItemRow.select(column).where(
        (ArchiveItemRow.period == period_id) & column.is_null(False)
    )
    return {value for row in query if (value := converters.fk_id(row, field)) is not None}


def item_holding_document(document_id: int) -> str | None:
    """The nomor berkas of the archive item holding a document, or None."""
    row = (
        ArchiveItemRow.select(ArchiveItemRow.nomor_berkas)
        .where(ArchiveItemRow.document == document_id)
        .first()
    )
    return row.nomor_berkas if row else None


def item_holding_meeting(meeting_id: int) -> str | None:
    """The nomor berkas of the archive item holding a meeting's daftar hadir, or None."""
    row = (
        ArchiveItemRow.select(ArchiveItemRow.nomor_berkas)
        .where(ArchiveItemRow.meeting == meeting_id)
        .first()
    )
    return row.nomor_berkas if row else None


def next_nomor(year: int) -> str:
    """The next nomor berkas of the year (call inside the write transaction)."""
    used = [
        row.nomor_berkas
        for row in ArchiveItemRow.select(ArchiveItemRow.nomor_berkas).where(
            ArchiveItemRow.nomor_berkas.startswith(f"{year}/")
        )
    ]
    return rules.nomor_berkas(year, rules.next_sequence(used, year))


def create(
    draft: rules.ArchiveDraft,
    period_id: int | None,
    file_name: str,
    data: bytes,
    document_hash: str,
    user_id: int | None,
    now: dt.datetime,
) -> ArchiveItemRecord:
    """An item and its stored file (inside the caller's transaction)."""
    is_document = draft.jenis != rules.DAFTAR_HADIR
    row = ArchiveItemRow.create(
        period=period_id,
        document=draft.source_id if is_document else None,
        meeting=None if is_document else draft.source_id,
        jenis=draft.jenis,
        nomor_berkas=next_nomor(now.year),
        kode_klasifikasi=draft.kode_klasifikasi.strip(),
        uraian=draft.uraian.strip(),
        kurun_waktu=draft.kurun_waktu.strip(),
        jumlah=draft.jumlah.strip(),
        tingkat_perkembangan=draft.tingkat_perkembangan,
        retensi_aktif=converters.years_text(draft.retensi_aktif),
        retensi_inaktif=converters.years_text(draft.retensi_inaktif),
        nasib_akhir=draft.nasib_akhir,
        lokasi_simpan=draft.lokasi_simpan.strip(),
        rak=draft.rak.strip(),
        boks=draft.boks.strip(),
        klasifikasi_keamanan=draft.klasifikasi_keamanan,
        file_name=file_name,
        file_size=len(data),
        sha256=sha256(data),
        document_hash=document_hash,
        archived_at=now,
        archived_by=user_id or None,
    )
    ArchiveContentRow.create(item=row.id, content=data)
    return item(row.id)


def problems() -> list[ArchiveProblem]:
    """Every archive item whose stored file is missing, of another size or another SHA-256,
    or whose archived document's content changed since it was archived."""
    found: list[ArchiveProblem] = []
    stored = {
        converters.fk_id(row, "item"): bytes(row.content)
        for row in ArchiveContentRow.select(ArchiveContentRow.item, ArchiveContentRow.content)
    }
    hashes = {
        row.id: row.content_hash
        for row in DocumentRow.select(DocumentRow.id, DocumentRow.content_hash).where(
            DocumentRow.id.in_(
                ArchiveItemRow.select(ArchiveItemRow.document).where(
                    ArchiveItemRow.document.is_null(False)
                )
            )
        )
    }
    for row in ArchiveItemRow.select().order_by(ArchiveItemRow.id):
        data = stored.get(row.id)
        reason = ""
        if data is None:
            reason = f"berkas digital {row.file_name} hilang dari basis data"
        elif len(data) != row.file_size or sha256(data) != row.sha256:
            reason = (
                f"berkas digital {row.file_name} berubah ({len(data)} byte, SHA-256 "
                f"{sha256(data)[:12]}..., semula {row.file_size} byte, {row.sha256[:12]}...)"
            )
        document_id = converters.fk_id(row, "document")
        if not reason and row.document_hash and document_id is not None:
            current = hashes.get(document_id)
            if current is None:
                reason = "dokumen yang diarsipkan sudah tidak ada"
            elif current != row.document_hash:
                reason = "isi dokumen yang diarsipkan berubah setelah diarsipkan"
        if reason:
            found.append(ArchiveProblem(row.id, row.nomor_berkas, row.uraian, reason))
    return found
