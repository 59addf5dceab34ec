"""Tests of `ikm-tui` with no subcommand: storage errors exit 1 with a Bahasa Indonesia message,
and the real app starts in a terminal (tmux) and logs in with keys only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from tests.ui.conftest import PASSWORD, PEOPLE


def test_empty_database_asks_for_init(tmp_path, capsys):
    db_module.connect(str(tmp_path / "kosong.db"))
    db_module.close()
    status = main(["--db", str(tmp_path / "kosong.db")])
    db_module.close()
    assert status == 1
    err = capsys.readouterr().err
    assert "Jalankan `ikm-tui init`" in err
    assert "Traceback" not in err


def test_unopenable_database_exits_1(tmp_path, capsys):
    broken = tmp_path / "ikm.db"
    broken.write_bytes(b"bukan basis data SQLite " * 100)
    status = main(["--db", str(broken)])
    assert status == 1
    err = capsys.readouterr().err
    assert "tidak dapat dibuka" in err and "Traceback" not in err


def test_reset_demo_needs_demo(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.db"), "--reset-demo"]) == 1
    assert "--reset-demo hanya dapat dipakai bersama --demo" in capsys.readouterr().err


def seed(path: Path) -> None:
    from ikm_tui.services.registry import Services

    db_module.connect(str(path))
    services = Services()
    name, nip, jabatan, pangkat, roles = PEOPLE["sari"]
    services.users.add("sari", name, nip, jabatan, pangkat, roles, PASSWORD, None)
    db_module.close()


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def wait_for(session: str, text: str, timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not on screen:\n{screen}")


@pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"), reason="tmux tidak terpasang"
)
def test_real_app_in_a_terminal_logs_in_with_typeahead(tmp_path):
    """80x24 terminal; user name, Enter, password, Enter sent as one burst of keys."""
    path = tmp_path / "kantor.db"
    seed(path)
    session = f"ikm-start-{os.getpid()}"
    command = f"{sys.executable} -m ikm_tui --db {path}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        wait_for(session, "Nama pengguna")
        tmux("send-keys", "-t", session, "sari", "Enter", PASSWORD, "Enter")
        screen = wait_for(session, "Tugas saya")
        assert "Sari Wulandari" in screen
        assert "Periode survei" in screen
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("app did not quit on Ctrl+Q")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


HEAVY = ("pandas", "docx", "openpyxl")

FIRST_SCREENS = """
import sys
from ikm_tui.persistence import db
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens import dashboard, help, login, period
from ikm_tui.ui.dialogs import signoff
db.connect(sys.argv[1])
services = Services()
user = services.users.list()[0]
dashboard.load_dashboard(services, user)
print(",".join(name for name in {heavy!r} if name in sys.modules))
"""


def test_login_and_dashboard_load_no_document_libraries(tmp_path):
    """pandas, python-docx and openpyxl stay out of the login screen and dashboard."""
    path = tmp_path / "kantor.db"
    seed(path)
    code = FIRST_SCREENS.format(heavy=HEAVY)
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.stdout.strip() == ""
