"""Text measured into lines: wrapping, word breaking, balancing, shrink-to-fit and ellipsis cuts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from scriptreel.media.fonts import Styled

MAX_TITLE_LINES = 5
"""More lines than this is a paragraph, not a title: it is cut instead of shrunk further."""
LINE_SPACING = 1.12
"""Title line height as a multiple of the font size."""

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u3040-\u30ff]")
_TRAILING = " ,;:-"
"""Characters dropped before an ellipsis, so a cut never ends in `, …`."""


def largest(fits: Callable[[int], bool], low: int, high: int) -> int:
    """The largest n in [low, high] with fits(n), assuming fits is true up to a point and false
    after it; `low` when none fits.

    Gallops up from `low` before bisecting, so the cost follows the answer, not `high`: cutting
    one line off a 1600-character word measures strings about as long as that line, a few times.
    """
    if high <= low or not fits(low + 1):
        return low
    good, step = low + 1, 1
    while good + step <= high and fits(good + step):
        good += step
        step *= 2
    bad = min(good + step, high + 1)
    while bad - good > 1:
        middle = (good + bad) // 2
        if fits(middle):
            good = middle
        else:
            bad = middle
    return good


def _mark(text: str, cut: int) -> str:
    # Chinese and Japanese break between any two characters, without a hyphen.
    return "" if _CJK.match(text[cut - 1]) else "-"


def _break_word(word: str, font, width: float, limit: int) -> tuple[list[str], str]:
    """Pieces of a word too wide for one line (hyphenated), at most `limit` of them, and the
    remainder."""
    pieces: list[str] = []
    rest = word
    while len(rest) > 1 and len(pieces) < limit:
        whole = largest(lambda n, r=rest: font.getlength(r[:n]) <= width, 0, len(rest))
        if whole == len(rest):
            break
        own = [i + 1 for i, c in enumerate(rest[:whole]) if c == "-" and 0 < i < len(rest) - 1]
        if own:  # at its own hyphen first: "Soviet-" / "Afghan"
            pieces.append(rest[: own[-1]])
            rest = rest[own[-1] :]
            continue
        cut = largest(
            lambda n, r=rest: font.getlength(r[:n] + _mark(r, n)) <= width, 1, len(rest) - 1
        )
        pieces.append(rest[:cut] + _mark(rest, cut))
        rest = rest[cut:]
    return pieces, rest


def wrap(text: str, font, width: float, limit: int | None = None) -> list[str]:
    """Lines no wider than `width`, broken at spaces (in a word only if it alone is too wide).

    With `limit`, only the first `limit` lines: callers that keep a few lines, or only need to
    know there are more, do not lay out a whole paragraph.
    """
    most = len(text) + 1 if limit is None else limit
    lines: list[str] = []
    current = ""
    for word in text.split():
        if len(lines) >= most:
            return lines[:most]
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces, current = _break_word(word, font, width, most - len(lines))
        lines += pieces
    if current:
        lines.append(current)
    return lines[:most]


def balance(text: str, font, width: float, lines: list[str]) -> list[str]:
    """The same number of lines, made as even as possible (no lone word on the last line)."""
    if len(lines) < 2:
        return lines
    narrowest = max(font.getlength(word) for word in text.split())
    low, high = narrowest, width
    while high - low > 2:
        middle = (low + high) / 2
        if len(wrap(text, font, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, high)


def fit(
    text: str,
    fonts: tuple[Path, ...],
    width: float,
    height: float,
    largest_size: int,
    smallest_size: int,
    max_lines: int = MAX_TITLE_LINES,
) -> tuple[int, list[str], bool]:
    """Largest size whose wrapped lines fit the box; at the floor, cut with an ellipsis.

    Returns (size, lines, cut).
    """
    size = largest_size
    while True:
        font = Styled(fonts, size)
        # One line more than allowed is enough to know the text does not fit.
        lines = wrap(text, font, width, max_lines + 1)
        line_height = size * LINE_SPACING
        # A word too wide for a line is split only at the smallest size: "Soviet-Afg- / han"
        # reads worse than smaller type.
        whole = all(font.getlength(word) <= width for word in text.split())
        if (whole and len(lines) * line_height <= height and len(lines) <= max_lines) or (
            size <= smallest_size
        ):
            break
        size = max(smallest_size, int(size * 0.92))
    fits = max(1, min(max_lines, int(height // line_height)))
    if len(lines) <= fits:
        return size, balance(text, font, width, lines), False
    lines = lines[:fits]
    lines[-1] = cut(lines[-1] + " …", fonts, size, width)
    return size, lines, True


def cut(text: str, fonts: tuple[Path, ...], size: int, width: float) -> str:
    """One line no wider than `width`, ending in an ellipsis if it had to be cut."""
    font = Styled(fonts, size)
    if font.getlength(text) <= width:
        return text
    text = text.rstrip(" …")
    keep = largest(
        lambda n: font.getlength(text[:n].rstrip(_TRAILING) + "…") <= width, 0, len(text)
    )
    return text[:keep].rstrip(_TRAILING) + "…"


def right_to_left(text: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


__all__ = ["MAX_TITLE_LINES", "balance", "cut", "fit", "largest", "right_to_left", "wrap"]
