"""Provides the app-shell benchmark: process start to the login screen in a real terminal
(tmux, 80x24), and login to a populated dashboard with many periods (headless Pilot).

Run: python bench/bench_ui_shell.py [--periods N] [--runs N]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSWORD = "sandi123"
STAF = ("sari", "Sari Wulandari, S.AP", "199001012015032001", "Pelaksana", "", ("staf",))


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
    db.close()


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def start_to_login(path: Path) -> float:
    """Seconds from spawning `ikm-tui --db PATH` in an 80x24 tmux pane to "Nama pengguna"."""
    session = "ikm-bench-shell"
    start = time.perf_counter()
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "80",
        "-y",
        "24",
        f"{sys.executable} -m ikm_tui --db {path}",
    )
    try:
        while "Nama pengguna" not in tmux("capture-pane", "-p", "-t", session):
            if time.perf_counter() - start > 30:
                raise RuntimeError("login screen did not appear")
            time.sleep(0.01)
        return time.perf_counter() - start
    finally:
        tmux("kill-session", "-t", session)


async def login_to_dashboard(path: Path) -> float:
    """Seconds from Enter on the password to the dashboard showing every period (headless)."""
    from ikm_tui.persistence import db
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp
    from ikm_tui.ui.screens.dashboard import DashboardScreen

    db.connect(str(path))
    app = IkmApp(Services())
    async with app.run_test(size=(80, 24)) as pilot:
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
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seed(path, args.periods)
        if shutil.which("tmux"):
            starts = [start_to_login(path) for _ in range(args.runs)]
            print(
                f"start -> login screen (tmux 80x24): median {statistics.median(starts):.3f} s,"
                f" max {max(starts):.3f} s over {args.runs} runs"
            )
        else:
            print("start -> login screen: tmux not installed, skipped")
        logins = [asyncio.run(login_to_dashboard(path)) for _ in range(args.runs)]
        print(
            f"login -> dashboard with {args.periods} periods: median "
            f"{statistics.median(logins):.3f} s, max {max(logins):.3f} s "
            f"(includes the scrypt password check)"
        )


if __name__ == "__main__":
    main()
