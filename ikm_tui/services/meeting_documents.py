"""Provides the document engine's data for steps 6, 8 and 9: the PTPP forms and register
(PtppService), the notula and the daftar hadir (MinutesService).

Each function returns a `DocumentData` of already formatted text. The hashed `data` is what
the page shows (never the clock), so verify-doc notices a PTPP verified, a signature added or
an attendee changed after printing. A document the Camat has not approved prints DRAF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ikm_tui.domain import ptpp as rules
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import hari_tanggal, periode, tanggal
from ikm_tui.domain.nip import format_nip
from ikm_tui.errors import NotFound, WorkflowError
from ikm_tui.export.docx_common import Signer
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import DocumentRecord, MeetingRecord, PersonRecord, PtppRecord
from ikm_tui.services.documents import approval_date, signers_of

if TYPE_CHECKING:
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.minutes import MinutesService
    from ikm_tui.services.ptpp import PtppService

PTPP_FORM = "F-IKM-08"  # the form's control number printed in its header


def _date_text(value: object) -> str:
    import datetime as dt

    if isinstance(value, str) and value:
        return tanggal(dt.date.fromisoformat(value))
    return tanggal(value) if isinstance(value, dt.date) else "-"


def _signer_dict(signer: Signer | None) -> dict[str, str]:
    from ikm_tui.export.engine import signer_context

    return signer_context(signer)


def _person_signer(phrase: str, jabatan: str, person: PersonRecord | None) -> Signer:
    if person is None or not person.nama:
        return Signer.blank(phrase, jabatan)
    return Signer(phrase, person.jabatan or jabatan, person.nama, "", person.nip)


def _ptpp_page(service: PtppService, item: PtppRecord) -> dict[str, Any]:
    content = service.content(item)
    figures = content.get("unsur")
    unsur = (
        f"{figures['kode']} {figures['nama']}: NRR {figures['nrr']}, nilai konversi "
        f"{figures['konversi']}, mutu {figures['mutu']} ({figures['periode']})"
        if isinstance(figures, dict)
        else "-"
    )
    comparison = service.comparison(item)
    signers = signers_of(item.document) if item.document else {}
    camat = signers.get(sop.DISETUJUI)
    verifier = _person_signer("Verifikator", "", item.verifier if item.verified else None)
    hasil = rules.HASIL_VERIFIKASI.get(item.verifikasi_hasil, "Belum diverifikasi")

    def text(key: str) -> str:
        return str(content.get(key) or "-")

    return {
        "nomor": item.nomor,
        "tanggal": tanggal(item.tanggal),
        "formulir": PTPP_FORM,
        "revisi": f"{item.document.version - 1:02d}" if item.document else "00",
        "kepada": text("kepada"),
        "dari": text("dari"),
        "status": f"{'Tertutup' if item.status == rules.TERTUTUP else 'Terbuka'}; "
        f"{item.document.state_text if item.document else 'belum diisi'}",
        "sumber": rules.SUMBER.get(item.sumber, item.sumber)
        + (f" (keluhan {content['keluhan']})" if content.get("keluhan") else "")
        + (f" (lanjutan PTPP {item.asal_nomor})" if item.asal_nomor else ""),
        "persyaratan": text("persyaratan"),
        "kategori": rules.KATEGORI.get(item.kategori, item.kategori),
        "uraian": text("uraian"),
        "unsur": unsur,
        "batas_waktu": _date_text(content.get("batas_waktu")),
        "analisis_penyebab": text("analisis_penyebab"),
        "koreksi": text("koreksi"),
        "tindakan_perbaikan": text("tindakan_perbaikan"),
        "tindakan_pencegahan": text("tindakan_pencegahan"),
        "pic": text("pic"),
        "target_selesai": _date_text(content.get("target_selesai")),
        "dokumen_revisi": text("dokumen_revisi"),
        "hasil": hasil,
        "pembanding": comparison.text if comparison else "-",
        "catatan": item.verifikasi_catatan or "-",
        "tanggal_verifikasi": tanggal(item.tanggal_verifikasi),
        "lanjutan": item.lanjutan_nomor or "-",
        "ttd": {
            "pemohon": _signer_dict(_renamed(signers.get(sop.DIBUAT), "Pemohon")),
            "pemeriksa": _signer_dict(_renamed(signers.get(sop.DIPERIKSA), "Diperiksa oleh")),
            "penetap": _signer_dict(_renamed(camat, "Ditetapkan oleh")),
            "verifikator": _signer_dict(verifier),
            "mengetahui": _signer_dict(
                _renamed(camat, "Mengetahui")
                if item.verified and camat is not None
                else Signer.blank("Mengetahui", "Camat")
            ),
        },
    }


def _renamed(signer: Signer | None, phrase: str) -> Signer | None:
    from dataclasses import replace

    return replace(signer, phrase=phrase) if signer is not None else None


def single_ptpp_key(ptpp_id: int) -> int:
    """The engine's key of one PTPP's form (negative, so never a period's id)."""
    return -ptpp_id


def ptpp_data(service: PtppService, period_id: int) -> DocumentData:
    """Every PTPP of the period, one per page (kind "ptpp"); with a negative key
    (`single_ptpp_key`), the one PTPP of that id (`export ptpp --nomor`)."""
    from ikm_tui.export.engine import DocumentData

    if period_id < 0:
        item = service.get(-period_id)
        items = [item]
        title = f"PTPP {item.nomor}"
    else:
        period = get_period_row(period_id)
        items = service.list(period_id)
        if not items:
            raise NotFound(f"{periode(period.name)} belum mempunyai PTPP.")
        title = f"PTPP {period.name}"
    pages = [_ptpp_page(service, item) for item in items]
    return DocumentData(
        kind="ptpp",
        period_id=period_id,  # the key: verify-doc recomputes exactly this document
        title=title,
        context={
            "judul": "PERMINTAAN TINDAKAN PERBAIKAN DAN PENCEGAHAN (PTPP)",
            "daftar": pages,
        },
        data={"ptpp": pages},
        draft=not all(item.approved for item in items),
    )


def register_data(service: PtppService, period_id: int) -> DocumentData:
    """The PTPP register of a period (kind "register-ptpp")."""
    from ikm_tui.export.engine import DocumentData

    period = get_period_row(period_id)
    items = service.list(period_id)
    rows = []
    for number, item in enumerate(items, start=1):
        content = service.content(item)
        rows.append(
            {
                "no": str(number),
                "nomor": item.nomor,
                "tanggal": tanggal(item.tanggal),
                "temuan": item.uraian,
                "penyebab": str(content.get("analisis_penyebab") or "-"),
                "perbaikan": str(content.get("tindakan_perbaikan") or "-"),
                "pencegahan": str(content.get("tindakan_pencegahan") or "-"),
                "pic": item.pic or "-",
                "target": tanggal(item.target_selesai),
                "selesai": tanggal(item.tanggal_verifikasi),
                "hasil": rules.HASIL_VERIFIKASI.get(item.verifikasi_hasil, "-"),
                "status": "Tertutup" if item.status == rules.TERTUTUP else "Terbuka",
            }
        )
    approved = [item.document for item in items if item.document and item.document.is_final]
    signers: dict[str, Signer] = {}
    if approved:
        blocks = signers_of(approved[-1])
        signers = {"dibuat": blocks[sop.DIBUAT], "disetujui": blocks[sop.DISETUJUI]}
    return DocumentData(
        kind="register-ptpp",
        period_id=period_id,
        title=f"Register PTPP {period.name}",
        context={
            "judul": "REGISTER PERMINTAAN TINDAKAN PERBAIKAN DAN PENCEGAHAN (PTPP)",
            "subjudul": period.name,
            "baris": rows,
        },
        data={"baris": rows},
        signers=signers,
        draft=len(approved) != len(items) or not items,
        sign_date=approval_date(approved[-1]) if approved else None,
    )


def _minutes_parts(service: MinutesService, period_id: int) -> tuple[MeetingRecord, DocumentRecord]:
    meeting = service.meeting_of(period_id)
    document = service.current(period_id)
    if document is None:
        raise WorkflowError("Notulen rapat periode ini belum dibuat (langkah notulen).")
    return meeting, document


def _line(person: dict[str, str]) -> str:
    nip = person.get("nip", "")
    extra = ", ".join(x for x in (person.get("jabatan", ""), nip and f"NIP {format_nip(nip)}") if x)
    return f"{person['nama']} ({extra})" if extra else person.get("nama", "") or "-"


def notulen_data(service: MinutesService, period_id: int) -> DocumentData:
    """The notula of the period's meeting (kind "notulen"), from the signed notulen content."""
    from ikm_tui.export.engine import DocumentData

    meeting, document = _minutes_parts(service, period_id)
    content = document.content
    signers = signers_of(document)

    def person(key: str) -> dict[str, str]:
        value = content.get(key)
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}

    def lines(key: str) -> list[str]:
        value = content.get(key)
        return [str(v) for v in value] if isinstance(value, list) else []

    peserta = content.get("peserta")
    people = [person_line for person_line in (peserta if isinstance(peserta, list) else [])]
    pencatat, ketua = person("pencatat"), person("ketua")
    context = {
        "sidang": str(content.get("sidang", meeting.acara)),
        "hari_tanggal": str(content.get("hari_tanggal", "")),
        "surat_undangan": str(content.get("surat_undangan", "-")),
        "waktu": str(content.get("waktu", "")),
        "tempat": str(content.get("tempat", "-")),
        "acara": lines("acara"),
        "ketua": _line(ketua),
        "sekretaris": _line(person("sekretaris")),
        "pencatat": _line(pencatat),
        "jumlah_peserta": str(len(people)),
        "peserta": [_line({str(k): str(v) for k, v in p.items()}) for p in people],
        "pembukaan": lines("pembukaan"),
        "pembahasan": lines("pembahasan"),
        "keputusan": lines("keputusan"),
        "tindak_lanjut": content.get("tindak_lanjut") or [],
        "penutup": str(content.get("penutup", "")),
    }
    blocks = {
        "pencatat": _with_signature(
            "Pencatat", pencatat, signers[sop.DIBUAT], document.signature(sop.DIBUAT)
        ),
        "pimpinan": _with_signature(
            "Pimpinan Sidang/Rapat",
            ketua,
            signers[sop.DISETUJUI],
            document.signature(sop.DISETUJUI),
        ),
    }
    return DocumentData(
        kind="notulen",
        period_id=period_id,
        title=f"Notulen {document.title.removeprefix('Notulen ')}",
        context=context,
        data={"isi": content},
        signers=blocks,
        draft=not document.is_final,
        document_id=document.id,
        version=document.version,
        sign_date=approval_date(document),
    )


def _with_signature(
    phrase: str, person: dict[str, str], signed: Signer, signature: object
) -> Signer:
    """The block of a meeting officer: the person of the record, blank until the matching
    signature of the sign-off exists (the name printed then is the one who signed)."""
    if signature is None:
        return Signer(phrase, person.get("jabatan", ""), "")
    return Signer(
        phrase, person.get("jabatan") or signed.jabatan, signed.name, signed.pangkat, signed.nip
    )


def daftar_hadir_data(service: MinutesService, period_id: int) -> DocumentData:
    """The daftar hadir of the period's meeting (kind "daftar-hadir"); final once the
    notulen it belongs to is approved."""
    from ikm_tui.export.engine import DocumentData

    meeting = service.meeting_of(period_id)
    document = service.current(period_id)
    rows = [
        {
            "no": str(number),
            "nama": item.nama,
            "jabatan": item.jabatan or "-",
            "nip": f"NIP {format_nip(item.nip)}" if item.nip else "",
            "kiri": f"{number}. ............" if number % 2 else "",
            "kanan": "" if number % 2 else f"{number}. ............",
        }
        for number, item in enumerate(meeting.people, start=1)
    ]
    chair = _person_signer("Mengetahui, Pimpinan Rapat", "", meeting.ketua)
    context = {
        "acara": meeting.acara,
        "hari_tanggal": hari_tanggal(meeting.tanggal),
        "waktu": f"{meeting.waktu_mulai} - {meeting.waktu_selesai} WIB",
        "tempat": meeting.tempat or "-",
        "baris": rows,
    }
    return DocumentData(
        kind="daftar-hadir",
        period_id=period_id,
        title=f"Daftar Hadir Rapat {get_period_row(period_id).name}",
        context=context,
        data={"rapat": context},
        signers={"pimpinan": chair},
        draft=document is None or not document.is_final,
        sign_date=meeting.tanggal,
    )
