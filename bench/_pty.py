"""Provides pty helpers for the entry benches: run a program in a pseudo-terminal, count bytes.

`Terminal` forks a child on a pty of a given size (TERM=xterm-256color), drains everything the
child writes on a reader thread, and lets a bench type keys and wait for text or for quiet.
Also: building the demo office database and logging into its entry screen as staf "agus".
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAF_USER, STAF_PASSWORD = "agus", "staf2026"
PERIOD_NAME = "Periode II 2026"


class Terminal:
    """A child process on a pty; `output` holds every byte it wrote."""

    def __init__(self, argv: list[str], cols: int = 120, rows: int = 40) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
        env.pop("NO_COLOR", None)
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()
        self.last_output = time.monotonic()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk
                self.last_output = time.monotonic()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.output)

    def write(self, data: str | bytes) -> None:
        os.write(self.fd, data.encode() if isinstance(data, str) else data)

    def wait_for(self, text: str, since: int = 0, timeout: float = 30.0) -> None:
        needle = text.encode()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if needle in self.output[since:]:
                    return
            time.sleep(0.01)
        raise TimeoutError(f"{text!r} not seen within {timeout} s")

    def wait_quiet(self, quiet: float = 0.05, timeout: float = 5.0) -> None:
        """Until nothing was written for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if time.monotonic() - self.last_output >= quiet:
                return
            time.sleep(0.005)

    def key_bytes(self, key: str, first_timeout: float = 2.0, quiet: float = 0.06) -> int:
        """Bytes written in answer to one key (its redraw), once output has settled."""
        self.wait_quiet(quiet)
        before = self.count
        self.write(key)
        deadline = time.monotonic() + first_timeout
        while self.count == before and time.monotonic() < deadline:
            time.sleep(0.002)
        self.wait_quiet(quiet)
        return self.count - before

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def build_demo_db(directory: Path) -> Path:
    """The demo office (period "Periode II 2026" at step 4) in `directory`."""
    from ikm_tui.services.demo import build_demo

    path = directory / "demo.db"
    build_demo(path)
    return path


def app_argv(db_path: Path) -> list[str]:
    return [sys.executable, "-m", "ikm_tui", "--db", str(db_path)]


def open_entry(term: Terminal) -> int:
    """Log in as the Staf, open the step-4 period and its entry screen; the next form number."""
    term.wait_for("Nama pengguna")
    term.wait_quiet(0.3)
    term.write(STAF_USER + "\r")
    term.write(STAF_PASSWORD + "\r")
    term.wait_for("Tugas saya")
    term.wait_quiet(0.3)
    mark = term.count
    term.write("\r")
    term.wait_for("Menyusun konsep", since=mark)
    term.wait_quiet(0.3)
    mark = term.count
    term.write("e")
    term.wait_for("Formulir no. ", since=mark)
    term.wait_quiet(0.3)
    text = bytes(term.output[mark:]).decode(errors="replace")
    digits = text.split("Formulir no. ", 1)[1]
    return int(digits[: len(digits) - len(digits.lstrip("0123456789"))])


def quit_app(term: Terminal) -> None:
    term.write("\x1b")  # Escape: back to the period screen
    time.sleep(0.3)
    term.write("\x11")  # ctrl+q
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, _ = os.waitpid(term.pid, os.WNOHANG)
        if pid:
            return
        time.sleep(0.05)
    term.close()


def typed_form(rng: random.Random) -> tuple[str, dict[str, object]]:
    """Keys for one demo form (16: jenis layanan is one letter A-J, either case, or 0) and what
    must be stored."""
    layanan = rng.choice([*"ABCDEFGHIJ", *"abcdefghij", "0"])
    jk = rng.choice("120")
    usia = rng.choice(["17", "25", "34", "46", "58", "63", "00"])
    pendidikan = rng.choice("12345670")
    pekerjaan = rng.choice("1234560")
    answers = "".join(rng.choice("12340") for _ in range(9))
    expected = {
        "layanan": None if layanan == "0" else layanan.upper(),
        "jenis_kelamin": None if jk == "0" else jk,
        "usia": None if usia == "00" else int(usia),
        "pendidikan": None if pendidikan == "0" else pendidikan,
        "pekerjaan": None if pekerjaan == "0" else pekerjaan,
        "answers": [None if a == "0" else int(a) for a in answers],
    }
    return f"{layanan}{jk}{usia}{pendidikan}{pekerjaan}{answers}\r", expected


def stored_forms(db_path: Path, first_nomor: int) -> list[dict[str, object]]:
    """The demo step-4 period's forms from `first_nomor` on, read back through the services."""
    from ikm_tui.persistence import db
    from ikm_tui.persistence.models import PeriodRow, RespondentRow
    from ikm_tui.persistence.respondents import form_of
    from ikm_tui.services.registry import Services

    db.connect(str(db_path))
    try:
        period_id = PeriodRow.get(PeriodRow.name == PERIOD_NAME).id
        layout = Services().entry.layout(period_id)
        codes = {sid: code for code, sid, _ in layout.services}
        rows = (
            RespondentRow.select()
            .where((RespondentRow.period == period_id) & (RespondentRow.nomor >= first_nomor))
            .order_by(RespondentRow.nomor)
        )
        result = []
        for row in rows:
            form = form_of(row.id)
            result.append(
                {
                    "layanan": codes.get(form.service_type_id),
                    "jenis_kelamin": form.jenis_kelamin,
                    "usia": form.usia,
                    "pendidikan": form.pendidikan,
                    "pekerjaan": form.pekerjaan,
                    "answers": [form.answers[k] for k in layout.unsur_keys],
                    "by": row.created_by.username if row.created_by else "",
                }
            )
        return result
    finally:
        db.close()
