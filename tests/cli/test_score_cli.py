"""Provides tests of `ikm-tui score` and `ikm-tui sample-size` (CSV, XLSX, JSON, bad input)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ikm_tui.cli import main

REGIME_2017 = "permenpanrb-14-2017"
REGIME_2004 = "kepmenpan-25-2004"
TOTALS_29 = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def rows_with_totals(totals: list[int], respondents: int) -> list[list[int]]:
    """Answer rows (respondent x unsur) whose column sums are `totals` (answers differ by <= 1)."""
    columns = []
    for total in totals:
        base, higher = divmod(total, respondents)
        assert 1 <= base <= 4 and (base < 4 or higher == 0)
        columns.append([base + 1] * higher + [base] * (respondents - higher))
    return [list(row) for row in zip(*columns, strict=True)]


def write_csv(path: Path, header: list[str], rows: list[list[object]], sep: str = ",") -> Path:
    lines = [sep.join(header)] + [sep.join("" if v is None else str(v) for v in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def example_29(tmp_path: Path) -> Path:
    header = ["No", "Nama"] + [f"U{i}" for i in range(1, 10)]
    rows = [
        [i + 1, f"Responden {i + 1}", *r] for i, r in enumerate(rows_with_totals(TOTALS_29, 29))
    ]
    return write_csv(tmp_path / "survei.csv", header, rows)


@pytest.mark.parametrize(("weights", "ikm"), [("exact", 91.48), ("0.11", 90.56), ("0.111", 91.38)])
def test_json_reproduces_29_respondent_example(capsys, example_29, weights, ikm):
    status, out, err = run(
        capsys, "score", str(example_29), "--regime", REGIME_2017, "--weights", weights, "--json"
    )
    assert status == 0 and err == ""
    data = json.loads(out)
    assert data["ikm"] == ikm and data["mutu"] == "A" and data["kinerja"] == "Sangat baik"
    assert data["respondents"] == 29 and data["weights"] == weights
    assert [u["total"] for u in data["unsur"]] == TOTALS_29
    assert [u["n"] for u in data["unsur"]] == [29] * 9
    first = data["unsur"][0]
    assert set(first) >= {"kode", "nama", "n", "total", "nrr", "nrr_tertimbang", "konversi", "mutu"}
    assert first["nrr"] == pytest.approx(105 / 29) and first["konversi"] == 90.52
    assert set(data) >= {
        "regime",
        "weights",
        "respondents",
        "unsur",
        "indeks",
        "ikm_exact",
        "ikm",
        "mutu",
        "kinerja",
    }
    if weights == "exact":
        assert data["ikm_exact"] == pytest.approx(sum(TOTALS_29) / 29 / 9 * 25)


def test_table_uses_decimal_commas_and_names_the_weight_rule(capsys, example_29):
    status, out, _ = run(capsys, "score", str(example_29), "--regime", REGIME_2017)
    assert status == 0
    assert "91,48" in out and "3,6207" in out and "90,52" in out
    assert "Sangat baik" in out and "bobot tepat 1/jumlah unsur" in out
    assert "Persyaratan" in out and "91.48" not in out


def test_semicolon_csv_lowercase_headers_and_blanks(capsys, tmp_path):
    header = [f"u{i}" for i in range(1, 10)] + ["saran"]
    rows = [[4, 3, None, 4, 4, 3, 3, 4, 4, '"cepat; ramah"'], [2, 3, 1, 4, 4, 3, 3, 4, 4, ""]]
    path = tmp_path / "excel.csv"
    path.write_text(
        "\ufeff"
        + "\n".join(";".join("" if v is None else str(v) for v in r) for r in [header, *rows])
        + "\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "score", str(path), "--regime", REGIME_2017, "--json")
    data = json.loads(out)
    assert status == 0
    waktu = data["unsur"][2]
    assert (waktu["n"], waktu["total"], waktu["nrr"]) == (1, 1, 1.0)
    assert data["unsur"][0]["nrr"] == 3.0


def test_2004_report_example_scores_76_93_b(capsys, tmp_path):
    nrr = [
        "3.06",
        "2.98",
        "3.06",
        "2.90",
        "3.06",
        "3.14",
        "3.04",
        "3.06",
        "3.18",
        "3.08",
        "3.20",
        "3.18",
        "3.10",
        "3.04",
    ]
    totals = [round(float(v) * 50) for v in nrr]  # 50 respondents give NRR with 2 decimals
    rows = rows_with_totals(totals, 50)
    path = write_csv(tmp_path / "lama.csv", [f"U{i}" for i in range(1, 15)], rows)
    status, out, _ = run(capsys, "score", str(path), "--regime", REGIME_2004, "--json")
    data = json.loads(out)
    assert status == 0 and data["ikm"] == 76.93 and data["mutu"] == "B"
    status, out, _ = run(
        capsys, "score", str(path), "--regime", REGIME_2004, "--weights", "0.071", "--json"
    )
    assert json.loads(out)["weights"] == "0.071"


def test_xlsx_is_read_like_csv(capsys, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nama", *[f"U{i}" for i in range(1, 10)]])
    for index, row in enumerate(rows_with_totals(TOTALS_29, 29)):
        sheet.append([f"R{index}", *row])
    path = tmp_path / "survei.xlsx"
    workbook.save(path)
    status, out, _ = run(capsys, "score", str(path), "--regime", REGIME_2017, "--json")
    data = json.loads(out)
    assert status == 0 and data["ikm"] == 91.48 and data["respondents"] == 29


def test_xlsx_bad_cell_names_row_and_column(capsys, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"U{i}" for i in range(1, 10)])
    sheet.append([4] * 9)
    sheet.append([4, 4, 4, 4, 4, 4, 2.5, 4, 4])
    path = tmp_path / "salah.xlsx"
    workbook.save(path)
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 2 and out == ""
    assert "salah.xlsx" in err and "baris 3" in err and "kolom U7" in err


@pytest.mark.parametrize("bad", ["5", "0", "x", "2.5", "-1", "4,5"])
def test_bad_answer_exits_2_naming_file_row_and_column(capsys, tmp_path, bad):
    rows = [[4] * 9, [4] * 9, [3, 3, 3, 3, 3, bad, 3, 3, 3], [4] * 9]
    path = write_csv(tmp_path / "data.csv", [f"U{i}" for i in range(1, 10)], rows, sep=";")
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017, "--json")
    assert status == 2 and out == ""
    assert "data.csv" in err and "baris 4" in err and "kolom U6" in err
    assert "Traceback" not in err


def test_first_bad_cell_in_reading_order_is_reported(capsys, tmp_path):
    rows = [[4] * 9, [4, 4, 4, 4, 4, 4, 4, 4, 7], [9] * 9]
    path = write_csv(tmp_path / "d.csv", [f"U{i}" for i in range(1, 10)], rows)
    status, _, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 2 and "baris 3, kolom U9" in err


def test_missing_column_is_named(capsys, tmp_path):
    path = write_csv(tmp_path / "kurang.csv", [f"U{i}" for i in range(1, 9)], [[4] * 8])
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 2 and out == "" and "kolom U9" in err and "baris 1" in err


def test_windows_1252_file_is_read_as_the_import_reads_it(capsys, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(
        b"U1,U2,U3,U4,U5,U6,U7,U8,U9,nama\n4,4,4,4,4,4,4,4,4,Budi\n4,4,4,4,4,4,4,4,4,Jos\xe9\n"
    )
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 0 and "Windows-1252" in out and "Responden       : 2" in out


@pytest.mark.parametrize("name", ["tidak-ada.csv", "kosong.csv", "lama.xls", "rusak.xlsx"])
def test_unreadable_files_exit_2(capsys, tmp_path, name):
    if name == "kosong.csv":
        (tmp_path / name).write_text("")
    elif name != "tidak-ada.csv":
        (tmp_path / name).write_bytes(b"not a workbook")
    status, out, err = run(capsys, "score", str(tmp_path / name), "--regime", REGIME_2017)
    assert status == 2 and out == "" and name in err


def test_legacy_weight_of_the_other_regime_is_refused(capsys, example_29):
    status, out, err = run(
        capsys, "score", str(example_29), "--regime", REGIME_2017, "--weights", "0.071"
    )
    assert status == 2 and out == "" and "0.071" in err


@pytest.mark.parametrize(
    ("population", "regime", "expected"),
    [
        ("75000", REGIME_2017, "382 responden"),
        ("100", REGIME_2017, "80 responden"),
        ("5000", REGIME_2004, "150 responden"),
    ],
)
def test_sample_size(capsys, population, regime, expected):
    status, out, _ = run(capsys, "sample-size", "--population", population, "--regime", regime)
    assert status == 0 and expected in out


def test_blank_lines_keep_spreadsheet_row_numbers_and_do_not_count(capsys, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_text(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9\r\n,,,,,,,,\r\n\r\n4,4,4,4,4,4,4,4,4\r\n", encoding="utf-8"
    )
    status, out, _ = run(capsys, "score", str(path), "--regime", REGIME_2017, "--json")
    assert status == 0 and json.loads(out)["respondents"] == 1
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n,,,,,,,,\n\n4,4,4,4,4,4,4,4,0\n", encoding="utf-8")
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 2 and out == "" and "baris 4, kolom U9" in err


def test_header_only_file_has_no_answers(capsys, tmp_path):
    path = write_csv(tmp_path / "judul.csv", [f"U{i}" for i in range(1, 10)], [])
    status, out, err = run(capsys, "score", str(path), "--regime", REGIME_2017)
    assert status == 2 and out == "" and "Belum ada jawaban" in err
