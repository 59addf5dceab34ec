"""Provides the template builders of steps 6, 8 and 9: PTPP forms, the PTPP register, the
notula (Permendagri 1/2023 layout) and the daftar hadir (signatures staggered left-right)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ikm_tui.export.docx_common import set_column_widths
from ikm_tui.export.templates import parts

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

SIZE = 9  # points: the forms' text (a PTPP fits one A4 page)


def _cm(value: float) -> object:
    from docx.shared import Cm

    return Cm(value)


def _paragraph(doc: Document, text: str, size: float = SIZE, bold: bool = False) -> object:
    paragraph = doc.add_paragraph()
    parts.set_font(paragraph.add_run(text), size, bold)
    return paragraph


def _grid(doc: Document, widths: Sequence[float], heading: Sequence[str] = ()) -> Table:
    """A bordered table (with a bold heading row repeated on every page, when given)."""
    table = doc.add_table(rows=1 if heading else 0, cols=len(widths))
    table.style = "Table Grid"
    if heading:
        for cell, text in zip(table.rows[0].cells, heading, strict=True):
            parts.set_font(cell.paragraphs[0].add_run(text), SIZE - 1, bold=True)
        parts.repeat_as_header(table.rows[0])
        parts.keep_row_together(table.rows[0])
    set_column_widths(table, [_cm(w) for w in widths])
    return table


def _fields(doc: Document, rows: Sequence[tuple[str, str]], widths: tuple[float, float]) -> Table:
    """ "Label : value" lines without borders (the notula header, the daftar hadir's)."""
    table = doc.add_table(rows=0, cols=3)
    for label, value in rows:
        cells = table.add_row().cells
        parts.set_font(cells[0].paragraphs[0].add_run(label), SIZE + 1)
        parts.set_font(cells[1].paragraphs[0].add_run(":"), SIZE + 1)
        parts.set_font(cells[2].paragraphs[0].add_run(value), SIZE + 1)
    set_column_widths(table, [_cm(widths[0]), _cm(0.5), _cm(widths[1])])
    return table


def _labelled(table: Table, label: str, value: str, bold_label: bool = True) -> None:
    cells = table.add_row().cells
    parts.set_font(cells[0].paragraphs[0].add_run(label), SIZE, bold_label)
    parts.set_font(cells[1].paragraphs[0].add_run(value), SIZE)
    parts.keep_row_together(table.rows[-1])


def _section(doc: Document, title: str, rows: Sequence[tuple[str, str]]) -> None:
    heading = _paragraph(doc, title, SIZE, bold=True)
    heading.paragraph_format.space_before = _cm(0.2)  # type: ignore[attr-defined]
    heading.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    table = _grid(doc, (5.0, 11.0))
    for label, value in rows:
        _labelled(table, label, value)
    set_column_widths(table, [_cm(5.0), _cm(11.0)])


def _loop_signatures(doc: Document, prefix: str, slots: Sequence[str]) -> None:
    """Signature blocks side by side filled from a loop variable: `{{ p.ttd.<slot>.nama }}`."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    lines = (
        ("{{ %s.ttd.%s.frasa }}", False),
        ("{{ %s.ttd.%s.jabatan }}", False),
        ("", False),
        ("{{ %s.ttd.%s.nama }}", True),
        ("{{ %s.ttd.%s.nip }}", False),
    )
    doc.add_paragraph().paragraph_format.line_spacing = _cm(0.2)
    table = doc.add_table(rows=len(lines), cols=len(slots))
    set_column_widths(table, [_cm(parts.TEXT_WIDTH_CM / len(slots))] * len(slots))
    for index, (row, (pattern, is_name)) in enumerate(zip(table.rows, lines, strict=True)):
        parts.keep_row_together(row)
        for cell, slot in zip(row.cells, slots, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = index < len(lines) - 1
            run = paragraph.add_run(pattern % (prefix, slot) if pattern else "")
            parts.set_font(run, SIZE - 1, bold=is_name)
            run.underline = is_name
    table.rows[2].height = _cm(1.1)


def build_ptpp() -> Document:
    """Every PTPP of a period, one per page: header, part 1 (pemohon), part 2 (penerima),
    part 3 (verifikasi), each with its signatures."""
    from docx.enum.text import WD_BREAK

    doc = parts.new_template()
    parts.add_kop(doc)
    doc.add_paragraph("{%p for p in daftar %}")
    parts.add_title(doc, "{{ judul }}", "Nomor: {{ p.nomor }}", size=12)
    head = _grid(doc, (3.2, 4.8, 3.2, 4.8))
    for left, right in (
        (("Tanggal", "{{ p.tanggal }}"), ("No. formulir", "{{ p.formulir }}")),
        (("Kepada", "{{ p.kepada }}"), ("Revisi", "{{ p.revisi }}")),
        (("Dari", "{{ p.dari }}"), ("Status", "{{ p.status }}")),
    ):
        cells = head.add_row().cells
        for cell, text, bold in zip(
            cells, (*left, *right), (True, False, True, False), strict=True
        ):
            parts.set_font(cell.paragraphs[0].add_run(text), SIZE, bold)
    _section(
        doc,
        "BAGIAN 1. Diisi oleh pemohon",
        (
            ("Sumber", "{{ p.sumber }}"),
            ("Persyaratan/SOP yang tidak dipenuhi", "{{ p.persyaratan }}"),
            ("Kategori", "{{ p.kategori }}"),
            ("Uraian ketidaksesuaian", "{{ p.uraian }}"),
            ("Data unsur", "{{ p.unsur }}"),
            ("Batas waktu jawaban", "{{ p.batas_waktu }}"),
        ),
    )
    _section(
        doc,
        "BAGIAN 2. Diisi oleh penerima",
        (
            ("Analisis penyebab", "{{ p.analisis_penyebab }}"),
            ("Koreksi segera", "{{ p.koreksi }}"),
            ("Tindakan perbaikan", "{{ p.tindakan_perbaikan }}"),
            ("Tindakan pencegahan", "{{ p.tindakan_pencegahan }}"),
            ("Penanggung jawab (PIC)", "{{ p.pic }}"),
            ("Target selesai", "{{ p.target_selesai }}"),
            ("Dokumen yang direvisi", "{{ p.dokumen_revisi }}"),
        ),
    )
    _loop_signatures(doc, "p", ("pemohon", "pemeriksa", "penetap"))
    _section(
        doc,
        "BAGIAN 3. Verifikasi",
        (
            ("Hasil verifikasi", "{{ p.hasil }}"),
            ("Pembanding (periode berikutnya)", "{{ p.pembanding }}"),
            ("Catatan", "{{ p.catatan }}"),
            ("Tanggal verifikasi", "{{ p.tanggal_verifikasi }}"),
            ("PTPP lanjutan", "{{ p.lanjutan }}"),
        ),
    )
    _loop_signatures(doc, "p", ("verifikator", "mengetahui"))
    doc.add_paragraph("{%p if not loop.last %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p endfor %}")
    return doc


def build_register_ptpp() -> Document:
    """The PTPP register of a period, on a landscape page."""
    from docx.enum.section import WD_ORIENT

    doc = parts.new_template()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    parts.add_kop(doc)
    parts.add_title(doc, "{{ judul }}", "{{ subjudul }}", size=12)
    widths = (0.9, 2.5, 1.8, 2.5, 2.3, 2.4, 2.4, 2.8, 1.8, 1.8, 1.9, 1.5)
    heading = (
        "No",
        "No. PTPP",
        "Tanggal",
        "Temuan",
        "Penyebab",
        "Tindakan perbaikan",
        "Tindakan pencegahan",
        "PIC",
        "Target",
        "Tanggal selesai",
        "Hasil verifikasi",
        "Status",
    )
    table = _grid(doc, widths, heading)
    parts.loop_rows(
        table,
        "for r in baris",
        [
            "{{ r.no }}",
            "{{ r.nomor }}",
            "{{ r.tanggal }}",
            "{{ r.temuan }}",
            "{{ r.penyebab }}",
            "{{ r.perbaikan }}",
            "{{ r.pencegahan }}",
            "{{ r.pic }}",
            "{{ r.target }}",
            "{{ r.selesai }}",
            "{{ r.hasil }}",
            "{{ r.status }}",
        ],
        size=8,
    )
    set_column_widths(table, [_cm(w) for w in widths])
    parts.add_signatures(doc, ("dibuat", "disetujui"))
    return doc


def build_notulen() -> Document:
    """The notula: header lines, acara, pimpinan, peserta, kegiatan (pembukaan, pembahasan,
    keputusan, tindak lanjut with the PTPP numbers); pencatat left, pimpinan right."""
    doc = parts.new_template()
    parts.add_kop(doc)
    parts.add_title(doc, "NOTULA")
    _fields(
        doc,
        (
            ("Sidang/Rapat", "{{ sidang }}"),
            ("Hari/Tanggal", "{{ hari_tanggal }}"),
            ("Surat Undangan", "{{ surat_undangan }}"),
            ("Waktu Sidang/Rapat", "{{ waktu }}"),
            ("Tempat", "{{ tempat }}"),
        ),
        (4.5, 11.0),
    )
    _paragraph(doc, "Acara :", SIZE + 1, bold=True)
    doc.add_paragraph("{%p for a in acara %}")
    _paragraph(doc, "{{ loop.index }}. {{ a }}", SIZE + 1).paragraph_format.left_indent = _cm(0.6)  # type: ignore[attr-defined]
    doc.add_paragraph("{%p endfor %}")
    _paragraph(doc, "Pimpinan Sidang/Rapat", SIZE + 1, bold=True)
    _fields(
        doc,
        (
            ("     Ketua", "{{ ketua }}"),
            ("     Sekretaris", "{{ sekretaris }}"),
            ("     Pencatat", "{{ pencatat }}"),
        ),
        (4.5, 11.0),
    )
    _paragraph(
        doc,
        "Peserta Sidang/Rapat : {{ jumlah_peserta }} orang (daftar hadir terlampir)",
        SIZE + 1,
        bold=True,
    )
    doc.add_paragraph("{%p for o in peserta %}")
    _paragraph(doc, "{{ loop.index }}. {{ o }}", SIZE + 1).paragraph_format.left_indent = _cm(0.6)  # type: ignore[attr-defined]
    doc.add_paragraph("{%p endfor %}")
    _paragraph(doc, "Kegiatan Sidang/Rapat :", SIZE + 1, bold=True)
    for number, (title, loop) in enumerate(
        (("Kata pembukaan", "pembukaan"), ("Pembahasan", "pembahasan"), ("Keputusan", "keputusan")),
        start=1,
    ):
        _paragraph(
            doc, f"{number}. {title}", SIZE + 1, bold=True
        ).paragraph_format.left_indent = _cm(0.3)  # type: ignore[attr-defined]
        doc.add_paragraph(f"{{%p for x in {loop} %}}")
        _paragraph(doc, "- {{ x }}", SIZE + 1).paragraph_format.left_indent = _cm(0.9)  # type: ignore[attr-defined]
        doc.add_paragraph("{%p endfor %}")
    heading = _paragraph(doc, "4. Tindak lanjut", SIZE + 1, bold=True)
    heading.paragraph_format.left_indent = _cm(0.3)  # type: ignore[attr-defined]
    heading.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    widths = (0.8, 6.4, 3.2, 2.6, 3.0)
    table = _grid(doc, widths, ("No", "Tindak lanjut", "PIC", "Target", "No. PTPP"))
    row = parts.loop_rows(
        table,
        "for t in tindak_lanjut",
        ["{{ loop.index }}", "{{ t.uraian }}", "{{ t.pic }}", "{{ t.target }}", "{{ t.ptpp }}"],
        size=SIZE,
    )
    for each in (table.rows[0], row):  # the table, its close and the signatures stay together
        for cell in each.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True
    set_column_widths(table, [_cm(w) for w in widths])
    closing = _paragraph(doc, "{{ penutup }}", SIZE + 1)
    closing.paragraph_format.space_before = _cm(0.2)  # type: ignore[attr-defined]
    closing.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    parts.add_signatures(doc, ("pencatat", "pimpinan"))
    return doc


def build_daftar_hadir() -> Document:
    """The daftar hadir: No | Nama, jabatan, NIP | Tanda tangan, odd numbers signing on the
    left half and even numbers on the right; "Mengetahui, Pimpinan Rapat" at the end."""
    doc = parts.new_template()
    parts.add_kop(doc)
    parts.add_title(doc, "DAFTAR HADIR")
    _fields(
        doc,
        (
            ("Acara", "{{ acara }}"),
            ("Hari/Tanggal", "{{ hari_tanggal }}"),
            ("Waktu", "{{ waktu }}"),
            ("Tempat", "{{ tempat }}"),
        ),
        (3.0, 12.5),
    )
    doc.add_paragraph()
    widths = (1.0, 8.0, 3.5, 3.5)
    table = _grid(doc, widths, ("No", "Nama / Jabatan / NIP", "Tanda tangan", ""))
    table.rows[0].cells[2].merge(table.rows[0].cells[3])
    row = parts.loop_rows(
        table,
        "for r in baris",
        ["{{ r.no }}", "{{ r.nama }}", "{{ r.kiri }}", "{{ r.kanan }}"],
    )
    row.height = _cm(1.3)
    for text in ("{{ r.jabatan }}", "{{ r.nip }}"):
        parts.set_font(row.cells[1].add_paragraph().add_run(text), SIZE - 1)
    set_column_widths(table, [_cm(w) for w in widths])
    parts.add_signatures(doc, ("pimpinan",))
    return doc
