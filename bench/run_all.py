"""Runs every benchmark (bench/bench_*.py) and writes the performance record docs/performance.md.

Each script prints, as its last line, `RESULT {"figures": [...]}` (bench/_result.py): per figure
the value, the baseline measured in the same run, the ratio, the budget and whether it is met.
Scripts run one after another with the quick options below (the full runs would take too long
on the 2-core machine) and a timeout each; a script that fails, times out or prints no RESULT
is listed as such. New bench_*.py scripts are picked up without being named here.

    python bench/run_all.py                      # every script, sizes in QUICK, ~10 min
    python bench/run_all.py --only ui_shell report --output /tmp/perf.md
    python bench/run_all.py --full               # each script's own defaults
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUTPUT = ROOT / "docs" / "performance.md"
DEFAULT_TIMEOUT = 600.0  # seconds, for a script not listed in QUICK

# script -> (arguments, timeout in seconds). Each script's own sizes where they run in a minute
# or two; smaller ones where the full run would be too long (typing 150 forms at 30 keys/s
# alone takes 80 s, loading 1,000,000 forms two minutes). The whole run took ~9 min on the
# 2-core machine at load 3-5 (docs/performance.md gives each script's time).
QUICK: dict[str, tuple[list[str], float]] = {
    "bench_ui_shell.py": (["--runs", "15"], 240),
    "bench_tables.py": (["--rows", "500", "--runs", "5"], 120),
    "bench_entry_bytes.py": (["--forms", "10"], 300),
    "bench_entry_typing.py": (["--forms", "100", "--rates", "30", "60", "0"], 420),
    "bench_entry_open.py": (["--respondents", "100000", "--repeat", "5"], 420),
    "bench_entry_save.py": (["--forms", "200"], 180),
    "bench_report.py": (["--respondents", "5000", "--runs", "3"], 300),
    "bench_score.py": (["--respondents", "500000"], 600),
    # the large Google-Forms import (issue budget: 100 MB in <= 3x the baseline, <= 300 MB);
    # 20 MB keeps the record near 20 minutes, memory is bounded by streaming whatever the size
    "bench_import.py": (["--part", "big", "--mb", "20"], 900),
    "bench_tabulation.py": (["--respondents", "100000", "--runs", "3", "--postgres"], 900),
    "bench_memory.py": (["--respondents", "100000"], 900),
    "bench_questionnaire.py": (["--runs", "5"], 240),
    "bench_signing.py": (["--runs", "20"], 120),
    "bench_workflow.py": (["--periods", "50", "--audit", "20000"], 300),
}


@dataclass
class Outcome:
    """One script's run: its figures, or why there are none."""

    script: str
    arguments: list[str]
    seconds: float
    status: str  # "ok", "failed (exit N)", "timed out after N s", "no RESULT line", ...
    figures: list[dict[str, Any]] = field(default_factory=list)
    tail: str = ""  # the last lines of its output when it did not give figures


def parse_result(stdout: str) -> list[dict[str, Any]] | None:
    """The figures of the last non-empty output line if it is `RESULT {"figures": [...]}`
    (bench/_result.py), else None."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines or not lines[-1].startswith("RESULT "):
        return None
    try:
        data = json.loads(lines[-1][len("RESULT ") :])
        figures = data["figures"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        return None
    return figures


def run_script(path: Path, arguments: list[str], timeout: float) -> Outcome:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(path), *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
        return Outcome(
            path.name,
            arguments,
            time.monotonic() - start,
            f"timed out after {timeout:.0f} s",
            tail=_tail(output),
        )
    seconds = time.monotonic() - start
    figures = parse_result(done.stdout)
    if done.returncode != 0:
        return Outcome(
            path.name,
            arguments,
            seconds,
            f"failed (exit {done.returncode})",
            tail=_tail(done.stdout + done.stderr),
        )
    if figures is None:
        return Outcome(path.name, arguments, seconds, "no RESULT line", tail=_tail(done.stdout))
    return Outcome(path.name, arguments, seconds, "ok", figures)


def _tail(text: str, lines: int = 5) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, Python, Textual, SQLite, date and load average."""
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        textual = version("textual")
    except PackageNotFoundError:
        textual = "not installed"
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram or "unknown",
        "Python": platform.python_version(),
        "Textual": textual,
        "SQLite": sqlite3.sqlite_version,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load average (1, 5, 15 min)": ", ".join(f"{value:.2f}" for value in load),
    }


def _number(value: object) -> str:
    if not isinstance(value, int | float):
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _verdict(ok: object) -> str:
    return {True: "ok", False: "**NOT OK**"}.get(ok, "—")  # type: ignore[call-overload]


def render(outcomes: list[Outcome], before: dict[str, str], load_after: str) -> str:
    """The record as Markdown."""
    lines = [
        "# Performance record",
        "",
        "Written by `python bench/run_all.py` (do not edit by hand; run it again). Each figure",
        "is compared with a baseline measured in the same run; budgets are checked here, never",
        "by timed assertions in tests. See bench/README.md for what each script measures.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    lines += [f"| {key} | {value} |" for key, value in before.items()]
    lines += [f"| load average after the run | {load_after} |", ""]
    lines += [
        "## Figures",
        "",
        "| Script | Figure | Value | Baseline (same run) | Ratio | Budget | Within |",
        "|---|---|---|---|---|---|---|",
    ]
    over: list[tuple[str, dict[str, Any]]] = []
    for outcome in outcomes:
        for item in outcome.figures:
            unit = item.get("unit", "")
            baseline = item.get("baseline") or "—"
            if item.get("baseline_value") is not None:
                baseline = f"{baseline}: {_number(item['baseline_value'])} {unit}"
            ratio = item.get("ratio")
            lines.append(
                f"| {outcome.script} | {item.get('figure', '?')} | "
                f"{_number(item.get('value'))} {unit} | {baseline} | "
                f"{_number(ratio) + 'x' if ratio is not None else '—'} | "
                f"{item.get('budget') or '—'} | {_verdict(item.get('ok'))} |"
            )
            if item.get("ok") is False:
                over.append((outcome.script, item))
    lines += ["", "## Over budget: next steps", ""]
    if not over:
        lines.append("Every figure with a budget is within it.")
    for script, item in over:
        step = item.get("next_step") or "(the script names no next step)"
        lines.append(f"- {script}, {item.get('figure')}: {step}")
    lines += [
        "",
        "## Scripts",
        "",
        "| Script | Arguments | Time | Status |",
        "|---|---|---|---|",
    ]
    for outcome in outcomes:
        arguments = " ".join(outcome.arguments) or "(defaults)"
        lines.append(
            f"| {outcome.script} | `{arguments}` | {outcome.seconds:.0f} s | {outcome.status} |"
        )
    failed = [o for o in outcomes if o.status != "ok"]
    if failed:
        lines += ["", "### Scripts without figures", ""]
        for outcome in failed:
            lines += [f"{outcome.script}: {outcome.status}", "", "```", outcome.tail, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", help="names (bench_X.py or X) of the scripts to run")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--full", action="store_true", help="each script's own default sizes")
    parser.add_argument("--bench-dir", type=Path, default=BENCH, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scripts = sorted(args.bench_dir.glob("bench_*.py"))
    if args.only:
        wanted = {name if name.startswith("bench_") else f"bench_{name}" for name in args.only}
        wanted = {name if name.endswith(".py") else f"{name}.py" for name in wanted}
        scripts = [path for path in scripts if path.name in wanted]
    before = machine()
    outcomes = []
    for path in scripts:
        arguments, timeout = QUICK.get(path.name, ([], DEFAULT_TIMEOUT))
        if args.full:
            arguments = []
            timeout *= 4
        print(f"{path.name} {' '.join(arguments)} ...", end=" ", flush=True)
        outcome = run_script(path, arguments, timeout)
        print(f"{outcome.status} ({outcome.seconds:.0f} s)", flush=True)
        outcomes.append(outcome)
    load_after = machine()["load average (1, 5, 15 min)"]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(outcomes, before, load_after), encoding="utf-8")
    print(f"written: {args.output}")
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
