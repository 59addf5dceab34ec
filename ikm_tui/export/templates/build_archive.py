"""Provides the template builders of step 10 and the complaint register: the daftar arsip and
the Buku Register Keluhan Pelanggan (landscape tables) and the Form Catatan Keluhan Pelanggan
(one A4 page per complaint)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ikm_tui.export.docx_common import set_column_widths
from ikm_tui.export.kinds import DAFTAR_ARSIP_ROW, REGISTER_KELUHAN_ROW
from ikm_tui.export.templates import parts
from ikm_tui.export.templates.build_meetings import SIZE, _cm, _grid, _labelled, _paragraph

if TYPE_CHECKING:
    from docx.document import Document


def _landscape_list(
    intro: str,
    heading: Sequence[str],
    widths: Sequence[float],
    keys: Sequence[str],
    size: int = 8,
) -> Document:
    """A landscape page: kop, title, one line of text, a table with a row per `baris` in
    `size` points (heading repeated on every page), Dibuat oleh / Mengetahui signatures."""
    from docx.enum.section import WD_ORIENT

    doc = parts.new_template()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    parts.add_kop(doc)
    parts.add_title(doc, "{{ judul }}", "{{ subjudul }}", size=12)
    _paragraph(doc, intro, SIZE)
    table = _grid(doc, widths, heading)
    parts.loop_rows(table, "for r in baris", ["{{ r." + key + " }}" for key in keys], size=size)
    set_column_widths(table, [_cm(w) for w in widths])
    parts.add_signatures(doc, ("dibuat", "mengetahui"))
    return doc


def build_daftar_arsip() -> Document:
    """The daftar arsip of a period: one row per berkas with its classification, retention,
    the wet-signed paper's location and the digital file's SHA-256."""
    return _landscape_list(
        "{{ pengantar }}",
        (
            "No",
            "Nomor berkas",
            "Kode klasifikasi",
            "Uraian",
            "Kurun waktu",
            "Jumlah",
            "Tingkat perkem- bangan",
            "Retensi aktif / inaktif",
            "Nasib akhir",
            "Lokasi simpan",
            "Klasifikasi keamanan",
            "Berkas digital (SHA-256)",
        ),
        (0.8, 1.7, 1.8, 4.2, 1.4, 1.4, 2.1, 1.8, 1.8, 3.0, 1.8, 2.9),
        DAFTAR_ARSIP_ROW,
    )


def build_register_keluhan() -> Document:
    """The Buku Register Keluhan Pelanggan: one row per complaint."""
    return _landscape_list(
        "{{ ringkasan }}",
        (
            "No",
            "No. keluhan",
            "Tanggal diterima",
            "Saluran",
            "Nama pelapor",
            "Jenis layanan",
            "Uraian ringkas",
            "Un- sur",
            "Petugas penerima",
            "Disposisi ke",
            "Tindak lanjut",
            "Tgl. selesai",
            "Lama (hari)",
            "Status",
            "Konfir- masi ke pelapor",
        ),
        # 15 columns in the landscape width: 7 pt rows, so that names in capitals, PTPP
        # numbers in the status and service names do not break inside a word
        (0.8, 2.1, 1.5, 1.5, 1.7, 1.7, 1.9, 1.0, 2.5, 1.8, 1.5, 1.4, 1.2, 2.3, 1.8),
        REGISTER_KELUHAN_ROW,
        size=7,
    )


def build_keluhan() -> Document:
    """The Form Catatan Keluhan Pelanggan of one complaint: received, identity of the
    complainant, the complaint, handling and answer, then three signatures."""
    doc = parts.new_template()
    parts.add_kop(doc)
    parts.add_title(doc, "{{ judul }}", "Nomor: {{ k.nomor }}", size=12)
    sections = (
        (
            "A. Penerimaan",
            (
                ("Tanggal dan jam diterima", "{{ k.tanggal }}, pukul {{ k.jam }}"),
                ("Saluran", "{{ k.saluran }}"),
                ("No. tiket SP4N-LAPOR!", "{{ k.tiket }}"),
            ),
        ),
        (
            "B. Identitas pelapor",
            (("Nama", "{{ k.nama }}"), ("Alamat", "{{ k.alamat }}"), ("No. HP", "{{ k.hp }}")),
        ),
        (
            "C. Keluhan",
            (
                ("Jenis layanan", "{{ k.layanan }}"),
                ("Uraian keluhan", "{{ k.uraian }}"),
                ("Harapan pelapor", "{{ k.harapan }}"),
                ("Klasifikasi", "{{ k.klasifikasi }}"),
                ("Unsur pelayanan terkait", "{{ k.unsur }}"),
            ),
        ),
        (
            "D. Penanganan",
            (
                ("Tindakan segera", "{{ k.tindakan_segera }}"),
                (
                    "Kelas dan batas waktu",
                    "{{ k.kelas }}; selesai paling lambat {{ k.batas_waktu }}",
                ),
                ("Disposisi kepada", "{{ k.disposisi }}"),
                ("Perlu PTPP? (No. PTPP)", "{{ k.ptpp }}"),
                ("Tindak lanjut", "{{ k.tindak_lanjut }}"),
            ),
        ),
        (
            "E. Tanggapan kepada pelapor",
            (
                ("Tanggapan", "{{ k.tanggapan }}"),
                ("Status", "{{ k.status }}"),
                ("Tanggal selesai", "{{ k.selesai }}"),
                ("Konfirmasi ke pelapor", "{{ k.konfirmasi }}"),
            ),
        ),
    )
    for title, rows in sections:
        heading = _paragraph(doc, title, SIZE + 1, bold=True)
        heading.paragraph_format.space_before = _cm(0.25)  # type: ignore[attr-defined]
        heading.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
        table = _grid(doc, (5.0, 11.0))
        for label, value in rows:
            _labelled(table, label, value)
        set_column_widths(table, [_cm(5.0), _cm(11.0)])
    parts.add_signatures(doc, ("pelapor", "penerima", "mengetahui"), size=SIZE + 1)
    return doc
