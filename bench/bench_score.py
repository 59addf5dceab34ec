"""Provides the scoring benchmark: 1,000,000 respondents x 9 unsur (a) from CSV through the CLI
and (b) from the database, each beside a baseline measured in the same run.

Run: python bench/bench_score.py [--respondents N] [--workdir DIR]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import best_of  # noqa: E402

REGIME = "permenpanrb-14-2017"
SEED = 20260101


def answers(respondents: int):  # type: ignore[no-untyped-def]
    """A seeded respondents x 9 matrix of answers 1..4 (numpy)."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    return rng.choice(np.array([1, 2, 3, 4]), size=(respondents, 9), p=[0.05, 0.15, 0.5, 0.3])


def write_csv(path: Path, matrix) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(f"U{i}" for i in range(1, 10)) + "\n")
        np.savetxt(handle, matrix, fmt="%d", delimiter=",")


def run(*argv: str) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def bench_cli(csv_path: Path) -> dict[str, object]:
    python = sys.executable
    startup = best_of(3, lambda: run(python, "-c", "pass"))
    bare = best_of(
        3, lambda: run(python, "-c", f"import pandas; pandas.read_csv({str(csv_path)!r})")
    )
    cli = best_of(
        3, lambda: run(python, "-m", "ikm_tui", "score", str(csv_path), "--regime", REGIME)
    )
    print("(a) CSV -> ikm-tui score (end to end, best of 3)")
    print(f"    python start-up          {startup:7.3f} s")
    print(f"    bare pandas.read_csv     {bare:7.3f} s   (subprocess, incl. start-up)")
    print(
        f"    ikm-tui score            {cli:7.3f} s   target < 3 s: "
        f"{'OK' if cli < 3 else 'MISSED'}; {cli / bare:.2f}x the bare read"
    )
    return figure(
        "ikm-tui score CSV, end to end",
        cli,
        "s",
        baseline="bare pandas.read_csv of the same file (subprocess)",
        baseline_value=bare,
        budget="< 3 s",
        limit=3.0,
        on="value",
        next_step="python -X importtime and cProfile of `ikm-tui score`",
    )


def forms(matrix) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ikm_tui.domain.regimes import get_regime
    from ikm_tui.persistence.respondents import FormData

    keys = [u.key for u in get_regime(REGIME).unsur]
    day = dt.date(2026, 10, 1)
    for row in matrix.tolist():
        yield FormData(
            tanggal_survei=day, answers=dict(zip(keys, row, strict=True)), source="impor"
        )


def load_db(db_path: Path, matrix) -> int:  # type: ignore[no-untyped-def]
    from ikm_tui.persistence import db, respondents
    from ikm_tui.persistence.models import PeriodRow, database_proxy

    db.connect(str(db_path))
    now = dt.datetime(2026, 10, 1, 12)
    period = PeriodRow.create(
        name="Bench", regime_id=REGIME, start_date=now.date(), end_date=now.date(), created_at=now
    )
    start = time.perf_counter()
    with database_proxy.atomic():
        saved = respondents.bulk_insert(period.id, forms(matrix), now, None, None)
    print(
        f"    bulk_insert {saved:,} forms  {time.perf_counter() - start:7.3f} s (load, not scored)"
    )
    return period.id


def bench_db(db_path: Path, matrix) -> dict[str, object]:  # type: ignore[no-untyped-def]
    from ikm_tui.domain import scoring
    from ikm_tui.domain.regimes import get_regime
    from ikm_tui.persistence import tallies

    print("(b) database -> tallies + score (best of 5)")
    period_id = load_db(db_path, matrix)
    regime = get_regime(REGIME)
    flt = tallies.TallyFilter(period_id)

    def app_path() -> scoring.ScoreResult:
        return scoring.score(regime, tallies.answer_tallies(flt), tallies.count_respondents(flt))

    connection = sqlite3.connect(db_path)
    sql = (
        "SELECT unsur_key, SUM(value), COUNT(value) FROM answer WHERE period_id = ? "
        "GROUP BY unsur_key"
    )

    def bare() -> list[tuple[object, ...]]:
        return connection.execute(sql, (period_id,)).fetchall()

    app_path()
    bare()  # warm the page cache for both
    bare_time = best_of(5, bare)
    app_time = best_of(5, app_path)
    print(f"    bare SELECT SUM/COUNT    {bare_time:7.3f} s")
    print(
        f"    answer_tallies + score   {app_time:7.3f} s   ratio {app_time / bare_time:.2f}x "
        f"(target <= 2x: {'OK' if app_time <= 2 * bare_time else 'MISSED'})"
    )
    print(f"    IKM {app_path().ikm} (check: same answers as the CSV)")
    return figure(
        "answer_tallies + score, whole period",
        app_time,
        "s",
        baseline="bare SELECT SUM/COUNT GROUP BY (sqlite3)",
        baseline_value=bare_time,
        budget="<= 2x",
        limit=2.0,
        next_step="EXPLAIN QUERY PLAN of the tally queries (covering index used?)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--part",
        choices=("a", "b", "all"),
        default="all",
        help="(a) CSV through the CLI, (b) from the database, or both",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as folder:
        matrix = answers(args.respondents)
        csv_path = Path(folder) / "big.csv"
        write_csv(csv_path, matrix)
        print(
            f"{args.respondents:,} respondents x 9 unsur, CSV {csv_path.stat().st_size / 1e6:.1f} MB,"
            f" python {sys.version.split()[0]}"
        )
        results = []
        if args.part in ("a", "all"):
            results.append(bench_cli(csv_path))
        if args.part in ("b", "all"):
            results.append(bench_db(Path(folder) / "bench.db", matrix))
    for result in results:
        result["figure"] = f"{result['figure']}, {args.respondents:,} respondents"
    emit(results)


if __name__ == "__main__":
    main()
