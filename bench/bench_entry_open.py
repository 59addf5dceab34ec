"""Time to open the entry screen on a period with 100,000 respondents vs an empty period.

Builds a database through the services (users, two approved periods with three jenis layanan),
loads 100,000 forms into one period with `bulk_insert`, then opens the entry screen headless
(`App.run_test`) several times on each period and prints the median, with the service calls it
makes (layout, progress, last_saved) timed on their own. Figures are printed, not asserted.

    python bench/bench_entry_open.py [--respondents 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
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
    """A database with a full and an empty step-4 period; returns their ids."""
    from ikm_tui.clock import fixed_clock
    from ikm_tui.persistence import db
    from ikm_tui.persistence import respondents as store
    from ikm_tui.services.registry import Services

    db.connect(str(path))
    services = Services(fixed_clock(NOW))
    users = {}
    for name, nip, role in (
        ("admin", "", "admin"),
        ("sari", "199001012015032001", "staf"),
        ("budi", "197505052000031002", "sekcam"),
        ("agus", "198003032002121003", "camat"),
    ):
        users[name] = services.users.add(
            name, name.title(), nip, "Jabatan", "", (role,), PASSWORD, users.get("admin")
        )
    for kode, nama in (("01", "KTP elektronik"), ("02", "Kartu keluarga"), ("03", "IMB")):
        services.periods.add_service_type(kode, nama, users["sari"])
    ids = []
    for name in ("Penuh", "Kosong"):
        period = services.periods.create(name, users["sari"], start_date=dt.date(2026, 9, 1))
        document = services.signoff.latest(period.id, "kuesioner")
        services.signoff.submit(document.id, users["sari"], PASSWORD)
        services.signoff.approve(document.id, users["budi"], PASSWORD)
        services.signoff.approve(document.id, users["agus"], PASSWORD)
        ids.append(period.id)
    layout = services.entry.layout(ids[0])
    rng = random.Random(1)
    forms = (
        layout.build_form(
            {
                **{k: rng.choice("12340") for k in layout.unsur_keys},
                "jenis_layanan": rng.choice("123"),
                "jenis_kelamin": "1",
                "usia": "34",
                "pendidikan": "3",
                "pekerjaan": "4",
            },
            _batch(),
        )
        for _ in range(respondents)
    )
    with db.database_proxy.atomic():
        store.bulk_insert(ids[0], forms, NOW, users["sari"].id, layout.questionnaire_id)
    return ids[0], ids[1]


def _batch():  # type: ignore[no-untyped-def]
    from ikm_tui.services.entry_layout import BatchConstants

    return BatchConstants(dt.date(2026, 9, 14))


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
