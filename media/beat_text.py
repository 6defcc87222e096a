"""Text for beat frames: sizes found by measuring whole lines, lines cut with an ellipsis."""

from __future__ import annotations

from pathlib import Path

from scriptreel.media.card import balance, wrap
from scriptreel.media.fonts import Styled, uncovered


def drawable(text: str, fonts: tuple[Path, ...]) -> str:
    """The text without characters no font can draw (they would leave gaps or empty panels;
    `scriptreel check` reports them), with runs of white space made one space."""
    missing = set(uncovered(text, fonts))
    kept = "".join(char for char in text if char not in missing) if missing else text
    return " ".join(kept.split())


def cut(text: str, font: Styled, width: float) -> str:
    """One line no wider than `width`, ending in an ellipsis if it had to be shortened."""
    if font.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    # Binary search on the cut point: a few measurements, however long the text.
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip(" ,;:-") + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:-") + "…"


def fit_lines(
    text: str,
    fonts: tuple[Path, ...],
    width: float,
    height: float,
    sizes: tuple[int, int],
    max_lines: int,
    leading: float = 1.15,
) -> tuple[int, list[str]]:
    """The largest size (from sizes[0] down to sizes[1]) whose wrapped, balanced lines fit the
    box, and those lines; at the smallest size the last line kept is cut with an ellipsis."""
    largest, smallest = sizes
    size = largest
    while True:
        font = Styled(fonts, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and len(lines) * size * leading <= height:
            return size, balance(text, font, width, lines)
        if size <= smallest:
            break
        size = max(smallest, int(size * 0.9))
    keep = max(1, min(max_lines, int(height // (size * leading))))
    kept = lines[:keep]
    if len(lines) > keep:
        kept[-1] = cut(kept[-1] + " …", font, width)
    return size, kept


__all__ = ["cut", "drawable", "fit_lines"]
