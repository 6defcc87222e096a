"""The one error type of the script layer: what is wrong with the author's file, and where."""

from __future__ import annotations

from pathlib import Path


class ScriptError(Exception):
    """The script cannot be used as written. Shown to the user as one line with file and line."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str):
        self.path = Path(path)
        self.line = line
        self.problem = problem
        self.fix = fix
        super().__init__(self.one_line())

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def one_line(self) -> str:
        return f"{self.location()}: {self.problem} — {self.fix}"
