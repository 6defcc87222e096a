"""`{fit=cover start=12.5 ...}` after a picture or clip: scanned and checked as Beat fields."""

from __future__ import annotations

import difflib
import math
import re
from enum import Enum
from pathlib import Path

from scriptreel.script.beats import ClipAudio, Fit, Zoom
from scriptreel.script.errors import ScriptError
from scriptreel.script.inline import plain_words
from scriptreel.script.limits import check_card_text

PICTURE_ATTRIBUTES = ("fit", "zoom", "credit")
"""What a picture (`![alt](map.png){...}`) may set."""
CLIP_ATTRIBUTES = ("start", "end", "audio", "loop", "fit", "credit")
"""What a clip (`![alt](harbour.mp4){...}`) may set."""
_CHOICES: dict[str, type[Enum]] = {"fit": Fit, "zoom": Zoom, "audio": ClipAudio}
_TRUTH = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_EXAMPLE = {
    "picture": '{fit=cover zoom=in credit="NASA"}',
    "clip": "{start=12.5 end=20 audio=mute loop=true}",
}
# Matched at the start of each attribute only; every attempt either consumes text or ends the
# scan with an error, so the whole scan is linear. A bare value stops at braces and spaces.
_ATTRIBUTE = re.compile(
    r"""\s*(?:([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'{}][^\s{}]*))"""
    r"""|[.#][\w-]+(?=[\s}]))"""
)
# Digits are bounded: Python refuses to convert integers of more than 4300 digits.
_SECONDS = re.compile(r"(?:(\d{1,9}):)?(\d{1,12}(?:\.\d{0,12})?|\.\d{1,12})s?")


def read_attributes(
    path: Path, line: int, text: str, opening: int, what: str
) -> tuple[dict[str, object], int]:
    """The checked Beat fields written in the `{...}` at text[opening], and the index after '}'.

    `what` is "picture" or "clip": each takes its own attributes.
    """
    found: dict[str, object] = {}
    position = opening + 1
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            raise ScriptError(
                path,
                line,
                f"the {what}'s attributes '{{' are never closed",
                f"end them with '}}' on the same line, e.g. {_EXAMPLE[what]}",
            )
        if text[position] == "}":
            break
        attribute = _ATTRIBUTE.match(text, position)
        if attribute is None:
            loose = text[position:].split()[0][:40]
            raise ScriptError(
                path,
                line,
                f"{what} attribute {loose!r} is not key=value",
                f"write attributes like {_EXAMPLE[what]}",
            )
        position = attribute.end()
        key = attribute[1]
        if not key:
            continue  # Pandoc classes and ids (.wide, #map) have no meaning here
        value = next(v for v in attribute.groups()[1:] if v is not None)
        if key in found:
            raise ScriptError(
                path, line, f"{what} attribute {key!r} is given twice", "keep one of them"
            )
        found[key] = _value(path, line, what, key, value)
    _check_span(path, line, found)
    return found, position + 1


def _value(path: Path, line: int, what: str, key: str, value: str) -> object:
    known = CLIP_ATTRIBUTES if what == "clip" else PICTURE_ATTRIBUTES
    if key not in known:
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{close[0]}'? Known: " if close else f"a {what} takes: "
        raise ScriptError(path, line, f"unknown {what} attribute {key!r}", hint + ", ".join(known))
    if key in _CHOICES:
        kind = _CHOICES[key]
        choice = next((c for c in kind if c.value == value.strip().lower()), None)
        if choice is None:
            raise ScriptError(
                path,
                line,
                f"{what} attribute {key}={value!r} is not allowed",
                "use one of: " + ", ".join(c.value for c in kind),
            )
        return choice
    if key == "loop":
        if value.strip().lower() not in _TRUTH:
            raise ScriptError(
                path, line, f"clip attribute loop={value!r} is not allowed", "use true or false"
            )
        return _TRUTH[value.strip().lower()]
    if key in ("start", "end"):
        return _seconds(path, line, key, value)
    return check_card_text(path, line, plain_words(value), "credit")


def _seconds(path: Path, line: int, key: str, value: str) -> float:
    """`12.5`, `12.5s` or `1:05.5` as seconds into the clip."""
    text = value.strip()
    if text.startswith("-") and _SECONDS.fullmatch(text[1:]):
        raise ScriptError(
            path,
            line,
            f"clip {key}={text} is before the clip begins",
            f"use 0 or more seconds, e.g. {key}=12.5",
        )
    found = _SECONDS.fullmatch(text)
    seconds = float(found[2]) + 60 * int(found[1] or 0) if found else math.nan
    if not math.isfinite(seconds):
        raise ScriptError(
            path,
            line,
            f"clip {key}={value[:40]!r} is not a number of seconds",
            f"write it like {key}=12.5 or {key}=1:05",
        )
    return seconds


def _check_span(path: Path, line: int, found: dict[str, object]) -> None:
    start, end = found.get("start", 0.0), found.get("end")
    if isinstance(end, float) and isinstance(start, float) and end <= start:
        raise ScriptError(
            path,
            line,
            f"clip end={end:g} is not after start={start:g}",
            "make end later than start, or leave end out to play to the clip's end",
        )
