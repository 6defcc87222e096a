"""The one error root of scriptreel, and the script layer's own error: what is wrong, and where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

EXIT_FAILED, EXIT_USAGE = 1, 2


class ScriptreelError(Exception):
    """Root of every error scriptreel reports to the user, as one line `WHERE: problem — fix`.

    `problem` and `fix` are kept as fields so nobody has to parse them back out of the message;
    `exit_code` is 2 for anything the user's input or arguments caused, 1 for everything else.
    """

    exit_code = EXIT_USAGE

    def __init__(self, problem: str, fix: str, where: str = ""):
        self.problem = problem
        self.fix = fix
        self.where = where
        super().__init__(self.one_line())

    def one_line(self) -> str:
        return (
            f"{self.where}: {self.problem} — {self.fix}"
            if self.where
            else f"{self.problem} — {self.fix}"
        )


class ScriptError(ScriptreelError):
    """The script cannot be used as written. Shown to the user as one line with file and line."""

    def __init__(self, path: Path | str, line: int | None, problem: str, fix: str):
        self.path = Path(path)
        self.line = line
        super().__init__(problem, fix, self.location())

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class WarningKind(Enum):
    """What a warning is about, so code can tell warnings apart without reading their text."""

    DROPPED = "dropped"
    """Text the parser left out (web-page leftovers, empty headings)."""
    GUESSED = "guessed"
    """Something the parser inferred (a title, a sentence boundary)."""
    TITLE_CUT = "title-cut"
    """A title too long for its card, cut with an ellipsis."""
    EMOJI = "emoji"
    """Emoji left out because no colour emoji font is installed."""
    NO_NARRATION = "no-narration"
    """A segment with no narration."""
    LONG = "long"
    """A segment or input that is longer than it should be."""
    SOFT = "soft"
    """A picture or clip shown so much larger than it is that it will look soft."""
    OTHER = "other"


@dataclass(frozen=True)
class ScriptWarning:
    """Something the user should know that does not stop the render; str() is its one line."""

    kind: WarningKind
    path: Path
    line: int | None
    message: str

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"
