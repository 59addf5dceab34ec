"""Provides the record-table benchmark: filling a table whose rows wrap (height=None) against the
same rows one line tall, and what a resize and a refresh cost (headless, 80x24 and 120x40).

Run: python bench/bench_tables.py [--rows 500] [--runs 5]. Prints figures; asserts nothing.
The rows are audit-like: a time, a user, an action and a keterangan of 20-300 characters (the
audit view shows at most 500 entries). Budget: a fill with wrapping rows <= 2x the same fill
one line tall (RecordTable computes each row's height from its cells' lengths and wraps only
the cells longer than their column).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _result import emit, figure  # noqa: E402

WORDS = [
    "jumlah",
    "sumber",
    "demo",
    "isi_formulir",
    "tanggal",
    "alasan",
    "nomor",
    "periode",
    "langkah",
    "ttd",
]


def audit_rows(count: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(1)
    rows = []
    for index in range(count):
        words = [rng.choice(WORDS) for _ in range(rng.randint(3, 40))]
        rows.append(
            (
                str(index),
                [f"24-11-2026 15.{index % 60:02d}", "agus", "Formulir dimasukkan", " ".join(words)],
            )
        )
    return rows


async def measure(rows: list[tuple[str, list[str]]], runs: int) -> dict[str, float]:
    from textual.app import App, ComposeResult

    from ikm_tui.ui.widgets.tables import Col, RecordTable

    class Table(RecordTable):
        COLUMNS = (
            Col("Waktu", 16),
            Col("Pengguna", 10),
            Col("Tindakan", 14, grow=1),
            Col("Keterangan", 20, grow=3),
        )

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield Table()

    app = Bench()
    times: dict[str, list[float]] = {"one_line": [], "wrapped": [], "resize": [], "same": []}
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(Table)
        await pilot.pause()

        async def timed(name: str, action: object) -> None:
            start = time.perf_counter()
            if callable(action):
                action()
            await pilot.pause()  # the table measures new rows when idle
            assert not table._require_update_dimensions
            times[name].append(time.perf_counter() - start)

        for _ in range(runs):
            await timed("one_line", lambda: table.replace_rows(rows, height=1))
            await timed("wrapped", lambda: table.replace_rows(rows))
            start = time.perf_counter()
            assert not table._fit()  # a resize that changes no width: nothing rebuilt
            times["same"].append(time.perf_counter() - start)
            for size in ((120, 40), (80, 24)):
                start = time.perf_counter()
                await pilot.resize_terminal(*size)
                await pilot.pause()
                times["resize"].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = asyncio.run(measure(audit_rows(args.rows), args.runs))
    for name, value in result.items():
        print(f"{name}: {value * 1000:.1f} ms ({args.rows} rows)")
    baseline = f"the same {args.rows} rows one line tall (height=1)"
    emit(
        [
            figure(
                f"fill {args.rows} wrapping rows",
                result["wrapped"],
                "s",
                baseline=baseline,
                baseline_value=result["one_line"],
                limit=2,
                next_step="compute row heights lazily (only for the rows scrolled into view)",
            ),
            figure(
                "resize 80x24 <-> 120x40 (columns rebuilt, rows wrapped again)",
                result["resize"],
                "s",
                baseline=baseline,
                baseline_value=result["one_line"],
            ),
            figure(
                "resize that changes no width",
                result["same"],
                "s",
                baseline=baseline,
                baseline_value=result["one_line"],
            ),
        ]
    )


if __name__ == "__main__":
    main()
