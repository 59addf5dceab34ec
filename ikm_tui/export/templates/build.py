"""Provides the builders of the shipped Word templates: `python -m ikm_tui.export.templates.build`.

Each kind has one function returning a python-docx Document full of docxtpl placeholders,
built from the shared parts (parts.py). Running the module writes `<kind>.docx` next to it
(all kinds, or those named); the written files are committed and shipped as package data, and
tests/export/test_templates.py checks that they are what these builders make.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ikm_tui.export.docx_common import set_cell_borders, set_column_widths
from ikm_tui.export.templates import build_archive, build_meetings, parts
from ikm_tui.export.templates.report import build_laporan, build_pengumuman

if TYPE_CHECKING:
    from docx.document import Document
    from docx.shared import Length
    from docx.table import Table

TEMPLATE_DIR = Path(__file__).resolve().parent
FORM_SIZE = 8.5  # points: the questionnaire's tables, so 9 unsur fit one A4 sheet


def build_kuesioner() -> Document:
    """The questionnaire: kop, No. Responden box, title, data and profile rows, the questions
    (each row kept on one page, options never broken), saran lines, signatures."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    doc = parts.new_template()
    section = doc.sections[0]  # a form: a little less white at top and bottom (fits one sheet)
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.header_distance = section.footer_distance = Cm(0.7)
    parts.add_kop(doc)
    box = doc.add_table(rows=1, cols=1)
    box.alignment = WD_TABLE_ALIGNMENT.RIGHT
    set_column_widths(box, [Cm(5.0)])
    parts.set_font(box.rows[0].cells[0].paragraphs[0].add_run("No. Responden: ________"), 10, True)
    set_cell_borders(box.rows[0].cells[0])
    parts.add_title(doc, "{{ judul }}", "{{ subjudul }}", size=12)
    intro = doc.add_paragraph()
    parts.set_font(intro.add_run("{{ pengantar }}"), FORM_SIZE)
    intro.paragraph_format.space_after = Pt(3)

    widths = [Cm(3.3), Cm(11.1), Cm(1.6)]
    table = _grid(doc, ["DATA SURVEI DAN PROFIL RESPONDEN", "", "Kode petugas"], widths)
    table.rows[0].cells[0].merge(table.rows[0].cells[1])
    for loop in ("for r in data_survei", "for r in profil"):
        row = parts.loop_rows(table, loop, ["{{ r.label }}", "{{ r.isian }}", ""], FORM_SIZE)
        row.cells[0].paragraphs[0].runs[0].bold = True
    set_column_widths(table, widths)

    doc.add_paragraph().paragraph_format.line_spacing = Pt(4)
    widths = [Cm(0.8), Cm(13.6), Cm(1.6)]
    table = _grid(doc, ["No", "PENDAPAT RESPONDEN TENTANG PELAYANAN", "Kode petugas"], widths)
    row = parts.loop_rows(
        table, "for q in pertanyaan", ["{{ q.nomor }}", "{{ q.teks }}", ""], FORM_SIZE
    )
    options = row.cells[1].add_paragraph()
    options.paragraph_format.space_before = Pt(1)
    parts.set_font(options.add_run("{{ q.isian }}"), FORM_SIZE)
    set_column_widths(table, widths)

    saran = doc.add_paragraph()
    saran.paragraph_format.space_before = Pt(6)
    parts.set_font(saran.add_run("{{ saran }}"), FORM_SIZE + 1, bold=True)
    parts.add_writing_lines(doc, "for baris in baris_saran", FORM_SIZE)
    thanks = doc.add_paragraph()
    thanks.paragraph_format.space_before = Pt(3)
    parts.set_font(thanks.add_run("{{ terima_kasih }}"), FORM_SIZE, italic=True)
    parts.add_signatures(doc, ("dibuat", "diperiksa", "disetujui"), size=FORM_SIZE, space_cm=1.1)
    return doc


def _grid(doc: Document, heading: Sequence[str], widths: Sequence[Length]) -> Table:
    """A bordered table with one bold heading row that repeats on every page."""
    table = doc.add_table(rows=1, cols=len(heading))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heading, strict=True):
        parts.set_font(cell.paragraphs[0].add_run(text), FORM_SIZE - 0.5, bold=True)
    parts.repeat_as_header(table.rows[0])
    parts.keep_row_together(table.rows[0])
    set_column_widths(table, widths)
    return table


BUILDERS: dict[str, Callable[[], Document]] = {
    "kuesioner": build_kuesioner,
    "laporan": build_laporan,
    "pengumuman": build_pengumuman,
    "ptpp": build_meetings.build_ptpp,
    "register-ptpp": build_meetings.build_register_ptpp,
    "notulen": build_meetings.build_notulen,
    "daftar-hadir": build_meetings.build_daftar_hadir,
    "daftar-arsip": build_archive.build_daftar_arsip,
    "keluhan": build_archive.build_keluhan,
    "register-keluhan": build_archive.build_register_keluhan,
}


def build(kind: str) -> bytes:
    """The template of `kind` as .docx bytes (deterministic apart from zip timestamps)."""
    import io

    buffer = io.BytesIO()
    BUILDERS[kind]().save(buffer)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    """Write the templates named in `argv` (default: every kind) next to this module."""
    kinds = list(argv if argv is not None else sys.argv[1:]) or sorted(BUILDERS)
    unknown = [kind for kind in kinds if kind not in BUILDERS]
    if unknown:
        print(f"Jenis tidak dikenal: {', '.join(unknown)} (ada: {', '.join(BUILDERS)})")
        return 2
    for kind in kinds:
        target = TEMPLATE_DIR / f"{kind}.docx"
        target.write_bytes(build(kind))
        print(f"{target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
