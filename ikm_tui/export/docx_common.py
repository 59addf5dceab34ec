"""Provides what every Word document shares: page setup, fonts, the kop and signer data.

Plain data (`Kop`, `Signer`, `tempat_tanggal`) used by the services that fill documents, and
the low-level python-docx helpers (`new_document`, `set_column_widths`, `set_cell_borders`,
`double_rule`) that the template builders (`export/templates/parts.py`) use. python-docx is
imported inside the functions that need it. `office` is anything with the OfficeRecord
attributes (the export layer does not import persistence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
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
    """The letterhead: government line, unit (bold, larger), address line(s), optional logo,
    and the office's town (printed above signatures)."""

    pemerintah: str
    nama_unit: str
    address_lines: tuple[str, ...]
    logo_path: str = ""
    kota: str = ""  # the place printed above signatures

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
            office.kota.strip(),
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
    code: str = ""  # optional short per-signature code printed under the signature space

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


def double_rule(paragraph: Paragraph) -> None:
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
