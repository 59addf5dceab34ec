"""Tabulation and its exports on a large period, each against a baseline in the same run.

Builds the benches' large period (tests/large_period.py: 100,000 forms spread over five jenis
layanan, every profile value and four months; seeded) in a temporary SQLite database, then:

- breakdowns: `TabulationService.breakdowns` (every per-group IKM the tabulation screen shows,
  `load_group_ikm`) vs the bare join `SELECT service_type_id, unsur_key, SUM, COUNT ... GROUP BY`
  through the sqlite3 module; budget <= 1.5x;
- summary(month): `TabulationService.summary(month=...)` vs the bare month-filtered join
  GROUP BY unsur_key; budget <= 2x;
- export olah-data (time, and peak RSS in a child process) and data mentah CSV (time) vs the
  bare fetch of the period's answers (`SELECT respondent_id, unsur_key, value`) and, for memory,
  a child that loads the same modules and opens the database but exports nothing; budgets
  <= 3 s and <= 150 MB; data mentah XLSX (time, the CSV export of the same rows beside it),
  <= 3 s.

    python bench/bench_tabulation.py [--respondents 100000] [--runs 5]
    python bench/bench_tabulation.py --quick      # 10,000 respondents, two runs
    python bench/bench_tabulation.py --postgres   # also breakdowns and summary(month) on
                                                  # PostgreSQL (throwaway server, as the tests)
    python bench/bench_tabulation.py --postgres --profile   # first print the breakdowns
        # profile: its SQL, EXPLAIN (ANALYZE, BUFFERS) of it and of the bare join (EXPLAIN
        # QUERY PLAN on SQLite), time in the driver vs in Python, cProfile

Timings are the best of `--runs`, a figure and its baseline taking turns. The budgets are the
issue's, set for 100,000 forms: at 10,000 (--quick) the per-call costs that do not grow with
the period (about 70 ms: the grouped rows turned into breakdowns and scored) weigh more, so the
quick run is a smoke test, not the record.

Prints a table and, last, `RESULT {...}` (bench/_result.py). Asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import Figure, figure, report  # noqa: E402
from _timing import best_interleaved, best_of  # noqa: E402

MONTH = 9  # September 2026: one of the period's four months

BARE_BREAKDOWN = (
    "SELECT r.service_type_id, a.unsur_key, SUM(a.value), COUNT(a.value) FROM answer a "
    "JOIN respondent r ON a.respondent_id = r.id WHERE r.period_id = ? AND r.excluded = 0 "
    "GROUP BY r.service_type_id, a.unsur_key"
)
BARE_MONTH = (
    "SELECT a.unsur_key, SUM(a.value), COUNT(a.value) FROM answer a "
    "JOIN respondent r ON a.respondent_id = r.id WHERE r.period_id = ? AND r.excluded = 0 "
    "AND r.tanggal_survei BETWEEN ? AND ? GROUP BY a.unsur_key"
)
BARE_ANSWERS = "SELECT respondent_id, unsur_key, value FROM answer WHERE period_id = ?"

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from ikm_tui.persistence import db
db.connect({db!r})
from ikm_tui.services.registry import Services
import openpyxl, ikm_tui.services.tabulation_export, ikm_tui.export.xlsx
services = Services()
start = time.perf_counter()
if {export!r}:
    services.tabulation.export_olah_data({period}, {out!r})
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: that one keeps the forking parent's peak across exec
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(seconds, peak)
"""


def child_export(db_path: Path, period_id: int, out: Path, export: bool) -> tuple[float, float]:
    """(seconds, peak RSS MB) of a fresh process exporting olah-data (or only getting ready)."""
    code = CHILD.format(
        root=str(ROOT), db=str(db_path), period=period_id, out=str(out), export=export
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    seconds, peak = done.stdout.split()[-2:]
    return float(seconds), float(peak)


def query_figures(
    label: str,
    services: Any,
    period_id: int,
    run_bare: Callable[..., object],
    sql: tuple[str, str],
    month_range: tuple[object, object],
    runs: int,
) -> list[Figure]:
    """Breakdowns and summary(month) against the bare join queries `sql` (breakdown, month)."""
    breakdowns, bare_join = best_interleaved(
        runs, lambda: services.tabulation.breakdowns(period_id), lambda: run_bare(sql[0])
    )
    month, bare_month = best_interleaved(
        runs,
        lambda: services.tabulation.summary(period_id, month=MONTH),
        lambda: run_bare(sql[1], *month_range),
    )
    return [
        figure(
            f"{label}tabulation breakdowns (load_group_ikm)",
            breakdowns,
            "s",
            baseline="bare join GROUP BY service, unsur",
            baseline_value=bare_join,
            limit=1.5,
            next_step="profile: --profile; bench/README.md 'Why PostgreSQL breakdowns are over budget': "
            "the per-form GROUP BY runs in the leader; next: store one row per form at save",
        ),
        figure(
            f"{label}summary(month=...)",
            month,
            "s",
            baseline="bare month-filtered join GROUP BY unsur",
            baseline_value=bare_month,
            limit=2.0,
            next_step="profile summary(month): the respondent scan vs the tallies; an index on "
            "respondent(period_id, excluded, tanggal_survei) was tried without gain",
        ),
    ]


def captured_sql(action: Callable[[], object]) -> list[tuple[str, tuple[Any, ...]]]:
    """The (sql, params) of every query peewee sends while `action` runs (its debug log)."""
    sent: list[tuple[str, tuple[Any, ...]]] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if isinstance(record.msg, tuple):
                sql, params = record.msg
                sent.append((sql, tuple(params or ())))

    logger = logging.getLogger("peewee")
    handler, level = Capture(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        action()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return sent


def print_profile(
    label: str,
    action: Callable[[], object],
    explain: Callable[[str, tuple[Any, ...]], list[str]],
    run_sql: Callable[[str, tuple[Any, ...]], object],
    bare: tuple[str, tuple[Any, ...]],
) -> None:
    """The profile behind the breakdowns figure: the plan (with timings where the database
    gives them) of the grouped query `action` sends and of the bare join, then where the call's
    time goes: the whole call vs its grouped SQL alone through the driver, the driver's share
    under cProfile, and cProfile's top functions."""
    print(f"\n=== profile: {label}breakdowns ===")
    queries = captured_sql(action)
    grouped = max(queries, key=lambda query: len(query[0]))  # the one grouped query
    print(f"{len(queries)} queries sent; the grouped one:\n{grouped[0]}\nparams {grouped[1]}")
    for name, (sql, params) in (("grouped query of breakdowns()", grouped), ("bare join", bare)):
        print(f"\n--- plan: {name} ---")
        print("\n".join(explain(sql, params)))
    whole = best_of(3, action)
    database = best_of(3, lambda: run_sql(*grouped))
    profiler = cProfile.Profile()
    profiler.runcall(action)
    stats = pstats.Stats(profiler)
    in_driver = sum(
        entry[2]  # own time of the driver's execute (the query runs and its rows arrive there)
        for function, entry in stats.stats.items()  # type: ignore[attr-defined]
        if function[2].startswith("<method 'execute'")
    )
    print(
        f"\nbreakdowns(): {whole:.3f} s (best of 3); its grouped SQL alone through the driver: "
        f"{database:.3f} s; under cProfile, {in_driver:.3f} s of "
        f"{stats.total_tt:.3f} s in the driver's execute (the {len(queries)} queries), "  # type: ignore[attr-defined]
        f"the rest in Python (peewee, grouping, scoring)"
    )
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(12)
    print("\n--- cProfile of one breakdowns() call, by own time ---")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:4000])


PG_BREAKDOWN = BARE_BREAKDOWN.replace("?", "%s").replace("r.excluded = 0", "NOT r.excluded")
PG_MONTH = BARE_MONTH.replace("?", "%s").replace("r.excluded = 0", "NOT r.excluded")


def postgres_figures(respondents: int, runs: int, profile: bool = False) -> list[Figure]:
    """Breakdowns and summary(month) on a throwaway PostgreSQL server (the tests' own: initdb,
    or $IKM_TEST_PG_URL), against the same bare queries through psycopg2."""
    import psycopg2

    from ikm_tui.persistence import db
    from ikm_tui.services.registry import Services
    from ikm_tui.services.tabulation import filter_dates
    from tests.large_period import build_in_current_db
    from tests.persistence.pg_fixture import fresh_database
    from tests.services import conftest

    server = conftest.pg_server.__wrapped__()  # type: ignore[attr-defined]
    figures: list[Figure] = []
    try:
        with fresh_database(next(server)) as url:
            db.connect(url)
            start = time.perf_counter()
            built = build_in_current_db(respondents)
            print(
                f"PostgreSQL: {respondents:,} respondents built in {time.perf_counter() - start:.1f} s"
            )
            db.database_proxy.execute_sql("ANALYZE")
            services = Services()
            period_id = built.period_id
            first, last = filter_dates(services.periods.get(period_id), MONTH, None)
            bare = psycopg2.connect(url)

            def run_bare(sql: str, *params: object) -> object:
                with bare.cursor() as cursor:
                    cursor.execute(sql, (period_id, *params))
                    return cursor.fetchall()

            if profile:

                def explain(sql: str, params: tuple[Any, ...]) -> list[str]:
                    with bare.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                        return [row[0] for row in cursor.fetchall()]

                def run_sql(sql: str, params: tuple[Any, ...]) -> object:
                    with bare.cursor() as cursor:
                        cursor.execute(sql, params)
                        return cursor.fetchall()

                print_profile(
                    "PostgreSQL: ",
                    lambda: services.tabulation.breakdowns(period_id),
                    explain,
                    run_sql,
                    (PG_BREAKDOWN, (period_id,)),
                )
            figures += query_figures(
                f"PostgreSQL, {respondents:,} forms: ",
                services,
                period_id,
                run_bare,
                (PG_BREAKDOWN, PG_MONTH),
                (first, last),
                runs,
            )
            bare.close()
            db.close()
    finally:
        next(server, None)  # stops the server it started
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="10,000 respondents, two runs")
    parser.add_argument(
        "--postgres", action="store_true", help="also time the queries on PostgreSQL (slow build)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="first print the profile of breakdowns: the plans (EXPLAIN (ANALYZE, BUFFERS) on "
        "PostgreSQL) of its grouped query and of the bare join, the time in the database vs "
        "in Python, and cProfile",
    )
    args = parser.parse_args()
    if args.quick:
        args.respondents, args.runs = 10_000, 2

    from ikm_tui.services.registry import Services
    from ikm_tui.services.tabulation import filter_dates
    from tests.large_period import build

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db_path = work / "tabulation.db"
        start = time.perf_counter()
        built = build(db_path, args.respondents)
        print(f"{args.respondents:,} respondents built in {time.perf_counter() - start:.1f} s")
        period_id = built.period_id
        services = Services()
        period = services.periods.get(period_id)
        first, last = filter_dates(period, MONTH, None)
        bare = sqlite3.connect(db_path)

        def run_bare(sql: str, *params: object) -> object:
            return bare.execute(sql, (period_id, *params)).fetchall()

        runs = args.runs
        if args.profile:

            def explain(sql: str, params: tuple[Any, ...]) -> list[str]:
                plan = bare.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                return [f"{row[1]:>3} {row[3]}" for row in plan]

            print_profile(
                "SQLite: ",
                lambda: services.tabulation.breakdowns(period_id),
                explain,
                lambda sql, params: bare.execute(sql, params).fetchall(),
                (BARE_BREAKDOWN, (period_id,)),
            )
        figures: list[Figure] = []
        figures += query_figures(
            f"SQLite, {args.respondents:,} forms: ",
            services,
            period_id,
            run_bare,
            (BARE_BREAKDOWN, BARE_MONTH),
            (str(first), str(last)),
            runs,
        )
        answers = best_of(runs, lambda: run_bare(BARE_ANSWERS))
        export = min(
            child_export(db_path, period_id, work / "olah.xlsx", True) for _ in range(min(runs, 3))
        )
        ready = child_export(db_path, period_id, work / "none.xlsx", False)
        figures.append(
            figure(
                f"export olah-data XLSX, {args.respondents:,} forms",
                export[0],
                "s",
                baseline="bare fetch of the period's answers",
                baseline_value=answers,
                limit=3.0,
                on="value",
                next_step="profile the export: the pivot query vs writing the sheet XML",
            )
        )
        figures.append(
            figure(
                f"export olah-data XLSX peak RSS, {args.respondents:,} forms",
                export[1],
                "MB",
                baseline="same process ready to export, exporting nothing",
                baseline_value=ready[1],
                limit=150.0,
                on="value",
                next_step="tracemalloc the export: rows must stream from the cursor to the side file",
            )
        )
        csv_path = work / "mentah.csv"
        csv = best_of(runs, lambda: services.tabulation.export_raw(period_id, csv_path, "csv"))
        figures.append(
            figure(
                f"export data mentah CSV, {args.respondents:,} forms",
                csv,
                "s",
                baseline="bare fetch of the period's answers",
                baseline_value=answers,
                limit=3.0,
                on="value",
            )
        )
        xlsx_path = work / "mentah.xlsx"
        xlsx = best_of(runs, lambda: services.tabulation.export_raw(period_id, xlsx_path, "xlsx"))
        figures.append(
            figure(
                f"export data mentah XLSX, {args.respondents:,} forms",
                xlsx,
                "s",
                baseline="export data mentah CSV (the same rows)",
                baseline_value=csv,
                limit=3.0,
                on="value",
                next_step="profile the export: the rows' XML (text cells) vs the zip",
            )
        )
        bare.close()
    if args.postgres:
        figures += postgres_figures(args.respondents, args.runs, args.profile)
    report(figures)


if __name__ == "__main__":
    main()
