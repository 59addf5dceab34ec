"""Provides the printable questionnaire: as a Word document and as the same layout in plain text.

Both renderers walk one layout (`form_layout`), so what the reviewers read on screen is what
gets printed: header fields, profile fields with their printed codes, the jenis layanan list
with the letters the officer types on the entry screen (A, B, ...), each question numbered in print order with its four options (boxes 1-4), a narrow
"Kode petugas" column for the officer's entry code, saran lines and the sign-off blocks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.domain.questionnaire import service_entry_codes
from ikm_tui.export.docx_common import (
    DOTS,
    Kop,
    Signer,
    add_kop,
    add_signatures,
    add_title,
    mark_draft,
    new_document,
    save,
    set_cell_borders,
    set_column_widths,
)

if TYPE_CHECKING:
    from docx.document import Document

BOX = "\u2610"  # ballot box: the respondent crosses the chosen option
SESSIONS = ("08.00-12.00", "13.00-17.00")
CODE_HEADER = "Kode petugas"
SARAN_LINES = 4
THANKS = "Terima kasih atas kesediaan Bapak/Ibu/Saudara mengisi kuesioner ini."


@dataclass(frozen=True)
class FormRow:
    """One row of the form: number or label, the text, and its printed options (code, label)."""

    number: str
    text: str
    options: tuple[tuple[str, str], ...]
    blank: str = ""  # a fill-in blank instead of options, e.g. "____ tahun"


@dataclass(frozen=True)
class FormLayout:
    """The printable questionnaire as plain data."""

    judul: str
    pengantar: str
    header: tuple[FormRow, ...]
    profile: tuple[FormRow, ...]
    questions: tuple[FormRow, ...]
    saran: str


def form_layout(content: Mapping[str, Any]) -> FormLayout:
    """The questionnaire dict (domain.questionnaire) laid out for print."""
    header = (
        FormRow(
            "",
            "Tanggal survei",
            (),
            blank="..... - ..... - 20.....",
        ),
        FormRow("", "Jam survei", tuple((str(i + 1), s) for i, s in enumerate(SESSIONS))),
    )
    profile = []
    for field in content.get("profile", []):
        options = tuple((str(code), str(label)) for code, label in field.get("options", []))
        blank = "" if options else "........ tahun" if field.get("key") == "usia" else DOTS
        profile.append(FormRow("", str(field["label"]), options, blank=blank))
    printed = content.get("services", [])
    services = tuple(
        (code, str(s["nama"]))
        for code, s in zip(service_entry_codes(len(printed)), printed, strict=True)
    )
    if services:
        profile.append(FormRow("", "Jenis layanan yang diterima", services))
    questions = tuple(
        FormRow(
            f"{number}.",
            str(q["pertanyaan"]),
            tuple((str(i + 1), str(label)) for i, label in enumerate(q["labels"])),
        )
        for number, q in enumerate(content.get("questions", []), start=1)
    )
    return FormLayout(
        str(content.get("judul", "")),
        str(content.get("pengantar", "")),
        header,
        tuple(profile),
        questions,
        str(content.get("saran", "")),
    )


@dataclass(frozen=True)
class PrintFrame:
    """What surrounds the form: kop, DRAF marking ("" when approved), subtitle, signatures."""

    kop: Kop | None
    signers: tuple[Signer, ...]
    watermark: str
    subtitle: str = ""
    place_date: str = ""


def write_questionnaire_docx(
    path: str | Path, content: Mapping[str, Any], frame: PrintFrame, paper: str = "A4"
) -> Path:
    """Write the printable questionnaire (A4 or F4); the watermark goes in the page header."""
    from docx.shared import Pt

    layout = form_layout(content)
    doc = new_document(paper)
    mark_draft(doc, frame.watermark)
    if frame.kop is not None:
        add_kop(doc, frame.kop)
    _respondent_box(doc)
    add_title(doc, layout.judul, frame.subtitle)
    if layout.pengantar:
        doc.add_paragraph(layout.pengantar).paragraph_format.space_after = Pt(6)
    _rows_table(doc, "DATA SURVEI", layout.header)
    _rows_table(doc, "PROFIL RESPONDEN", layout.profile)
    _rows_table(doc, "PENDAPAT RESPONDEN TENTANG PELAYANAN", layout.questions, numbered=True)
    _saran(doc, layout.saran)
    add_signatures(doc, frame.signers, frame.place_date)
    return save(doc, path)


def _respondent_box(doc: Document) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    cell = table.rows[0].cells[0]
    cell.width = Cm(5.5)
    cell.paragraphs[0].add_run("No. Responden: ________").bold = True
    set_cell_borders(cell)
    doc.add_paragraph()


def _options_text(row: FormRow) -> str:
    if row.blank:
        return row.blank
    return "   ".join(f"{BOX} {code}. {label}" for code, label in row.options)


def _rows_table(
    doc: Document, heading: str, rows: Sequence[FormRow], numbered: bool = False
) -> None:
    """A bordered table: [No |] text and options | Kode petugas (narrow, empty for the officer)."""
    from docx.shared import Cm, Pt

    if not rows:
        return
    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(6)
    title.add_run(heading).bold = True
    columns = 3 if numbered else 2
    table = doc.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    widths = [Cm(1.0), Cm(13.0), Cm(2.0)] if numbered else [Cm(14.0), Cm(2.0)]
    head = table.rows[0].cells
    for cell, text in zip(
        head, (["No"] if numbered else []) + ["Uraian", CODE_HEADER], strict=True
    ):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        if numbered:
            cells[0].text = row.number
        text_cell = cells[1 if numbered else 0]
        text_cell.paragraphs[0].add_run(row.text).bold = not numbered
        text_cell.add_paragraph(_options_text(row))
    set_column_widths(table, widths)
    for table_row in table.rows:
        for cell in table_row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)


def _saran(doc: Document, saran: str) -> None:
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.add_run(saran or "Saran:").bold = True
    for _ in range(SARAN_LINES):
        doc.add_paragraph("." * 110)
    thanks = doc.add_paragraph(THANKS)
    thanks.paragraph_format.space_before = Pt(6)
    thanks.runs[0].italic = True


def questionnaire_text(content: Mapping[str, Any], frame: PrintFrame, width: int = 76) -> str:
    """The same layout as the Word document, as plain text lines for a scrollable screen."""
    layout = form_layout(content)
    kop, subtitle = frame.kop, frame.subtitle
    lines: list[str] = []
    if frame.watermark:
        lines += [f"*** {frame.watermark} ***".rjust(width), ""]
    if kop is not None:
        lines += [kop.pemerintah.center(width), kop.nama_unit.center(width)]
        lines += [
            part.center(width) for line in kop.address_lines for part in textwrap.wrap(line, width)
        ] + ["=" * width, ""]
    lines += ["No. Responden: ________".rjust(width), "", layout.judul.center(width)]
    lines += [subtitle.center(width)] if subtitle else []
    lines += [""] + textwrap.wrap(layout.pengantar, width) + [""]
    for heading, rows in (
        ("DATA SURVEI", layout.header),
        ("PROFIL RESPONDEN", layout.profile),
        ("PENDAPAT RESPONDEN TENTANG PELAYANAN", layout.questions),
    ):
        lines += _text_rows(heading, rows, width)
    lines += [layout.saran or "Saran:"] + ["." * width] * SARAN_LINES + ["", THANKS, ""]
    lines += _text_signatures(frame.signers, frame.place_date, width)
    return "\n".join(line.rstrip() for line in lines)


def _text_rows(heading: str, rows: Sequence[FormRow], width: int) -> list[str]:
    code_width = len(CODE_HEADER) + 2
    body = width - code_width - 1
    lines = [heading, f"{'':<{body}} {CODE_HEADER:^{code_width}}", "-" * width]
    for row in rows:
        prefix = f"{row.number} " if row.number else ""
        wrapped = textwrap.wrap(prefix + row.text, body, subsequent_indent=" " * len(prefix))
        lines.append(f"{wrapped[0]:<{body}} [{'':^{code_width - 2}}]")
        lines += wrapped[1:]
        indent = " " * (len(prefix) + 2)
        if row.blank:
            lines.append(indent + row.blank)
        else:
            lines += [f"{indent}[ ] {code}. {label}" for code, label in row.options]
    return lines + [""]


def _text_signatures(signers: Sequence[Signer], place_date: str, width: int) -> list[str]:
    if not signers:
        return []
    lines = [place_date.rjust(width), ""] if place_date else []
    for signer in signers:
        lines += [f"{signer.phrase} :", f"  {signer.jabatan}", "", f"  {signer.name or DOTS}"]
        lines += [f"  {signer.pangkat}"] if signer.pangkat else []
        lines += [f"  NIP {signer.nip or DOTS[:24]}", ""]
    return lines
