"""Provides the XLSX writers: data mentah (plain table) and olah data (answers + formula footer).

The olah-data sheet holds one row per counted respondent x U1..Un (a blank answer is an empty
cell) and footer rows whose cells are spreadsheet formulas, so an inspector can check every
figure in Excel or LibreOffice Calc: Jumlah nilai (=SUM), Jumlah jawaban (=COUNT), NRR
(=SUM/COUNT, blanks not counted), the weight (=1/number of answered unsur, or the printed legacy
weight), NRR tertimbang, nilai konversi and mutu per unsur, IKM (=SUM(tertimbang)*25), IKM
rounded (=ROUND(...,2)) and mutu/kinerja classified on the rounded value by the regime's lower
bounds. openpyxl is imported inside the functions (it is slow to import).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

SCALE = 25
DATA_TOP = 9  # first respondent row of the olah-data sheet (header block above)


@dataclass(frozen=True)
class OlahData:
    """Plain content of the olah-data sheet."""

    title: str
    header_block: Sequence[tuple[str, str]]  # (label, value) lines under the title
    kodes: Sequence[str]  # U1..Un in regime order
    rows: Sequence[tuple[int, Sequence[int | None]]]  # (form number, answers in kode order)
    weight: str  # "exact" or a printed legacy weight such as "0.11"
    bands: Sequence[tuple[Decimal, str, str]]  # (lower konversi, mutu, kinerja), highest first


@dataclass(frozen=True)
class FooterRows:
    """Row numbers of the olah-data footer (for readers and tests)."""

    jumlah: int
    count: int
    nrr: int
    bobot: int
    tertimbang: int
    konversi: int
    mutu_unsur: int
    ikm: int
    ikm_bulat: int
    mutu: int
    kinerja: int


def column_name(index: int) -> str:
    """Spreadsheet letters of a 1-based column number."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def write_table(
    path: Path, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """A plain one-sheet workbook: a bold header row and the rows (None = empty cell)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)


def footer_rows(n_respondents: int) -> FooterRows:
    """Where the footer rows land for a number of respondent rows."""
    first = DATA_TOP + n_respondents + 1  # one empty row after the data
    return FooterRows(*range(first, first + 11))


def mutu_formula(cell: str, bands: Sequence[tuple[Decimal, str, str]], column: int) -> str:
    """Nested IF on lower bounds only (>=), highest band first; column 1 mutu, 2 kinerja."""
    formula = f'"{bands[-1][column]}"'
    for lower, mutu, kinerja in reversed(bands[:-1]):
        value = mutu if column == 1 else kinerja
        formula = f'IF({cell}>={lower},"{value}",{formula})'
    return formula


def write_olah_data(path: Path, data: OlahData) -> FooterRows:
    """Write the olah-data workbook; returns the footer row numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Olah data"
    _write_head(sheet, data)
    for offset, (nomor, answers) in enumerate(data.rows):
        row = DATA_TOP + offset
        sheet.cell(row, 1, offset + 1)
        sheet.cell(row, 2, nomor)
        for index, value in enumerate(answers):
            if value is not None:
                sheet.cell(row, 3 + index, value)
    footer = footer_rows(len(data.rows))
    _write_footer(sheet, data, footer)
    workbook.save(path)
    return footer


def _write_head(sheet: object, data: OlahData) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.cell(1, 1, data.title).font = Font(bold=True, size=12)  # type: ignore[attr-defined]
    for offset, (label, value) in enumerate(data.header_block[:6]):
        sheet.cell(2 + offset, 1, label)  # type: ignore[attr-defined]
        sheet.cell(2 + offset, 3, value)  # type: ignore[attr-defined]
    header = ["No.", "Nomor formulir", *data.kodes]
    for index, text in enumerate(header, start=1):
        cell = sheet.cell(DATA_TOP - 1, index, text)  # type: ignore[attr-defined]
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions["A"].width = 34  # type: ignore[attr-defined]
    sheet.column_dimensions["B"].width = 15  # type: ignore[attr-defined]
    sheet.freeze_panes = f"C{DATA_TOP}"  # type: ignore[attr-defined]


def _write_footer(sheet: object, data: OlahData, footer: FooterRows) -> None:
    from openpyxl.styles import Font

    last_data = DATA_TOP + len(data.rows) - 1
    first_col, last_col = column_name(3), column_name(2 + len(data.kodes))
    labels = {
        footer.jumlah: "Jumlah nilai per unsur",
        footer.count: "Jumlah jawaban per unsur",
        footer.nrr: "NRR per unsur",
        footer.bobot: "Nilai penimbang (bobot) per unsur",
        footer.tertimbang: "NRR tertimbang per unsur",
        footer.konversi: "Nilai konversi per unsur (NRR x 25)",
        footer.mutu_unsur: "Mutu per unsur",
        footer.ikm: "IKM unit pelayanan",
        footer.ikm_bulat: "IKM unit pelayanan (dibulatkan)",
        footer.mutu: "Mutu pelayanan",
        footer.kinerja: "Kinerja unit pelayanan",
    }
    for row, text in labels.items():
        sheet.cell(row, 1, text).font = Font(bold=True)  # type: ignore[attr-defined]
    for index in range(len(data.kodes)):
        col = column_name(3 + index)
        _unsur_footer(
            sheet, footer, col, 3 + index, f"{col}{DATA_TOP}:{col}{last_data}", data.bands
        )
    nrr_row = f"{first_col}{footer.nrr}:{last_col}{footer.nrr}"
    weight = f"=1/COUNT({nrr_row})" if data.weight == "exact" else float(data.weight)
    sheet.cell(footer.bobot, 3, weight).number_format = "0.000000"  # type: ignore[attr-defined]
    weighted = f"{first_col}{footer.tertimbang}:{last_col}{footer.tertimbang}"
    sheet.cell(footer.ikm, 3, f"=SUM({weighted})*{SCALE}").number_format = "0.0000"  # type: ignore[attr-defined]
    sheet.cell(footer.ikm_bulat, 3, f"=ROUND(C{footer.ikm},2)").number_format = "0.00"  # type: ignore[attr-defined]
    sheet.cell(footer.mutu, 3, "=" + mutu_formula(f"C{footer.ikm_bulat}", data.bands, 1))  # type: ignore[attr-defined]
    sheet.cell(footer.kinerja, 3, "=" + mutu_formula(f"C{footer.ikm_bulat}", data.bands, 2))  # type: ignore[attr-defined]


def _unsur_footer(
    sheet: object,
    footer: FooterRows,
    col: str,
    number: int,
    answers: str,
    bands: Sequence[tuple[Decimal, str, str]],
) -> None:
    cell = sheet.cell  # type: ignore[attr-defined]
    cell(footer.jumlah, number, f"=SUM({answers})")
    cell(footer.count, number, f"=COUNT({answers})")
    nrr = f"{col}{footer.nrr}"
    cell(
        footer.nrr,
        number,
        f'=IF({col}{footer.count}=0,"",{col}{footer.jumlah}/{col}{footer.count})',
    ).number_format = "0.0000"
    cell(
        footer.tertimbang, number, f'=IF({nrr}="","",{nrr}*$C${footer.bobot})'
    ).number_format = "0.0000"
    konversi = f"{col}{footer.konversi}"
    cell(footer.konversi, number, f'=IF({nrr}="","",ROUND({nrr}*{SCALE},2))').number_format = "0.00"
    cell(footer.mutu_unsur, number, f'=IF({konversi}="","",{mutu_formula(konversi, bands, 1)})')
