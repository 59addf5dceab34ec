"""Provides tests of `ikm-tui import` and `ikm-tui export` through the CLI entry point."""

# ruff: noqa: F811 - fixtures imported from tests.services.conftest
from __future__ import annotations

import getpass
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ikm_tui.cli import main
from ikm_tui.persistence.models import AuditRow, RespondentRow
from tests.services.conftest import (  # noqa: F401 - fixtures
    PASSWORD,
    at_step4,
    period,
    services,
    step4,
    users,
    walk_to,
)

HEADER = "U1,U2,U3,U4,U5,U6,U7,U8,U9,Jenis kelamin,Usia"


@pytest.fixture(autouse=True)
def _stdin(monkeypatch):
    """Each command reads its user's password from stdin (tests.services.conftest.PASSWORD)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n" * 20))


def _run(tmp_path: Path, *argv: str, as_user: str | None = "sari") -> int:
    auth = ["--as", as_user, "--password-stdin"] if as_user else []
    return main(["--db", str(tmp_path / "t.db"), *argv, *auth])


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "jawaban.csv"
    path.write_text(HEADER + "\n" + body, encoding="utf-8")
    return path


def test_import_stores_forms_and_records_the_user_and_the_os_user(step4, users, tmp_path, capsys):
    path = _csv(tmp_path, "4,4,4,4,4,4,4,4,4,L,30\n3,3,,3,3,3,3,3,3,P,41\n")
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 0
    out = capsys.readouterr().out
    assert "2 formulir disimpan (nomor 1-2) dari jawaban.csv" in out
    assert "Responden dihitung sekarang: 2" in out and "IKM sementara" in out
    rows = list(RespondentRow.select().order_by(RespondentRow.nomor))
    staf = users["staf"]
    assert [(r.jenis_kelamin, r.usia, r.source, r.created_by_id) for r in rows] == [
        ("1", 30, "impor", staf.id),
        ("2", 41, "impor", staf.id),
    ]
    entry = AuditRow.select().where(AuditRow.action == "impor_data").get()
    assert (entry.username, entry.user_id) == (staf.username, staf.id)
    assert json.loads(entry.detail)["asal"] == {"os": getpass.getuser(), "lewat": "cli"}


def test_import_needs_the_named_users_password(step4, users, tmp_path, monkeypatch, capsys):
    path = _csv(tmp_path, "4,4,4,4,4,4,4,4,4,L,30\n")
    with pytest.raises(SystemExit) as refused:
        _run(tmp_path, "import", str(path), "--period", str(step4), as_user=None)
    assert refused.value.code == 2 and "--as" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("tebakan-salah\n"))
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 1
    assert "kata sandi salah" in capsys.readouterr().err
    assert RespondentRow.select().count() == 0
    failed = AuditRow.select().where(AuditRow.action == "login_gagal").get()
    assert failed.username == users["staf"].username


def test_import_with_a_bad_row_stores_nothing_and_exits_2(step4, tmp_path, capsys):
    path = _csv(
        tmp_path, "4,4,4,4,4,4,4,4,4,L,30\n4,7,4,4,4,4,4,4,4,L,30\n4,4,4,4,4,4,4,4,4,Z,30\n"
    )
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 2
    err = capsys.readouterr().err
    assert "tidak ada data yang disimpan: 2 baris ditolak" in err
    assert "Baris 3, kolom U2 (B): '7'" in err
    assert "Baris 4, kolom Jenis kelamin (J): 'Z'" in err
    assert RespondentRow.select().count() == 0
    assert not AuditRow.select().where(AuditRow.action == "impor_data").exists()


def test_import_as_named_user_and_refusals(step4, users, tmp_path, capsys):
    path = _csv(tmp_path, "4,4,4,4,4,4,4,4,4,,\n")
    staf = users["staf"].username
    assert _run(tmp_path, "import", str(path), "--period", str(step4), as_user=staf) == 0
    entry = AuditRow.select().where(AuditRow.action == "impor_data").get()
    assert (entry.username, entry.user_id) == (staf, users["staf"].id)
    camat = users["camat"].username
    other = tmp_path / "lain.csv"
    other.write_text(HEADER + "\n3,3,3,3,3,3,3,3,3,,\n", encoding="utf-8")
    assert _run(tmp_path, "import", str(other), "--period", str(step4), as_user=camat) == 1
    assert "Hanya Staf" in capsys.readouterr().err
    assert RespondentRow.select().count() == 1


def test_a_cumulative_download_stores_the_new_rows_and_says_so(step4, tmp_path, capsys):
    rows = [f"4,4,3,4,4,3,4,4,{i % 4 + 1},L,{20 + i}\n" for i in range(5)]
    path = _csv(tmp_path, "".join(rows[:3]))
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 0
    capsys.readouterr()
    path = _csv(tmp_path, "".join(rows))
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 0
    out = capsys.readouterr().out
    assert "3 baris sudah ada, 2 baris baru disimpan (nomor 4-5) dari jawaban.csv" in out
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 2
    assert "semua 5 baris berkas ini sudah ada" in capsys.readouterr().err.lower()
    assert RespondentRow.select().count() == 5


def test_import_of_an_empty_file_exits_2(step4, tmp_path, capsys):
    path = _csv(tmp_path, "")
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 2
    assert "tidak memuat satu pun baris jawaban" in capsys.readouterr().err


def test_import_before_step_4_is_refused(period, tmp_path, capsys):
    path = _csv(tmp_path, "4,4,4,4,4,4,4,4,4,L,30\n")
    assert _run(tmp_path, "import", str(path), "--period", str(period.id)) == 1
    assert "ikm-tui:" in capsys.readouterr().err
    assert RespondentRow.select().count() == 0


def test_export_mentah_olah_data_and_kuesioner(step4, tmp_path, capsys):
    path = _csv(tmp_path, "4,4,4,4,4,4,4,4,4,L,30\n1,2,3,4,1,2,3,4,1,P,41\n")
    assert _run(tmp_path, "import", str(path), "--period", str(step4)) == 0
    raw = tmp_path / "mentah.xlsx"
    assert _run(tmp_path, "export", "mentah", "--period", str(step4), "-o", str(raw)) == 0
    assert load_workbook(raw).active.max_row == 3
    raw_csv = tmp_path / "mentah.csv"
    assert (
        _run(
            tmp_path,
            "export",
            "mentah",
            "--period",
            str(step4),
            "-o",
            str(raw_csv),
            "--format",
            "csv",
        )
        == 0
    )
    assert raw_csv.read_text(encoding="utf-8-sig").startswith("Nomor;Tanggal survei")
    olah = tmp_path / "olah.xlsx"
    assert _run(tmp_path, "export", "olah-data", "--period", str(step4), "-o", str(olah)) == 0
    assert load_workbook(olah).active["A1"].value.startswith("HASIL OLAH DATA")
    docx = tmp_path / "kuesioner.docx"
    assert _run(tmp_path, "export", "kuesioner", "--period", str(step4), "-o", str(docx)) == 0
    assert docx.stat().st_size > 0
    out = capsys.readouterr().out
    assert "Data mentah (XLSX, 2 responden)" in out and "Olah data (2 responden" in out
    actions = {r.action for r in AuditRow.select().where(AuditRow.username == "sari")}
    assert {"impor_data", "ekspor_data_mentah", "ekspor_olah_data"} <= actions
