"""Provides ArchiveService: step 10, archiving a period's approved documents to standard.

`plan` proposes one archive item (berkas) per approved document of the period (laporan,
pengumuman, notulen, PTPP) and per meeting's daftar hadir, with the fields of the daftar
arsip filled with defaults; the Staf edits them (lokasi simpan of the wet-signed paper
above all) and `archive_period` stores every item in one transaction, each with its digital
file inside the database (size and SHA-256), then finishes the step. Archived items and the
documents they hold can no longer be changed (`SignOffService` asks `holding_item`);
`persistence.archive.problems` (run by `ikm-tui verify`) finds a file that was altered.
"""

from __future__ import annotations

import builtins
import datetime as dt
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import archive as rules
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import tanggal
from ikm_tui.errors import (
    IkmError,
    InputFileError,
    PermissionDenied,
    ValidationError,
    WorkflowError,
)
from ikm_tui.persistence import archive as store
from ikm_tui.persistence import audit_log, documents, users
from ikm_tui.persistence.models import AttendeeRow, MeetingRow, database_proxy
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import ArchiveItemRecord, DocumentRecord, UserRecord
from ikm_tui.services.signoff import SignOffService
from ikm_tui.services.workflow import WorkflowService

if TYPE_CHECKING:
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.documents import DocumentService

DEFAULT_CLASSIFICATION = rules.DEFAULT_CLASSIFICATION
ACTION = "arsip"
ARCHIVE_ROLES = sop.ACTIONS[ACTION].roles
MAX_FILE_BYTES = 50 * 1024 * 1024
# Archive item kind -> the engine's document kind printed as its digital file (a period's
# single document; one PTPP of several is archived as its signed content).
ENGINE_KINDS = {
    sop.LAPORAN: "laporan",
    "pengumuman": "pengumuman",
    sop.NOTULEN: "notulen",
    rules.DAFTAR_HADIR: "daftar-hadir",
}  # a scan of a signed report fits easily


@dataclass(frozen=True)
class RetentionDue:
    """An archive item past its active retention: what to do with it now."""

    item: ArchiveItemRecord
    active_until: dt.date
    inactive_until: dt.date
    stage: str  # "inaktif" | "nasib akhir"

    @property
    def tindakan(self) -> str:
        if self.stage == "inaktif":
            return (
                f"Retensi aktif berakhir {tanggal(self.active_until)}: pindahkan ke arsip "
                "inaktif (unit kearsipan)."
            )
        return (
            f"Retensi inaktif berakhir {tanggal(self.inactive_until)}: laksanakan nasib akhir "
            f"({self.item.nasib_akhir})."
        )


class ArchiveService:
    """Archive items (berkas) of a period's approved documents, their files and retention."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        signoff: SignOffService,
        workflow: WorkflowService,
        documents: DocumentService | None = None,
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.workflow = workflow
        self.documents = documents  # prints the Word document archived as the digital file

    # -- what gets archived -----------------------------------------------------------------

    def plan(self, period_id: int) -> list[rules.ArchiveDraft]:
        """The items archiving the period would create now (not yet archived), with defaults."""
        period = get_period_row(period_id)
        kurun = rules.kurun_waktu(period.start_date, period.end_date)
        archived = store.archived_document_ids(period_id)
        drafts: list[rules.ArchiveDraft] = []
        for row in documents.latest_by_title(period_id).values():
            if row.kind == sop.KUESIONER or row.id in archived:
                continue
            document = documents.record(row)
            if document.is_final:
                drafts.append(
                    rules.ArchiveDraft(
                        document.kind,
                        document.id,
                        document.title,
                        _uraian(document, period.name),
                        kurun,
                    )
                )
        meetings = store.archived_meeting_ids(period_id)
        for meeting in MeetingRow.select().where(MeetingRow.period == period_id):
            if meeting.id in meetings or not _attendance(meeting.id):
                continue
            drafts.append(
                rules.ArchiveDraft(
                    rules.DAFTAR_HADIR,
                    meeting.id,
                    f"Daftar hadir rapat {tanggal(meeting.tanggal)}",
                    f"{rules.ITEM_NOUNS[rules.DAFTAR_HADIR]} {period.name} tanggal "
                    f"{tanggal(meeting.tanggal)}",
                    kurun,
                )
            )
        drafts.sort(key=lambda d: (_order(d.jenis), d.source_id))
        return drafts

    # -- archiving --------------------------------------------------------------------------

    def archive_period(
        self,
        period_id: int,
        drafts: Sequence[rules.ArchiveDraft],
        user: UserRecord,
        *,
        finish: bool = True,
    ) -> list[ArchiveItemRecord]:
        """Archive the items as edited (all or none) and, when `finish`, end step 10."""
        actor = users.acting(user)
        self._check(period_id, drafts, actor)
        files = [self._file(period_id, draft, actor) for draft in drafts]
        now = self.clock()
        created: list[ArchiveItemRecord] = []
        with database_proxy.atomic():
            actor = users.acting(user)
            self._check(period_id, drafts, actor)
            for draft, (name, data, document_hash) in zip(drafts, files, strict=True):
                if document_hash and documents.get(draft.source_id).content_hash != document_hash:
                    raise WorkflowError(f"{draft.judul} berubah sejak dibaca; ulangi pengarsipan.")
                item = store.create(draft, period_id, name, data, document_hash, actor.id, now)
                audit_log.append_by(
                    now,
                    actor,
                    "arsip_tambah",
                    "archive_item",
                    item.id,
                    {
                        "nomor_berkas": item.nomor_berkas,
                        "jenis": draft.jenis,
                        "sumber": draft.source_id,
                        "berkas": name,
                        "ukuran": len(data),
                        "sha256": item.sha256,
                        "lokasi": item.lokasi_text,
                    },
                )
                created.append(item)
        step_no = sop.action_step(ACTION)
        if finish and not self.workflow.gate_problem(period_id, step_no):
            self.workflow.advance(period_id, step_no, actor)
        return created

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
        """Archive one approved document of the period at step 10 with the file at
        `file_path` (a scan of the signed paper); the step is not finished."""
        document = self.signoff.get(document_id)
        if document.period_id is None:
            raise WorkflowError("Hanya dokumen milik satu periode survei yang diarsipkan.")
        draft = next((d for d in self.plan(document.period_id) if d.source_id == document_id), None)
        if draft is None:
            raise self._not_archivable(document)
        draft = draft.edited(
            berkas=str(file_path),
            lokasi_simpan=lokasi_simpan,
            kode_klasifikasi=kode_klasifikasi,
            uraian=uraian.strip() or draft.uraian,
        )
        return self.archive_period(document.period_id, [draft], user, finish=False)[0]

    def _not_archivable(self, document: DocumentRecord) -> WorkflowError:
        held = store.item_holding_document(document.id)
        if held:
            return WorkflowError(f"{document.title} sudah diarsipkan sebagai berkas {held}.")
        return WorkflowError(
            f"{sop.DOC_KINDS[document.kind]} belum disetujui Camat; hanya "
            "dokumen yang sudah disetujui yang dapat diarsipkan."
        )

    def _check(
        self, period_id: int, drafts: Sequence[rules.ArchiveDraft], actor: UserRecord
    ) -> None:
        if actor.disabled or not any(actor.has_role(role) for role in ARCHIVE_ROLES):
            raise PermissionDenied("Hanya Staf yang dapat mengarsipkan dokumen.")
        self.workflow.require_action_step(period_id, ACTION)
        if not drafts:
            raise ValidationError("Tidak ada dokumen yang diarsipkan.")
        wanted = {(d.jenis == rules.DAFTAR_HADIR, d.source_id) for d in self.plan(period_id)}
        found: list[str] = []
        for draft in drafts:
            if (draft.jenis == rules.DAFTAR_HADIR, draft.source_id) not in wanted:
                if draft.jenis == rules.DAFTAR_HADIR:
                    found.append(f"{draft.judul}: sudah diarsipkan atau tidak ada.")
                else:
                    found.append(self._not_archivable(self.signoff.get(draft.source_id)).message)
            found.extend(rules.problems(draft))
        if len({(d.jenis, d.source_id) for d in drafts}) != len(drafts):
            found.append("Satu dokumen hanya diarsipkan sekali.")
        if found:
            raise ValidationError(" ".join(found))

    def _file(
        self, period_id: int, draft: rules.ArchiveDraft, actor: UserRecord
    ) -> tuple[str, bytes, str]:
        """(file name, bytes, hash of the signed content) of a draft's digital file: the scan
        the Staf named; else the Word document as the engine prints it (exported and recorded,
        so `verify-doc` recognises a copy); else, for what the engine has no single document
        of (one PTPP) or cannot print, the signed content itself as a file."""
        document_hash = ""
        if draft.jenis == rules.DAFTAR_HADIR:
            name, data = _attendance_file(draft.source_id)
        else:
            document = self.signoff.get(draft.source_id)
            document_hash = document.content_hash
            name, data = _document_file(document)
        if not draft.berkas.strip():
            printed = self._printed(period_id, draft, actor)
            if printed is not None:
                name, data = printed
        if draft.berkas.strip():
            path = Path(draft.berkas.strip()).expanduser()
            if not path.is_file():
                raise InputFileError(f"Berkas {path} tidak ditemukan.")
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputFileError(f"Berkas {path.name} lebih dari 50 MB.")
            name, data = path.name, path.read_bytes()
        return name, data, document_hash

    def _printed(
        self, period_id: int, draft: rules.ArchiveDraft, actor: UserRecord
    ) -> tuple[str, bytes] | None:
        kind = ENGINE_KINDS.get(draft.jenis)
        if self.documents is None or kind is None:
            return None
        if kind not in {spec.kind for spec in self.documents.kinds()}:
            return None
        with tempfile.TemporaryDirectory(prefix="ikm-arsip-") as folder:
            target = Path(folder) / f"{kind}-periode-{period_id}.docx"
            try:
                result = self.documents.export(kind, period_id, target, actor)
            except IkmError:
                return None  # the signed content is archived instead
            return result.path.name, result.path.read_bytes()

    # -- reading ----------------------------------------------------------------------------

    def list(self, period_id: int | None = None) -> builtins.list[ArchiveItemRecord]:
        return store.items(period_id)

    def get(self, item_id: int) -> ArchiveItemRecord:
        return store.item(item_id)

    def content(self, item_id: int) -> bytes:
        """The stored file of an item, checked against its SHA-256."""
        item = store.item(item_id)
        data = store.content(item_id)
        if data is None or store.sha256(data) != item.sha256:
            raise WorkflowError(
                f"Berkas digital arsip {item.nomor_berkas} hilang atau berubah; "
                "jalankan ikm-tui verify dan pulihkan dari cadangan."
            )
        return data

    def file_matches(self, item_id: int, file_path: str | Path) -> bool:
        """True when the file at `file_path` is byte-identical to the one archived."""
        item = store.item(item_id)
        path = Path(file_path)
        return path.is_file() and store.sha256(path.read_bytes()) == item.sha256

    def export(self, period_id: int, directory: str | Path) -> builtins.list[Path]:
        """Copies of the period's archived files in `directory` ("2026-001 laporan-v1.json")."""
        get_period_row(period_id)
        items = store.items(period_id)
        if not items:
            raise WorkflowError("Periode ini belum memiliki berkas arsip.")
        contents = [self.content(item.id) for item in items]
        folder = Path(directory).expanduser()
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for item, data in zip(items, contents, strict=True):
            path = folder / f"{item.nomor_berkas.replace('/', '-')} {item.file_name}"
            path.write_bytes(data)
            written.append(path)
        return written

    def document_data(self, kind: str, period_id: int) -> DocumentData:
        """The engine's data of the daftar arsip of a period."""
        from ikm_tui.services.complaint_documents import daftar_arsip_data

        return daftar_arsip_data(self, period_id)

    def holding_item(self, document_id: int) -> str | None:
        """The nomor berkas holding a document (it may no longer change), or None."""
        return store.item_holding_document(document_id)

    def retention_due(self, today: dt.date | None = None) -> builtins.list[RetentionDue]:
        """Items past their active retention on `today`, the longest overdue first."""
        day = today or self.clock().date()
        due: builtins.list[RetentionDue] = []
        for item in store.items():
            span = rules.retention(item.kurun_waktu, item.retensi_aktif, item.retensi_inaktif)
            if span is None or span.stage(day) == "aktif":
                continue
            due.append(RetentionDue(item, span.active_until, span.inactive_until, span.stage(day)))
        due.sort(key=lambda d: (d.active_until, d.item.nomor_berkas))
        return due


def _uraian(document: DocumentRecord, period_name: str) -> str:
    """ "Laporan hasil survei kepuasan masyarakat Periode I 2026"; a PTPP names its title."""
    noun = rules.ITEM_NOUNS.get(document.kind)
    if noun is None:
        return document.title
    if document.kind == sop.PTPP:
        return f"{noun}: {document.title}"
    return f"{noun} {period_name}"


def _order(jenis: str) -> int:
    return rules.ITEM_ORDER.index(jenis) if jenis in rules.ITEM_ORDER else len(rules.ITEM_ORDER)


def _attendance(meeting_id: int) -> builtins.list[dict[str, object]]:
    return [
        {"nama": row.nama, "jabatan": row.jabatan, "nip": row.nip, "hadir": row.hadir}
        for row in AttendeeRow.select()
        .where(AttendeeRow.meeting == meeting_id)
        .order_by(AttendeeRow.id)
    ]


def _document_file(document: DocumentRecord) -> tuple[str, bytes]:
    """The signed document as a file: its content, hash and signatures (canonical JSON)."""
    data = {
        "jenis": document.kind,
        "judul": document.title,
        "versi": document.version,
        "isi": document.content,
        "hash_isi": document.content_hash,
        "tanda_tangan": [
            {
                "tahap": s.stage,
                "nama": s.full_name,
                "nip": s.nip,
                "jabatan": s.jabatan,
                "waktu": s.signed_at,
                "hash": s.content_hash,
            }
            for s in document.signatures
            if s.action == "sign" and not s.voided
        ],
    }
    name = f"{document.kind}-{document.id}-v{document.version}.json"
    return name, audit_log.canonical_json(data).encode("utf-8")


def _attendance_file(meeting_id: int) -> tuple[str, bytes]:
    meeting = MeetingRow.get_by_id(meeting_id)
    data = {
        "rapat": meeting.acara,
        "tanggal": meeting.tanggal,
        "tempat": meeting.tempat,
        "peserta": _attendance(meeting_id),
    }
    return f"daftar-hadir-{meeting_id}.json", audit_log.canonical_json(data).encode("utf-8")
