"""Errors the render layer reports to the user, with the exit code each one means."""

from __future__ import annotations

from script.errors import EXIT_FAILED, EXIT_USAGE, ScriptreelError


class RenderError(ScriptreelError):
    """A render could not finish; shown as `error: WHERE: problem — fix`."""

    exit_code = EXIT_FAILED

    def __init__(self, where: str, problem: str, fix: str):
        super().__init__(problem, fix, where)


class UsageError(RenderError):
    """The user's arguments or output path are wrong (exit 2)."""

    exit_code = EXIT_USAGE
