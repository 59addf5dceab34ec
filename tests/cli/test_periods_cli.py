"""Provides tests of the demo database (built through the real services) and `ikm-tui periods`."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.clock import fixed_clock
from ikm_tui.domain import scoring
from ikm_tui.domain.regimes import get_regime
from ikm_tui.persistence import audit_log, db, tallies
from ikm_tui.persistence.models import ComplaintRow, OfficeRow, UserRow
from ikm_tui.services import demo


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """One demo database per module, built through `ikm-tui --db PATH demo`."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def opened(demo_db, tmp_path):
    """A private copy of the demo database, opened."""
    copy = tmp_path / "copy.db"
    shutil.copy(demo_db, copy)
    db.connect(str(copy))
    yield copy
    db.close()


def test_periods_json_lists_a_done_and_a_collecting_period(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "periods", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["current_step"], p["respondents"]) for p in data] == [
        ("Periode I 2026", 0, 342),
        ("Periode II 2026", 4, 236),
    ]
    assert data[1]["current_step_name"] == "Melaksanakan pengukuran kepuasan pelanggan"
    assert all(p["regime"] == "permenpanrb-14-2017" for p in data)


def test_periods_table_is_readable(demo_db, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo_db), "periods"]) == 0
    out = capsys.readouterr().out
    assert "Periode II 2026" in out and "4 Melaksanakan pengukuran" in out
    assert "1 September 2026 - 31 Desember 2026" in out and "PermenPANRB 14/2017" in out


def test_periods_of_an_empty_database(tmp_path, capsys):
    db.connect(str(tmp_path / "kosong.db"))  # created (only `init` would from the CLI)
    db.close()
    assert main(["--db", str(tmp_path / "kosong.db"), "periods"]) == 0
    assert "Belum ada periode survei" in capsys.readouterr().out


def test_office_and_signers_are_as_printed_in_the_sop(opened):
    office = OfficeRow.get()
    assert (office.pemerintah, office.nama_unit) == (
        "PEMERINTAH KABUPATEN SEMARANG",
        "KECAMATAN BANDUNGAN",
    )
    assert office.alamat == "JL. P. Diponegoro Km 0,5" and office.kode_pos == "50665"
    assert (office.telepon, office.faks) == ("(0298) 711585", "(0298) 711877")
    camat = UserRow.get(UserRow.username == "camat")
    assert (camat.full_name, camat.nip) == ("EKO PURWANTO, S.Sos", "197006051990031013")
    assert camat.pangkat == "Pembina Tk.I (IV/b)"
    sekcam = UserRow.get(UserRow.username == "sekcam")
    assert (sekcam.full_name, sekcam.nip) == ("DHANI ARDIANTO, S. STP", "198404192003121002")


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("camat", "camat2026", "camat"),
        ("sekcam", "sekcam2026", "sekcam"),
        ("sri", "staf2026", "staf"),
        ("agus", "staf2026", "staf"),
        ("admin", "admin2026", "admin"),
    ],
)
def test_demo_accounts_log_in_with_the_readme_passwords(opened, username, password, role):
    from ikm_tui.services.auth import AuthService

    assert (
        AuthService(fixed_clock(dt.datetime(2026, 11, 25, 9)))
        .login(username, password)
        .has_role(role)
    )


def test_audit_chain_of_the_demo_verifies(opened):
    assert audit_log.verify_chain() is None
    assert audit_log.entry_count() > 100


def test_demo_answers_are_believable(opened):
    flt = tallies.TallyFilter(1)
    result = scoring.score(
        get_regime("permenpanrb-14-2017"),
        tallies.answer_tallies(flt),
        tallies.count_respondents(flt),
    )
    assert 76.61 <= float(result.ikm) <= 95
    answers = {u.key: u for u in result.unsur}
    assert answers["biaya"].nrr > answers["waktu"].nrr  # free services, slow queues
    assert 0 < 342 - answers["pengaduan"].n < 60  # some blanks, not many
    values = (
        sqlite3.connect(opened)
        .execute("SELECT value, COUNT(*) FROM answer WHERE value IS NOT NULL GROUP BY value")
        .fetchall()
    )
    assert {value for value, _ in values} == {1, 2, 3, 4}
    assert ComplaintRow.select().count() == 4


def test_demo_is_reproducible(demo_db, tmp_path):
    again = tmp_path / "again.db"
    demo.ensure_demo(again)
    query = (
        "SELECT r.nomor, r.service_type_id, r.usia, a.unsur_key, a.value FROM answer a "
        "JOIN respondent r ON r.id = a.respondent_id ORDER BY a.id"
    )
    first = sqlite3.connect(demo_db).execute(query).fetchall()
    assert first == sqlite3.connect(again).execute(query).fetchall()


def test_existing_demo_is_kept_unless_reset(demo_db, tmp_path):
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    stamp = copy.stat().st_mtime_ns
    assert demo.ensure_demo(copy) == copy
    assert copy.stat().st_mtime_ns == stamp


def test_real_database_is_never_overwritten(tmp_path, capsys):
    real = tmp_path / "kantor.db"
    db.connect(str(real))
    db.close()
    before = real.read_bytes()
    assert main(["--db", str(real), "demo"]) == 1
    assert "bukan demo" in capsys.readouterr().err
    assert real.read_bytes() == before


def test_a_failed_build_leaves_no_half_database(tmp_path, monkeypatch):
    def broken(path, clock):
        db.connect(str(path))
        db.close()
        raise RuntimeError("listrik padam")

    monkeypatch.setattr(demo, "build_demo", broken)
    target = tmp_path / "demo.db"
    with pytest.raises(RuntimeError):
        demo.ensure_demo(target)
    assert list(tmp_path.iterdir()) == []
