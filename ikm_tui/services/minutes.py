"""Provides MinutesService: step 9's notulen, built from the step 6 meeting record.

The notulen content follows the Permendagri 1/2023 notula: sidang/rapat, hari/tanggal, surat
undangan, waktu, acara, pimpinan (ketua, sekretaris, pencatat), peserta, and the kegiatan
(pembukaan, pembahasan, keputusan, tindak lanjut with the PTPP numbers). The Staf may edit the
pembukaan, pembahasan and keputusan; the header and the tindak lanjut come from the meeting
and the PTPPs. It is signed through SignOffService (the pencatat prepares, the chair approves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ikm_tui.clock import Clock, system_clock
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import hari_tanggal, tanggal
from ikm_tui.errors import ValidationError, WorkflowError
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import (
    DocumentRecord,
    MeetingRecord,
    PersonRecord,
    PtppRecord,
    UserRecord,
)

if TYPE_CHECKING:
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.meeting import MeetingService
    from ikm_tui.services.ptpp import PtppService
    from ikm_tui.services.signoff import SignOffService

EDITABLE = ("pembukaan", "pembahasan", "keputusan")


def person(item: PersonRecord | None) -> dict[str, str]:
    if item is None:
        return {"nama": "", "jabatan": "", "nip": ""}
    return {"nama": item.nama, "jabatan": item.jabatan, "nip": item.nip}


def invitation_text(meeting: MeetingRecord) -> str:
    if not meeting.undangan_nomor:
        return "-"
    if meeting.undangan_tanggal is None:
        return f"Nomor {meeting.undangan_nomor}"
    return f"Nomor {meeting.undangan_nomor} tanggal {tanggal(meeting.undangan_tanggal)}"


def subject(item: PtppRecord) -> str:
    """What a PTPP is about, short: "unsur U3 Waktu Penyelesaian (NRR 2,935; mutu C)"."""
    figures = item.document.content.get("unsur") if item.document else None
    if isinstance(figures, dict):
        return (
            f"unsur {figures['kode']} {figures['nama']} (NRR {figures['nrr']}; "
            f"mutu {figures['mutu']})"
        )
    text = item.uraian if len(item.uraian) <= 90 else f"{item.uraian[:87]}..."
    return f"temuan: {text}"


def follow_ups(ptpps: list[PtppRecord]) -> list[dict[str, str]]:
    """The notula's tindak lanjut: what, who, by when, and the PTPP number."""
    lines = []
    for item in ptpps:
        content = item.document.content if item.document else {}
        action = str(content.get("tindakan_perbaikan") or item.uraian)
        lines.append(
            {
                "ptpp": item.nomor,
                "uraian": action,
                "pic": item.pic or "-",
                "target": tanggal(item.target_selesai) if item.target_selesai else "-",
            }
        )
    return lines


def minutes_content(meeting: MeetingRecord, ptpps: list[PtppRecord]) -> dict[str, object]:
    """The notulen drafted from the meeting record and the period's PTPPs."""
    chair = meeting.ketua
    opening = (
        f"Rapat dibuka oleh {chair.nama} ({chair.jabatan}) pukul {meeting.waktu_mulai} WIB."
        if chair
        else f"Rapat dibuka pukul {meeting.waktu_mulai} WIB."
    )
    discussed = [f.uraian for f in meeting.findings if f.accepted]
    decided = [f"Menetapkan PTPP {item.nomor} atas {subject(item)}." for item in ptpps] or [
        "Tidak ada tindakan perbaikan/pencegahan yang perlu ditetapkan."
    ]
    return {
        "sidang": meeting.acara,
        "hari_tanggal": hari_tanggal(meeting.tanggal),
        "tanggal": meeting.tanggal.isoformat(),
        "surat_undangan": invitation_text(meeting),
        "waktu": f"{meeting.waktu_mulai} - {meeting.waktu_selesai} WIB",
        "tempat": meeting.tempat or "-",
        "acara": list(meeting.agenda) or [meeting.acara],
        "ketua": person(meeting.ketua),
        "sekretaris": person(meeting.sekretaris),
        "pencatat": person(meeting.pencatat),
        "peserta": [person(p) for p in meeting.people],
        "pembukaan": [opening],
        "pembahasan": discussed or ["Hasil pengukuran kepuasan pelanggan dibahas bersama."],
        "keputusan": decided,
        "tindak_lanjut": follow_ups(ptpps),
        "penutup": f"Rapat ditutup pukul {meeting.waktu_selesai} WIB.",
        "rapat": meeting.id,
    }


class MinutesService:
    """The period's notulen: draft it from the meeting, edit its kegiatan, read it."""

    def __init__(
        self,
        clock: Clock = system_clock,
        *,
        signoff: SignOffService,
        meeting: MeetingService,
        ptpp: PtppService,
    ) -> None:
        self.clock = clock
        self.signoff = signoff
        self.meeting = meeting
        self.ptpp = ptpp

    def document_data(self, kind: str, period_id: int) -> DocumentData:
        """The document engine's data: "notulen" or "daftar-hadir"."""
        from ikm_tui.services import meeting_documents

        if kind == "daftar-hadir":
            return meeting_documents.daftar_hadir_data(self, period_id)
        return meeting_documents.notulen_data(self, period_id)

    def current(self, period_id: int) -> DocumentRecord | None:
        return self.signoff.latest(period_id, sop.NOTULEN)

    def meeting_of(self, period_id: int) -> MeetingRecord:
        found = self.meeting.latest(period_id)
        if found is None:
            raise WorkflowError(
                "Rapat pembahasan hasil periode ini belum dicatat; notulen dibuat dari catatan "
                "rapat."
            )
        return found

    def draft(self, period_id: int) -> dict[str, object]:
        return minutes_content(self.meeting_of(period_id), self.ptpp.list(period_id))

    def create(self, period_id: int, user: UserRecord) -> DocumentRecord:
        """The notulen drafted from the meeting (Staf, at step 9), linked to the meeting."""
        meeting = self.meeting_of(period_id)
        period = get_period_row(period_id)
        content = minutes_content(meeting, self.ptpp.list(period_id))
        document = self.signoff.create(
            period_id,
            sop.NOTULEN,
            f"Notulen Rapat Pembahasan Hasil IKM {period.name}",
            content,
            user,
        )
        self.meeting.attach_minutes(meeting.id, document.id, user)
        return document

    def update(
        self,
        document_id: int,
        user: UserRecord,
        texts: dict[str, list[str]],
        base_hash: str | None = None,
        refresh: bool = False,
    ) -> DocumentRecord:
        """Change the kegiatan lines (pembukaan, pembahasan, keputusan); `refresh` re-reads the
        header, peserta and tindak lanjut from the meeting and the PTPPs."""
        document = self.signoff.get(document_id)
        content = dict(document.content)
        if refresh and document.period_id is not None:
            fresh = self.draft(document.period_id)
            content.update({k: v for k, v in fresh.items() if k not in EDITABLE})
        for key, lines in texts.items():
            if key not in EDITABLE:
                raise ValidationError(f"Bagian notulen {key} tidak dapat diubah di sini.")
            cleaned = [line.strip() for line in lines if line.strip()]
            if not cleaned:
                raise ValidationError(f"Bagian {key} notulen tidak boleh kosong.")
            content[key] = cleaned
        return self.signoff.update_content(document_id, content, user, base_hash)
