"""Tests of `ikm-tui` with no subcommand: the login screen comes first, the database is opened
after it (its errors shown there, and exit 1 with a Bahasa Indonesia message), keys typed
meanwhile are kept, and the real app starts in a terminal (tmux) and logs in with keys only."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from ikm_tui.cli import main
from ikm_tui.errors import StorageError
from ikm_tui.persistence import db as db_module
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.dashboard import DashboardScreen
from ikm_tui.ui.screens.login import LoginScreen
from tests.ui.conftest import PASSWORD, PEOPLE, settle


def run_headless(monkeypatch, on_screen=None):
    """Make `IkmApp.run` run headless (80x24) until the start-up worker has finished, then
    call `on_screen(app, pilot)`; returns the list the apps are appended to."""
    apps: list[IkmApp] = []

    def run(app: IkmApp) -> None:
        async def drive() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await app.started.wait()
                await pilot.pause()
                if on_screen is not None:
                    await on_screen(app, pilot)

        apps.append(app)
        asyncio.run(drive())

    monkeypatch.setattr(IkmApp, "run", run)
    return apps


def login_message(app: IkmApp) -> str:
    assert isinstance(app.screen, LoginScreen)
    return str(app.screen.query_one("#login-error", Static).render())


def test_empty_database_asks_for_init_on_the_login_screen(tmp_path, monkeypatch, capsys):
    """The login screen is shown first; the start-up worker finds no account and says so
    there; a login attempt keeps the message; quitting prints it and exits 1."""
    seen: list[str] = []

    async def try_to_log_in(app: IkmApp, pilot) -> None:
        seen.append(login_message(app))
        await pilot.press(*"sari", "enter", *PASSWORD, "enter")
        await pilot.pause()
        seen.append(login_message(app))
        assert app.user is None and not app.ready

    apps = run_headless(monkeypatch, try_to_log_in)
    db_module.connect(str(tmp_path / "kosong.db"))  # an empty (migrated) database file
    db_module.close()
    status = main(["--db", str(tmp_path / "kosong.db")])
    db_module.close()
    assert len(apps) == 1 and len(seen) == 2
    for message in seen:
        assert "Basis data belum disiapkan" in message
        assert "Jalankan `ikm-tui init`" in message
        assert "Ctrl+Q" in message
    assert status == 1
    err = capsys.readouterr().err
    assert "Jalankan `ikm-tui init`" in err
    assert "Traceback" not in err


def test_unopenable_database_is_shown_on_the_login_screen(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "ikm.db"
    broken.write_bytes(b"bukan basis data SQLite " * 100)
    seen: list[str] = []

    async def look(app: IkmApp, pilot) -> None:
        seen.append(login_message(app))

    run_headless(monkeypatch, look)
    status = main(["--db", str(broken)])
    assert status == 1
    assert "tidak dapat dibuka" in seen[0]
    err = capsys.readouterr().err
    assert "tidak dapat dibuka" in err and "Traceback" not in err


def test_missing_postgres_driver_is_named(monkeypatch):
    """A postgresql:// target without psycopg2: a message naming the driver, no traceback."""
    import peewee

    monkeypatch.setattr(peewee, "psycopg2", None)
    monkeypatch.setattr(peewee, "psycopg", None)
    with pytest.raises(StorageError, match=r"psycopg2\) belum terpasang"):
        db_module.connect("postgresql://ikm:rahasia@localhost:1/ikm")


async def test_keys_typed_before_the_database_is_open_are_kept(tmp_path):
    """Typing at the login screen while the start-up worker still opens the database loses no
    key, and a login submitted then waits for the database and goes through."""
    path = tmp_path / "kantor.db"
    seed(path)
    release = threading.Event()

    def open_slowly() -> None:
        assert release.wait(10)
        db_module.connect(str(path))

    app = IkmApp(Services(), open_database=open_slowly)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen) and not app.ready
        await pilot.press(*"sari", "enter", *PASSWORD, "enter")
        await pilot.pause()
        assert app.screen.query_one("#username", Input).value == "sari"
        assert app.screen.query_one("#password", Input).value == PASSWORD
        assert "Membuka basis data" in login_message(app)
        assert app.user is None
        release.set()
        await app.started.wait()
        await settle(pilot)
        assert app.ready and app.user is not None and app.user.username == "sari"
        assert isinstance(app.screen, DashboardScreen)
    db_module.close()


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
