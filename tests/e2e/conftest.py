"""Provides end-to-end helpers: the real app started in tmux on a demo database, driven by keys.

Each test gets its own tmux server (a private socket), so nothing touches other sessions, and
the server is killed afterwards. The database is A's demo office (`build_demo`): period
"Periode II 2026" is at step 4 with 236 forms; staf "agus" (password "staf2026") types more.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAF_USER, STAF_PASSWORD = "agus", "staf2026"

needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"), reason="tmux tidak terpasang"
)


class Tmux:
    """One detached tmux session running a command in a 120x40 terminal."""

    def __init__(self, socket: str, width: int = 120, height: int = 40) -> None:
        self.base = ["tmux", "-L", socket]
        self.width, self.height = width, height

    def start(self, command: str) -> None:
        subprocess.run(
            [
                *self.base,
                "new-session",
                "-d",
                "-s",
                "e2e",
                "-x",
                str(self.width),
                "-y",
                str(self.height),
                command,
            ],
            check=True,
        )

    def send(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run([*self.base, "send-keys", "-t", "e2e", *flags, *keys], check=True)

    def screen(self) -> str:
        result = subprocess.run(
            [*self.base, "capture-pane", "-t", "e2e", "-p"], capture_output=True, text=True
        )
        return result.stdout

    def alive(self) -> bool:
        return (
            subprocess.run([*self.base, "has-session", "-t", "e2e"], capture_output=True).returncode
            == 0
        )

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; screen:\n{self.screen()}")

    def wait_closed(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.alive():
            if time.monotonic() > deadline:
                raise AssertionError(f"app did not quit; screen:\n{self.screen()}")
            time.sleep(0.1)

    def kill(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True)


def app_command(db_path: Path) -> str:
    """The real app, through `python -m ikm_tui`, on this database."""
    return (
        f"cd {shlex.quote(str(ROOT))} && TERM=xterm-256color exec "
        f"{shlex.quote(sys.executable)} -m ikm_tui --db {shlex.quote(str(db_path))}"
    )


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    from ikm_tui.services.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path)
    return path


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    session = Tmux(f"ikm-e2e-{os.getpid()}-{time.monotonic_ns()}")
    yield session
    session.kill()


def open_entry_screen(tmux: Tmux, db_path: Path, command: str | None = None) -> str:
    """Start the app (by `command`, default `app_command(db_path)`), log in as the Staf, open
    the step-4 period and its entry screen."""
    tmux.start(command or app_command(db_path))
    tmux.wait_for("Nama pengguna")
    tmux.send(STAF_USER, literal=True)
    tmux.send("Enter")
    tmux.send(STAF_PASSWORD, literal=True)
    tmux.send("Enter")
    tmux.wait_for("Tugas saya")
    tmux.wait_for("Berjalan")  # the period rows are loaded (a worker fills them after paint)
    tmux.send("Enter")
    tmux.wait_for("Menyusun konsep")
    tmux.send("e", literal=True)
    return tmux.wait_for("Formulir no.")
