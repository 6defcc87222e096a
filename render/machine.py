"""What the machine has to spare: cores this process may use and memory free without swapping.
Batch workers and a render's voice processes are counted from the same two figures."""

from __future__ import annotations

import ctypes
import gc
import os
import sys


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes the system can give without swapping (MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def give_back_memory() -> None:
    """Collect garbage, then ask the C allocator to return its free pages to the system.

    glibc keeps freed blocks for reuse; after the voice's model is let go, or a big picture
    has been drawn, the process would go on holding hundreds of MB it no longer uses while the
    encoders that come next need theirs. Elsewhere than glibc on Linux, only the collection."""
    gc.collect()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass
