"""Provides reading a response file (CSV or XLSX) into a header row and data rows of cell values.

CSV: encoding UTF-8 (with or without BOM) or cp1252, delimiter sniffed among `,` `;` tab `|`.
XLSX: the first worksheet through openpyxl in read-only mode (imported inside the function).
Cells keep their type (str, int, float, datetime); an empty cell is None.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ikm_tui.errors import InputFileError

DELIMITERS = ",;\t|"
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak"}

Cell = object  # str | int | float | datetime | None


@dataclass(frozen=True)
class TableFile:
    """A response file read into memory: header, data rows and how it was read."""

    path: str
    kind: str  # "csv" | "xlsx"
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    encoding: str = ""
    delimiter: str = ""

    @property
    def described(self) -> str:
        """How the file was read, in Bahasa Indonesia."""
        if self.kind == "xlsx":
            return "Excel (XLSX), lembar pertama"
        name = DELIMITER_NAMES.get(self.delimiter, self.delimiter)
        encoding = "UTF-8" if self.encoding == "utf-8-sig" else "Windows-1252"
        return f"CSV, pemisah {name}, {encoding}"


def read_table(path: str | Path) -> TableFile:
    """Read a CSV or XLSX file; InputFileError explains any problem in Bahasa Indonesia."""
    file_path = Path(path).expanduser()
    if not file_path.is_file():
        raise InputFileError(f"Berkas {file_path} tidak ditemukan.")
    suffix = file_path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(file_path)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(file_path)
    raise InputFileError(
        f"Jenis berkas {suffix or '(tanpa akhiran)'} tidak didukung. "
        "Gunakan CSV atau XLSX (simpan ulang berkas .xls sebagai .xlsx)."
    )


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and encoding: UTF-8 (BOM optional) first, then Windows-1252."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            error = exc
    line = data[: error.start].count(b"\n") + 1
    raise InputFileError(
        f"Berkas {name} tidak dapat dibaca: byte 0x{data[error.start]:02x} pada baris {line} "
        "bukan teks UTF-8 maupun Windows-1252. Simpan ulang berkas sebagai CSV UTF-8."
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: csv.Sniffer on the first lines, else the most frequent."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path) -> TableFile:
    text, encoding = decode(path.read_bytes(), path.name)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [
            tuple(cell if cell.strip() != "" else None for cell in record) for record in reader
        ]
    except csv.Error as exc:
        raise InputFileError(f"Berkas {path.name} bukan CSV yang sah: {exc}.") from exc
    return _table(str(path), "csv", iter(records), encoding, delimiter)


def _read_xlsx(path: Path) -> TableFile:
    import zipfile

    from openpyxl import load_workbook  # heavy import, only when an XLSX is read

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputFileError(f"Berkas {path.name} bukan berkas XLSX yang sah: {exc}.") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = (
            tuple(_xlsx_cell(value) for value in row) for row in sheet.iter_rows(values_only=True)
        )
        return _table(str(path), "xlsx", rows)
    finally:
        workbook.close()


def _xlsx_cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


def _table(
    path: str,
    kind: str,
    records: Iterator[tuple[Cell, ...]],
    encoding: str = "",
    delimiter: str = "",
) -> TableFile:
    header_row = next(records, None)
    if header_row is None or all(cell is None for cell in header_row):
        raise InputFileError(f"Berkas {Path(path).name} kosong: baris judul kolom tidak ada.")
    header = _header(header_row)
    width = len(header)
    rows = [_fit(record, width) for record in records]
    while rows and all(cell is None for cell in rows[-1]):
        rows.pop()
    return TableFile(path, kind, header, rows, encoding, delimiter)


def _header(cells: tuple[Cell, ...]) -> tuple[str, ...]:
    names = [("" if cell is None else str(cell)).strip() for cell in cells]
    while names and names[-1] == "":
        names.pop()
    return tuple(name or f"Kolom {column_letter(i)}" for i, name in enumerate(names))


def _fit(record: tuple[Cell, ...], width: int) -> tuple[Cell, ...]:
    if len(record) >= width:
        return record[:width]
    return record + (None,) * (width - len(record))


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
