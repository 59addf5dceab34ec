"""Provides the app-shell benchmark: process start to the login screen in a pty (80x24) against
a minimal Textual app showing one Input, interleaved in the same run, and login to a populated
dashboard with many periods (headless Pilot).

Run: python bench/bench_ui_shell.py [--periods N] [--runs N]. Prints figures; asserts nothing.
Budget: start to login screen <= 1.3x the minimal app.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pty import Terminal  # noqa: E402
from _result import emit, figure  # noqa: E402

PASSWORD = "sandi123"
STAF = ("sari", "Sari Wulandari, S.AP", "199001012015032001", "Pelaksana", "", ("staf",))
OFFICE_NAME = "KECAMATAN BANDUNGAN"  # shown in the header once the start-up worker has run
SEEN = b"pengguna"  # "Nama pengguna" on the login screen; the bare Input's placeholder

# The baseline: the smallest Textual app that shows one Input (placeholder "Nama pengguna").
BARE_APP = """
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(placeholder="Nama pengguna")

Bare().run()
"""


def seed(path: Path, periods: int) -> None:
    from ikm_tui.clock import fixed_clock
    from ikm_tui.persistence import db
    from ikm_tui.services.registry import Services

    db.connect(str(path))
    services = Services(fixed_clock(dt.datetime(2026, 9, 15, 9, 30)))
    user = services.users.add(*STAF, PASSWORD, None)
    for index in range(periods):
        services.periods.create(
            f"Periode {index + 1}", user, start_date=dt.date(2020, 1, 1) + dt.timedelta(days=index)
        )
    services.office.update(
        None,
        pemerintah="PEMERINTAH KABUPATEN SEMARANG",
        nama_unit=OFFICE_NAME,
        alamat="Jl. Tirto Argo No. 1",
        kota="Bandungan",
    )
    db.close()


def time_to(argv: list[str], texts: list[bytes]) -> list[float]:
    """Seconds from spawning `argv` in an 80x24 pty until each of `texts` has been written."""
    start = time.perf_counter()
    term = Terminal(argv, cols=80, rows=24)
    found: list[float] = []
    try:
        for text in texts:
            while True:
                with term._lock:
                    seen = text in term.output
                if seen:
                    found.append(time.perf_counter() - start)
                    break
                if time.perf_counter() - start > 30:
                    raise RuntimeError(f"{text!r} did not appear")
                time.sleep(0.002)
        return found
    finally:
        term.close()


async def login_to_dashboard(path: Path) -> float:
    """Seconds from Enter on the password to the dashboard showing every period (headless)."""
    from ikm_tui.persistence import db
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp
    from ikm_tui.ui.screens.dashboard import DashboardScreen

    app = IkmApp(Services(), open_database=lambda: db.connect(str(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.started.wait()
        await pilot.press(*"sari", "enter", *PASSWORD)
        start = time.perf_counter()
        await pilot.press("enter")
        while not (isinstance(app.screen, DashboardScreen) and app.screen.data is not None):
            await asyncio.sleep(0.001)
        elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--periods", type=int, default=50)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seed(path, args.periods)
        app = [sys.executable, "-m", "ikm_tui", "--db", str(path)]
        bare = [sys.executable, "-c", BARE_APP]
        time_to(bare, [SEEN])  # warm the file cache for both
        time_to(app, [SEEN])
        starts, readies, bares = [], [], []
        for _ in range(args.runs):  # interleaved, so that load changes hit both alike
            bares.append(time_to(bare, [SEEN])[0])
            first, ready = time_to(app, [SEEN, b"Kecamatan Bandungan"])
            starts.append(first)
            readies.append(ready)
        # Best of the runs: other processes on the machine only ever add time, and they add
        # it unevenly (medians of 9 runs moved between 1.0x and 1.5x on the shared machine).
        start, bare_start, ready = min(starts), min(bares), min(readies)
        print(f"pty 80x24, {args.runs} interleaved runs: best (median)")
        print(
            f"  minimal Textual app, one Input:        {bare_start:.3f} s"
            f" ({statistics.median(bares):.3f} s)"
        )
        print(
            f"  ikm-tui start -> login screen:          {start:.3f} s = {start / bare_start:.2f}x"
            f" ({statistics.median(starts):.3f} s = "
            f"{statistics.median(starts) / statistics.median(bares):.2f}x)  (budget <= 1.3x)"
        )
        print(
            f"  ikm-tui start -> database open, title:  {ready:.3f} s"
            f" ({statistics.median(readies):.3f} s)"
        )
        logins = [asyncio.run(login_to_dashboard(path)) for _ in range(min(args.runs, 5))]
        login = statistics.median(logins)
        print(
            f"  login -> dashboard with {args.periods} periods: median {login:.3f} s,"
            f" max {max(logins):.3f} s (includes the scrypt password check)"
        )
    emit(
        [
            figure(
                "start -> login screen (pty 80x24, best of the runs)",
                start,
                "s",
                baseline="minimal Textual app showing one Input",
                baseline_value=bare_start,
                budget="<= 1.3x",
                limit=1.3,
                next_step="python -X importtime -m ikm_tui and the CSS sources parsed before the"
                " first paint (see bench/README.md, start-up)",
            ),
            figure(
                "start -> database open, office title shown",
                ready,
                "s",
                baseline="minimal Textual app showing one Input",
                baseline_value=bare_start,
                budget="informational",
            ),
            figure(
                f"login -> dashboard, {args.periods} periods (incl. scrypt)",
                login,
                "s",
                budget="informational",
            ),
        ]
    )


if __name__ == "__main__":
    main()
