"""150 demo forms typed through a pty at a steady rate (and as one burst); lost/misplaced answers.

Each run starts the real app on a fresh copy of the demo database in a 120x40 pty, logs in as
the Staf, opens the step-4 entry screen and types 150 forms key by key at the given rate
(0 = everything at once, as type-ahead over a slow link). Then it reads the database back and
counts forms missing, extra or differing from what was typed. Figures are printed, not asserted.

    python bench/bench_entry_typing.py [--forms 150] [--rates 30 60 0]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pty import (  # noqa: E402
    Terminal,
    app_argv,
    build_demo_db,
    open_entry,
    quit_app,
    stored_forms,
    typed_form,
)
from _result import emit, figure  # noqa: E402


def type_at(term: Terminal, keys: str, rate: float) -> float:
    """Write the keys one by one on a fixed schedule (rate keys/s; 0 = one write); seconds."""
    start = time.perf_counter()
    if rate <= 0:
        term.write(keys)
        return time.perf_counter() - start
    for index, key in enumerate(keys):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        term.write(key)
    return time.perf_counter() - start


def run(
    demo: Path, directory: Path, forms: int, rate: float
) -> tuple[str, list[dict[str, object]]]:
    db_path = directory / f"typing-{rate:g}.db"
    shutil.copy(demo, db_path)
    rng = random.Random(forms)
    typed = [typed_form(rng) for _ in range(forms)]
    keys = "".join(k for k, _ in typed)
    term = Terminal(app_argv(db_path))
    try:
        first = open_entry(term)
        mark = term.count
        start = time.perf_counter()
        sent = type_at(term, keys, rate)
        term.wait_for(f"Formulir no. {first + forms}", since=mark, timeout=120)
        processed = time.perf_counter() - start
        quit_app(term)
    finally:
        term.close()
    stored = stored_forms(db_path, first)
    expected = [e for _, e in typed]
    misplaced = sum(
        1
        for got, want in zip(stored, expected, strict=False)
        if {k: v for k, v in got.items() if k != "by"} != want
    )
    lost = max(0, len(expected) - len(stored))
    extra = max(0, len(stored) - len(expected))
    label = "burst (one write)" if rate <= 0 else f"{rate:g} keys/s"
    text = (
        f"{label:<18} {len(keys)} keys sent in {sent:6.2f} s, all saved after "
        f"{processed:6.2f} s ({len(keys) / processed:6.1f} keys/s absorbed); stored "
        f"{len(stored)} forms: lost {lost}, extra {extra}, misplaced {misplaced}"
    )
    wrong = figure(
        f"entry: forms lost, extra or misplaced, {forms} forms typed at {label}",
        lost + extra + misplaced,
        "forms",
        budget="0",
        limit=0,
        on="value",
        next_step="replay the keys headless (Pilot) and compare form by form",
    )
    results = [wrong]
    if rate <= 0:
        results.append(
            figure(
                f"entry: type-ahead, {forms} forms written at once: all saved after",
                processed,
                "s",
                budget="informational",
            )
        )
    return text, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forms", type=int, default=150)
    parser.add_argument("--rates", type=float, nargs="+", default=[30.0, 60.0, 0.0])
    args = parser.parse_args()
    print(f"{args.forms} forms x 16 keys (jenis layanan as one letter), pty 120x40, demo database")
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        demo = build_demo_db(directory)
        results = []
        for rate in args.rates:
            text, figures = run(demo, directory, args.forms, rate)
            print(text, flush=True)
            results += figures
    keys = len(typed_form(random.Random(0))[0])
    results.insert(
        0,
        figure(
            "entry: keys per form (demo, 9 unsur)",
            keys,
            "keys",
            baseline="one key per field of the paper form + Enter",
            baseline_value=16,
            budget="<= 1x",
            limit=1.0,
            next_step="see which field takes two keys (the jenis layanan code?)",
        ),
    )
    emit(results)


if __name__ == "__main__":
    main()
