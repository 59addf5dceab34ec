"""Provides ArchiveService: archiving approved documents (step 10) with their file's SHA-256."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from peewee import fn

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.errors import InputFileError, NotFound, PermissionDenied, WorkflowError
from ikm_tui.persistence import audit_log, converters
from ikm_tui.persistence.models import ArchiveItemRow, DocumentRow, database_proxy
from ikm_tui.persistence.records import ArchiveItemRecord, UserRecord
from ikm_tui.services.signoff import SignOffService
from ikm_tui.services.workflow import WorkflowService

DEFAULT_CLASSIFICATION = "000.8.3.4"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ArchiveService:
    """Archive items (berkas) of approved documents."""

    def __init__(
        self, clock: Clock = system_clock, *, signoff: SignOffService, workflow: WorkflowService
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.workflow = workflow

    def archive_document(
        self,
        document_id: int,
        file_path: str | Path,
        user: UserRecord,
        *,
        lokasi_simpan: str = "",
        uraian: str = "",
        kode_klasifikasi: str = DEFAULT_CLASSIFICATION,
    ) -> ArchiveItemRecord:
        """Archive the file of an approved document; its SHA-256 is kept to check it later."""
        if not user.has_role(sop.STAF) or user.disabled:
            raise PermissionDenied("Hanya Staf yang dapat mengarsipkan dokumen.")
        document = self.signoff.get(document_id)
        if not document.is_final:
            raise WorkflowError(
                f"{sop.DOC_KINDS[document.kind]} belum disetujui Camat; hanya "
                "dokumen yang sudah disetujui yang dapat diarsipkan."
            )
        if document.period_id is not None and document.kind != sop.PTPP:
            self.workflow.require_action_step(document.period_id, "arsip")
        path = Path(file_path)
        if not path.is_file():
            raise InputFileError(f"Berkas {path} tidak ditemukan.")
        now = self.clock()
        with database_proxy.atomic():
            year_start = dt.datetime(now.year, 1, 1)
            sequence = (
                ArchiveItemRow.select(fn.COUNT(ArchiveItemRow.id))
                .where(
                    ArchiveItemRow.archived_at.between(
                        year_start, year_start.replace(year=now.year + 1)
                    )
                )
                .scalar()
                or 0
            ) + 1
            row = ArchiveItemRow.create(
                period=document.period_id,
                document=document.id,
                nomor_berkas=f"{now.year}/{sequence:03d}",
                kode_klasifikasi=kode_klasifikasi,
                uraian=uraian.strip()
                or f"{sop.DOC_KINDS[document.kind]}: {document.title} (versi {document.version})",
                kurun_waktu=str(now.year),
                lokasi_simpan=lokasi_simpan.strip(),
                file_name=path.name,
                file_size=path.stat().st_size,
                sha256=file_sha256(path),
                archived_at=now,
                archived_by=user.id,
            )
            audit_log.append_by(
                now,
                user,
                "arsip_tambah",
                "archive_item",
                row.id,
                {"dokumen": document.id, "berkas": path.name, "sha256": row.sha256},
            )
        return converters.archive_item(row)

    def list(self, period_id: int | None = None) -> list[ArchiveItemRecord]:
        query = ArchiveItemRow.select().order_by(ArchiveItemRow.archived_at, ArchiveItemRow.id)
        if period_id is not None:
            query = query.where(ArchiveItemRow.period == period_id)
        return [converters.archive_item(row) for row in query]

    def file_matches(self, item_id: int, file_path: str | Path) -> bool:
        """True when the file at `file_path` is byte-identical to the one archived."""
        row = ArchiveItemRow.get_or_none(ArchiveItemRow.id == item_id)
        if row is None:
            raise NotFound(f"Berkas arsip nomor {item_id} tidak ditemukan.")
        path = Path(file_path)
        return path.is_file() and file_sha256(path) == row.sha256


def approved_documents(period_id: int) -> list[int]:
    """Ids of the period's approved documents (candidates for archiving)."""
    return [
        row.id
        for row in DocumentRow.select(DocumentRow.id).where(
            (DocumentRow.period == period_id) & (DocumentRow.state == sop.DISETUJUI_STATE)
        )
    ]
