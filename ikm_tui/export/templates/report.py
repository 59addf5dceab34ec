"""Provides the builders of the Laporan IKM and pengumuman hasil SKM templates (docxtpl).

The report follows the 2017 Lampiran outline (regulations.md "Report outline"): cover, kata
pengantar signed by the Camat, daftar isi, BAB I-V, lampiran (kuesioner, olah data). Each BAB
starts on a new page; headings keep with the text after them; every long table repeats its
heading row and never splits a row across pages. The unsur columns of the olah-data and trend
tables repeat per unsur (`{%tc for %}`), so one template serves 9 and 14 unsur.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ikm_tui.export.docx_common import FONT_NAME, set_column_widths
from ikm_tui.export.templates import parts

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table

BODY = 11
TABLE = 9
SMALL = 8


def _styles(doc: Document) -> None:
    """Headings in the document font, black, BAB headings opening a page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for name, size in (("Heading 1", 13), ("Heading 2", 11)):
        style = doc.styles[name]
        style.font.name = FONT_NAME
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
        if fonts is not None:
            for attr in list(fonts.attrib):
                if "Theme" in attr or "theme" in attr:
                    del fonts.attrib[attr]
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before = Pt(12 if name == "Heading 1" else 8)
        fmt.space_after = Pt(6 if name == "Heading 1" else 3)
    chapter = doc.styles["Heading 1"].paragraph_format
    chapter.page_break_before = True
    chapter.alignment = WD_ALIGN_PARAGRAPH.CENTER
    normal = doc.styles["Normal"].paragraph_format
    normal.line_spacing = 1.15


def _text(doc: Document, text: str, size: float = BODY, **style: Any) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = style.pop("align", WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph.paragraph_format.space_after = Pt(style.pop("after", 6))
    if style.pop("keep", False):
        paragraph.paragraph_format.keep_with_next = True
    parts.set_font(paragraph.add_run(text), size, **style)
    return paragraph


def _tag(doc: Document, tag: str) -> None:
    """A paragraph holding only a docxtpl `{%p ... %}` tag (removed when rendered)."""
    doc.add_paragraph("{%p " + tag + " %}")


def _grid(
    doc: Document,
    heading: Sequence[str],
    widths_cm: Sequence[float],
    loop: str,
    cells: Sequence[str],
    size: float = TABLE,
) -> Table:
    """A bordered table: bold heading row (repeated on each page), one looping data row."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(heading))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        parts.set_font(cell.paragraphs[0].add_run(text), size, bold=True)
    parts.repeat_as_header(table.rows[0])
    parts.keep_row_together(table.rows[0])
    parts.loop_rows(table, loop, cells, size)
    set_column_widths(table, [Cm(w) for w in widths_cm])
    return table


def _footer_row(table: Table, cells: Sequence[str], size: float = TABLE) -> None:
    row = table.add_row()
    parts.keep_row_together(row)
    for cell, text in zip(row.cells, cells, strict=True):
        parts.set_font(cell.paragraphs[0].add_run(text), size, bold=True)


def _after_table(doc: Document) -> None:
    from docx.shared import Pt

    doc.add_paragraph().paragraph_format.line_spacing = Pt(6)


def _caption(doc: Document, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _text(doc, text, TABLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep=True, after=3)


def _cover(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    parts.add_kop(doc)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(5):
        doc.add_paragraph()
    _text(doc, "{{ judul }}", 18, bold=True, align=centre, after=18)
    _text(doc, "{{ unit }}", 15, bold=True, align=centre, after=6)
    _text(doc, "{{ subjudul }}", 13, align=centre, after=6)
    _text(doc, "{{ rentang }}", BODY, align=centre, after=6)
    _text(doc, "Diukur menurut {{ angka.regime.nama }}", BODY, italic=True, align=centre)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _foreword(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc.add_heading("KATA PENGANTAR", level=1)
    _text(doc, "{{ narasi.kata_pengantar }}")
    table = doc.add_table(rows=6, cols=2)
    set_column_widths(table, [Cm(8.0), Cm(8.0)])
    lines = [
        "{{ tempat_tanggal }}",
        "{{ ttd.disetujui.jabatan }}",
        "",
        "{{ ttd.disetujui.nama }}",
        "{{ ttd.disetujui.pangkat }}",
        "{{ ttd.disetujui.nip }}",
    ]
    for index, (row, text) in enumerate(zip(table.rows, lines, strict=True)):
        parts.keep_row_together(row)
        paragraph = row.cells[1].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        parts.set_font(run, 10, bold=index == 3)
        run.underline = index == 3
    table.rows[2].height = Cm(1.8)


CONTENTS = (
    ("KATA PENGANTAR", ""),
    ("DAFTAR ISI", ""),
    ("BAB I PENDAHULUAN", "1.1 Latar Belakang; 1.2 Dasar Pelaksanaan; 1.3 Maksud dan Tujuan"),
    (
        "BAB II PENGUMPULAN DATA",
        "2.1 Pelaksana; 2.2 Metode; 2.3 Lokasi; 2.4 Waktu Pelaksanaan; "
        "2.5 Penentuan Jumlah Responden",
    ),
    (
        "BAB III HASIL PENGOLAHAN DATA",
        "3.1 Jumlah dan Profil Responden; 3.2 Indeks Kepuasan Masyarakat per Unsur; "
        "3.3 IKM per Jenis Layanan",
    ),
    (
        "BAB IV ANALISIS",
        "4.1 Kelemahan dan Kelebihan Unsur; 4.2 Rencana Tindak Lanjut; 4.3 Tren IKM; "
        "4.4 Keluhan; 4.5 Saran Responden",
    ),
    ("BAB V KESIMPULAN DAN SARAN", "5.1 Kesimpulan; 5.2 Saran"),
    ("LAMPIRAN", "1. Kuesioner; 2. Hasil Olah Data per Responden dan per Unsur"),
)


def _contents(doc: Document) -> None:
    doc.add_heading("DAFTAR ISI", level=1)
    for chapter, sections in CONTENTS:
        _text(doc, chapter, BODY, bold=True, after=1 if sections else 6, keep=bool(sections))
        if sections:
            _text(doc, sections, 10, after=6)


def _bab_1(doc: Document) -> None:
    doc.add_heading("BAB I\nPENDAHULUAN", level=1)
    doc.add_heading("1.1 Latar Belakang", level=2)
    _text(doc, "{{ narasi.latar_belakang }}")
    doc.add_heading("1.2 Dasar Pelaksanaan", level=2)
    _tag(doc, "for d in dasar_hukum")
    _text(doc, "{{ loop.index }}. {{ d }}", after=2)
    _tag(doc, "endfor")
    doc.add_heading("1.3 Maksud dan Tujuan", level=2)
    _text(doc, "{{ narasi.maksud_tujuan }}")


def _bab_2(doc: Document) -> None:
    doc.add_heading("BAB II\nPENGUMPULAN DATA", level=1)
    for title, key in (("2.1 Pelaksana", "pelaksana"), ("2.2 Metode", "metode")):
        doc.add_heading(title, level=2)
        _text(doc, "{{ narasi." + key + " }}")
    _text(doc, "{{ kalimat.metode }}")
    doc.add_heading("2.3 Lokasi", level=2)
    _text(doc, "{{ narasi.lokasi }}")
    doc.add_heading("2.4 Waktu Pelaksanaan", level=2)
    _caption(doc, "Tabel 2.1 Waktu pelaksanaan survei")
    _grid(
        doc,
        ["No", "Kegiatan", "Waktu", "Jumlah hari kerja"],
        [1.0, 6.0, 6.5, 2.5],
        "for w in angka.waktu",
        ["{{ loop.index }}", "{{ w.kegiatan }}", "{{ w.waktu }}", "{{ w.hari_kerja }}"],
    )
    _after_table(doc)
    doc.add_heading("2.5 Penentuan Jumlah Responden", level=2)
    _text(doc, "{{ kalimat.sampel }}", keep=True)
    _caption(doc, "Tabel 2.2 Populasi, sampel minimal dan responden per jenis layanan")
    table = _grid(
        doc,
        ["Jenis layanan", "Populasi", "Sampel minimal", "Responden", "Keterangan"],
        [5.6, 2.3, 2.6, 2.3, 3.2],
        "for s in angka.sampel.rows",
        ["{{ s.nama }}", "{{ s.populasi }}", "{{ s.target }}", "{{ s.actual }}", "{{ s.status }}"],
    )
    _footer_row(
        table,
        [
            "Jumlah",
            "{{ angka.sampel.populasi }}",
            "{{ angka.sampel.target }}",
            "{{ angka.sampel.actual }}",
            "{{ angka.sampel.status }}",
        ],
    )
    _after_table(doc)


def _bab_3(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_heading("BAB III\nHASIL PENGOLAHAN DATA", level=1)
    doc.add_heading("3.1 Jumlah dan Profil Responden", level=2)
    _text(doc, "{{ kalimat.responden }}")
    _tag(doc, "for p in angka.profil")
    _caption(doc, "Tabel 3.{{ loop.index }} Responden menurut {{ p.label|lower }}")
    _grid(
        doc,
        ["{{ p.label }}", "Jumlah", "Persentase"],
        [8.0, 3.0, 3.0],
        "for r in p.rows",
        ["{{ r.label }}", "{{ r.jumlah }}", "{{ r.persen }}"],
    )
    _after_table(doc)
    _tag(doc, "endfor")
    doc.add_heading("3.2 Indeks Kepuasan Masyarakat per Unsur", level=2)
    _text(doc, "{{ kalimat.ikm }}", keep=True)
    _caption(doc, "Tabel NRR, NRR tertimbang, nilai konversi dan mutu per unsur")
    table = _grid(
        doc,
        ["Kode", "Unsur pelayanan", "Jumlah nilai", "NRR", "NRR tertimbang", "Konversi", "Mutu"],
        [1.2, 5.4, 1.9, 1.6, 2.2, 2.0, 1.7],
        "for u in angka.unsur",
        [
            "{{ u.kode }}",
            "{{ u.nama }}",
            "{{ u.jumlah }}",
            "{{ u.nrr }}",
            "{{ u.nrr_tertimbang }}",
            "{{ u.konversi }}",
            "{{ u.mutu }}",
        ],
    )
    _footer_row(
        table,
        ["", "Indeks (jumlah NRR tertimbang)", "", "", "{{ angka.indeks }}", "", ""],
    )
    _footer_row(table, ["", "IKM (indeks x 25)", "", "", "", "{{ angka.ikm }}", "{{ angka.mutu }}"])
    _after_table(doc)
    _text(doc, "{{ kalimat.bobot }}", 10, italic=True)
    _caption(doc, "Tabel nilai persepsi, interval, mutu dan kinerja ({{ angka.regime.nama }})")
    _grid(
        doc,
        ["Nilai persepsi", "Nilai interval", "Interval konversi", "Mutu", "Kinerja"],
        [2.4, 3.4, 3.4, 1.6, 4.2],
        "for b in angka.interval",
        [
            "{{ b.nilai_persepsi }}",
            "{{ b.interval_nilai }}",
            "{{ b.interval_konversi }}",
            "{{ b.mutu }}",
            "{{ b.kinerja }}",
        ],
    )
    _after_table(doc)
    _caption(doc, "Grafik nilai unsur pelayanan (NRR x 25)")
    chart = doc.add_paragraph()
    chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.add_run("{{ grafik_unsur }}")
    doc.add_heading("3.3 IKM per Jenis Layanan", level=2)
    _grid(
        doc,
        ["Jenis layanan", "Responden", "IKM", "Mutu", "Kinerja"],
        [6.2, 2.4, 2.2, 1.6, 3.6],
        "for s in angka.layanan",
        ["{{ s.nama }}", "{{ s.responden }}", "{{ s.ikm }}", "{{ s.mutu }}", "{{ s.kinerja }}"],
    )
    _after_table(doc)


def _bab_4(doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc.add_heading("BAB IV\nANALISIS", level=1)
    doc.add_heading("4.1 Kelemahan dan Kelebihan Unsur", level=2)
    _text(doc, "{{ kalimat.kelebihan }}")
    _text(doc, "{{ kalimat.kelemahan }}")
    _text(doc, "{{ narasi.analisis }}")
    doc.add_heading("4.2 Rencana Tindak Lanjut", level=2)
    _grid(
        doc,
        ["No", "Prioritas unsur", "Program / kegiatan", "Waktu", "Penanggung jawab"],
        [0.9, 3.6, 5.9, 2.6, 3.0],
        "for r in rtl",
        [
            "{{ loop.index }}",
            "{{ r.unsur }}",
            "{{ r.program }}",
            "{{ r.waktu }}",
            "{{ r.penanggung_jawab }}",
        ],
    )
    _after_table(doc)
    doc.add_heading("4.3 Tren IKM", level=2)
    _text(doc, "{{ kalimat.tren }}", keep=True)
    _trend_table(doc)
    _after_table(doc)
    chart = doc.add_paragraph()
    chart.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.add_run("{{ grafik_tren }}")
    doc.add_heading("4.4 Keluhan Masyarakat", level=2)
    _text(doc, "{{ kalimat.keluhan }}")
    _tag(doc, "if angka.keluhan.rows")
    _grid(
        doc,
        ["Kode", "Unsur terkait", "Jumlah keluhan"],
        [1.6, 9.0, 3.0],
        "for k in angka.keluhan.rows",
        ["{{ k.kode }}", "{{ k.nama }}", "{{ k.jumlah }}"],
    )
    _after_table(doc)
    _tag(doc, "endif")
    doc.add_heading("4.5 Saran Responden", level=2)
    _text(doc, "{{ kalimat.saran }}")
    _tag(doc, "for g in angka.saran")
    _text(doc, "{{ g.tema }} ({{ g.jumlah }} saran)", 10, bold=True, keep=True, after=1)
    _tag(doc, "for s in g.daftar[:8]")
    _text(
        doc, '- "{{ s.teks }}"{% if s.jumlah > 1 %} ({{ s.jumlah }} kali){% endif %}', 10, after=1
    )
    _tag(doc, "endfor")
    _tag(doc, "endfor")


def _equal_columns(table: Table) -> None:
    """Equal grid columns over the text width and no cell widths: a table whose columns
    repeat per unsur or per period (`{%tc for %}`) is re-gridded evenly when rendered."""
    from docx.shared import Cm

    table.autofit = False
    for column in table.columns:
        column.width = Cm(parts.TEXT_WIDTH_CM / len(table.columns))


def _trend_table(doc: Document) -> None:
    """IKM and each unsur's converted value (rows) per period (one column per period)."""
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    heading = ["Uraian", "{%tc for p in tren.periode %}", "{{ p }}", "{%tc endfor %}"]
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        parts.set_font(cell.paragraphs[0].add_run(text), SMALL, bold=True)
    parts.repeat_as_header(table.rows[0])
    cells = ["{{ t.label }}", "{%tc for v in t.nilai %}", "{{ v }}", "{%tc endfor %}"]
    parts.loop_rows(table, "for t in tren.baris", cells, SMALL)
    _equal_columns(table)


def _bab_5(doc: Document) -> None:
    doc.add_heading("BAB V\nKESIMPULAN DAN SARAN", level=1)
    doc.add_heading("5.1 Kesimpulan", level=2)
    _text(doc, "{{ kalimat.kesimpulan }}")
    _text(doc, "{{ narasi.kesimpulan }}")
    doc.add_heading("5.2 Saran", level=2)
    _text(doc, "{{ narasi.saran }}")
    parts.add_signatures(doc, ("dibuat", "diperiksa", "disetujui"), size=9)


def _appendix(doc: Document) -> None:

    doc.add_heading("LAMPIRAN 1\nKUESIONER", level=1)
    _text(doc, "{{ kuesioner.keterangan }}", 10, italic=True)
    _grid(
        doc,
        ["No", "Pertanyaan dan pilihan jawaban"],
        [1.0, 15.0],
        "for q in kuesioner.pertanyaan",
        ["{{ q.nomor }}", "{{ q.teks }}\n{{ q.pilihan }}"],
    )
    _after_table(doc)
    doc.add_heading(
        "LAMPIRAN 2\nPENGOLAHAN DATA SURVEI KEPUASAN MASYARAKAT PER RESPONDEN DAN PER UNSUR PELAYANAN",
        level=1,
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    heading = ["No.", "{%tc for c in angka.olah_data.codes %}", "{{ c }}", "{%tc endfor %}"]
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        parts.set_font(cell.paragraphs[0].add_run(text), SMALL, bold=True)
    parts.repeat_as_header(table.rows[0])
    parts.loop_rows(
        table,
        "for r in olah",
        ["{{ r.nomor }}", "{%tc for v in r.nilai %}", "{{ v }}", "{%tc endfor %}"],
        SMALL,
    )
    for label, key in (
        ("Jumlah nilai", "jumlah"),
        ("NRR", "nrr"),
        ("NRR tertimbang", "nrr_tertimbang"),
    ):
        _footer_row(
            table,
            [label, "{%tc for v in angka.olah_data." + key + " %}", "{{ v }}", "{%tc endfor %}"],
            SMALL,
        )
    _equal_columns(table)
    _after_table(doc)
    _text(doc, "{{ kalimat.olah_ikm }}", 10, bold=True)
    _text(doc, "Keterangan unsur:", 9, bold=True, after=1, keep=True)
    _tag(doc, "for u in angka.unsur")
    _text(doc, "{{ u.kode }} = {{ u.nama }}", 9, after=0)
    _tag(doc, "endfor")
    _text(doc, "Mutu pelayanan:", 9, bold=True, after=1, keep=True)
    _tag(doc, "for b in angka.interval|reverse")
    _text(doc, "{{ b.mutu }} ({{ b.interval_konversi }}) = {{ b.kinerja }}", 9, after=0)
    _tag(doc, "endfor")


def build_laporan() -> Document:
    """The Laporan IKM (see the module docstring)."""
    doc = parts.new_template()
    _styles(doc)
    _cover(doc)
    _foreword(doc)
    _contents(doc)
    _bab_1(doc)
    _bab_2(doc)
    _bab_3(doc)
    _bab_4(doc)
    _bab_5(doc)
    _appendix(doc)
    return doc


def build_pengumuman() -> Document:
    """The public notice: IKM, mutu, periode, jumlah responden, the unsur and the RTL."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    doc = parts.new_template()
    parts.add_kop(doc)
    parts.add_title(doc, "PENGUMUMAN", "HASIL SURVEI KEPUASAN MASYARAKAT {{ periode|upper }}")
    _text(doc, "{{ pembuka }}")
    box = doc.add_table(rows=3, cols=1)
    box.style = "Table Grid"
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_column_widths(box, [Cm(9.0)])
    for row, (text, size, bold) in zip(
        box.rows,
        (
            ("INDEKS KEPUASAN MASYARAKAT", 11, True),
            ("{{ ikm }}", 28, True),
            ("Mutu {{ mutu }} ({{ kinerja }}) - {{ responden }} responden", 11, False),
        ),
        strict=True,
    ):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        parts.set_font(paragraph.add_run(text), size, bold=bold)
    _after_table(doc)
    _grid(
        doc,
        ["Kode", "Unsur pelayanan", "Nilai", "Mutu"],
        [1.4, 9.6, 2.4, 2.0],
        "for u in unsur",
        ["{{ u.kode }}", "{{ u.nama }}", "{{ u.konversi }}", "{{ u.mutu }}"],
    )
    _after_table(doc)
    _text(doc, "Rencana tindak lanjut perbaikan pelayanan:", BODY, bold=True, keep=True)
    _grid(
        doc,
        ["No", "Unsur", "Program / kegiatan", "Waktu"],
        [0.9, 4.2, 8.0, 2.9],
        "for r in rtl",
        ["{{ loop.index }}", "{{ r.unsur }}", "{{ r.program }}", "{{ r.waktu }}"],
    )
    _after_table(doc)
    _text(doc, "{{ penutup }}")
    parts.add_signatures(doc, ("disetujui",))
    return doc
