"""Errors the render layer reports to the user, with the exit code each one means."""

from __future__ import annotations

import errno

from scriptreel.script.errors import EXIT_FAILED, EXIT_USAGE, ScriptreelError


class RenderError(ScriptreelError):
    """A render could not finish; shown as `error: WHERE: problem — fix`."""

    exit_code = EXIT_FAILED

    def __init__(self, where: str, problem: str, fix: str):
        super().__init__(problem, fix, where)


class UsageError(RenderError):
    """The user's arguments or output path are wrong (exit 2)."""

    exit_code = EXIT_USAGE


DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
"""Errors of a write that failed for want of space: the user's to fix, not a bug."""
DISK_FULL_TEXT = ("No space left on device", "Disk quota exceeded")
"""How ffmpeg reports them."""


def disk_full(where: str, exc: OSError | str) -> UsageError:
    """A write that found the disk full, as one line (exit 2)."""
    reason = exc if isinstance(exc, str) else (exc.strerror or str(exc))
    return UsageError(
        where,
        f"cannot write: {reason}",
        "free some space (or point SCRIPTREEL_CACHE_DIR at another disk), then render again",
    )
