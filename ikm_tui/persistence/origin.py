"""Provides where this process's audit entries come from (OS user, cli or tui), set once per run.

Kept apart from `audit_log` (which needs peewee) so that the command line can set it before the
UI's first paint without loading the database layer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

# A module global, not a context variable, so that worker threads share it.
_origin: dict[str, str] = {}


@contextlib.contextmanager
def origin(**values: str) -> Iterator[None]:
    """Record `values` (the OS user, the program) in every entry appended inside the block."""
    previous = dict(_origin)
    _origin.clear()
    _origin.update(values)
    try:
        yield
    finally:
        _origin.clear()
        _origin.update(previous)


def current() -> dict[str, str]:
    """The values set by the innermost `origin` block (empty outside one)."""
    return dict(_origin)
