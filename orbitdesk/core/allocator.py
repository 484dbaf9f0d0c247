"""The C allocator's settings for the numeric core (Linux with glibc; elsewhere nothing changes).

An edit recomputes the mission life on about half a million samples per shell, in some thirty
numpy temporaries of about 4 MB each. With glibc's defaults, the freed temporaries go back to the
operating system at the end of each evaluation (the heap top is trimmed, and a worker thread's
arena shrinks), so the next edit takes a page fault for every 4 KiB it writes: measured here that
doubled the mission-life stage (about 55 ms → 25 ms on the default scenario with these settings;
`orbitdesk bench --gui`, README). Keeping up to KEEP_FREED_BYTES of freed memory in the process,
in one arena shared by the threads, lets the next evaluation reuse it. The memory stays counted in
the process's resident size until it exits, bounded by that figure.
"""

from __future__ import annotations

import ctypes
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8  # glibc <malloc.h>
KEEP_FREED_BYTES = 256 * 2**20  # freed memory kept for reuse before the heap is trimmed
MMAP_ABOVE_BYTES = 64 * 2**20  # larger blocks are mapped (and unmapped when freed) directly


def keep_freed_memory() -> bool:
    """Apply the settings once, at start-up before threads allocate; True if the allocator took
    them (glibc), False where there is no mallopt (macOS, Windows, musl)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    settings = ((M_ARENA_MAX, 1), (M_MMAP_THRESHOLD, MMAP_ABOVE_BYTES), (M_TRIM_THRESHOLD, KEEP_FREED_BYTES))
    return all(mallopt(option, value) == 1 for option, value in settings)
