"""Provides the workflow benchmark: login, signing, "Tugas saya" over many periods, and audit
append/verify cost as the log grows.

Run: python bench/bench_workflow.py [--periods N] [--audit N]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _result import emit, figure  # noqa: E402
from _timing import timings  # noqa: E402

PASSWORD = "rahasia-kantor-1"
PEOPLE = (
    ("admin", "Admin", "", ("admin",)),
    ("sari", "Sari", "199001012015032001", ("staf",)),
    ("budi", "Budi", "197505052000031002", ("sekcam",)),
    ("agus", "Agus", "198003032002121003", ("camat",)),
)


def timed(runs: int, action: Callable[[], object]) -> float:
    """Median wall-clock seconds of `runs` calls."""
    return statistics.median(timings(runs, action))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--periods", type=int, default=50)
    parser.add_argument("--audit", type=int, default=20000, help="extra audit entries")
    args = parser.parse_args()
    from ikm_tui.persistence import audit_log
    from ikm_tui.persistence.db import connect
    from ikm_tui.services.registry import Services

    results = []
    connect(str(Path(tempfile.mkdtemp()) / "bench.db"))
    services = Services()
    users = {}
    for username, name, nip, roles in PEOPLE:
        users[username] = services.users.add(username, name, nip, "", "", roles, PASSWORD, None)
    services.periods.add_service_type("01", "KTP", users["sari"])
    start = time.perf_counter()
    periods = [services.periods.create(f"Periode {i}", users["sari"]) for i in range(args.periods)]
    per_period = (time.perf_counter() - start) / len(periods)
    print(f"create period (with draft kuesioner): {per_period * 1000:.1f} ms each")
    login = timed(5, lambda: services.auth.login("sari", PASSWORD))
    print(f"login (scrypt n=2**14): {login * 1000:.0f} ms")
    for period in periods[: len(periods) // 2]:  # half of them wait for the Sekcam
        document = services.signoff.latest(period.id, "kuesioner")
        assert document is not None
        services.signoff.submit(document.id, users["sari"], PASSWORD)
    document = services.signoff.latest(periods[0].id, "kuesioner")
    assert document is not None
    signing = timed(1, lambda: services.signoff.approve(document.id, users["budi"], PASSWORD))
    print(f"approve incl. password check: {signing * 1000:.0f} ms")
    for username in ("sari", "budi", "agus"):
        count = len(services.workflow.my_tasks(users[username]))
        seconds = timed(5, lambda u=username: services.workflow.my_tasks(users[u]))
        print(
            f"my_tasks({username}) over {args.periods} periods: {seconds * 1000:.1f} ms "
            f"({count} tasks)"
        )
        results.append(
            figure(
                f"my_tasks({username}), {args.periods} periods",
                seconds * 1000,
                "ms",
                budget="informational",
            )
        )
    steps = timed(20, lambda: services.workflow.steps(periods[0].id))
    print(f"steps(period): {steps * 1000:.2f} ms")
    now = dt.datetime(2026, 9, 15, 9, 30)
    start = time.perf_counter()
    for i in range(args.audit):
        audit_log.append(now, None, "bench", "bench", "x", i, {"i": i})
    per_append = (time.perf_counter() - start) / args.audit
    print(f"audit append: {per_append * 1e6:.0f} us each (own transaction, synchronous=full)")
    entries = audit_log.entry_count()
    verify = timed(3, audit_log.verify_chain)
    print(f"verify_chain over {entries} entries: {verify:.2f} s")
    results.append(
        figure("audit append (own transaction)", per_append * 1e6, "us", budget="informational")
    )
    results.append(figure(f"verify_chain, {entries} entries", verify, "s", budget="informational"))
    emit(results)


if __name__ == "__main__":
    main()
