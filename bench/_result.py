"""Provides the bench result protocol: each script's last line is `RESULT {json}` (see README)."""

from __future__ import annotations

import json
from typing import Any


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    baseline: str = "",
    baseline_value: float | None = None,
    budget: str = "",
    limit: float | None = None,
    on: str = "ratio",
    next_step: str = "",
) -> dict[str, Any]:
    """One figure of the record. `limit` is the budget as a number: the ratio (on="ratio") or the
    value (on="value") must not exceed it (`budget`, its text, defaults to "<= 1.5x" or
    "<= 3 s"); without a limit the figure is informational (ok null).
    `next_step` says what to do when the figure is over budget (shown only then)."""
    if not budget and limit is not None:
        budget = f"<= {limit:g}x" if on == "ratio" else f"<= {limit:g} {unit}"
    ratio = value / baseline_value if baseline_value else None
    checked = ratio if on == "ratio" else value
    ok = None if limit is None or checked is None else checked <= limit
    result: dict[str, Any] = {
        "figure": name,
        "value": round(value, 6),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": None if baseline_value is None else round(baseline_value, 6),
        "ratio": None if ratio is None else round(ratio, 4),
        "budget": budget,
        "ok": ok,
    }
    if ok is False and next_step:
        result["next_step"] = next_step
    return result


def emit(figures: list[dict[str, Any]]) -> None:
    """Print the RESULT line (must be the script's last output line)."""
    print("RESULT " + json.dumps({"figures": figures}, ensure_ascii=False), flush=True)


Figure = dict[str, Any]  # one item of the record, as `figure` builds it


def report(figures: list[Figure]) -> None:
    """Print the figures as a table, then the RESULT line last."""
    width = max(len(f["figure"]) for f in figures)
    print(f"{'figure':<{width}}  {'value':>10}  {'baseline':>10}  {'ratio':>6}  budget")
    for f in figures:
        base = f["baseline_value"]
        ratio = f"{f['ratio']:>5.2f}x" if f["ratio"] is not None else "     -"
        verdict = {True: "ok", False: "OVER BUDGET", None: ""}[f["ok"]]
        print(
            f"{f['figure']:<{width}}  {f['value']:>8.3g} {f['unit']:<2}  "
            f"{(f'{base:>8.3g}' if base is not None else '       -')} {f['unit']:<2}  {ratio}  "
            f"{f['budget']} {verdict}   (baseline: {f['baseline']})"
        )
    emit(figures)
