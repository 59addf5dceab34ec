"""Tests `ikm-tui init`, `ikm-tui user ...` and `ikm-tui verify` through the CLI entry point."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import OfficeRow, UserRow
from ikm_tui.services.auth import AuthService
from tests.services.conftest import tamper

SIGNERS = (
    ("sari", "Sari Wulandari, S.AP", "199001012015032001", "staf"),
    ("budi", "Drs. Budi Santoso, M.Si", "197505052000031002", "sekcam"),
    ("agus", "Agus Prasetyo, S.STP, M.Si", "198003032002121003", "camat"),
)


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "kantor.db"
    db_module.close()


def run(monkeypatch: pytest.MonkeyPatch, db_path: Path, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--db", str(db_path), *argv])


def init(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> int:
    return run(
        monkeypatch,
        db_path,
        "init",
        "--username",
        "admin",
        "--nama",
        "Admin Kecamatan",
        "--password-stdin",
        stdin="sandi-admin-1\n",
    )


def test_init_creates_office_and_admin_then_refuses(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert init(monkeypatch, db_path) == 0
    assert "Basis data KECAMATAN BANDUNGAN siap. Admin: admin." in capsys.readouterr().out
    office = OfficeRow.get()
    assert (office.kota, office.telepon) == ("Bandungan", "(0298) 711585")
    assert AuthService().login("admin", "sandi-admin-1").roles == frozenset({"admin"})
    assert init(monkeypatch, db_path) == 1
    assert "sudah berisi pengguna" in capsys.readouterr().err
    assert UserRow.select().count() == 1


def test_init_prompts_and_takes_office_flags(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    answers = iter(["admin", "Admin Kecamatan"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    typed = iter(["sandi-admin-1", "sandi-admin-1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert (
        run(monkeypatch, db_path, "init", "--unit", "KECAMATAN AMBARAWA", "--kota", "Ambarawa") == 0
    )
    assert (OfficeRow.get().nama_unit, OfficeRow.get().kota) == ("KECAMATAN AMBARAWA", "Ambarawa")
    assert AuthService().login("admin", "sandi-admin-1").username == "admin"


def test_password_prompt_must_match(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = iter(["sandi-admin-1", "sandi-lain-22"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert run(monkeypatch, db_path, "init", "--username", "admin", "--nama", "Admin") == 2
    assert "Kedua kata sandi tidak sama." in capsys.readouterr().err
    assert UserRow.select().count() == 0


def test_add_the_three_signers_and_log_in(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    for username, name, nip, role in SIGNERS:
        status = run(
            monkeypatch,
            db_path,
            "user",
            "add",
            username,
            "--nama",
            name,
            "--nip",
            nip,
            "--jabatan",
            "Jabatan",
            "--pangkat",
            "III/a",
            "--peran",
            role,
            "--password-stdin",
            stdin=f"sandi-{username}-1\n",
        )
        assert status == 0
    for username, _, _, role in SIGNERS:
        assert AuthService().login(username, f"sandi-{username}-1").roles == frozenset({role})
    capsys.readouterr()
    assert run(monkeypatch, db_path, "user", "list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == [
        "Nama",
        "pengguna",
        "Nama",
        "lengkap",
        "NIP",
        "Jabatan",
        "Peran",
        "Status",
    ]
    assert any(line.startswith("budi") and "Sekretaris Camat" in line for line in listing)


def test_user_add_rejects_bad_nip(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    status = run(
        monkeypatch,
        db_path,
        "user",
        "add",
        "sari",
        "--nama",
        "Sari",
        "--nip",
        "199013012015032001",
        "--peran",
        "staf",
        "--password-stdin",
        stdin="sandi-sari-1\n",
    )
    assert status == 2 and "tanggal lahir" in capsys.readouterr().err


def test_disable_enable_and_passwd(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    username, name, nip, role = SIGNERS[0]
    run(
        monkeypatch,
        db_path,
        "user",
        "add",
        username,
        "--nama",
        name,
        "--nip",
        nip,
        "--peran",
        role,
        "--password-stdin",
        stdin="sandi-lama-1\n",
    )
    assert run(monkeypatch, db_path, "user", "disable", "sari") == 0
    assert UserRow.get(UserRow.username == "sari").disabled
    assert run(monkeypatch, db_path, "user", "enable", "sari") == 0
    assert (
        run(
            monkeypatch,
            db_path,
            "user",
            "passwd",
            "sari",
            "--password-stdin",
            stdin="sandi-baru-1\n",
        )
        == 0
    )
    assert AuthService().login("sari", "sandi-baru-1").username == "sari"
    assert (
        run(
            monkeypatch,
            db_path,
            "user",
            "passwd",
            "tidakada",
            "--password-stdin",
            stdin="sandi-baru-1\n",
        )
        == 1
    )
    assert "tidak ditemukan" in capsys.readouterr().err


def test_verify_reports_intact_then_names_tampered_entry(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    capsys.readouterr()
    assert run(monkeypatch, db_path, "verify") == 0
    assert capsys.readouterr().out.strip() == "Jejak audit utuh: 2 entri."
    tamper(db_path, "UPDATE audit SET detail = '{}' WHERE id = 1")
    assert run(monkeypatch, db_path, "verify") == 1
    assert "Jejak audit rusak pada entri 1: isi entri telah diubah." in capsys.readouterr().err


def test_verify_names_deleted_last_entry(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    tamper(db_path, "DELETE FROM audit WHERE id = 2")
    assert run(monkeypatch, db_path, "verify") == 1
    assert "entri 2" in capsys.readouterr().err
