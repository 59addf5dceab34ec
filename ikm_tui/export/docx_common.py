"""Provides the building blocks every Word export shares: page, fonts, kop, DRAF marking, signatures.

A small API fed with plain data (python-docx is imported inside the functions that need it):

    doc = new_document(paper="A4")              # A4 or F4, margins 2/3/2/2 cm, Arial 11 pt
    mark_draft(doc, watermark)                  # "DRAF - belum disetujui" in the page header
    add_kop(doc, Kop.from_office(office))       # first page only, double rule under it
    add_title(doc, "KUESIONER ...", subtitle="Periode ...")
    add_signatures(doc, [Signer(...), ...], place_date=tempat_tanggal("Bandungan", date))
    save(doc, path)                              # creates the folder; IkmError on failure

`office` is anything with the OfficeRecord attributes (the export layer does not import
persistence). `Signer.blank(...)` prints an unsigned block with dotted lines for the name and NIP.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ikm_tui.domain.formatting import tanggal
from ikm_tui.errors import StorageError

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

FONT_NAME = "Arial"
FONT_SIZE = 11
KOP_SIZES = (12, 16)  # pemerintah : nama unit, about 3:4
PAPER_SIZES_CM = {"A4": (21.0, 29.7), "F4": (21.5, 33.0)}
MARGINS_CM = {"top": 2.0, "left": 3.0, "right": 2.0, "bottom": 2.0}
DOTS = "...................................."


class OfficeLike(Protocol):
    """The office fields a kop needs (OfficeRecord satisfies it)."""

    @property
    def pemerintah(self) -> str: ...

    @property
    def nama_unit(self) -> str: ...

    @property
    def alamat(self) -> str: ...

    @property
    def telepon(self) -> str: ...

    @property
    def faks(self) -> str: ...

    @property
    def email(self) -> str: ...

    @property
    def website(self) -> str: ...

    @property
    def kota(self) -> str: ...

    @property
    def kode_pos(self) -> str: ...

    @property
    def logo_path(self) -> str: ...


@dataclass(frozen=True)
class Kop:
    """The letterhead: government line, unit (bold, larger), address line(s), optional logo."""

    pemerintah: str
    nama_unit: str
    address_lines: tuple[str, ...]
    logo_path: str = ""

    @classmethod
    def from_office(cls, office: OfficeLike) -> Kop:
        first = office.alamat.strip()
        if office.telepon.strip():
            first += f" Telp {office.telepon.strip()}"
        if office.faks.strip():
            first += f" Fax {office.faks.strip()}"
        place = " ".join(p for p in (office.kota.strip(), office.kode_pos.strip()) if p)
        if place and place not in first:
            first += f", {place}"
        second = "  ".join(
            p
            for p in (
                f"E-mail: {office.email.strip()}" if office.email.strip() else "",
                f"Website: {office.website.strip()}" if office.website.strip() else "",
            )
            if p
        )
        lines = tuple(line for line in (first, second) if line)
        return cls(
            office.pemerintah.strip().upper(),
            office.nama_unit.strip().upper(),
            lines,
            office.logo_path.strip(),
        )


@dataclass(frozen=True)
class Signer:
    """One signature block: phrase ("Dibuat oleh"), jabatan, name, pangkat/golongan, NIP."""

    phrase: str
    jabatan: str
    name: str
    pangkat: str = ""
    nip: str = ""
    signed_at: dt.datetime | None = None

    @classmethod
    def blank(cls, phrase: str, jabatan: str) -> Signer:
        """A block not signed yet: dotted lines where the name and NIP go."""
        return cls(phrase, jabatan, "")


def tempat_tanggal(kota: str, date: dt.date) -> str:
    """Place and date above signatures: "Bandungan, 19 Agustus 2019"."""
    return f"{kota.strip()}, {tanggal(date)}" if kota.strip() else tanggal(date)


def new_document(paper: str = "A4") -> Document:
    """An empty document with the office page setup (A4 default, F4 option) and Arial 11 pt."""
    import docx  # python-docx: ~0.1 s import, only when a document is written
    from docx.shared import Cm, Pt

    if paper not in PAPER_SIZES_CM:
        raise StorageError(f"Ukuran kertas {paper} tidak dikenal (pilihan: A4, F4).")
    doc = docx.Document()
    width, height = PAPER_SIZES_CM[paper]
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance = section.footer_distance = Cm(1.0)
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(FONT_SIZE)
    _east_asian_font(style.element, FONT_NAME)
    style.paragraph_format.space_after = Pt(0)
    return doc


def _east_asian_font(element: Any, name: str) -> None:
    """Set the font for every script, so Word does not fall back to Calibri or MS Mincho."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def mark_draft(doc: Document, watermark: str) -> None:
    """Print `watermark` (e.g. "DRAF - belum disetujui") bold in the header of every page."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    if not watermark:
        return
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(watermark.upper() if watermark.islower() else watermark)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def add_kop(doc: Document, kop: Kop) -> None:
    """The letterhead on the first page: centred lines, optional logo at left, double rule."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    logo = Path(kop.logo_path) if kop.logo_path else None
    if logo is not None and logo.is_file():
        table = doc.add_table(rows=1, cols=2)
        table.autofit = False
        logo_cell, text_cell = table.rows[0].cells
        logo_cell.width, text_cell.width = Cm(2.5), Cm(13.5)
        logo_cell.paragraphs[0].add_run().add_picture(str(logo), width=Cm(2.2))
        first = text_cell.paragraphs[0]
        _kop_lines(kop, lambda: first if not first.text else text_cell.add_paragraph())
        last = doc.add_paragraph()
    else:
        _kop_lines(kop, doc.add_paragraph)
        last = doc.paragraphs[-1]
    _double_rule(last)
    last.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()


def _kop_lines(kop: Kop, new_paragraph: Callable[[], Paragraph]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lines = [(kop.pemerintah, KOP_SIZES[0], True), (kop.nama_unit, KOP_SIZES[1], True)]
    lines += [(line, 9, False) for line in kop.address_lines]
    for text, size, bold in lines:
        paragraph = new_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)


def _double_rule(paragraph: Paragraph) -> None:
    """A thick-and-thin double line under a paragraph (the kop's closing rule)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "thickThinSmallGap"),
        ("w:sz", "24"),
        ("w:space", "1"),
        ("w:color", "auto"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def add_title(doc: Document, title: str, subtitle: str = "") -> None:
    """A centred bold title (and an optional centred subtitle) with space after."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(title)
    run.bold = True
    run.font.size = Pt(13)
    if subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(subtitle)
    doc.add_paragraph()


def add_signatures(doc: Document, signers: Sequence[Signer], place_date: str = "") -> None:
    """Signature blocks side by side, one table row per line so names and NIPs align across
    blocks; place and date above the last block."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    if not signers:
        return
    doc.add_paragraph()
    last = len(signers) - 1
    lines: list[list[tuple[str, bool]]] = [
        [(place_date if i == last else "", False) for i in range(len(signers))],
        [(f"{signer.phrase} :", False) for signer in signers],
        [(signer.jabatan, False) for signer in signers],
        [("", False) for _ in signers],
        [(signer.name or DOTS, bool(signer.name)) for signer in signers],
        [(signer.pangkat, False) for signer in signers],
        [(f"NIP {signer.nip}" if signer.nip else "NIP " + DOTS[:24], False) for signer in signers],
    ]
    if not any(signer.pangkat for signer in signers):
        del lines[5]
    table = doc.add_table(rows=len(lines), cols=len(signers))
    set_column_widths(table, [Cm(16.0 / len(signers))] * len(signers))
    size = Pt(9 if len(signers) > 2 else 10)
    for row, line in zip(table.rows, lines, strict=True):
        for cell, (text, is_name) in zip(row.cells, line, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size = size
            run.bold = run.underline = is_name
    table.rows[3].height = Cm(2.0)  # room for the wet signature


def set_column_widths(table: Any, widths: Sequence[Any]) -> None:
    """Fix a table's column widths so Word and LibreOffice both honour them.

    LibreOffice reads the table grid (w:gridCol), Word the cell widths: set both, autofit off.
    """
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def set_cell_borders(cell: _Cell, size: int = 8) -> None:
    """Draw a single line around one table cell (boxes such as "No. Responden")."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:color"), "auto")
        borders.append(element)
    tcpr.append(borders)


def save(doc: Document, path: str | Path) -> Path:
    """Write the document (creating its folder); StorageError with the path if that fails."""
    target = Path(path).expanduser()
    if target.suffix.lower() != ".docx":
        target = target.with_suffix(".docx")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(target))
    except OSError as exc:
        raise StorageError(
            f"Dokumen tidak dapat disimpan ke {target}: {exc.strerror or exc}."
        ) from exc
    return target.resolve()
