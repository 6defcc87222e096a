"""Caption cues from narration timings, written as SubRip (.srt)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

LINE_LENGTH = 42
"""Characters per caption line (common broadcast guidance)."""


@dataclass(frozen=True)
class Cue:
    """One caption on screen."""

    start: float
    """Seconds from the start of the video."""
    end: float
    """Seconds from the start of the video."""
    text: str
    """The words as the author wrote them."""


def srt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def to_srt(cues: list[Cue]) -> str:
    blocks = []
    for number, cue in enumerate(cues, 1):
        lines = "\n".join(textwrap.wrap(cue.text, LINE_LENGTH)) or cue.text
        blocks.append(f"{number}\n{srt_time(cue.start)} --> {srt_time(cue.end)}\n{lines}\n")
    return "\n".join(blocks)
