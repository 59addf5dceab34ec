"""Tests `ikm-tui layanan ...` and `ikm-tui kantor ...` through the CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from ikm_tui.persistence.models import AuditRow, OfficeRow
from ikm_tui.services.registry import Services
from tests.cli import test_admin_cli
from tests.cli.test_admin_cli import as_admin, init, run

db_path = test_admin_cli.db_path  # the same fixture: a database file under tmp_path


def test_layanan_add_list_rename_and_deactivate(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(monkeypatch, db_path) == 0
    capsys.readouterr()
    assert run(monkeypatch, db_path, "layanan", "list") == 0
    assert "Belum ada jenis layanan" in capsys.readouterr().out
    assert as_admin(monkeypatch, db_path, "layanan", "add", "01", "KTP elektronik") == 0
    assert as_admin(monkeypatch, db_path, "layanan", "add", "02", "Kartu Keluarga") == 0
    assert "02 Kartu Keluarga ditambahkan" in capsys.readouterr().out
    assert as_admin(monkeypatch, db_path, "layanan", "add", "02", "Lain") == 2
    assert "Kode jenis layanan 02 sudah dipakai" in capsys.readouterr().err
    assert as_admin(monkeypatch, db_path, "layanan", "ubah", "02", "Kartu Keluarga (KK)") == 0
    assert as_admin(monkeypatch, db_path, "layanan", "nonaktifkan", "01") == 0
    capsys.readouterr()
    assert run(monkeypatch, db_path, "layanan", "list") == 0
    assert capsys.readouterr().out.splitlines() == ["02  Kartu Keluarga (KK)"]
    assert run(monkeypatch, db_path, "layanan", "list", "--semua") == 0
    assert capsys.readouterr().out.splitlines() == [
        "01  KTP elektronik  (nonaktif)",
        "02  Kartu Keluarga (KK)",
    ]
    assert [s.kode for s in Services().periods.service_types()] == ["02"]
    assert as_admin(monkeypatch, db_path, "layanan", "aktifkan", "09") == 1
    assert "kode 09 tidak ditemukan" in capsys.readouterr().err
    actions = [
        r.action
        for r in AuditRow.select().order_by(AuditRow.id)
        if not r.action.startswith("login")  # each command logs the Admin in
    ]
    assert actions[-3:] == ["layanan_tambah", "layanan_ubah", "layanan_nonaktif"]


def test_kantor_set_and_show(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(monkeypatch, db_path) == 0
    assert (
        as_admin(
            monkeypatch,
            db_path,
            "kantor",
            "set",
            "--unit",
            "KECAMATAN AMBARAWA",
            "--kota",
            "Ambarawa",
            "--kertas",
            "f4",
            "--email",
            "kec@ambarawa.go.id",
        )
        == 0
    )
    assert (
        "Kop KECAMATAN AMBARAWA disimpan (nama unit, email, kota, ukuran kertas)."
        in capsys.readouterr().out
    )
    row = OfficeRow.get()
    assert (row.nama_unit, row.kota, row.paper_size, row.alamat) == (
        "KECAMATAN AMBARAWA",
        "Ambarawa",
        "F4",
        "Jl. P. Diponegoro Km 0,5",
    )
    assert run(monkeypatch, db_path, "kantor", "show") == 0
    shown = capsys.readouterr().out
    assert "Nama unit     KECAMATAN AMBARAWA" in shown and "Ukuran kertas F4" in shown
    assert as_admin(monkeypatch, db_path, "kantor", "set", "--kode-pos", "12") == 2
    assert "Kode pos harus 5 angka" in capsys.readouterr().err
    assert OfficeRow.get().kode_pos == "50665"
    changes = AuditRow.select().where(~AuditRow.action.startswith("login"))
    assert changes.order_by(AuditRow.id.desc()).get().action == "kantor_ubah"


def test_kantor_libur_add_list_and_remove(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(monkeypatch, db_path) == 0
    capsys.readouterr()
    args = ("kantor", "libur")
    assert (
        as_admin(monkeypatch, db_path, *args, "tambah", "25-03-2026", "--keterangan", "Hari jadi")
        == 0
    )
    assert capsys.readouterr().out == "Rabu, 25 Maret 2026 dicatat sebagai hari libur kantor.\n"
    assert run(monkeypatch, db_path, *args, "daftar", "--tahun", "2026") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0] == "Hari libur 2026 (selain Sabtu dan Minggu):"
    assert f"  {'Rabu, 25 Maret 2026':<28}{'kantor':<10}Hari jadi" in listed
    assert any("Hari Suci Nyepi" in line and "19 Maret 2026" in line for line in listed)
    assert as_admin(monkeypatch, db_path, *args, "tambah", "19-03-2026") == 2
    assert "sudah bukan hari kerja (Hari Suci Nyepi)" in capsys.readouterr().err
    assert as_admin(monkeypatch, db_path, *args, "tambah", "31-02-2026") == 2
    assert "tidak dikenal" in capsys.readouterr().err
    assert as_admin(monkeypatch, db_path, *args, "hapus", "2026-03-25") == 0
    assert "kembali menjadi hari kerja" in capsys.readouterr().out
    assert as_admin(monkeypatch, db_path, *args, "hapus", "2026-03-25") == 1
    assert "bukan hari libur kantor yang tercatat" in capsys.readouterr().err
    assert Services().calendar.days_off() == []
    actions = [r.action for r in AuditRow.select().order_by(AuditRow.id)]
    assert [a for a in actions if a.startswith("libur")] == ["libur_tambah", "libur_hapus"]
