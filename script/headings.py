"""Markdown headings: their level, their text and `{key="value"}` attributes, read by scanning."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from scriptreel.script.errors import ScriptError
from scriptreel.script.inline import plain_words
from scriptreel.script.limits import check_card_text
from scriptreel.script.text import escaped, existing_file

HEADING_ATTRIBUTES = ("image", "subtitle")
# Matched at the start of each attribute only; every attempt either consumes text or ends the
# scan with an error, so the whole scan is linear.
_ATTRIBUTE = re.compile(
    r"""\s*(?:([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']\S*))"""
    r"""|[.#][\w-]+(?=\s|$))"""
)


def parse_heading(line: str) -> tuple[int, str] | None:
    """`## Title ##` as (2, "Title"); None if the line is not an ATX heading."""
    # Scanned, not matched: the obvious regex backtracks cubically on '##' and many spaces.
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or (len(line) > level and not line[level].isspace()):
        return None
    text = line[level:].strip()
    # A closing run of '#' goes only if a space (or nothing) comes before it: `C#` keeps its '#'.
    unclosed = text.rstrip("#")
    if unclosed != text and (not unclosed or unclosed[-1].isspace()):
        text = unclosed.rstrip()
    return level, text


def split_attributes(text: str) -> tuple[str, str | None]:
    """`Title {image="map.png"}` as ("Title", 'image="map.png"'); (text, None) without braces."""
    body = text.rstrip()
    opening = body.rfind("{")
    if not body.endswith("}") or opening < 0 or escaped(body, opening):
        return text, None
    inside = body[opening + 1 : -1]
    if "}" in inside:
        return text, None
    return body[:opening].rstrip(), inside


def heading_attributes(path: Path, line: int, text: str) -> tuple[str, dict]:
    """`Title {image="map.png" subtitle="1947"}` as the title and its checked attributes."""
    title, inside = split_attributes(text)
    if inside is None:
        return text, {}
    found: dict = {}
    position = 0
    while inside[position:].strip():
        attribute = _ATTRIBUTE.match(inside, position)
        if attribute is None:
            loose = inside[position:].split()[0]
            raise ScriptError(
                path,
                line,
                f'heading attribute {loose!r} is not key="value"',
                'write attributes like {image="map.png" subtitle="1947-1979"}',
            )
        position = attribute.end()
        key = attribute[1]
        if not key:
            continue  # Pandoc classes and ids (.wide, #intro) have no meaning here
        value = next(v for v in attribute.groups()[1:] if v is not None)
        found[key] = _attribute(path, line, key, value)
    return title, found


def _attribute(path: Path, line: int, key: str, value: str) -> object:
    if key not in HEADING_ATTRIBUTES:
        close = difflib.get_close_matches(key, HEADING_ATTRIBUTES, n=1)
        hint = f"did you mean '{close[0]}'? Known: " if close else "use one of: "
        raise ScriptError(
            path, line, f"unknown heading attribute {key!r}", hint + ", ".join(HEADING_ATTRIBUTES)
        )
    if key == "subtitle":
        return check_card_text(path, line, plain_words(value), "subtitle")
    picture = existing_file(path.parent, value)
    if picture is None:
        raise ScriptError(
            path,
            line,
            f"picture {value!r} not found",
            'give a path relative to the script, e.g. image="pictures/map.png"',
        )
    return picture
