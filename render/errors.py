"""Errors the render layer reports to the user, with the exit code each one means."""

from __future__ import annotations


class RenderError(Exception):
    """A render could not finish; shown as `error: WHERE: problem — fix`."""

    exit_code = 1

    def __init__(self, where: str, problem: str, fix: str):
        self.where = where
        self.problem = problem
        self.fix = fix
        super().__init__(f"{where}: {problem} — {fix}" if where else f"{problem} — {fix}")


class UsageError(RenderError):
    """The user's arguments or output path are wrong (exit 2)."""

    exit_code = 2
