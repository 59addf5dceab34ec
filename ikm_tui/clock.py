"""Provides the clock services use (injectable, so tests can freeze time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Local wall-clock time, naive, to the microsecond."""
    return dt.datetime.now()


def fixed_clock(moment: dt.datetime) -> Clock:
    """A clock that always answers `moment` (tests)."""
    return lambda: moment
