"""Provides the bench record: figures with their same-run baseline, ratio and budget, printed
as a table and as the machine-readable last line `RESULT [...]` that bench/run_all.py collects.

Each item of the RESULT list: figure, value, unit, baseline (what the baseline is),
baseline_value (same unit, measured in the same run), ratio (value / baseline_value),
budget (text, e.g. "<= 1.5x" or "<= 3 s"), ok (the value within budget).
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure beside its baseline; `ok` says whether it is within budget."""

    figure: str
    value: float
    unit: str
    baseline: str
    baseline_value: float
    budget: str
    ok: bool

    @property
    def ratio(self) -> float:
        return self.value / self.baseline_value if self.baseline_value else float("inf")


def ratio_figure(
    figure: str, value: float, unit: str, baseline: str, baseline_value: float, limit: float
) -> Figure:
    """A figure budgeted as a ratio to its baseline (`limit` x)."""
    ok = value <= limit * baseline_value
    return Figure(figure, value, unit, baseline, baseline_value, f"<= {limit:g}x", ok)


def absolute_figure(
    figure: str, value: float, unit: str, baseline: str, baseline_value: float, limit: float
) -> Figure:
    """A figure budgeted in its own unit (`limit`), printed beside its baseline."""
    ok = value <= limit
    return Figure(figure, value, unit, baseline, baseline_value, f"<= {limit:g} {unit}", ok)


def report(figures: list[Figure]) -> None:
    """Print the table, then `RESULT [...]` as the last line."""
    width = max(len(f.figure) for f in figures)
    print(f"{'figure':<{width}}  {'value':>10}  {'baseline':>10}  {'ratio':>6}  budget")
    for f in figures:
        print(
            f"{f.figure:<{width}}  {f.value:>8.3g} {f.unit:<2}  {f.baseline_value:>8.3g} "
            f"{f.unit:<2}  {f.ratio:>5.2f}x  {f.budget} {'ok' if f.ok else 'OVER BUDGET'}"
            f"   (baseline: {f.baseline})"
        )
    items = [
        {
            "figure": f.figure,
            "value": round(f.value, 4),
            "unit": f.unit,
            "baseline": f.baseline,
            "baseline_value": round(f.baseline_value, 4),
            "ratio": round(f.ratio, 3),
            "budget": f.budget,
            "ok": f.ok,
        }
        for f in figures
    ]
    print("RESULT " + json.dumps(items, ensure_ascii=False))
