"""Provides handing memory the process has freed back to the operating system (glibc).

glibc keeps freed blocks in the arena of the thread that freed them, and after a large
mmapped block is freed it raises its mmap threshold to that block's size, so the next block of
that size comes from the heap and stays there: scrypt's 16 MiB work area at every login, a
worker's closed database connection. `unmap_large_blocks` fixes the threshold at 1 MiB (such
blocks are always mmapped, hence unmapped when freed) and `release_freed_memory` returns the
free pages of every arena (`malloc_trim`). Both are no-ops without glibc (macOS, Windows, musl).
"""

from __future__ import annotations

import ctypes
import functools
from typing import Any

M_MMAP_THRESHOLD = -3  # mallopt parameter (malloc.h)
LARGE_BLOCK = 1 << 20


@functools.cache
def _glibc() -> Any | None:
    try:
        libc = ctypes.CDLL(None)
        libc.malloc_trim  # noqa: B018 - glibc only
        libc.mallopt  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


@functools.cache
def unmap_large_blocks() -> None:
    """Once per process: blocks of 1 MiB and more are mmapped, so freeing them unmaps them."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_BLOCK)


def release_freed_memory() -> None:
    """Return the free pages of every malloc arena to the operating system."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
