"""Provides DocumentService: every Word document exported through one pipeline, and verify-doc.

    services.documents.export(kind, period_id, path, user, pdf=False, paper=None)
    services.documents.verify(path)   # "cocok" | "berkas diubah" | "data berubah sejak dicetak"

A kind's data comes from its service (a `DocumentSource`, registered in `Services.documents`),
its template from TemplateService (installed or shipped), the rendering from export/engine.py.
Each export is written atomically, stamped with its properties (office, period, document id
and version, content hash, data hash, verification code) and recorded for verify-doc. A PDF
made with it is recorded too (by its SHA-256), so verify-doc also checks a PDF that was sent
around instead of the .docx.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ikm_tui import __version__
from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain.sop import DISETUJUI, ROLE_NAMES, SIGN_STAGES, STAGE_PHRASE, STAGE_ROLE
from ikm_tui.errors import IkmError, InputFileError, NotFound, TemplateError, ValidationError
from ikm_tui.export import engine
from ikm_tui.export.docx_common import Kop, Signer
from ikm_tui.export.engine import DocumentData
from ikm_tui.export.kinds import KINDS, KindSpec, get_kind
from ikm_tui.files import atomic_target, os_reason
from ikm_tui.persistence import audit_log, document_files, users
from ikm_tui.persistence.models import database_proxy
from ikm_tui.persistence.records import DocumentRecord, ExportRecord, UserRecord
from ikm_tui.services.office import OfficeService
from ikm_tui.services.templates import TemplateService

COCOK = "cocok"
BERKAS_DIUBAH = "berkas diubah"
DATA_BERUBAH = "data berubah sejak dicetak"


class DocumentSource(Protocol):
    """A service that provides the data of one or more document kinds."""

    def document_data(self, kind: str, period_id: int) -> DocumentData: ...


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered, stamped document and what identifies it."""

    content: bytes
    data: DocumentData
    code: str
    content_hash: str
    data_hash: str
    template_sha256: str
    paper: str


@dataclass(frozen=True)
class ExportResult:
    path: Path
    pdf_path: Path | None
    code: str
    draft: bool
    kind: str
    title: str


@dataclass(frozen=True)
class Verification:
    """verify-doc's answer for one file."""

    verdict: str
    message: str
    code: str
    kind: str
    period_id: int | None
    export: ExportRecord | None = None

    @property
    def ok(self) -> bool:
        return self.verdict == COCOK


class DocumentService:
    """Render, export and verify the documents of every kind in export/kinds.py."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        office: OfficeService,
        templates: TemplateService,
        sources: Mapping[str, Callable[[], DocumentSource]],
    ) -> None:
        self.clock = clock
        self.office = office
        self.templates = templates
        self.sources = sources

    def kinds(self) -> list[KindSpec]:
        """The kinds that can be exported (a spec and a source)."""
        return [spec for kind, spec in KINDS.items() if kind in self.sources]

    def data(self, kind: str, period_id: int) -> DocumentData:
        spec = get_kind(kind)
        source = self.sources.get(kind)
        if source is None:
            raise NotFound(f"Dokumen {spec.title} belum dapat dibuat oleh aplikasi ini.")
        return source().document_data(kind, period_id)

    def render(self, kind: str, period_id: int, paper: str | None = None) -> RenderedDocument:
        """The stamped document as bytes (nothing written or recorded)."""
        spec = get_kind(kind)
        data = self.data(kind, period_id)
        office = self.office.get()
        kop = Kop.from_office(office) if office else None
        paper = (paper or (office.paper_size if office else "") or "A4").upper()
        template = self.templates.template_bytes(kind)
        hash_of_data = engine.data_hash(data, kop)
        code = engine.verification_code(kop.nama_unit if kop else "", data, hash_of_data)
        body = engine.render(
            template, spec, data, kop, paper=paper, today=self.clock().date(), code=code
        )
        content_hash = engine.content_hash(body)
        properties = {
            "aplikasi": f"ikm-tui {__version__}",
            "kantor": kop.nama_unit if kop else "",
            "jenis": kind,
            "judul": data.title,
            "periode": str(data.period_id),
            "dokumen_id": "" if data.document_id is None else str(data.document_id),
            "versi": str(data.version),
            "draf": "ya" if data.draft else "tidak",
            "kode": code,
            "hash_isi": content_hash,
            "hash_data": hash_of_data,
        }
        return RenderedDocument(
            engine.stamp(body, properties),
            data,
            code,
            content_hash,
            hash_of_data,
            hashlib.sha256(template).hexdigest(),
            paper,
        )

    def export(
        self,
        kind: str,
        period_id: int,
        path: str | Path,
        user: UserRecord | None = None,
        *,
        pdf: bool = False,
        paper: str | None = None,
    ) -> ExportResult:
        """Write the document of `kind` for the period to `path` (.docx), record it, and with
        `pdf` also write PATH.pdf through LibreOffice (ToolMissing when it is not installed;
        the .docx is written all the same)."""
        target = Path(path).expanduser()
        if target.suffix.lower() != ".docx":
            raise ValidationError(
                f"Berkas tujuan harus berakhiran .docx (tertulis: {target.name})."
            )
        rendered = self.render(kind, period_id, paper)
        with atomic_target(target) as temporary:
            temporary.write_bytes(rendered.content)
        target = target.resolve()
        self._record(rendered, target, user)
        pdf_path = None
        if pdf:
            from ikm_tui.export.pdf import convert_to_pdf

            try:
                pdf_path = convert_to_pdf(target, target.with_suffix(".pdf"))
            except IkmError as exc:
                raise type(exc)(f"{exc.message} Berkas .docx tersimpan di {target}.") from exc
            pdf_hash = hashlib.sha256(pdf_path.read_bytes()).hexdigest()
            self._record(rendered, pdf_path, user, content_hash=pdf_hash)
        data = rendered.data
        return ExportResult(target, pdf_path, rendered.code, data.draft, kind, data.title)

    def _record(
        self,
        rendered: RenderedDocument,
        target: Path,
        user: UserRecord | None,
        content_hash: str | None = None,
    ) -> None:
        """Store the export of `target` (`content_hash`: a PDF's SHA-256, else the .docx's)."""
        data = rendered.data
        now = self.clock()
        with database_proxy.atomic():
            record = document_files.record_export(
                kind=data.kind,
                period_id=data.period_id,
                document_id=data.document_id,
                version=data.version,
                code=rendered.code,
                content_hash=content_hash or rendered.content_hash,
                data_hash=rendered.data_hash,
                template_sha256=rendered.template_sha256,
                file_name=str(target),
                paper=rendered.paper,
                draft=data.draft,
                exported_at=now,
                exported_by_id=(user.id or None) if user else None,
            )
            audit_log.append_by(
                now,
                user,
                "dokumen_ekspor",
                "document",
                data.document_id if data.document_id is not None else f"{data.kind}:{record.id}",
                {
                    "jenis": data.kind,
                    "periode": data.period_id,
                    "versi": data.version,
                    "berkas": str(target),
                    "draf": data.draft,
                    "kode": rendered.code,
                },
            )

    def verify(self, path: str | Path) -> Verification:
        """Compare a document file with the export record and with today's data.
        InputFileError for a file this database did not export."""
        source = Path(path).expanduser()
        try:
            content = source.read_bytes()
        except OSError as exc:
            raise InputFileError(f"Berkas {source} tidak dapat dibaca: {os_reason(exc)}.") from exc
        if content.startswith(b"%PDF"):
            return self._verify_pdf(source, content)
        try:
            properties = engine.read_properties(content)
        except TemplateError as exc:
            raise InputFileError(f"Berkas {source.name} bukan dokumen Word (.docx).") from exc
        code = properties.get("kode", "")
        if not code:
            raise InputFileError(
                f"Berkas {source.name} bukan dokumen yang diekspor ikm-tui "
                "(tidak ada kode verifikasi di propertinya)."
            )
        records = document_files.exports_with_code(code)
        office = self.office.get()
        here = office.nama_unit.strip().upper() if office else ""
        there = properties.get("kantor", "")
        if not records and there != here:
            raise InputFileError(
                f"Berkas {source.name} diekspor oleh {there or 'kantor lain'}, bukan oleh "
                f"{here or 'kantor basis data ini'}; periksa dengan basis data kantor itu."
            )
        if not records:
            raise InputFileError(
                f"Kode verifikasi {code} pada {source.name} tidak tercatat di basis data ini: "
                "dokumen ini tidak diekspor dari sini, atau basis datanya lain."
            )
        return self._verdict(content, code, records, properties.get("judul", ""))

    def _verify_pdf(self, source: Path, content: bytes) -> Verification:
        """A PDF this database exported (found by its SHA-256); one that differs from every
        recorded PDF is "berkas diubah" when its printed code is known here."""
        records = document_files.exports_with_content_hash(hashlib.sha256(content).hexdigest())
        code = records[0].code if records else _printed_code(source)
        if not records and code:
            records = document_files.exports_with_code(code)
        if not records:
            raise InputFileError(
                f"PDF {source.name} tidak tercatat di basis data ini: bukan PDF yang diekspor "
                "ikm-tui dari sini (atau kode verifikasinya tidak terbaca)."
            )
        return self._verdict(content, code, records, "", pdf=True)

    def _verdict(
        self,
        content: bytes,
        code: str,
        records: list[ExportRecord],
        title: str,
        pdf: bool = False,
    ) -> Verification:
        # a PDF by its bytes (LibreOffice writes it once); a .docx by its content parts
        content_hash = hashlib.sha256(content).hexdigest() if pdf else engine.content_hash(content)
        matching = [record for record in records if record.content_hash == content_hash]
        newest = records[0]
        what = f"{title or get_kind(newest.kind).title} versi {newest.version}"
        if not matching:
            return Verification(
                BERKAS_DIUBAH,
                f"isi berkas tidak sama dengan {what} yang diekspor (kode {code}). "
                "Jangan pakai berkas ini; ekspor ulang dari aplikasi.",
                code,
                newest.kind,
                newest.period_id,
                newest,
            )
        record = matching[0]
        if self._current_data_hash(record) != record.data_hash:
            return Verification(
                DATA_BERUBAH,
                f"{what} dicetak {_when(record.exported_at)}, lalu datanya (isi, tanda "
                "tangan atau kop) berubah di aplikasi. Ekspor ulang untuk mendapat dokumen "
                "yang sesuai.",
                code,
                record.kind,
                record.period_id,
                record,
            )
        return Verification(
            COCOK,
            f"{what}, diekspor {_when(record.exported_at)}: berkas utuh dan sama dengan "
            "data sekarang.",
            code,
            record.kind,
            record.period_id,
            record,
        )

    def _current_data_hash(self, record: ExportRecord) -> str:
        if record.period_id is None:
            return ""
        office = self.office.get()
        kop = Kop.from_office(office) if office else None
        try:
            return engine.data_hash(self.data(record.kind, record.period_id), kop)
        except NotFound:
            return ""  # what it was made from is gone: the data changed


def _printed_code(pdf: Path) -> str:
    """The verification code printed in a PDF's footer (pdftotext), or "" when unreadable."""
    import re
    import shutil
    import subprocess

    program = shutil.which("pdftotext")
    if program is None:
        return ""
    try:
        text = subprocess.run(
            [program, "-l", "1", str(pdf), "-"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    found = re.search(r"Kode verifikasi ([A-Z2-9]{4}-[A-Z2-9]{4})", text)
    return found.group(1) if found else ""


def _when(moment: dt.datetime) -> str:
    from ikm_tui.domain.formatting import waktu

    return waktu(moment)


# -- helpers for kinds whose document goes through the sign-off engine --------------------------


def signers_of(document: DocumentRecord) -> dict[str, Signer]:
    """Dibuat / Diperiksa / Disetujui blocks of a sign-off document: the valid signatures
    (jabatan, name, pangkat, NIP), a blank block (jabatan only) where nobody signed yet."""
    blocks: dict[str, Signer] = {}
    for stage in SIGN_STAGES:
        signature = document.signature(stage)
        jabatan = ROLE_NAMES[STAGE_ROLE[stage]]
        if signature is None:
            blocks[stage] = Signer.blank(STAGE_PHRASE[stage], jabatan)
            continue
        signer = users.find(signature.user_id)
        blocks[stage] = Signer(
            STAGE_PHRASE[stage],
            signature.jabatan or jabatan,
            signature.full_name,
            signer.pangkat if signer else "",
            signature.nip,
            signature.signed_at,
            seal_text(signature.code, signature.audit_head),
        )
    return blocks


NON_BREAKING_HYPHEN = "\u2011"


def seal_text(code: str, audit_head: str = "") -> str:
    """What a signature block prints: the seal's code, the audit head it recorded ("jejak
    SEQ:HASH8", for `verify --kepala` against paper) and the office key's fingerprint ("" for
    a signature made before the database had keys)."""
    if not code:
        return ""
    from ikm_tui.services.keys import root_key

    root = root_key()
    text = f"TTE {code}"
    if audit_head:
        text += f" · jejak {audit_head}"
    if root:
        text += f" · kunci kantor {root.fingerprint}"
    return text.replace("-", NON_BREAKING_HYPHEN)  # a code or fingerprint never splits


def approval_date(document: DocumentRecord) -> dt.date | None:
    """The day the Camat approved the document (printed above the signatures), or None."""
    approval = document.signature(DISETUJUI)
    return approval.signed_at.date() if approval else None
