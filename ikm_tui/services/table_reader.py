"""Provides the one reader of table files (CSV, XLSX) for `score`, the response import and the
customer/population import: the same file gives the same verdict and numbers everywhere.

    table = open_table(path, sheet=None)      # InputFileError for an unusable file
    table.header, table.described             # column names; "CSV, pemisah titik koma, UTF-8"
    for number, cells in table.rows(): ...    # streamed; number as a spreadsheet counts (header 1)
    table.where(number, column)               # "data.xlsx, lembar 'Data', baris 5, kolom U3 (D)"
    answer(cell)                              # 1..4 / None, ValueError with the reason
    unsur_columns(table, regime)              # U-code columns; refuses codes the regime lacks

Rules (each refusal an InputFileError naming file, sheet, row and column):
- CSV encodings UTF-8, UTF-8 with BOM, UTF-16 with BOM (Excel "Unicode text"), Windows-1252
  (Excel on Windows); delimiter comma, semicolon, tab (or `|`) detected from the first lines;
- duplicated column headers; rows with more or fewer cells than the header (a blank line is
  skipped); cells over MAX_CELL_CHARS;
- XLSX: `sheet` names the worksheet (else the first); merged cells; formula cells without a
  cached value (a workbook written by a program and never opened in Excel);
- answer cells: only 1-4 or blank; missing-value and spreadsheet error tokens (NA, #N/A, null,
  #VALUE!, ...) are refused, never read as "not answered".
Rows are streamed (a 100 MB CSV is never held in memory). openpyxl is imported only when a
workbook is read.
"""

from __future__ import annotations

import codecs
import csv
import re
import sys
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ikm_tui.domain.scoring import check_answer
from ikm_tui.errors import InputFileError

if TYPE_CHECKING:
    from ikm_tui.domain.regimes import Regime

Cell = Any  # str | int | float | datetime | None (None = empty cell)

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = ",;\t|"
DELIMITER_NAMES = {",": "koma", ";": "titik koma", "\t": "tab", "|": "garis tegak"}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
MAX_CELL_CHARS = 10_000  # a saran of a few pages; anything longer is not a survey answer
SNIFF_LINES = 20
CHUNK_BYTES = 1 << 20
# Written in a cell instead of an answer: what spreadsheets, R, pandas and databases put where a
# value is missing or a formula failed. Refused in answer cells (blank means "not answered").
MISSING_TOKENS = frozenset(
    token.casefold()
    for token in (
        "NA",
        "N/A",
        "#N/A",
        "N.A.",
        "NaN",
        "null",
        "NULL",
        "None",
        "nil",
        "-",
        "--",
        "?",
        "#VALUE!",
        "#REF!",
        "#DIV/0!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#N/A N/A",
    )
)
ANSWER_HINT = "jawaban harus 1, 2, 3, 4 atau kosong"


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def is_missing_token(value: object) -> bool:
    """True for a missing-value or spreadsheet error token ("NA", "#N/A", "null", ...)."""
    return isinstance(value, str) and value.strip().casefold() in MISSING_TOKENS


def answer(value: Cell) -> int | None:
    """An answer cell as a score 1..4, or None when blank; ValueError(reason in Indonesian)."""
    if is_missing_token(value):
        raise ValueError(
            "adalah tanda nilai hilang atau galat rumus, bukan jawaban; "
            "kosongkan sel bila tidak dijawab"
        )
    try:
        return check_answer(value)
    except ValueError:
        raise ValueError(f"tidak valid ({ANSWER_HINT})") from None


def shown(value: Cell) -> str:
    """A cell as a message shows it: 3.0 -> "3", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dataclass(frozen=True)
class Table:
    """An opened table file: its header and how it was read; rows() streams the data rows."""

    path: Path
    kind: str  # "csv" | "xlsx"
    header: tuple[str, ...]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""  # the worksheet read (XLSX)
    sheets: tuple[str, ...] = ()  # every worksheet of the workbook

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def described(self) -> str:
        """How the file was read, in Bahasa Indonesia."""
        if self.kind == "xlsx":
            extra = f" dari {len(self.sheets)} lembar" if len(self.sheets) > 1 else ""
            return f"Excel (XLSX), lembar '{self.sheet}'{extra}"
        name = DELIMITER_NAMES.get(self.delimiter, self.delimiter)
        return f"CSV, pemisah {name}, {ENCODING_NAMES.get(self.encoding, self.encoding)}"

    def column_name(self, index: int) -> str:
        """ "U3 (D)": the header's name and the column letter."""
        name = self.header[index] if index < len(self.header) else ""
        letter = column_letter(index)
        return f"{name} ({letter})" if name and name != f"Kolom {letter}" else f"kolom {letter}"

    def where(self, row: int | None = None, column: int | None = None) -> str:
        """File, sheet, row and column of a place in the file, for messages."""
        parts = [self.name]
        if self.kind == "xlsx":
            parts.append(f"lembar '{self.sheet}'")
        if row is not None:
            parts.append(f"baris {row}")
        if column is not None:
            label = self.column_name(column)
            parts.append(label if label.startswith("kolom ") else f"kolom {label}")
        return ", ".join(parts)

    def error(self, row: int | None, column: int | None, text: str) -> InputFileError:
        return InputFileError(f"{self.where(row, column)}: {text}")

    def rows(self) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(row number, cells) of every data row, as wide as the header (a blank row is all
        None; an empty CSV line is left out).

        Raises InputFileError on the first row that breaks a rule of the file's structure."""
        if self.kind == "xlsx":
            return _xlsx_rows(self)
        return _csv_rows(self)

    def count_rows(self) -> int:
        return sum(1 for _ in self.rows())


def open_table(path: str | Path, sheet: str | None = None) -> Table:
    """Open a CSV or XLSX file and read its header; InputFileError explains any problem."""
    file_path = Path(path).expanduser()
    if not file_path.exists():
        raise InputFileError(f"Berkas {file_path} tidak ditemukan.")
    if not file_path.is_file():
        raise InputFileError(f"{file_path} bukan berkas (mungkin folder).")
    try:
        with file_path.open("rb"):
            pass
    except OSError as exc:
        raise _os_error(file_path, exc) from None
    suffix = file_path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _open_xlsx(file_path, sheet)
    if suffix == ".xls":
        raise InputFileError(
            f"{file_path.name}: format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV."
        )
    if suffix in CSV_SUFFIXES:
        if sheet:
            raise InputFileError(
                f"{file_path.name}: berkas CSV tidak memiliki lembar; --sheet hanya untuk XLSX."
            )
        return _open_csv(file_path)
    raise InputFileError(
        f"Jenis berkas {suffix or '(tanpa akhiran)'} tidak didukung. "
        "Gunakan CSV atau XLSX (simpan ulang berkas .xls sebagai .xlsx)."
    )


def _os_error(path: Path, exc: OSError) -> InputFileError:
    if isinstance(exc, PermissionError):
        return InputFileError(
            f"Berkas {path} tidak dapat dibuka: izin ditolak. Periksa hak akses berkas "
            "(atau salin berkas ke folder Anda sendiri)."
        )
    return InputFileError(f"Berkas {path} tidak dapat dibaca ({exc.strerror or exc}).")


def _header(table_name: str, cells: tuple[Cell, ...], where: str) -> tuple[str, ...]:
    names = [("" if cell is None else str(cell)).strip() for cell in cells]
    while names and names[-1] == "":
        names.pop()
    if not names:
        raise InputFileError(f"{where}: baris 1: berkas kosong atau tanpa judul kolom.")
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        key = " ".join(name.casefold().split())
        if key in seen:
            raise InputFileError(
                f"{where}, baris 1: judul kolom '{name}' muncul dua kali (kolom "
                f"{column_letter(seen[key])} dan {column_letter(index)}). Beri setiap kolom "
                "judul yang berbeda."
            )
        seen[key] = index
    return tuple(name or f"Kolom {column_letter(i)}" for i, name in enumerate(names))


# ---------------------------------------------------------------- CSV


def _detect_encoding(path: Path) -> str:
    """UTF-16/UTF-8 by BOM; else UTF-8 if every byte decodes as UTF-8; else Windows-1252."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
            handle.seek(0)
            if b"\x00" in handle.read(4096):
                raise InputFileError(
                    f"{path.name}: berkas tampaknya UTF-16 tanpa tanda BOM. Simpan ulang sebagai "
                    'CSV UTF-8 (atau "Teks Unicode" dari Excel).'
                )
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                while chunk := handle.read(CHUNK_BYTES):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                if encoding == "utf-8-sig":
                    raise
                _check_cp1252(path, handle)
                return "cp1252"
    except UnicodeDecodeError:
        raise InputFileError(
            f"{path.name}: berkas diawali tanda UTF-8 (BOM) tetapi isinya bukan UTF-8. "
            "Simpan ulang berkas sebagai CSV UTF-8."
        ) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    return encoding


_CP1252_UNDEFINED = re.compile(b"[\x81\x8d\x8f\x90\x9d]")


def _check_cp1252(path: Path, handle) -> None:
    """Refuse a file that is neither UTF-8 nor Windows-1252, naming the row and column."""
    handle.seek(0)
    offset = 0
    lines = 0
    first_line = b""
    while chunk := handle.read(CHUNK_BYTES):
        if offset == 0:
            first_line = chunk.split(b"\n", 1)[0]
        found = _CP1252_UNDEFINED.search(chunk)
        if found is None:
            lines += chunk.count(b"\n")
            offset += len(chunk)
            continue
        before = chunk[: found.start()]
        line_start = before.rfind(b"\n") + 1
        delimiter = max(DELIMITERS.encode(), key=lambda d: first_line.count(bytes([d])))
        column = before[line_start:].count(bytes([delimiter]))
        line = lines + before.count(b"\n") + 1
        raise InputFileError(
            f"{path.name}, baris {line}, kolom "
            f"{column_letter(column)}: byte 0x{chunk[found.start()]:02x} bukan teks UTF-8 "
            "maupun Windows-1252. Simpan ulang berkas sebagai CSV UTF-8."
        )


def _open_text(path: Path, encoding: str):
    return path.open("r", encoding=encoding, newline="")


def _sniff(lines: list[str]) -> str:
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _open_csv(path: Path) -> Table:
    encoding = _detect_encoding(path)
    try:
        with _open_text(path, encoding) as handle:
            lines = []
            for line in handle:
                lines.append(line.rstrip("\r\n"))
                if len(lines) >= SNIFF_LINES:
                    break
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, exc) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    delimiter = _sniff(lines)
    table = Table(path, "csv", (), encoding, delimiter)
    records = _csv_records(table)
    try:
        first = next(records, None)
    finally:
        records.close()
    if first is None:
        raise InputFileError(f"{path.name}: baris 1: berkas kosong atau tanpa judul kolom.")
    header = _header(path.name, tuple(first[1]), path.name)
    return Table(path, "csv", header, encoding, delimiter)


def _decode_error(path: Path, encoding: str, exc: UnicodeDecodeError) -> InputFileError:
    return InputFileError(
        f"{path.name}: berkas tidak dapat dibaca sebagai {ENCODING_NAMES.get(encoding, encoding)}"
        f" ({exc.reason}). Simpan ulang berkas sebagai CSV UTF-8."
    )


def _csv_records(table: Table) -> Generator[tuple[int, list[str]], None, None]:
    """(record number, raw cells) of every record, header = 1; cell size checked."""
    path = table.path
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    number = 0
    try:
        with _open_text(path, table.encoding) as handle:
            reader = csv.reader(handle, delimiter=table.delimiter)
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise _csv_error(table, number + 1, exc) from None
                number += 1
                yield number, record
    except UnicodeDecodeError as exc:
        raise _decode_error(path, table.encoding, exc) from None
    except OSError as exc:
        raise _os_error(path, exc) from None
    finally:
        csv.field_size_limit(previous)


_TOO_LONG = f"isi sel lebih dari {MAX_CELL_CHARS:,} karakter (batas ukuran sel).".replace(",", ".")


def _csv_error(table: Table, number: int, exc: csv.Error) -> InputFileError:
    if "field larger than field limit" in str(exc):
        column = _long_cell_column(table, number)
        return table.error(number, column, _TOO_LONG)
    return table.error(number, None, "bukan CSV yang sah (tanda kutip tidak seimbang?).")


def _long_cell_column(table: Table, number: int) -> int | None:
    """The column of the over-long cell in record `number` (read again without the limit)."""
    csv.field_size_limit(sys.maxsize)
    try:
        with _open_text(table.path, table.encoding) as handle:
            for index, record in enumerate(csv.reader(handle, delimiter=table.delimiter), 1):
                if index == number:
                    for column, cell in enumerate(record):
                        if len(cell) > MAX_CELL_CHARS:
                            return column
                    return None
    except (csv.Error, OSError, UnicodeDecodeError):
        return None
    finally:
        csv.field_size_limit(MAX_CELL_CHARS)
    return None


def _csv_rows(table: Table) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    width = len(table.header)
    records = _csv_records(table)
    next(records, None)  # the header
    blank: tuple[Cell, ...] = (None,) * width
    for number, record in records:
        if len(record) != width:
            if not record:
                continue  # an empty line
            if not any(map(str.strip, record)):
                yield number, blank
                continue
            if len(record) > width and not any(map(str.strip, record[width:])):
                record = record[:width]  # trailing empty separators ("a;b;c;;")
            else:
                raise table.error(
                    number,
                    None,
                    f"{len(record)} sel, padahal baris judul memiliki {width} kolom "
                    f"(pemisah {DELIMITER_NAMES.get(table.delimiter, table.delimiter)}). "
                    "Periksa pemisah atau tanda kutip pada baris ini.",
                )
        if all(map(str.strip, record)):
            yield number, tuple(record)
        else:
            yield number, tuple(cell if cell.strip() else None for cell in record)


# ---------------------------------------------------------------- XLSX


def _load(path: Path, data_only: bool):
    import zipfile

    from openpyxl import load_workbook  # heavy import, only when a workbook is read

    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except PermissionError as exc:
        raise _os_error(path, exc) from None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError):
        raise InputFileError(
            f"{path.name}: berkas tidak dapat dibaca sebagai XLSX (bukan buku kerja Excel yang "
            "sah atau rusak). Buka di Excel atau LibreOffice lalu simpan ulang sebagai .xlsx."
        ) from None


def _pick_sheet(path: Path, workbook, sheet: str | None):
    names = list(workbook.sheetnames)
    if not names:
        raise InputFileError(f"{path.name}: buku kerja tidak memiliki lembar.")
    if sheet is None:
        return workbook[names[0]]
    for name in names:
        if name == sheet or name.casefold() == sheet.strip().casefold():
            return workbook[name]
    raise InputFileError(
        f"{path.name}: lembar '{sheet}' tidak ada. Lembar yang ada: "
        + ", ".join(f"'{name}'" for name in names)
        + "."
    )


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def _merged_cells(worksheet) -> list[str]:
    """The merged ranges of a read-only worksheet, found in its XML (streamed)."""
    found: list[str] = []
    tail = b""
    with worksheet._get_source() as source:
        while chunk := source.read(CHUNK_BYTES):
            data = tail + chunk
            found.extend(m.group(1).decode() for m in _MERGE.finditer(data))
            tail = data[-200:]
            # a match inside the overlap is found again in the next round
            found = list(dict.fromkeys(found))
    return found


def _open_xlsx(path: Path, sheet: str | None) -> Table:
    workbook = _load(path, data_only=True)
    try:
        worksheet = _pick_sheet(path, workbook, sheet)
        names = tuple(workbook.sheetnames)
        table = Table(path, "xlsx", (), sheet=worksheet.title, sheets=names)
        merged = _merged_cells(worksheet)
        if merged:
            listed = ", ".join(merged[:5]) + (" ..." if len(merged) > 5 else "")
            raise InputFileError(
                f"{table.where()}: ada sel gabungan (merge) {listed}. Pisahkan sel gabungan "
                "(Excel: Beranda > Gabungkan & Tengahkan > Pisahkan Sel) lalu isi setiap sel."
            )
        first = next(worksheet.iter_rows(values_only=True, max_row=1), None)
        header = _header(path.name, tuple(first or ()), table.where())
    finally:
        workbook.close()
    return Table(path, "xlsx", header, sheet=table.sheet, sheets=names)


def _xlsx_rows(table: Table) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    width = len(table.header)
    values_book = _load(table.path, data_only=True)
    formulas_book = _load(table.path, data_only=False)
    try:
        values = values_book[table.sheet].iter_rows(values_only=True)
        formulas = formulas_book[table.sheet].iter_rows(values_only=True)
        next(values, None)
        next(formulas, None)
        for number, (row, formula_row) in enumerate(zip(values, formulas, strict=False), 2):
            cells = tuple(None if isinstance(c, str) and not c.strip() else c for c in row)
            for index, cell in enumerate(cells):
                if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                    raise table.error(number, index, _TOO_LONG)
                if cell is None and index < len(formula_row):
                    source = formula_row[index]
                    if isinstance(source, str) and source.startswith("="):
                        raise table.error(
                            number,
                            index,
                            f"rumus {source[:40]} tanpa nilai tersimpan. Buka berkas di Excel "
                            "atau LibreOffice, simpan ulang, lalu impor lagi.",
                        )
            extra = [i for i in range(width, len(cells)) if cells[i] is not None]
            if extra:
                raise table.error(
                    number,
                    extra[0],
                    f"sel berisi di luar kolom berjudul (baris judul memiliki {width} kolom). "
                    "Beri judul kolom itu atau hapus isinya.",
                )
            yield number, cells[:width] + (None,) * (width - len(cells))
    finally:
        values_book.close()
        formulas_book.close()


# ---------------------------------------------------------------- unsur columns

_UNSUR_CODE = re.compile(r"u ?(\d{1,2})")


def unsur_code(name: str) -> str | None:
    """ "U3" for a header that is an unsur code ("U3", "u 3", "U03"), else None."""
    words = " ".join(re.sub(r"[^0-9a-z]+", " ", name.casefold()).split())
    match = _UNSUR_CODE.fullmatch(words)
    return f"U{int(match.group(1))}" if match else None


def unsur_columns(table: Table, regime: Regime, *, require_all: bool = False) -> dict[str, int]:
    """Column index of each unsur code in the header; codes the regime lacks are refused."""
    found: dict[str, int] = {}
    wanted = [u.kode.upper() for u in regime.unsur]
    for index, name in enumerate(table.header):
        code = unsur_code(name)
        if code is None:
            continue
        if code not in wanted:
            raise table.error(
                1,
                index,
                f"unsur {code} tidak ada pada {regime.nama} ({regime.n_unsur} unsur, "
                f"{wanted[0]}-{wanted[-1]}). Berkas ini tampaknya untuk aturan lain; "
                "periksa aturan penilaian periode.",
            )
        if code in found:
            raise table.error(
                1,
                index,
                f"unsur {code} sudah ada di kolom {column_letter(found[code])}; "
                "setiap unsur hanya boleh satu kolom.",
            )
        found[code] = index
    if require_all:
        missing = [kode for kode in wanted if kode not in found]
        if missing:
            raise table.error(
                1,
                None,
                f"kolom {', '.join(missing)} tidak ada. {regime.nama} memerlukan kolom "
                f"{wanted[0]} sampai {wanted[-1]} (huruf besar/kecil sama saja).",
            )
    return {kode: found[kode] for kode in wanted if kode in found}
