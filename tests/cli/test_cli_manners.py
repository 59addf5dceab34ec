"""Tests the command line's manners: a closed pipe, argparse's words in Bahasa Indonesia,
--demo for subcommands, no database created by a mistyped path, verify on a database never
set up, export's -o extension, init's own kop, a missing PostgreSQL driver, no tracebacks."""

from __future__ import annotations

import argparse
import errno
import inspect
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.cli.parser import MESSAGES, translate
from ikm_tui.persistence import db
from tests.cli.test_admin_cli import KOP, Terminal

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ("usage", "error", "required", "invalid", "expected", "arguments", "options:")
PG_URL = "postgresql://ikm@localhost:1/ikm"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the demo database (closed again after the test)."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    yield copy
    db.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    """A database with the schema and nothing else (as a bare `connect` leaves it)."""
    path = tmp_path / "kosong.db"
    db.connect(str(path))
    db.close()
    return path


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """argparse's refusal of `argv`: exit 2, nothing on stdout; its stderr."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


# -- a closed pipe ------------------------------------------------------------------------------


def run_into_closed_pipe(*argv: str) -> subprocess.CompletedProcess[str]:
    """`python -m ikm_tui ARGV | head -0`: the reader is gone before the command writes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "ikm_tui", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    return subprocess.CompletedProcess(process.args, process.wait(), "", err)


def test_output_into_a_closed_pipe_ends_quietly(demo_db: Path, tmp_path: Path) -> None:
    answers = tmp_path / "jawaban.csv"
    answers.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "3,4,3,4,3,4,3,4,3\n" * 20)
    commands = [
        ("--db", str(demo_db), "periods", "--json"),
        ("--db", str(demo_db), "user", "list"),
        ("score", str(answers), "--regime", "permenpanrb-14-2017", "--json"),
        ("--help",),
    ]
    for argv in commands:
        result = run_into_closed_pipe(*argv)
        assert result.stderr == "", (argv, result.stderr)
        assert result.returncode in (0, 1), argv


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_to_a_full_disk_is_a_message(empty_db: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "ikm_tui", "--db", str(empty_db), "periods", "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
        )
    assert result.returncode == 1
    assert "disk penuh" in result.stderr and "Traceback" not in result.stderr


# -- argparse in Bahasa Indonesia ---------------------------------------------------------------


def test_help_is_in_bahasa_indonesia(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["user", "add", "--help"], ["export", "--help"]):
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main(argv)
        assert stopped.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("penggunaan: ikm-tui")
        assert "\nopsi:\n" in out and "tampilkan bantuan ini lalu keluar" in out
        assert "usage:" not in out and "options:" not in out and "show this help" not in out
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "argumen posisi:" in out and "tampilkan versi program lalu keluar" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["export"], "argumen berikut wajib diisi: "),
        (["user"], "argumen berikut wajib diisi: AKSI"),
        (["perodes"], "argumen PERINTAH: pilihan 'perodes' tidak dikenal (pilih salah satu: "),
        (["periods", "--jsn"], "argumen tidak dikenal: --jsn"),
        (["export", "laporan", "--as", "a", "-o"], "argumen -o/--output: memerlukan satu nilai"),
        (["score", "a.csv", "--regime", "x"], "argumen --regime: pilihan 'x' tidak dikenal"),
        (
            ["export", "laporan", "--period", "x", "-o", "a.docx", "--as", "a"],
            "argumen --period: nilai 'x' tidak valid (harus bilangan bulat)",
        ),
        (["periods", "--json=ya"], "argumen --json: opsi ini tidak menerima nilai (tertulis 'ya')"),
        (["--d", "x", "periods"], "opsi --d taksa: dapat berarti --db, --demo"),
        (["kantor", "libur", "daftar", "--tahun", "99999"], "tahun '99999' tidak valid"),
    ],
)
def test_usage_errors_are_in_bahasa_indonesia(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(argv, capsys)
    assert err.startswith("penggunaan: ikm-tui")
    assert ": kesalahan: " in err and expected in err, err
    assert not [word for word in ENGLISH if word in err.lower()], err


def test_every_translated_template_is_argparses_own_and_translated() -> None:
    """A Python whose argparse words its messages differently fails here, not in front of
    a user."""
    source = inspect.getsource(argparse)
    values = {"type": "int", "message": "expected one argument"}
    for english, _ in MESSAGES:
        assert f"'{english}'" in source, english
        sample = re.sub(
            r"%\((\w+)\)[sr]|%([sr])",
            lambda m: values.get(m.group(1) or "", "'x'" if "r" in m.group(0) else "--opsi"),
            english,
        )
        translated = translate(sample)
        assert translated != sample and "argument" not in translated, (english, translated)
    assert translate("Pesan aplikasi sendiri.") == "Pesan aplikasi sendiri."


# -- --demo with a subcommand -------------------------------------------------------------------


def test_demo_applies_to_subcommands(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from ikm_tui.paths import demo_db_path

    demo_db_path().parent.mkdir(parents=True)
    shutil.copy(demo_db, demo_db_path())
    monkeypatch.setenv("IKM_TUI_DB", str(tmp_path / "kantor-tidak-ada.db"))
    capsys.readouterr()
    assert main(["--demo", "periods", "--json"]) == 0
    assert '"name": "Periode II 2026"' in capsys.readouterr().out
    assert main(["--demo", "--db", str(demo_db), "periods"]) == 1
    assert "--demo dan --db tidak dapat dipakai bersama" in capsys.readouterr().err
    assert main(["--reset-demo", "periods"]) == 1
    assert "--reset-demo hanya dapat dipakai bersama --demo" in capsys.readouterr().err


# -- a database that does not exist -------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["periods", "--json"],
        ["user", "list"],
        ["verify"],
        ["kantor", "show"],
        ["backup", "cadangan.db"],
        ["user", "passwd", "admin", "--as", "admin", "--password-stdin"],
        [],  # the TUI
    ],
)
def test_a_mistyped_db_path_creates_nothing(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "kantr" / "ikm.db"
    assert main(["--db", str(typo), *argv]) == 1
    err = capsys.readouterr().err
    assert f"Basis data {typo} (dari --db) tidak ada." in err
    assert f"`ikm-tui --db {typo} init`" in err and "Traceback" not in err
    assert not typo.parent.exists()


def test_ikm_tui_db_and_config_pointing_nowhere_create_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "salah" / "ikm.db"
    monkeypatch.setenv("IKM_TUI_DB", str(typo))
    assert main(["periods"]) == 1
    assert f"{typo} (dari variabel IKM_TUI_DB) tidak ada" in capsys.readouterr().err
    monkeypatch.delenv("IKM_TUI_DB")
    config = tmp_path / "config" / "ikm-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[database]\nurl = "{typo}"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert main(["user", "list"]) == 1
    assert f"{typo} (dari berkas konfigurasi {config}) tidak ada" in capsys.readouterr().err
    config.unlink()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main([]) == 1  # a new machine's first start: no office database yet
    err = capsys.readouterr().err
    assert "Belum ada basis data kantor di" in err and "`ikm-tui init`" in err
    assert not typo.parent.exists() and not (tmp_path / "data").exists()


def test_a_folder_is_no_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path), "periods"]) == 1
    assert "adalah folder, bukan berkas basis data" in capsys.readouterr().err


def test_init_creates_the_folder_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "baru" / "kantor" / "ikm.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-admin-1\n"))
    argv = ["init", *KOP, "--username", "admin", "--nama", "Admin", "--password-stdin"]
    try:
        assert main(["--db", str(path), *argv]) == 0
    finally:
        db.close()
    assert path.is_file() and f"Basis data dibuat: {path}" in capsys.readouterr().out


# -- verify on a database never set up ----------------------------------------------------------


def test_verify_refuses_a_database_never_initialised(
    empty_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for extra in ([], ["--json"]):
        assert main(["--db", str(empty_db), "verify", *extra]) == 1
        out, err = capsys.readouterr()
        assert "utuh" not in out + err and out == ""
        assert "belum disiapkan" in err and "`ikm-tui init`" in err
    db.close()


# -- export's -o extension ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["laporan", "-o", "laporan.pdf"], "harus berakhiran .docx (tertulis: laporan.pdf)"),
        (["kuesioner", "-o", "k.xlsx"], "harus berakhiran .docx"),
        (["mentah", "-o", "m.docx"], "harus berakhiran .csv atau .xlsx (tertulis: m.docx)"),
        (["mentah", "-o", "mentah"], "harus berakhiran .csv atau .xlsx"),
        (["mentah", "--format", "xlsx", "-o", "m.csv"], "data mentah XLSX harus berakhiran .xlsx"),
        (["mentah", "--format", "csv", "-o", "m.xlsx"], "data mentah CSV harus berakhiran .csv"),
        (["olah-data", "-o", "o.csv"], "olah data XLSX harus berakhiran .xlsx"),
        (["laporan", "--format", "csv", "-o", "l.docx"], "--format hanya untuk data mentah"),
    ],
)
def test_export_refuses_an_extension_that_does_not_match(
    argv: list[str],
    expected: str,
    empty_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_password(prompt: str) -> str:
        raise AssertionError("asked for a password before refusing the file name")

    monkeypatch.setattr("getpass.getpass", no_password)
    monkeypatch.chdir(tmp_path)
    assert main(["--db", str(empty_db), "export", *argv, "--period", "1", "--as", "sri"]) == 2
    assert expected in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kosong.db"]


# -- init asks for the office's own kop ---------------------------------------------------------


def test_init_without_a_terminal_names_the_required_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ikm.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-admin-1\n"))
    argv = ["--db", str(path), "init", "--username", "admin", "--password-stdin"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "sebutkan sebagai opsi: --pemerintah, --unit, --alamat, --kota, --nama" in err
    assert not path.exists()


def test_init_checks_the_kop_before_creating_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ikm_tui.cli.admin import INIT_KOP
    from ikm_tui.services.office import REQUIRED_FIELDS

    assert {dest for dest, _, required in INIT_KOP if required} == set(REQUIRED_FIELDS)
    path = tmp_path / "ikm.db"
    monkeypatch.setattr("sys.stdin", io.StringIO("sandi-admin-1\n"))
    argv = [*KOP, "--kode-pos", "123", "--username", "admin", "--nama", "A", "--password-stdin"]
    assert main(["--db", str(path), "init", *argv]) == 2
    assert "Kode pos harus 5 angka" in capsys.readouterr().err
    assert not path.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("pendek\n"))
    argv = [*KOP, "--username", "Admin Baru", "--nama", "A", "--password-stdin"]
    assert main(["--db", str(path), "init", *argv]) == 2
    assert "Nama pengguna 2-64 karakter" in capsys.readouterr().err
    assert not path.exists()


def test_init_asks_again_for_a_kop_field_it_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = iter(["PEMERINTAH KABUPATEN KENDAL", "KECAMATAN WELERI", "Jl. Utama 5", "Weleri"])
    typed = iter([*typed, "513", "51355", "", "", "admin", "Budi Santoso, S.Kom"])
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt.split(" (")[0])
        return next(typed)

    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "sandi-admin-1")
    monkeypatch.setattr("sys.stdin", Terminal())
    path = tmp_path / "ikm.db"
    try:
        assert main(["--db", str(path), "init"]) == 0
        from ikm_tui.persistence.models import OfficeRow

        assert (OfficeRow.get().kode_pos, OfficeRow.get().kota) == ("51355", "Weleri")
    finally:
        db.close()
    assert asked.count("Kode pos") == 2
    assert "Kode pos harus 5 angka." in capsys.readouterr().out
    # an option it would refuse is said before anything is asked
    asked.clear()
    argv = ["--db", str(tmp_path / "lain.db"), "init", "--kode-pos", "12"]
    assert main(argv) == 2
    assert asked == [] and "Kode pos harus 5 angka." in capsys.readouterr().err


def test_init_help_names_no_default_office(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["init", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "bawaan" not in out.lower()
    assert "--pemerintah TEKS" in out and "(wajib)" in out and "(boleh kosong)" in out


def test_init_stdin_ending_early_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal())  # input() raises EOFError on it
    assert main(["--db", str(tmp_path / "ikm.db"), "init"]) == 2
    assert "masukan berakhir sebelum semua pertanyaan dijawab" in capsys.readouterr().err
    assert not (tmp_path / "ikm.db").exists()


# -- a missing PostgreSQL driver ----------------------------------------------------------------


@pytest.fixture
def no_psycopg2(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if ikm-tui was installed without its [postgres] extra."""
    import peewee

    monkeypatch.setitem(sys.modules, "psycopg2", None)  # `import psycopg2` raises ImportError
    monkeypatch.setattr(peewee, "psycopg2", None)


@pytest.mark.parametrize("argv", [["periods"], ["user", "list"], ["verify"], []])
def test_a_missing_postgres_driver_says_what_to_install(
    argv: list[str], no_psycopg2: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", PG_URL, *argv]) == 1
    err = capsys.readouterr().err
    assert "psycopg2" in err and "pip install 'ikm-tui[postgres]'" in err
    assert "Traceback" not in err and "driver not installed" not in err


def test_migrate_db_without_the_driver(
    demo_copy: Path,
    no_psycopg2: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n"))
    argv = ["migrate-db", "--to", PG_URL, "--as", "admin", "--password-stdin"]
    assert main(["--db", str(demo_copy), *argv]) == 1
    assert "pip install 'ikm-tui[postgres]'" in capsys.readouterr().err


def test_peewees_own_driver_error_is_translated_too() -> None:
    from peewee import ImproperlyConfigured

    from ikm_tui.persistence.db import storage_error

    message = storage_error(ImproperlyConfigured("Postgres driver not installed!")).message
    assert "pip install 'ikm-tui[postgres]'" in message


# -- no tracebacks ------------------------------------------------------------------------------


def test_file_errors_and_surprises_are_messages(
    empty_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ikm_tui.cli import periods

    def full_disk(args: argparse.Namespace) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "/data/laporan.docx")

    monkeypatch.setattr(periods, "run_periods", full_disk)
    assert main(["--db", str(empty_db), "periods"]) == 1
    err = capsys.readouterr().err
    assert "Berkas /data/laporan.docx tidak dapat dipakai: disk penuh." in err

    def surprise(args: argparse.Namespace) -> int:
        raise ValueError("year 99999 is out of range")

    monkeypatch.setattr(periods, "run_periods", surprise)
    assert main(["--db", str(empty_db), "periods"]) == 1
    err = capsys.readouterr().err
    assert "kesalahan tak terduga (ValueError: year 99999 is out of range)" in err
    monkeypatch.setenv("IKM_TUI_TRACEBACK", "1")
    with pytest.raises(ValueError):
        main(["--db", str(empty_db), "periods"])


def test_wrong_password_and_unknown_user_are_messages(
    demo_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = str(tmp_path / "m.csv")
    for user, password in (("sri", "salah"), ("siapa", "staf2026")):
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n"))
        argv = ["export", "mentah", "--period", "1", "-o", out, "--as", user]
        assert main(["--db", str(demo_copy), *argv, "--password-stdin"]) == 1
        assert "Nama pengguna atau kata sandi salah." in capsys.readouterr().err
    assert main(["--db", str(demo_copy), "verify-doc", str(tmp_path / "tidak-ada.docx")]) == 2
    assert "tidak dapat dibaca: tidak ada." in capsys.readouterr().err


def test_a_file_that_is_no_database_and_a_path_through_a_file(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "catatan.db"
    text.write_text("bukan basis data\n" * 200)
    assert main(["--db", str(text), "periods"]) == 1
    assert "tidak dapat dibuka: berkas itu bukan basis data SQLite, atau rusak." in (
        capsys.readouterr().err
    )
    target = text / "laporan.docx"  # a folder that is a file
    assert main(["--db", str(demo_copy), "template", "export", "laporan", "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert f"tidak dapat disimpan ke {target}: sudah ada berkas dengan nama itu" in err
