"""Time to open the entry screen on a period with 100,000 respondents vs an empty period.

Builds the benches' large period (tests/large_period.py: users, two approved periods with five
jenis layanan, 100,000 forms spread over services, profile values and months), then opens the entry screen headless
(`App.run_test`) several times on each period and prints the median, with the service calls it
makes (layout, progress, last_saved) timed on their own. Figures are printed, not asserted.

    python bench/bench_entry_open.py [--respondents 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from _result import emit, figure  # noqa: E402

PASSWORD = "rahasia-kantor-1"
NOW = dt.datetime(2026, 9, 15, 9, 30)


def build(path: Path, respondents: int) -> tuple[int, int]:
    """A database with a full and an empty step-4 period (tests/large_period.py); their ids."""
    from tests.large_period import build as build_large

    built = build_large(path, respondents)
    return built.period_id, built.empty_period_id


def timed(call: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


async def open_screen_ms(period_id: int, repeat: int) -> float:
    from ikm_tui.clock import fixed_clock
    from ikm_tui.services.registry import Services
    from ikm_tui.ui.app import IkmApp
    from ikm_tui.ui.screens.entry import EntryScreen
    from ikm_tui.ui.widgets.form_entry import FormEntry

    services = Services(fixed_clock(NOW))
    app = IkmApp(services)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.user = services.users.get("sari")
        for _ in range(repeat):
            start = time.perf_counter()
            await app.push_screen(EntryScreen(period_id))
            await pilot.pause()
            assert app.screen.query_one(FormEntry).is_mounted
            times.append(time.perf_counter() - start)
            await app.pop_screen()
            await pilot.pause()
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from ikm_tui.services.registry import Services

    with tempfile.TemporaryDirectory() as name:
        start = time.perf_counter()
        full, empty = build(Path(name) / "open.db", args.respondents)
        print(
            f"database with {args.respondents:,} respondents built in "
            f"{time.perf_counter() - start:.1f} s"
        )
        services = Services()
        sari = services.users.get("sari")
        budi = services.users.get("budi")  # has typed no form: last_saved scans the period
        print(f"{'':34}{'empty period':>14}{args.respondents:>12,} forms")
        for label, call in (
            ("layout(period)", lambda p: services.entry.layout(p)),
            ("progress(period)", lambda p: services.entry.progress(p)),
            ("last_saved(period, typist)", lambda p: services.entry.last_saved(p, sari)),
            ("last_saved(period, other user)", lambda p: services.entry.last_saved(p, budi)),
        ):
            figures = [timed(lambda p=p, c=call: c(p), args.repeat) for p in (empty, full)]
            print(f"{label:<34}{figures[0]:>11.1f} ms{figures[1]:>11.1f} ms")
        opened = [asyncio.run(open_screen_ms(p, args.repeat)) for p in (empty, full)]
        print(f"{'open entry screen (headless)':<34}{opened[0]:>11.1f} ms{opened[1]:>11.1f} ms")
    emit(
        [
            figure(
                f"entry: open the entry screen, {args.respondents:,} forms",
                opened[1],
                "ms",
                baseline="same screen on an empty period",
                baseline_value=opened[0],
                budget="<= 1.5x",
                limit=1.5,
                next_step="time layout/progress/last_saved (printed above) and EXPLAIN QUERY PLAN",
            )
        ]
    )


if __name__ == "__main__":
    main()
