"""Limits that keep a hostile or runaway script from asking for an endless render."""

from __future__ import annotations

import stat
from pathlib import Path

from scriptreel.script.errors import ScriptError
from scriptreel.script.model import Script
from scriptreel.script.text import MAX_TITLE_CHARS

MAX_SEGMENTS = 2000
"""Most segments (cards) in one script."""
MAX_TOTAL_PAUSE = 60.0
"""Most seconds of silence that `[pause]` markers may add across a whole script."""
MAX_MUSIC_BYTES = 2_000_000_000
"""Largest music file read (2 GB: 30 minutes of 24-bit 96 kHz stereo WAV is about 1 GB)."""


def music_problem(found: Path) -> str | None:
    """Why the music file cannot be read safely, or None: only a regular file of a sensible size
    is (a device, a pipe or a file under /proc could be read forever)."""
    try:
        info = found.stat()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before Python 3.13
        return f"cannot be read ({getattr(exc, 'strerror', None) or exc})"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if info.st_size == 0:
        return "is empty (or a system file with no size)"
    if info.st_size > MAX_MUSIC_BYTES:
        return f"is larger than {MAX_MUSIC_BYTES // 1_000_000_000} GB"
    return None


def check_card_text(path: Path, line: int | None, text: str, what: str = "title") -> str:
    """The text unchanged, or ScriptError if it is too long to lay out on a card."""
    if len(text) > MAX_TITLE_CHARS:
        raise ScriptError(
            path,
            line,
            f"the {what} is {len(text)} characters long; a card holds at most {MAX_TITLE_CHARS}",
            f"shorten the {what}, and move the rest into the narration",
        )
    return text


def check_limits(script: Script) -> Script:
    """The script unchanged, or ScriptError with the line where it passes one of the limits."""
    numbered = 0
    total_pause = 0.0
    for segment in script.segments:
        check_card_text(script.path, segment.line, segment.title)
        if segment.number is not None:
            numbered += 1
            if numbered > MAX_SEGMENTS:
                raise ScriptError(
                    script.path,
                    segment.line,
                    f"the script has more than {MAX_SEGMENTS} segments",
                    "split it into several scripts and render each one",
                )
        for sentence in segment.sentences:
            total_pause += sentence.pause_after
            if total_pause > MAX_TOTAL_PAUSE:
                raise ScriptError(
                    script.path,
                    sentence.line,
                    f"[pause] markers add up to more than {MAX_TOTAL_PAUSE:g} seconds of silence",
                    "remove some markers or shorten them; a long silence is better as a card",
                )
    return script
