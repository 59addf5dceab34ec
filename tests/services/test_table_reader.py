"""Provides tests of the one table reader (services/table_reader.py) through all three readers:
`ikm-tui score` (cli.scoring.read_tallies), the response import (ImportService.validate) and the
customer/population import (CustomerService.import_file). Every rule gives the same verdict in
each, and the same file gives the same numbers; answers are checked with hypothesis."""

from __future__ import annotations

import codecs
import pathlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikm_tui.cli.scoring import read_tallies
from ikm_tui.domain import scoring
from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import InputFileError
from ikm_tui.services import table_reader
from ikm_tui.services.table_reader import MAX_CELL_CHARS, MISSING_TOKENS, answer, open_table

REGIME = get_regime("permenpanrb-14-2017")
U9 = [f"U{i}" for i in range(1, 10)]
ROWS = [[4, 3, 4, 4, 3, 4, 4, 3, 4], [2, 3, None, 4, 3, 2, 1, 3, 4], [3] * 9]
READERS = ("score", "impor", "pelanggan")


def _header_rows(reader: str) -> tuple[list[str], list[list[object]]]:
    """A valid file's content for a reader: answers for score/impor, populations for pelanggan."""
    if reader == "pelanggan":
        return ["jenis layanan", "jumlah", "catatan"], [["01", 120, "Kantor café"]]
    return [*U9, "catatan"], [[*row, "café"] for row in ROWS]


def _text(header: list[str], rows: list[list[object]], delimiter: str = ",") -> str:
    lines = [delimiter.join(header)]
    lines += [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    data = _text(header, rows, delimiter)
    if encoding == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + data.encode("utf-16-le"))
    else:
        path.write_bytes(data.encode(encoding))
    return path


def write_xlsx(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    sheet: str = "Sheet1",
    before: str | None = None,
    merge: str | None = None,
    formula: tuple[str, str] | None = None,
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    if before:
        first.title = before
        first.append(["catatan", "bukan data"])
        ws = book.create_sheet(sheet)
    else:
        first.title = sheet
        ws = first
    ws.append(header)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    if formula:
        ws[formula[0]] = formula[1]  # openpyxl stores no cached value
    book.save(path)
    return path


def read(reader: str, services, users, period_id: int, path: Path, sheet: str | None = None):
    """What a reader makes of the file: numbers, or InputFileError (refused)."""
    if reader == "score":
        tallies, respondents, _ = read_tallies(path, REGIME, sheet)
        return {key: (t.total, t.n) for key, t in tallies.items()}, respondents
    if reader == "impor":
        check = services.importer.validate(period_id, path, sheet=sheet)
        if not check.ok:
            raise InputFileError(check.refusal)
        return check.accepted
    summary = services.customers.import_file(period_id, path, users["staf"], sheet=sheet)
    return summary.populations


def refusal(reader: str, services, users, period_id: int, path: Path, **kw) -> str:
    with pytest.raises(InputFileError) as caught:
        read(reader, services, users, period_id, path, **kw)
    message = caught.value.message
    assert "Traceback" not in message and "field larger" not in message
    return message


EXPECTED = {
    "score": (
        {
            u.key: (sum(r[i] or 0 for r in ROWS), sum(r[i] is not None for r in ROWS))
            for i, u in enumerate(REGIME.unsur)
        },
        3,
    ),
    "impor": 3,
    "pelanggan": {"01": 120},
}


# ---------------------------------------------------------------- encodings and delimiters


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters_read_the_same(
    services, users, step4, tmp_path, reader, encoding, delimiter
):
    header, rows = _header_rows(reader)
    path = write_csv(tmp_path / "data.csv", header, rows, delimiter, encoding)
    assert read(reader, services, users, step4, path) == EXPECTED[reader]
    described = open_table(path).described
    assert table_reader.ENCODING_NAMES[encoding] in described
    assert table_reader.DELIMITER_NAMES[delimiter] in described


@pytest.mark.parametrize("reader", READERS)
def test_xlsx_reads_the_same_numbers_as_csv(services, users, step4, tmp_path, reader):
    header, rows = _header_rows(reader)
    path = write_xlsx(tmp_path / "data.xlsx", header, rows)
    assert read(reader, services, users, step4, path) == EXPECTED[reader]


@pytest.mark.parametrize("reader", READERS)
def test_neither_utf8_nor_windows_1252_names_row_and_column(
    services, users, step4, tmp_path, reader
):
    header, rows = _header_rows(reader)
    path = tmp_path / "rusak.csv"
    path.write_bytes(_text(header, rows).encode() + b"01,5,ab\x81c\r\n")
    message = refusal(reader, services, users, step4, path)
    assert f"rusak.csv, baris {len(rows) + 2}, kolom C" in message and "UTF-8" in message


# ---------------------------------------------------------------- structure


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_duplicated_header_is_refused(services, users, step4, tmp_path, reader, kind):
    header, rows = _header_rows(reader)
    header = [*header[:-1], header[0].upper()]  # the last column repeats the first's name
    path = tmp_path / f"ganda.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(path, header, rows)
    message = refusal(reader, services, users, step4, path)
    assert "ganda." in message and "baris 1" in message and "muncul dua kali" in message
    assert f"kolom A dan {table_reader.column_letter(len(header) - 1)}" in message


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("change", ["more", "fewer"])
def test_rows_wider_or_narrower_than_the_header_are_refused(
    services, users, step4, tmp_path, reader, change
):
    header, rows = _header_rows(reader)
    text = _text(header, rows)
    last = text.rstrip("\r\n").rsplit("\r\n", 1)[1]
    bad = last + ",lebih" if change == "more" else last.rsplit(",", 1)[0]
    path = tmp_path / "lebar.csv"
    path.write_text(text + bad + "\r\n", encoding="utf-8")
    message = refusal(reader, services, users, step4, path)
    assert f"lebar.csv, baris {len(rows) + 2}" in message
    assert f"baris judul memiliki {len(header)} kolom" in message


@pytest.mark.parametrize("reader", READERS)
def test_xlsx_cell_outside_the_headed_columns_is_refused(services, users, step4, tmp_path, reader):
    header, rows = _header_rows(reader)
    rows = [*rows, [*rows[-1], "lebih"]]
    path = write_xlsx(tmp_path / "lebar.xlsx", header, rows)
    message = refusal(reader, services, users, step4, path)
    assert f"lembar 'Sheet1', baris {len(rows) + 1}" in message and "di luar kolom" in message


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_cell_over_the_size_limit_is_refused_in_indonesian(
    services, users, step4, tmp_path, reader, kind
):
    header, rows = _header_rows(reader)
    rows = [*rows[:-1], [*rows[-1][:-1], "x" * (MAX_CELL_CHARS + 1)]]
    path = tmp_path / f"besar.{kind}"
    if kind == "csv":
        write_csv(path, header, rows)
    else:
        write_xlsx(path, header, rows)
    message = refusal(reader, services, users, step4, path)
    column = table_reader.column_letter(len(header) - 1)
    assert f"baris {len(rows) + 1}, kolom catatan ({column})" in message
    assert "batas ukuran sel" in message


@pytest.mark.parametrize("reader", READERS)
def test_merged_cells_are_refused(services, users, step4, tmp_path, reader):
    header, rows = _header_rows(reader)
    path = write_xlsx(tmp_path / "gabung.xlsx", header, rows, merge="A2:B2")
    message = refusal(reader, services, users, step4, path)
    assert "gabung.xlsx, lembar 'Sheet1'" in message and "A2:B2" in message


@pytest.mark.parametrize("reader", READERS)
def test_formula_without_cached_value_is_refused(services, users, step4, tmp_path, reader):
    header, rows = _header_rows(reader)
    path = write_xlsx(tmp_path / "rumus.xlsx", header, rows, formula=("B2", "=1+2"))
    message = refusal(reader, services, users, step4, path)
    assert "rumus.xlsx, lembar 'Sheet1', baris 2, kolom" in message and "=1+2" in message


@pytest.mark.parametrize("reader", READERS)
def test_sheet_chooses_the_worksheet_and_an_unknown_one_lists_them(
    services, users, step4, tmp_path, reader
):
    header, rows = _header_rows(reader)
    path = write_xlsx(tmp_path / "buku.xlsx", header, rows, sheet="Data", before="Catatan")
    assert read(reader, services, users, step4, path, sheet="data") == EXPECTED[reader]
    assert open_table(path, "Data").described == "Excel (XLSX), lembar 'Data' dari 2 lembar"
    message = refusal(reader, services, users, step4, path, sheet="Jawaban")
    assert "lembar 'Jawaban' tidak ada" in message and "'Catatan', 'Data'" in message
    # without --sheet the first sheet is read, and the message says which one
    message = refusal(reader, services, users, step4, path)
    assert "lembar 'Catatan'" in message


@pytest.fixture
def locked(monkeypatch):
    """Files named terkunci.csv cannot be read (PermissionError, as without read rights;
    chmod cannot show it to a test running as root)."""
    real_open = pathlib.Path.open

    def opener(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        mode = args[0] if args else kwargs.get("mode", "r")
        if self.name == "terkunci.csv" and "w" not in mode:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", opener)


@pytest.mark.parametrize("reader", READERS)
def test_unreadable_file_gets_a_message(services, users, step4, tmp_path, reader, locked):
    header, rows = _header_rows(reader)
    path = write_csv(tmp_path / "terkunci.csv", header, rows)
    message = refusal(reader, services, users, step4, path)
    assert "terkunci.csv" in message and "izin ditolak" in message


def test_unreadable_file_through_the_cli_exits_2(tmp_path, capsys, locked):
    from ikm_tui.cli import main

    path = write_csv(tmp_path / "terkunci.csv", U9, ROWS)
    assert main(["score", str(path), "--regime", REGIME.id]) == 2
    captured = capsys.readouterr()
    assert "izin ditolak" in captured.err and "Traceback" not in captured.err


# ---------------------------------------------------------------- answers and unsur columns

ANSWER_READERS = ("score", "impor")


@pytest.mark.parametrize("reader", ANSWER_READERS)
@pytest.mark.parametrize("token", ["NA", "#N/A", "null", "#VALUE!", "N/A", "nan", "#DIV/0!"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_missing_value_tokens_are_refused(services, users, step4, tmp_path, reader, token, kind):
    rows = [list(ROWS[0]), [*ROWS[1][:4], token, *ROWS[1][5:]]]
    path = tmp_path / f"hilang.{kind}"
    (write_csv if kind == "csv" else write_xlsx)(path, U9, rows)
    message = refusal(reader, services, users, step4, path)
    assert "baris 3" in message.lower() and "U5 (E)" in message and token in message


@pytest.mark.parametrize("reader", ANSWER_READERS)
def test_unsur_columns_the_regime_lacks_are_refused(services, users, step4, tmp_path, reader):
    header = [f"U{i}" for i in range(1, 15)]  # a Kepmenpan 25/2004 file into a 2017 period
    path = write_csv(tmp_path / "empat-belas.csv", header, [[3] * 14])
    message = refusal(reader, services, users, step4, path)
    assert "empat-belas.csv, baris 1, kolom U10 (J)" in message and "9 unsur" in message


def test_score_and_import_give_the_same_ikm(services, users, step4, tmp_path):
    rows = [[(i * 7 + j * 3) % 4 + 1 if (i + j) % 5 else None for j in range(9)] for i in range(40)]
    path = write_csv(tmp_path / "sama.csv", U9, rows, ";", "cp1252")
    tallies, respondents, _ = read_tallies(path, REGIME)
    from_file = scoring.score(REGIME, tallies, respondents)
    services.importer.commit(step4, path, None, users["staf"])
    summary = services.tabulation.summary(step4)
    assert summary.respondents == respondents == 40
    assert summary.score is not None and summary.score.ikm == from_file.ikm


spellings = st.sampled_from(["{}", " {} ", "{}.0", "{},0", "{}.00"])


@given(value=st.integers(1, 4), spelling=spellings)
def test_answer_accepts_every_spelling_of_1_to_4(value, spelling):
    assert answer(spelling.format(value)) == value
    assert answer(float(value)) == value and answer(value) == value


@given(token=st.sampled_from(sorted(MISSING_TOKENS)), upper=st.booleans(), pad=st.booleans())
def test_answer_refuses_every_missing_token(token, upper, pad):
    text = token.upper() if upper else token
    with pytest.raises(ValueError, match="nilai hilang"):
        answer(f" {text} " if pad else text)


@given(st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=6)))
def test_answer_is_1_to_4_or_blank_or_refused(value):
    try:
        result = answer(value)
    except ValueError:
        return
    assert result in (1, 2, 3, 4) or (result is None and str(value).strip() == "")


matrices = st.lists(
    st.lists(st.one_of(st.none(), st.integers(1, 4)), min_size=9, max_size=9),
    min_size=1,
    max_size=30,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    matrix=matrices,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_score_of_a_file_is_the_domain_tally_of_its_answers(
    tmp_path_factory, matrix, delimiter, encoding
):
    path = write_csv(tmp_path_factory.mktemp("h") / "x.csv", U9, matrix, delimiter, encoding)
    tallies, respondents, _ = read_tallies(path, REGIME)
    # a row without any answer is a blank line of the file, not a respondent
    expected, expected_respondents = scoring.tally(
        REGIME, [row for row in matrix if any(v is not None for v in row)]
    )
    assert respondents == expected_respondents
    assert tallies == expected
