"""Which characters a font can draw, asked of the font itself (no font, no box)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont


@lru_cache(maxsize=16)
def _font(path: Path) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), 32)


@lru_cache(maxsize=16)
def _notdef(path: Path) -> bytes:
    # A private-use code point no text font maps: FreeType draws the .notdef glyph for it.
    return bytes(_font(path).getmask("\U0010fffd"))


@lru_cache(maxsize=4096)
def covers(path: Path, char: str) -> bool:
    """True when the font at `path` has a glyph for `char`."""
    if unicodedata.category(char) in ("Zs", "Cc", "Cf", "Zl", "Zp", "Mn") or char.isspace():
        return True
    return bytes(_font(path).getmask(char)) != _notdef(path)


def uncovered(text: str, fonts: list[Path]) -> list[str]:
    """Characters of `text` that none of the fonts can draw, in order of first appearance."""
    missing: list[str] = []
    for char in dict.fromkeys(text):
        if not any(covers(path, char) for path in fonts):
            missing.append(char)
    return missing
