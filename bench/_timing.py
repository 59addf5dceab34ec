"""Provides wall-clock timing of repeated calls for the bench scripts (seconds)."""

from __future__ import annotations

import time
from collections.abc import Callable


def timings(runs: int, action: Callable[[], object]) -> list[float]:
    """Wall-clock seconds of each of `runs` calls of `action`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of `runs` calls, in seconds."""
    return min(timings(runs, action))
