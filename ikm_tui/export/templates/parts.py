"""Provides the shared pieces of every shipped Word template, written as docxtpl placeholders.

A kind's builder (`build.py`) starts from `new_template()` (page, fonts, the DRAF header on
every page, the footer with the verification code and "Halaman X dari Y") and adds
`add_kop`, `add_title`, its own body and `add_signatures`. The placeholders these write are
the engine's common keys (`export/kinds.py` COMMON_KEYS), filled by `export/engine.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ikm_tui.export.docx_common import (
    FONT_NAME,
    KOP_SIZES,
    double_rule,
    new_document,
    set_column_widths,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

TEXT_WIDTH_CM = 16.0  # A4/F4 width minus the 3 cm + 2 cm margins
SIGNATURE_SPACE_CM = 1.6


def new_template() -> Document:
    """An A4 document (the engine sets A4/F4 at render time) with the DRAF header on every
    page and the footer: verification code left, "Halaman X dari Y" right."""
    doc = new_document("A4")
    section = doc.sections[0]
    for paragraph in (section.header.paragraphs[0], section.footer.paragraphs[0]):
        paragraph.style = doc.styles["Normal"]  # not "Footer": its own tab stops
    _draft_header(section.header.paragraphs[0])
    _footer(section.footer.paragraphs[0])
    return doc


def _draft_header(paragraph: Paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run("{{ draf }}")
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _footer(paragraph: Paragraph) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    runs = [paragraph.add_run("Kode verifikasi {{ verifikasi.kode }}\tHalaman ")]
    runs += add_field(paragraph, "PAGE", "1")
    runs.append(paragraph.add_run(" dari "))
    runs += add_field(paragraph, "NUMPAGES", "1")
    for run in runs:
        run.font.size = Pt(8)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> list[Any]:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / value / end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    runs = []
    for part in ("begin", "instr", "separate", "value", "end"):
        run = paragraph.add_run(shown if part == "value" else "")
        if part == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif part != "value":
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), part)
            run._r.append(char)
        runs.append(run)
    return runs


def add_kop(doc: Document) -> None:
    """The letterhead (first page): logo | centred lines | balance column, then a double rule."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    logo_cell, text_cell, _ = table.rows[0].cells
    set_column_widths(table, [Cm(2.0), Cm(TEXT_WIDTH_CM - 4.0), Cm(2.0)])
    logo_cell.paragraphs[0].add_run("{{ kop.logo }}")
    lines = [
        ("{{ kop.pemerintah }}", KOP_SIZES[0], True),
        ("{{ kop.nama_unit }}", KOP_SIZES[1], True),
        ("{{ kop.alamat }}", 8.5, False),
        ("{%p if kop.kontak %}", 8.5, False),  # the e-mail/website line only when there is one
        ("{{ kop.kontak }}", 8.5, False),
        ("{%p endif %}", 8.5, False),
    ]
    for index, (text, size, bold) in enumerate(lines):
        paragraph = text_cell.paragraphs[0] if index == 0 else text_cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    rule = doc.add_paragraph()
    rule.paragraph_format.space_after = Pt(6)
    _tiny(rule)
    double_rule(rule)


def _tiny(paragraph: Paragraph, size: float = 3) -> None:
    """Make an empty paragraph (the rule under the kop) `size` points high."""
    from docx.shared import Pt

    paragraph.paragraph_format.line_spacing = Pt(size)


def add_title(doc: Document, title: str, subtitle: str = "", size: float = 13) -> None:
    """A centred bold title (13 pt) and an optional centred subtitle, then a little space."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(title)
    run.bold = True
    run.font.size = Pt(size)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(subtitle).font.size = Pt(size - 2)
        sub.paragraph_format.space_after = Pt(6)
    else:
        paragraph.paragraph_format.space_after = Pt(6)


def add_signatures(
    doc: Document, slots: Sequence[str], size: float = 10, space_cm: float = SIGNATURE_SPACE_CM
) -> Table:
    """Signature blocks side by side (one column per slot, rows aligned across blocks):
    place and date above the last block, phrase, jabatan, space (with the signature code),
    name (bold, underlined), pangkat, NIP. The table never splits across pages."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    last = len(slots) - 1
    lines: list[tuple[str, bool]] = [
        ("{{ tempat_tanggal }}", False),
        ("{{ ttd.%s.frasa }} :", False),
        ("{{ ttd.%s.jabatan }}", False),
        ("{{ ttd.%s.kode }}", False),
        ("{{ ttd.%s.nama }}", True),
        ("{{ ttd.%s.pangkat }}", False),
        ("{{ ttd.%s.nip }}", False),
    ]
    spacer = doc.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    spacer.paragraph_format.line_spacing = Pt(size)
    table = doc.add_table(rows=len(lines), cols=len(slots))
    set_column_widths(table, [Cm(TEXT_WIDTH_CM / len(slots))] * len(slots))
    for row_index, (row, (pattern, is_name)) in enumerate(zip(table.rows, lines, strict=True)):
        keep_row_together(row)
        for column, (cell, slot) in enumerate(zip(row.cells, slots, strict=True)):
            if row_index == 0 and column != last:
                text = ""
            else:
                text = pattern % slot if "%s" in pattern else pattern
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.keep_with_next = row_index < len(lines) - 1
            run = paragraph.add_run(text)
            run.font.size = Pt(size if row_index != 3 else 7)
            run.bold = run.underline = is_name
    space = table.rows[3]
    space.height = Cm(space_cm)
    for cell in space.cells:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    return table


def keep_row_together(row: Any) -> None:
    """Never split this table row across two pages (w:cantSplit)."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def repeat_as_header(row: Any) -> None:
    """Repeat this row at the top of every page the table continues on (w:tblHeader)."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def loop_rows(table: Table, loop: str, cells: Sequence[str], size: float = 10) -> Any:
    """Append the docxtpl rows `{%tr for ... %}`, one data row with `cells`, `{%tr endfor %}`
    to `table`; returns the data row (which never splits across pages)."""
    from docx.shared import Pt

    begin = table.add_row()
    begin.cells[0].paragraphs[0].add_run("{%tr " + loop + " %}")
    data = table.add_row()
    keep_row_together(data)
    for cell, text in zip(data.cells, cells, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.font.size = Pt(size)
    end = table.add_row()
    end.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return data


def set_font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    """Size and weight of a run (the document font stays Arial)."""
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.name = FONT_NAME
    run.bold = bold
    run.italic = italic


def add_writing_lines(doc: Document, loop: str, size: float = 10) -> None:
    """Dotted lines across the text width to write on, one per item of the docxtpl `loop`
    ("for baris in baris_saran"): a tab with a dot leader, so the line ends at the margin."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt

    doc.add_paragraph("{%p " + loop + " %}")
    line = doc.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(
        Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    line.paragraph_format.space_before = Pt(2)
    line.add_run("\t").font.size = Pt(size)
    doc.add_paragraph("{%p endfor %}")
