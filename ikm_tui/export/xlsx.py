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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

SCALE = 25
DATA_TOP = 9  # first respondent row of the olah-data sheet (header block above)
WIDTH_SAMPLE = 500  # rows a plain table's column widths are measured on (header included)
MIN_WIDTH, MAX_WIDTH = 5, 45  # column width bounds, in characters


@dataclass(frozen=True)
class OlahData:
    """Plain content of the olah-data sheet."""

    title: str
    # (label, value) lines under the title, given the number of respondent rows written
    header_block: Callable[[int], Sequence[tuple[str, str]]]
    kodes: Sequence[str]  # U1..Un in regime order
    # (form number, answers in kode order), read once (a stream from the database)
    rows: Iterable[tuple[int, Sequence[int | None]]]
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

    @property
    def respondents(self) -> int:
        """How many respondent rows lie above the footer."""
        return self.jumlah - DATA_TOP - 1


def column_name(index: int) -> str:
    """Spreadsheet letters of a 1-based column number."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def write_table(
    path: Path,
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    title_rows: int = 1,
) -> int:
    """A plain one-sheet workbook: a bold header row and the rows (None = empty cell, numbers
    and text as given), printed landscape, one page wide, the header frozen and on every page,
    each column as wide as its header and the first WIDTH_SAMPLE rows need (bounded); the rows
    stream in as sheet XML (see `write_olah_data`). Returns the rows written."""
    from itertools import chain, islice

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    rows_file = path.with_name(path.name + ".rows")
    try:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title)
        # text one character in from the left: a number (right-aligned) before it never runs
        # into it ("12026-01-05" for form 1 of 5 January)
        indented = WriteOnlyCell(sheet)
        indented.alignment = Alignment(horizontal="left", indent=1)
        iterator = iter(rows)
        sample = list(islice(iterator, WIDTH_SAMPLE))
        count = _write_rows_xml(
            rows_file, chain(sample, iterator), title_rows + 1, text_style=indented.style_id
        )
        print_setup(sheet, title_rows)
        for index, width in enumerate(column_widths(header, sample), start=1):
            sheet.column_dimensions[column_name(index)].width = width
        sheet.freeze_panes = f"A{title_rows + 1}"
        bold = Font(bold=True)
        cells = []
        for text in header:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        sheet.append([_ROWS_MARKER])
        workbook.save(path)
        _splice_answer_rows(path, rows_file, title_rows + 1, 0)
    finally:
        rows_file.unlink(missing_ok=True)
    return count


def column_widths(header: Sequence[str], sample: Iterable[Sequence[object]]) -> list[float]:
    """Each column's width in characters: its longest text among the header and the sample
    rows, plus room for the bold header and the cell margins, between MIN_WIDTH and
    MAX_WIDTH (a longer text, a saran, is cut at the cell's edge rather than widen the page)."""
    longest = [len(text) for text in header]
    for row in sample:
        for index, value in enumerate(row[: len(longest)]):
            if value is not None:
                longest[index] = max(longest[index], len(str(value)))
    return [float(min(max(n + 2, MIN_WIDTH), MAX_WIDTH)) for n in longest]


def print_setup(sheet: Any, title_rows: int) -> None:
    """A4 landscape, fit to one page wide (as many pages long as needed), rows 1..`title_rows`
    repeated at the top of every printed page."""
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{title_rows}"


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
    """Write the olah-data workbook; returns the footer row numbers.

    The answer rows (plain numbers, about a million cells for 100,000 forms) are written as
    sheet XML while `data.rows` streams in, to a file beside `path`; then openpyxl
    (write-only) writes the head, one marker row and the footer for that many rows, and the
    marker row is replaced by the answer rows inside the package: openpyxl's per-cell objects
    would cost ~10 us a cell, and no row is held in memory.
    """
    from openpyxl import Workbook

    rows_file = path.with_name(path.name + ".rows")
    try:
        numbered = (
            (number, nomor, *answers) for number, (nomor, answers) in enumerate(data.rows, 1)
        )
        count = _write_rows_xml(rows_file, numbered, DATA_TOP)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Olah data")
        print_setup(sheet, DATA_TOP - 1)
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 15
        sheet.freeze_panes = f"C{DATA_TOP}"
        cell = _cell_maker(sheet)
        for row in _head_rows(data, cell, count):
            sheet.append(row)
        sheet.append([_ROWS_MARKER])  # row DATA_TOP, replaced by the answer rows
        footer = footer_rows(count)
        for row in _footer_rows(data, footer, cell):
            sheet.append(row)
        workbook.save(path)
        _splice_answer_rows(path, rows_file, DATA_TOP, footer.jumlah - (DATA_TOP + 1))
    finally:
        rows_file.unlink(missing_ok=True)
    return footer


_ROWS_MARKER = "ikm-olah-data-answer-rows"
_SHEET_MEMBER = "xl/worksheets/sheet1.xml"


def _write_rows_xml(
    target: Path, rows: Iterable[Sequence[object]], first_row: int, text_style: int = 0
) -> int:
    """Write `rows` (numbers, text, None for a blank) as sheet XML rows numbered from
    `first_row`, text cells in the workbook's cell style `text_style`; returns how many.

    A cell is numeric by default and takes the column after the previous cell, so a number is
    `<c><v>4</v></c>` and only a cell after a blank one names its column (a third of the XML,
    and of its compression, of openpyxl's cells); text is an inline string as openpyxl writes
    it, without the control characters XML cannot hold."""
    import re
    from xml.sax.saxutils import escape

    letters = [column_name(index) for index in range(1, 64)]
    plain: dict[object, str] = {value: f"<c><v>{value}</v></c>" for value in range(1, 5)}
    illegal = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    styled = f' s="{text_style}"' if text_style else ""
    count = 0
    block: list[str] = []
    with target.open("w", encoding="utf-8") as out:
        for count, values in enumerate(rows, start=1):
            row = first_row + count - 1
            cells = [f'<row r="{row}">']
            gap = False
            for column, value in enumerate(values):
                if value is None:
                    gap = True
                    continue
                if not gap:
                    common = plain.get(value)
                    if common is not None:
                        cells.append(common)  # the common cell: an answer 1-4
                        continue
                    where = ""
                else:
                    where = f' r="{letters[column]}{row}"'
                    gap = False
                if isinstance(value, str):
                    text = escape(illegal.sub("", value))
                    space = ' xml:space="preserve"' if text != text.strip() else ""
                    cells.append(
                        f'<c{where}{styled} t="inlineStr"><is><t{space}>{text}</t></is></c>'
                    )
                else:
                    cells.append(f"<c{where}><v>{value}</v></c>")
            cells.append("</row>")
            block.append("".join(cells))
            if len(block) == 2000:
                out.write("".join(block))
                block = []
        out.write("".join(block))
    return count


def _splice_answer_rows(path: Path, rows_file: Path, marker_row: int, shift: int) -> None:
    """Put the rows of `rows_file` in place of the marker row (`marker_row`) of `path` and
    move the rows after it down by `shift` (their cells' formulas already name them so)."""
    import re
    import shutil
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info, content in members:
            if info.filename != _SHEET_MEMBER:
                target.writestr(info, content)
                continue
            xml = content.decode("utf-8")
            start = xml.index(f'<row r="{marker_row}">')
            if xml.find(_ROWS_MARKER, start) < 0:
                raise ValueError("olah-data marker row missing")
            end = xml.index("</row>", start) + len("</row>")

            def moved(match: re.Match[str]) -> str:
                return f'{match[1]}{int(match[2]) + shift}"'

            tail = re.sub(r'(<row r="|<c r="[A-Z]+)(\d+)"', moved, xml[end:])
            with target.open(info, "w") as stream, rows_file.open("rb") as answer_rows:
                stream.write(xml[:start].encode("utf-8"))
                shutil.copyfileobj(answer_rows, stream, 1 << 20)
                stream.write(tail.encode("utf-8"))
    temporary.replace(path)


def _cell_maker(sheet: Any) -> Any:
    """cell(value, font=..., number_format=..., alignment=...) -> a styled write-only cell."""
    from openpyxl.cell import WriteOnlyCell

    def cell(value: object, **style: Any) -> Any:
        made = WriteOnlyCell(sheet, value=value)
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    return cell


def _head_rows(data: OlahData, cell: Any, count: int) -> list[list[object]]:
    """Rows 1 .. DATA_TOP - 1: title, the header block (label in A, value in C), column heads."""
    from openpyxl.styles import Alignment, Font

    rows: list[list[object]] = [[cell(data.title, font=Font(bold=True, size=12))]]
    for label, value in data.header_block(count)[:6]:
        rows.append([label, None, value])
    while len(rows) < DATA_TOP - 2:
        rows.append([])
    bold, center = Font(bold=True), Alignment(horizontal="center")
    header = ["No.", "Nomor formulir", *data.kodes]
    rows.append([cell(text, font=bold, alignment=center) for text in header])
    return rows


def _footer_rows(data: OlahData, footer: FooterRows, cell: Any) -> list[list[object]]:
    """The footer rows, first to last: label in A, formulas from C on."""
    from openpyxl.styles import Font

    bold = Font(bold=True)
    last_data = DATA_TOP + footer.respondents - 1
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
    rows: dict[int, list[object]] = {
        row: [cell(text, font=bold), None] for row, text in labels.items()
    }
    for index in range(len(data.kodes)):
        col = column_name(3 + index)
        answers = f"{col}{DATA_TOP}:{col}{last_data}"
        for row, value in _unsur_footer(footer, col, answers, data.bands, cell).items():
            rows[row].append(value)
    nrr_row = f"{first_col}{footer.nrr}:{last_col}{footer.nrr}"
    weight = f"=1/COUNT({nrr_row})" if data.weight == "exact" else float(data.weight)
    rows[footer.bobot].append(cell(weight, number_format="0.000000"))
    weighted = f"{first_col}{footer.tertimbang}:{last_col}{footer.tertimbang}"
    rows[footer.ikm].append(cell(f"=SUM({weighted})*{SCALE}", number_format="0.0000"))
    rows[footer.ikm_bulat].append(cell(f"=ROUND(C{footer.ikm},2)", number_format="0.00"))
    rows[footer.mutu].append("=" + mutu_formula(f"C{footer.ikm_bulat}", data.bands, 1))
    rows[footer.kinerja].append("=" + mutu_formula(f"C{footer.ikm_bulat}", data.bands, 2))
    return [rows[row] for row in sorted(rows)]


def _unsur_footer(
    footer: FooterRows,
    col: str,
    answers: str,
    bands: Sequence[tuple[Decimal, str, str]],
    cell: Any,
) -> dict[int, object]:
    """The footer cells of one unsur column, by footer row."""
    nrr = f"{col}{footer.nrr}"
    konversi = f"{col}{footer.konversi}"
    return {
        footer.jumlah: f"=SUM({answers})",
        footer.count: f"=COUNT({answers})",
        footer.nrr: cell(
            f'=IF({col}{footer.count}=0,"",{col}{footer.jumlah}/{col}{footer.count})',
            number_format="0.0000",
        ),
        footer.tertimbang: cell(
            f'=IF({nrr}="","",{nrr}*$C${footer.bobot})', number_format="0.0000"
        ),
        footer.konversi: cell(f'=IF({nrr}="","",ROUND({nrr}*{SCALE},2))', number_format="0.00"),
        footer.mutu_unsur: f'=IF({konversi}="","",{mutu_formula(konversi, bands, 1)})',
    }
