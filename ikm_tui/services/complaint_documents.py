"""Provides the document engine's data for the complaint register and step 10: the Form Catatan
Keluhan Pelanggan of one complaint ("keluhan", keyed by the complaint's id), the Buku Register
Keluhan Pelanggan ("register-keluhan", keyed by a period's id, or by `year_key(year)` for a
calendar year) and the daftar arsip of a period ("daftar-arsip").

These documents are signed on paper, not through the sign-off: their blocks carry the names of
the people concerned (the petugas, the Sekretaris Camat) and are never marked DRAF.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ikm_tui.domain import complaints as rules
from ikm_tui.domain import sop
from ikm_tui.domain.formatting import bilangan, tanggal
from ikm_tui.domain.regimes import unsur_label
from ikm_tui.errors import NotFound
from ikm_tui.export.docx_common import Signer
from ikm_tui.persistence import users
from ikm_tui.persistence.periods import get_period_row
from ikm_tui.persistence.records import ComplaintRecord, UserRecord

if TYPE_CHECKING:
    from ikm_tui.export.engine import DocumentData
    from ikm_tui.services.archive import ArchiveService
    from ikm_tui.services.complaints import ComplaintService

KELUHAN = "keluhan"
REGISTER_KELUHAN = "register-keluhan"
DAFTAR_ARSIP = "daftar-arsip"


def year_key(year: int) -> int:
    """The key of a calendar year's register (negative, so never a period's id)."""
    return -year


def person(phrase: str, user: UserRecord | None, jabatan: str) -> Signer:
    """A block with the person's name and NIP (signed by hand), or a blank one."""
    if user is None:
        return Signer.blank(phrase, jabatan)
    return Signer(phrase, user.jabatan or jabatan, user.full_name, user.pangkat, user.nip)


def holder_of(role: str) -> UserRecord | None:
    """The first active user holding `role` (the Sekretaris Camat who signs "Mengetahui")."""
    return next((u for u in users.active() if u.has_role(role)), None)


def _unsur(key: str) -> str:
    return unsur_label(key)


def _text(value: str) -> str:
    return value.strip() or "-"


def _status(record: ComplaintRecord) -> str:
    text = rules.status_text(record.status, record.ptpp_nomor)
    return f"{text} (terlambat)" if record.overdue else text


def keluhan_data(service: ComplaintService, complaint_id: int) -> DocumentData:
    from ikm_tui.export.engine import DocumentData

    record = service.get(complaint_id)
    ptpp = record.ptpp_nomor or ("ya" if record.ptpp_document_id else "tidak")
    fields = {
        "nomor": record.nomor,
        "tanggal": tanggal(record.received_at.date()),
        "jam": f"{record.received_at:%H.%M}",
        "saluran": record.saluran,
        "tiket": _text(record.lapor_ticket),
        "nama": rules.pelapor_text(record.pelapor_nama),
        "alamat": _text(record.pelapor_alamat),
        "hp": _text(record.pelapor_hp),
        "layanan": _text(record.service_name),
        "uraian": _text(record.uraian),
        "harapan": _text(record.harapan),
        "klasifikasi": _text(record.klasifikasi),
        "unsur": _unsur(record.unsur_key),
        "tindakan_segera": _text(record.tindakan_segera),
        "ptpp": ptpp,
        "disposisi": _text(record.diteruskan_ke),
        "tanggapan": _text(record.tanggapan),
        "tindak_lanjut": _text(record.tindak_lanjut),
        "batas_waktu": tanggal(record.batas_waktu),
        "kelas": f"{record.kelas} ({record.target_hari} hari kerja)",
        "status": _status(record),
        "selesai": (
            f"{tanggal(record.selesai_at.date())} ({record.lama_hari} hari kerja)"
            if record.selesai_at
            else "-"
        ),
        "konfirmasi": _text(record.konfirmasi),
    }
    petugas = users.find(record.petugas_id) if record.petugas_id else None
    pelapor = Signer("Pelapor", "", record.pelapor_nama) if record.pelapor_nama else None
    signers = {
        "pelapor": pelapor or Signer.blank("Pelapor", "Anonim" if record.anonim else ""),
        "penerima": person("Petugas penerima", petugas, "Petugas pelayanan"),
        "mengetahui": person("Mengetahui", holder_of(sop.SEKCAM), sop.ROLE_NAMES[sop.SEKCAM]),
    }
    return DocumentData(
        kind=KELUHAN,
        period_id=complaint_id,
        title=f"Form catatan keluhan {record.nomor}",
        context={"judul": "FORM CATATAN KELUHAN PELANGGAN", "k": fields},
        data=fields,
        signers=signers,
        draft=False,
        sign_date=record.received_at.date(),
    )


def register_data(service: ComplaintService, key: int) -> DocumentData:
    """The register of a period (key > 0) or of a calendar year (key = year_key(year))."""
    from ikm_tui.export.engine import DocumentData

    if key < 0:
        year = -key
        flt = service.year_filter(year)
        what, subjudul = f"tahun {year}", f"Tahun {year}"
    else:
        period = get_period_row(key)
        flt = service.period_filter(key)
        what = period.name
        subjudul = f"{period.name} ({tanggal(period.start_date)} s.d. {tanggal(period.end_date)})"
    records = service.list(flt)
    rows = [
        {
            "no": str(number),
            "nomor": r.nomor,
            "tanggal": f"{r.received_at:%d-%m-%Y %H.%M}",
            "saluran": r.saluran + (f" ({r.lapor_ticket})" if r.lapor_ticket else ""),
            "pelapor": rules.pelapor_text(r.pelapor_nama),
            "layanan": _text(r.service_name),
            "uraian": r.uraian if len(r.uraian) <= 120 else r.uraian[:117] + "...",
            "unsur": _unsur(r.unsur_key).split(" ")[0],
            "petugas": _text(r.petugas_name),
            "diteruskan": _text(r.disposisi_name or r.diteruskan_ke),
            "tindak_lanjut": _text(r.tindak_lanjut or r.tanggapan),
            "selesai": f"{r.selesai_at:%d-%m-%Y}" if r.selesai_at else "-",
            "lama": str(r.lama_hari) if r.lama_hari is not None else "-",
            "status": _status(r),
            "konfirmasi": _text(r.konfirmasi),
        }
        for number, r in enumerate(records, start=1)
    ]
    closed = [r for r in records if r.status == rules.SELESAI]
    on_time = [r for r in closed if not r.overdue]
    summary = (
        f"Jumlah keluhan {bilangan(len(records))}; selesai {bilangan(len(closed))} "
        f"({bilangan(len(on_time))} dalam batas waktu); belum selesai "
        f"{bilangan(len(records) - len(closed))}"
        f"{'; ' + bilangan(sum(r.overdue and r.status != rules.SELESAI for r in records)) + ' melewati batas waktu' if records else ''}."
    )
    return DocumentData(
        kind=REGISTER_KELUHAN,
        period_id=key,
        title=f"Register keluhan {what}",
        context={
            "judul": "BUKU REGISTER KELUHAN PELANGGAN",
            "subjudul": subjudul,
            "ringkasan": summary,
            "baris": rows,
        },
        data={"baris": rows, "ringkasan": summary},
        signers={
            "dibuat": person("Dibuat oleh", None, "Petugas pengelola pengaduan"),
            "mengetahui": person("Mengetahui", holder_of(sop.SEKCAM), sop.ROLE_NAMES[sop.SEKCAM]),
        },
        draft=False,
    )


def daftar_arsip_data(service: ArchiveService, period_id: int) -> DocumentData:
    """The daftar arsip of a period's items (step 10)."""
    from ikm_tui.export.engine import DocumentData

    period = get_period_row(period_id)
    items = service.list(period_id)
    if not items:
        raise NotFound(
            f"{period.name} belum memiliki berkas arsip; arsipkan dahulu (langkah Arsip)."
        )
    rows = [
        {
            "no": str(number),
            "nomor": item.nomor_berkas,
            "kode": item.kode_klasifikasi,
            "uraian": item.uraian,
            "kurun": item.kurun_waktu,
            "jumlah": item.jumlah,
            "tingkat": item.tingkat_perkembangan,
            "retensi": f"{item.retensi_aktif} th / {item.retensi_inaktif} th",
            "nasib": item.nasib_akhir,
            "lokasi": item.lokasi_text,
            "keamanan": item.klasifikasi_keamanan,
            "berkas": f"{item.file_name} ({bilangan(item.file_size or 0)} byte) {item.sha256[:16]}",
        }
        for number, item in enumerate(items, start=1)
    ]
    archiver = next((i.archived_by_id for i in items if i.archived_by_id), None)
    archivist = users.find(archiver) if archiver else None
    last = max(item.archived_at for item in items)
    return DocumentData(
        kind=DAFTAR_ARSIP,
        period_id=period_id,
        title=f"Daftar arsip {period.name}",
        context={
            "judul": "DAFTAR ARSIP",
            "subjudul": f"Notulen rapat dan laporan IKM {period.name}",
            "pengantar": f"{len(items)} berkas diarsipkan pada {tanggal(last.date())}. Berkas "
            "digital tersimpan di basis data ikm-tui dengan sidik SHA-256 (16 karakter pertama "
            "tercantum); ikm-tui verify memeriksa keutuhannya.",
            "baris": rows,
        },
        data={"baris": rows},
        signers={
            "dibuat": person("Dibuat oleh", archivist, "Pengelola arsip"),
            "mengetahui": person("Mengetahui", holder_of(sop.SEKCAM), sop.ROLE_NAMES[sop.SEKCAM]),
        },
        draft=False,
        sign_date=last.date(),
    )
