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


def best_interleaved(runs: int, *actions: Callable[[], object]) -> list[float]:
    """The fastest of `runs` calls of each action, the actions taking turns (A B A B ...), so
    that a change in the machine's load falls on all of them alike; in seconds."""
    best = [float("inf")] * len(actions)
    for _ in range(runs):
        for index, action in enumerate(actions):
            start = time.perf_counter()
            action()
            best[index] = min(best[index], time.perf_counter() - start)
    return best
