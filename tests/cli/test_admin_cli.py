"""Tests `ikm-tui init`, `ikm-tui user ...` and `ikm-tui verify` through the CLI entry point."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import AuditRow, MetaRow, OfficeRow, UserRow
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


ADMIN_PASSWORD = "sandi-admin-1"


def as_admin(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, *argv: str, stdin: str = "", user: str = "admin"
) -> int:
    """A state-changing command as `user` (the Admin): its password on stdin's first line."""
    password = ADMIN_PASSWORD if user == "admin" else f"sandi-{user}-1"
    return run(
        monkeypatch,
        db_path,
        *argv,
        "--as",
        user,
        "--password-stdin",
        stdin=f"{password}\n{stdin}",
    )


KOP = (
    *("--pemerintah", "PEMERINTAH KABUPATEN SEMARANG", "--unit", "KECAMATAN BANDUNGAN"),
    *("--alamat", "Jl. P. Diponegoro Km 0,5", "--kota", "Bandungan", "--kode-pos", "50665"),
    *("--telepon", "(0298) 711585"),
)


def init(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> int:
    return run(
        monkeypatch,
        db_path,
        "init",
        *KOP,
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
    out = capsys.readouterr().out
    assert "Basis data KECAMATAN BANDUNGAN siap. Admin: admin." in out
    code = recovery_code(out)
    assert len(code) == 19 and code not in (MetaRow.get(MetaRow.key == "recovery_code").value)
    from ikm_tui.paths import office_key_fingerprints

    office_key = next(line for line in out.splitlines() if line.startswith("Sidik kunci kantor: "))
    assert office_key_fingerprints() == [office_key.split(": ")[1]]
    office = OfficeRow.get()
    assert (office.kota, office.telepon) == ("Bandungan", "(0298) 711585")
    assert AuthService().login("admin", "sandi-admin-1").roles == frozenset({"admin"})
    assert init(monkeypatch, db_path) == 1
    assert "sudah berisi data" in capsys.readouterr().err
    assert UserRow.select().count() == 1


class Terminal(io.StringIO):
    """Standard input that is a terminal (init asks instead of naming the options)."""

    def isatty(self) -> bool:
        return True


def test_init_prompts_for_what_the_options_do_not_give(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    asked: list[str] = []
    answers = iter(["PEMERINTAH KABUPATEN SEMARANG", "", "Jl. Jend. Sudirman 1", "", "", ""])
    answers = iter([*answers, "admin", "Admin Kecamatan"])

    def typed_answer(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", typed_answer)
    typed = iter(["sandi-admin-1", "sandi-admin-1"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    monkeypatch.setattr("sys.stdin", Terminal())
    argv = ["init", "--unit", "KECAMATAN AMBARAWA", "--kota", "Ambarawa"]
    assert main(["--db", str(db_path), *argv]) == 0
    office = OfficeRow.get()
    assert (office.pemerintah, office.nama_unit, office.alamat, office.kota, office.kode_pos) == (
        "PEMERINTAH KABUPATEN SEMARANG",
        "KECAMATAN AMBARAWA",
        "Jl. Jend. Sudirman 1",
        "Ambarawa",
        "",
    )
    # an empty answer to a required field (alamat) is asked again, an optional one stays empty
    assert [p.split(" (")[0].removesuffix(": ") for p in asked] == [
        "Pemerintah",
        "Alamat",
        "Alamat",
        "Kode pos",
        "Telepon",
        "Faks",
        "Nama pengguna Admin",
        "Nama lengkap Admin",
    ]
    assert AuthService().login("admin", "sandi-admin-1").username == "admin"


def test_password_prompt_must_match(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = iter(["sandi-admin-1", "sandi-lain-22"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(typed))
    assert run(monkeypatch, db_path, "init", *KOP, "--username", "admin", "--nama", "Admin") == 2
    assert "Kedua kata sandi tidak sama." in capsys.readouterr().err
    assert not db_path.exists()  # the database is created only once everything is answered


def recovery_code(out: str) -> str:
    return next(
        line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("KODE PEMULIHAN")
    )


def add_user(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, username: str, roles: str, nip: str = ""
) -> int:
    return as_admin(
        monkeypatch,
        db_path,
        "user",
        "add",
        username,
        "--nama",
        username.title(),
        "--nip",
        nip or ("" if roles == "admin" else "199001012015032001"),
        "--peran",
        roles,
        stdin=f"sandi-{username}-1\n",
    )


def test_init_refuses_a_database_with_any_data(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    tamper(db_path, "DELETE FROM app_user")  # an insider empties the accounts to take over
    assert init(monkeypatch, db_path) == 1
    assert "hanya untuk basis data kosong" in capsys.readouterr().err


def test_user_commands_refuse_without_the_admin_password(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's attack: a Staf resets the Camat's password and makes himself Camat."""
    init(monkeypatch, db_path)
    assert add_user(monkeypatch, db_path, "camat", "camat") == 0
    assert add_user(monkeypatch, db_path, "sri", "staf") == 0
    capsys.readouterr()
    # without --as: argparse refuses
    with pytest.raises(SystemExit):
        run(
            monkeypatch, db_path, "user", "passwd", "camat", "--password-stdin", stdin="x12345678\n"
        )
    # with a guessed Admin password
    status = run(
        monkeypatch,
        db_path,
        "user",
        "passwd",
        "camat",
        "--as",
        "admin",
        "--password-stdin",
        stdin="tebakan-salah\nx12345678\n",
    )
    assert status == 1 and "kata sandi salah" in capsys.readouterr().err
    # as himself, a Staf
    assert (
        as_admin(monkeypatch, db_path, "user", "passwd", "camat", user="sri", stdin="x12345678\n")
        == 1
    )
    assert "Hanya Admin" in capsys.readouterr().err
    status = as_admin(
        monkeypatch,
        db_path,
        "user",
        "add",
        "sri2",
        "--nama",
        "Sri",
        "--nip",
        "199001012015032001",
        "--peran",
        "camat",
        user="sri",
        stdin="x12345678\n",
    )
    assert status == 1 and "Hanya Admin" in capsys.readouterr().err
    assert AuthService().login("camat", "sandi-camat-1").username == "camat"
    assert UserRow.select().count() == 3
    # his own password he may change, with his own
    assert (
        as_admin(monkeypatch, db_path, "user", "passwd", "sri", user="sri", stdin="sandi-baru-22\n")
        == 0
    )
    assert AuthService().login("sri", "sandi-baru-22").username == "sri"


def test_audit_names_the_admin_and_the_os_user(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    import getpass
    import json

    init(monkeypatch, db_path)
    add_user(monkeypatch, db_path, "sri", "staf")
    entry = (
        AuditRow.select()
        .where(AuditRow.action == "pengguna_tambah")
        .order_by(AuditRow.id.desc())
        .get()
    )
    assert (
        entry.username == "admin" and entry.user_id == UserRow.get(UserRow.username == "admin").id
    )
    assert json.loads(entry.detail)["asal"] == {"os": getpass.getuser(), "lewat": "cli"}


def test_recover_a_lost_admin_password_with_the_code(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    code = recovery_code(capsys.readouterr().out)
    add_user(monkeypatch, db_path, "sri", "staf")
    capsys.readouterr()
    wrong = "AAAA-BBBB-CCCC-DDDD"
    recover = ("user", "recover", "admin", "--recovery-code-stdin")
    assert run(monkeypatch, db_path, *recover, stdin=f"{wrong}\nsandi-baru-99\n") == 1
    assert "Kode pemulihan salah" in capsys.readouterr().err
    assert (
        run(
            monkeypatch,
            db_path,
            "user",
            "recover",
            "sri",
            "--recovery-code-stdin",
            stdin=f"{code}\nsandi-baru-99\n",
        )
        == 1
    )
    assert AuthService().login("sri", "sandi-sri-1").username == "sri"
    capsys.readouterr()
    assert run(monkeypatch, db_path, *recover, stdin=f"{code.lower()}\nsandi-baru-99\n") == 0
    new_code = recovery_code(capsys.readouterr().out)
    assert new_code != code
    assert AuthService().login("admin", "sandi-baru-99").username == "admin"
    # the code is one-time: the old one no longer works, the new one does
    assert run(monkeypatch, db_path, *recover, stdin=f"{code}\nsandi-lagi-999\n") == 1
    assert run(monkeypatch, db_path, *recover, stdin=f"{new_code}\nsandi-lagi-999\n") == 0


def test_add_the_three_signers_and_log_in(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    for username, name, nip, role in SIGNERS:
        status = as_admin(
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
    status = add_user(monkeypatch, db_path, "sari", "staf", nip="199013012015032001")
    assert status == 2 and "tanggal lahir" in capsys.readouterr().err


def test_disable_enable_and_passwd(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    add_user(monkeypatch, db_path, "sari", "staf")
    assert as_admin(monkeypatch, db_path, "user", "disable", "sari") == 0
    assert UserRow.get(UserRow.username == "sari").disabled
    assert as_admin(monkeypatch, db_path, "user", "enable", "sari") == 0
    assert as_admin(monkeypatch, db_path, "user", "passwd", "sari", stdin="sandi-baru-1\n") == 0
    assert AuthService().login("sari", "sandi-baru-1").username == "sari"
    assert as_admin(monkeypatch, db_path, "user", "passwd", "tidakada", stdin="sandi-baru-1\n") == 1
    assert "tidak ditemukan" in capsys.readouterr().err


def test_verify_reports_intact_then_names_tampered_entry(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    capsys.readouterr()
    assert run(monkeypatch, db_path, "verify") == 0
    out = capsys.readouterr().out
    assert "[OK   ] Jejak audit dan kepalanya: Jejak audit utuh: 3 entri, kepala #3 " in out
    tamper(db_path, "UPDATE audit SET detail = '{}' WHERE id = 1")
    assert run(monkeypatch, db_path, "verify") == 1
    captured = capsys.readouterr()
    assert "[GAGAL] Jejak audit dan kepalanya" in captured.out
    assert "Jejak audit rusak pada entri 1: isi entri telah diubah" in captured.err


def test_verify_names_deleted_last_entry(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    init(monkeypatch, db_path)
    tamper(db_path, "DELETE FROM audit WHERE id = 2")
    assert run(monkeypatch, db_path, "verify") == 1
    assert "entri 2" in capsys.readouterr().err
