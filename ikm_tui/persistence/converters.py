"""Provides Row -> record conversions, one function per table that leaves persistence."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ikm_tui.domain.sop import DOC_STATE_TEXT
from ikm_tui.persistence.models import (
    ArchiveItemRow,
    BaseRow,
    DocumentRow,
    MeetingRow,
    OfficeRow,
    PeriodRow,
    ServiceTypeRow,
    SignatureRow,
    UserRow,
)
from ikm_tui.persistence.records import (
    ArchiveItemRecord,
    DocumentRecord,
    FindingRecord,
    MeetingRecord,
    OfficeRecord,
    PeriodRecord,
    PersonRecord,
    ServiceTypeRecord,
    SignatureRecord,
    UserRecord,
)


def office(row: OfficeRow) -> OfficeRecord:
    return OfficeRecord(
        row.pemerintah,
        row.nama_unit,
        row.alamat,
        row.telepon,
        row.faks,
        row.email,
        row.website,
        row.kota,
        row.kode_pos,
        row.kode_unit,
        row.logo_path,
        row.paper_size,
        row.idle_lock_minutes,
    )


def user(row: UserRow) -> UserRecord:
    roles = frozenset(r for r in row.roles.split(",") if r)
    return UserRecord(
        row.id,
        row.username,
        row.full_name,
        row.nip,
        row.jabatan,
        row.pangkat,
        roles,
        bool(row.disabled),
    )


def service_type(row: ServiceTypeRow) -> ServiceTypeRecord:
    return ServiceTypeRecord(row.id, row.kode, row.nama, bool(row.active))


def period(row: PeriodRow, respondents: int = 0) -> PeriodRecord:
    return PeriodRecord(
        row.id,
        row.name,
        row.regime_id,
        row.weights,
        row.start_date,
        row.end_date,
        row.current_step,
        row.collection_closed_at,
        row.created_at,
        respondents,
    )


def fk_id(row: BaseRow, field: str) -> int | None:
    """The raw id a row's foreign key holds (`row.period_id` at run time, typed)."""
    value = row.__data__.get(field)
    return int(value) if value is not None else None


def signature(row: SignatureRow, signer: UserRow) -> SignatureRecord:
    return SignatureRecord(
        row.stage,
        row.action,
        signer.id,
        signer.full_name,
        signer.nip,
        signer.jabatan,
        row.signed_at,
        row.content_hash,
        row.note,
        row.voided_at is not None,
        *_seal(row.id),
    )


def _seal(signature_id: int) -> tuple[str, str]:
    """(code, "SEQ:HASH8" audit head) of a signature's seal, or blanks."""
    import json

    from ikm_tui.persistence.models import SignatureSealRow

    seal = SignatureSealRow.get_or_none(SignatureSealRow.signature_id == signature_id)
    if seal is None:
        return "", ""
    seq, head_hash = json.loads(seal.payload).get("kepala_audit", [0, ""])
    return seal.code, f"{seq}:{str(head_hash)[:8]}"


def document(row: DocumentRow, signatures: Sequence[SignatureRecord]) -> DocumentRecord:
    return DocumentRecord(
        row.id,
        fk_id(row, "period"),
        row.kind,
        row.version,
        row.title,
        json.loads(row.content),
        row.content_hash,
        row.state,
        DOC_STATE_TEXT.get(row.state, row.state),
        row.return_note,
        bool(row.frozen),
        tuple(signatures),
        row.created_at,
        row.updated_at,
    )


def meeting(
    row: MeetingRow,
    attendees: Sequence[str],
    people: Sequence[PersonRecord] = (),
    findings: Sequence[FindingRecord] = (),
    officers: dict[str, PersonRecord | None] | None = None,
) -> MeetingRecord:
    officers = officers or {}
    return MeetingRecord(
        row.id,
        fk_id(row, "period") or 0,
        row.acara,
        row.tanggal,
        row.waktu_mulai,
        row.waktu_selesai,
        row.tempat,
        tuple(attendees),
        fk_id(row, "minutes"),
        row.undangan_nomor,
        row.undangan_tanggal,
        officers.get("ketua"),
        officers.get("sekretaris"),
        officers.get("pencatat"),
        tuple(line for line in (row.agenda or "").splitlines() if line.strip()),
        tuple(people),
        tuple(findings),
    )


def archive_item(row: ArchiveItemRow, archived_by_name: str = "") -> ArchiveItemRecord:
    return ArchiveItemRecord(
        row.id,
        fk_id(row, "period"),
        fk_id(row, "document"),
        row.nomor_berkas,
        row.kode_klasifikasi,
        row.uraian,
        row.lokasi_simpan,
        row.file_name,
        row.file_size,
        row.sha256,
        row.archived_at,
        jenis=row.jenis,
        meeting_id=fk_id(row, "meeting"),
        kurun_waktu=row.kurun_waktu,
        jumlah=row.jumlah,
        tingkat_perkembangan=row.tingkat_perkembangan,
        retensi_aktif=years(row.retensi_aktif),
        retensi_inaktif=years(row.retensi_inaktif),
        nasib_akhir=row.nasib_akhir,
        rak=row.rak,
        boks=row.boks,
        klasifikasi_keamanan=row.klasifikasi_keamanan,
        document_hash=row.document_hash,
        archived_by_name=archived_by_name,
        archived_by_id=fk_id(row, "archived_by"),
    )


def years(text: str) -> int:
    """ "2 tahun" -> 2 (the archive's retention columns keep the JRA's wording)."""
    head = str(text).strip().split(" ", 1)[0]
    return int(head) if head.isdigit() else 0


def years_text(value: int) -> str:
    return f"{value} tahun"
