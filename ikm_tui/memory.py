"""Provides `release_freed_memory`: hand memory Python has freed back to the operating system.

glibc keeps freed blocks in the arena of the thread that freed them (one arena per thread), so
a 16 MiB scrypt run in a login worker or a worker's closed database connection would stay in
the process's resident size until exit; `malloc_trim(0)` returns the free pages of every arena.
A no-op where the C library has no malloc_trim (macOS, Windows, musl).
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Return the free pages of every malloc arena to the operating system (glibc only)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
