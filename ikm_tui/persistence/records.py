"""Provides the plain dataclasses that leave the persistence layer (screens never see Rows)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OfficeRecord:
    pemerintah: str
    nama_unit: str
    alamat: str
    telepon: str
    faks: str
    email: str
    website: str
    kota: str
    kode_pos: str
    kode_unit: str
    logo_path: str
    paper_size: str
    idle_lock_minutes: int = 15  # the TUI locks itself after this long without a key


@dataclass(frozen=True)
class DayOffRecord:
    """One of the office's own extra days off."""

    tanggal: dt.date
    keterangan: str


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    full_name: str
    nip: str
    jabatan: str
    pangkat: str
    roles: frozenset[str]
    disabled: bool

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class ServiceTypeRecord:
    id: int
    kode: str
    nama: str
    active: bool


@dataclass(frozen=True)
class PeriodRecord:
    id: int
    name: str
    regime_id: str
    weights: str
    start_date: dt.date
    end_date: dt.date
    current_step: int  # SOP step number; 0 when every step is done
    collection_closed_at: dt.datetime | None
    created_at: dt.datetime
    respondents: int = 0  # counted (not excluded) respondents, when the query asked for it


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SignatureRecord:
    """A signature ("sign") or return ("return") on one document version."""

    stage: str  # dibuat | diperiksa | disetujui
    action: str  # sign | return
    user_id: int
    full_name: str
    nip: str
    jabatan: str
    signed_at: dt.datetime
    content_hash: str
    note: str
    voided: bool
    # the short code of its Ed25519 seal ("" before the database had keys); random per key,
    # so not part of equality
    code: str = field(default="", compare=False)
    # the audit head the seal recorded, "SEQ:first 8 hex of its hash" (printed on paper)
    audit_head: str = field(default="", compare=False)


WATERMARK_DRAFT = "DRAF - belum disetujui"


@dataclass(frozen=True)
class DocumentRecord:
    """One version of a signable document (kuesioner, laporan, ptpp, notulen)."""

    id: int
    period_id: int | None
    kind: str
    version: int
    title: str
    content: dict[str, object]
    content_hash: str
    state: str
    state_text: str
    return_note: str
    frozen: bool
    signatures: tuple[SignatureRecord, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    def signature(self, stage: str) -> SignatureRecord | None:
        """The valid (not voided) signature of a stage bound to the current content, or None."""
        for item in self.signatures:
            if (
                item.stage == stage
                and item.action == "sign"
                and not item.voided
                and item.content_hash == self.content_hash
            ):
                return item
        return None

    @property
    def is_final(self) -> bool:
        """Approved by the Camat with a valid signature on exactly this content."""
        return self.state == "disetujui" and self.signature("disetujui") is not None

    @property
    def watermark(self) -> str:
        """Text printed across a document that is not final ("" when final)."""
        return "" if self.is_final else WATERMARK_DRAFT


@dataclass(frozen=True)
class StepStatus:
    """One SOP step of a period: who started and finished it, its deadline and lateness."""

    number: int
    name: str
    roles: tuple[str, ...]
    role_text: str
    standard_text: str
    started_at: dt.datetime | None
    started_by_name: str
    finished_at: dt.datetime | None
    finished_by_name: str
    deadline: dt.datetime | None
    late: bool
    is_current: bool


@dataclass(frozen=True)
class Task:
    """Something a user must do next in a period ("Tugas saya")."""

    period_id: int
    period_name: str
    step_no: int
    text: str
    document_id: int | None
    late: bool


@dataclass(frozen=True)
class PersonRecord:
    """Someone named on a meeting's documents: a user (user_id) or a guest typed in."""

    nama: str
    jabatan: str = ""
    nip: str = ""
    user_id: int | None = None


@dataclass(frozen=True)
class FindingRecord:
    """A finding of a meeting: kind (unsur | keluhan | verifikasi | lain), its reference (unsur
    key, complaint id, PTPP id), the text, whether the meeting kept it, and its PTPP if any."""

    id: int
    kind: str
    ref: str
    uraian: str
    accepted: bool
    ptpp_nomor: str = ""


@dataclass(frozen=True)
class MeetingRecord:
    """A recorded meeting (step 6: pembahasan hasil)."""

    id: int
    period_id: int
    acara: str
    tanggal: dt.date
    waktu_mulai: str
    waktu_selesai: str
    tempat: str
    attendees: tuple[str, ...]
    minutes_document_id: int | None
    undangan_nomor: str = ""
    undangan_tanggal: dt.date | None = None
    ketua: PersonRecord | None = None
    sekretaris: PersonRecord | None = None
    pencatat: PersonRecord | None = None
    agenda: tuple[str, ...] = ()
    people: tuple[PersonRecord, ...] = ()  # the daftar hadir, in order
    findings: tuple[FindingRecord, ...] = ()


@dataclass(frozen=True)
class PtppRecord:
    """A PTPP: its index columns, its signed document (parts 1-2) and its verification."""

    id: int
    nomor: str
    period_id: int | None
    period_name: str
    tanggal: dt.date
    sumber: str
    unsur_key: str
    kategori: str
    uraian: str
    persyaratan: str
    pic: str
    pic_user_id: int | None
    batas_waktu: dt.date | None
    target_selesai: dt.date | None
    status: str  # terbuka | tertutup
    verifikasi_hasil: str  # "" | efektif | tidak efektif
    verifikasi_catatan: str
    tanggal_verifikasi: dt.date | None
    verifikasi_oleh: str
    verifikasi_periode_id: int | None
    verifikasi_nrr: str
    complaint_id: int | None
    finding_id: int | None
    lanjutan_nomor: str  # the follow-up PTPP spawned when not effective
    asal_nomor: str  # the PTPP this one follows up
    document: DocumentRecord | None
    verifier: PersonRecord | None = None  # who recorded the verification

    @property
    def verified(self) -> bool:
        return bool(self.verifikasi_hasil)

    @property
    def approved(self) -> bool:
        return self.document is not None and self.document.is_final


@dataclass(frozen=True)
class ArchiveItemRecord:
    """An archived berkas (step 10): its fields of the daftar arsip, and its digital file
    (kept inside the database) with the file's size and SHA-256."""

    id: int
    period_id: int | None
    document_id: int | None
    nomor_berkas: str
    kode_klasifikasi: str
    uraian: str
    lokasi_simpan: str
    file_name: str
    file_size: int | None
    sha256: str
    archived_at: dt.datetime
    jenis: str = ""
    meeting_id: int | None = None
    kurun_waktu: str = ""
    jumlah: str = ""
    tingkat_perkembangan: str = ""
    retensi_aktif: int = 0  # years
    retensi_inaktif: int = 0  # years
    nasib_akhir: str = ""
    rak: str = ""
    boks: str = ""
    klasifikasi_keamanan: str = ""
    document_hash: str = ""
    archived_by_name: str = ""
    archived_by_id: int | None = None

    @property
    def lokasi_text(self) -> str:
        """ "Lemari arsip Sekretariat, rak 2, boks 5"."""
        parts = [self.lokasi_simpan.strip()]
        if self.rak.strip():
            parts.append(f"rak {self.rak.strip()}")
        if self.boks.strip():
            parts.append(f"boks {self.boks.strip()}")
        return ", ".join(part for part in parts if part) or "-"


@dataclass(frozen=True)
class ArchiveProblem:
    """An archive item whose stored file is missing or differs from what was archived."""

    item_id: int
    nomor_berkas: str
    uraian: str
    reason: str

    @property
    def text(self) -> str:
        return f"Berkas arsip {self.nomor_berkas} ({self.uraian}): {self.reason}"


@dataclass(frozen=True)
class ComplaintClassRecord:
    id: int
    nama: str
    hari: int


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint (Form Catatan Keluhan Pelanggan; a row of the register)."""

    id: int
    nomor: str
    received_at: dt.datetime
    saluran: str
    lapor_ticket: str
    pelapor_nama: str
    pelapor_alamat: str
    pelapor_hp: str
    service_type_id: int | None
    service_name: str
    uraian: str
    harapan: str
    klasifikasi: str
    unsur_key: str
    tindakan_segera: str
    tanggapan: str
    petugas_id: int | None
    petugas_name: str
    disposisi_user_id: int | None
    disposisi_name: str
    disposisi_at: dt.datetime | None
    diteruskan_ke: str
    tindak_lanjut: str
    kelas: str
    target_hari: int
    batas_waktu: dt.date | None
    selesai_at: dt.datetime | None
    status: str
    konfirmasi: str
    konfirmasi_at: dt.datetime | None
    ptpp_document_id: int | None
    ptpp_nomor: str
    overdue: bool = False  # set by the service against today
    lama_hari: int | None = None  # working days from received to closed (closed only)

    @property
    def anonim(self) -> bool:
        return not self.pelapor_nama.strip()


@dataclass(frozen=True)
class SaranRecord:
    """A saran written on a questionnaire (typed from paper or imported)."""

    respondent_id: int
    period_id: int
    nomor: int
    tanggal: dt.date | None
    service_name: str
    source: str  # kertas | impor
    saran: str


@dataclass(frozen=True)
class InstalledTemplateRecord:
    """A Word template an Admin installed for a document kind."""

    kind: str
    content: bytes
    sha256: str
    file_name: str
    installed_at: dt.datetime
    installed_by_id: int | None


@dataclass(frozen=True)
class ExportRecord:
    """One exported document, as recorded for verify-doc."""

    id: int
    kind: str
    period_id: int | None
    document_id: int | None
    version: int
    code: str
    content_hash: str
    data_hash: str
    template_sha256: str
    file_name: str
    paper: str
    draft: bool
    exported_at: dt.datetime
    exported_by_id: int | None
