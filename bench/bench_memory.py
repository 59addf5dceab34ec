"""Resident memory of the app on each large-period screen, against a minimal Textual app.

Builds the benches' large period (tests/large_period.py, 100,000 forms) in a temporary SQLite
database, then for each screen (tabulation, entry, report, period) starts a fresh process that
runs the real `IkmApp` headless (`App.run_test`, 120x40) signed in as the Staf, opens the
screen on the large period, waits until its workers are done and prints its VmRSS. Baseline:
a minimal Textual app showing one Input, the same way. Budget <= 100 MB each.

Also: RSS after a second login (password check in a worker thread, as the login screen does;
scrypt with a 16 MiB work area) against after the first. Budget <= 1.1x.

    python bench/bench_memory.py [--respondents 100000]
    python bench/bench_memory.py --quick      # 10,000 respondents

Prints a table and, last, `RESULT {...}` (bench/_result.py). Asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import Figure, figure, report  # noqa: E402

SCREENS = {
    "tabulation": "ikm_tui.ui.screens.tabulation:TabulationScreen",
    "entry": "ikm_tui.ui.screens.entry:EntryScreen",
    "report": "ikm_tui.ui.screens.report:ReportScreen",
    "period": "ikm_tui.ui.screens.period:PeriodScreen",
}

RSS = """
def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
"""

SCREEN_CHILD = (
    RSS
    + """
import asyncio, importlib, sys
sys.path.insert(0, {root!r})

async def main():
    from ikm_tui.persistence import db
    db.connect({db!r})
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp
    module, name = {screen!r}.split(":")
    screen = getattr(importlib.import_module(module), name)
    services = Services()
    app = IkmApp(services)
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = services.users.get({user!r})
        await app.push_screen(screen({period}))
        for _ in range(40):
            await pilot.pause(0.1)
            await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == name, app.screen
        print(rss())

asyncio.run(main())
"""
)

MINIMAL_CHILD = (
    RSS
    + """
import asyncio
from textual.app import App
from textual.widgets import Input

class Minimal(App):
    def compose(self):
        yield Input()

async def main():
    app = Minimal()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        print(rss())

asyncio.run(main())
"""
)

LOGIN_CHILD = (
    RSS
    + """
import sys, threading
sys.path.insert(0, {root!r})
from ikm_tui.persistence import db
db.connect({db!r})
from ikm_tui.services.registry import Services
from tests.large_period import PASSWORD
services = Services()
from ikm_tui.ui.worker import _close_thread_connection

def job():  # what the login screen's run_service worker does
    try:
        services.auth.login({user!r}, PASSWORD)
    finally:
        _close_thread_connection()

def login():
    worker = threading.Thread(target=job)
    worker.start()
    worker.join()

login()  # the first one also loads what a login imports (keys, cryptography)
before = rss()
login()
print(before, rss())
"""
)


def child(code: str) -> list[float]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return [float(word) for word in done.stdout.split()[-2:] if word.replace(".", "").isdigit()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 respondents")
    args = parser.parse_args()
    if args.quick:
        args.respondents = 10_000

    from tests.large_period import build

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "memory.db"
        start = time.perf_counter()
        built = build(db_path, args.respondents)
        print(f"{args.respondents:,} respondents built in {time.perf_counter() - start:.1f} s")
        minimal = child(MINIMAL_CHILD)[-1]
        for name, screen in SCREENS.items():
            code = SCREEN_CHILD.format(
                root=str(ROOT),
                db=str(db_path),
                screen=screen,
                user=built.staf_username,
                period=built.period_id,
            )
            figures.append(
                figure(
                    f"RSS on the {name} screen, {args.respondents:,} forms",
                    child(code)[-1],
                    "MB",
                    baseline="minimal Textual app with one Input",
                    baseline_value=minimal,
                    limit=100.0,
                    on="value",
                    next_step="tracemalloc the screen's workers; check SQLite cache_size per connection",
                )
            )
        before, after = child(
            LOGIN_CHILD.format(root=str(ROOT), db=str(db_path), user=built.staf_username)
        )
        figures.append(
            figure(
                "RSS after a second login (scrypt 16 MiB)",
                after,
                "MB",
                baseline="after the first login",
                baseline_value=before,
                limit=1.1,
                next_step="check that memory.release() runs after the login worker",
            )
        )
    report(figures)


if __name__ == "__main__":
    main()
