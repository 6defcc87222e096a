"""`[pause]` and `[pause 1.5s]` markers in narration: found by scanning, never spoken."""

from __future__ import annotations

import re
from pathlib import Path

from scriptreel.script.errors import ScriptError
from scriptreel.script.text import escaped
from scriptreel.script.values import BadValue, parse_pause

_OPEN = "[pause"
_FIND_OPEN = re.compile(r"\[pause", re.I)  # a literal: linear; str.lower() may change lengths
_REACH = 40
"""Longest marker looked at: the search for its `]` is bounded so scanning stays linear."""
_SECONDS = re.compile(r"[\d.]+\s*s?", re.I)
_FIRST = 0x100000
"""Plane 16 (private use): a hidden marker is one character there, its pause in milliseconds."""
_LAST = 0x10FFFD
HIDDEN_PAUSE = re.compile(f"([{chr(_FIRST)}-{chr(_LAST)}])")
"""One hidden marker; split on it to get the text between markers."""


def _marker_seconds(path: Path, line: int, marker: str) -> float:
    inside = marker[len(_OPEN) : -1].strip()
    if inside and not _SECONDS.fullmatch(inside):
        raise ScriptError(
            path,
            line,
            f"pause marker {marker!r} is not [pause] or [pause 1.5s]",
            "write [pause] for one second or [pause 1.5s]; escape the bracket (\\[) to say it",
        )
    try:
        return parse_pause(inside or 1.0)
    except BadValue as exc:
        raise ScriptError(path, line, exc.problem, exc.fix) from None


def hide_pauses(path: Path, line: int, text: str) -> str:
    """The text with each pause marker replaced by one hidden character holding its length.

    Markers are taken out before any other markup is read, so that no arrangement of them
    (`[pause 1s][pause 2s]` looks like a Markdown link) can ever be spoken.
    """
    text = HIDDEN_PAUSE.sub("\ufffd", text)  # the author's own plane-16 characters
    out: list[str] = []
    position = search = 0  # text before `position` is in `out`; look for markers from `search`
    while found := _FIND_OPEN.search(text, search):
        start = found.start()
        after = search = start + len(_OPEN)
        # "[pauses]" or "[pause" at the very end are words, not markers.
        if after >= len(text) or not (text[after] == "]" or text[after].isspace()):
            continue
        if escaped(text, start):
            continue
        close = text.find("]", after, after + _REACH)
        if close < 0:
            raise ScriptError(
                path,
                line,
                f"pause marker {text[start : after + 12].strip() + '…'!r} is never closed",
                "write [pause] or [pause 1.5s]; escape the bracket (\\[) to say it",
            )
        seconds = _marker_seconds(path, line, text[start : close + 1])
        out += [text[position:start], chr(_FIRST + round(seconds * 1000))]
        position = search = close + 1
    out.append(text[position:])
    return "".join(out)


def hidden_seconds(char: str) -> float:
    """The pause a hidden marker character stands for."""
    return (ord(char) - _FIRST) / 1000
