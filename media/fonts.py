"""Fonts for every script: a fallback chain chosen by each font's character map, and text
measured and drawn run by run across the chain."""

from __future__ import annotations

import os
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont, features

from scriptreel.media.errors import MediaInputError
from scriptreel.media.files import shown

FONT_DIRS = [
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
]
"""Where system fonts are looked for, after the bundled and configured ones."""


BITMAP_SIZE = 109
"""The one size colour bitmap emoji fonts (CBDT, like Noto Color Emoji) load at."""


@lru_cache(maxsize=64)
def _probe(path: Path) -> ImageFont.FreeTypeFont | None:
    for size in (32, BITMAP_SIZE):
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            continue  # colour bitmap fonts load only at their fixed size; others may be broken
    return None


def check_font(path: Path, where: str | None = None) -> None:
    """Raise MediaInputError (exit 2) naming the file when FreeType cannot load it as a font.

    `where` names the place in the user's input that gave the font (by default the file).
    """
    if _probe(Path(path)) is None:
        raise MediaInputError(
            f"{Path(path).name!r} is not a font file FreeType can read",
            "give a .ttf, .otf or .ttc font file (check it is not renamed or truncated)",
            where or shown(Path(path)),
        )


@lru_cache(maxsize=64)
def is_bitmap(path: Path) -> bool:
    font = _probe(path)
    return font is not None and font.size == BITMAP_SIZE


@lru_cache(maxsize=64)
def _notdef(path: Path) -> bytes:
    # A private-use code point no text font maps: FreeType draws the .notdef glyph for it.
    return bytes(_probe(path).getmask("\U0010fffd"))


def invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in (
        "Zs",
        "Cc",
        "Cf",
        "Zl",
        "Zp",
        "Mn",
        "Me",
    )


@lru_cache(maxsize=65536)
def covers(path: Path, char: str) -> bool:
    """True when the font at `path` has a glyph for `char`."""
    if invisible(char):
        return True
    font = _probe(path)
    return font is not None and bytes(font.getmask(char)) != _notdef(path)


def is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        0x1F000 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or code in (0x2B50, 0x2B55, 0x203C, 0x2049)
    )


@lru_cache(maxsize=1)
def system_fonts() -> tuple[Path, ...]:
    """Regular-weight outline fonts installed on this machine (a sans first, where there is one)."""
    found: list[Path] = []
    for folder in FONT_DIRS:
        if folder.is_dir():
            found += [p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc")]

    def rank(path: Path) -> tuple:
        name = path.name.lower()
        styled = any(
            word in name
            for word in ("bold", "italic", "oblique", "light", "thin", "condensed", "math", "mono")
        )
        return ("emoji" in name, styled, "serif" in name and "sans" not in name, name)

    return tuple(sorted(found, key=rank))


def chain(primary: Path, extra: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The fonts to try, in order: the theme's font, configured extras, then system fonts."""
    return tuple(dict.fromkeys((primary, *extra, *system_fonts())))


def uncovered(text: str, fonts: tuple[Path, ...] | list[Path]) -> list[str]:
    """Characters of `text` that none of the fonts can draw, in order of first appearance."""
    return [c for c in dict.fromkeys(text) if not any(covers(path, c) for path in fonts)]


class _Scaled:
    """A colour bitmap font drawn at its fixed size and scaled to the size asked for."""

    def __init__(self, path: Path, size: int):
        self.font = ImageFont.truetype(str(path), BITMAP_SIZE)
        self.scale = size / BITMAP_SIZE
        self.size = size

    def getlength(self, text: str) -> float:
        return self.font.getlength(text) * self.scale

    def image(self, text: str):
        from PIL import Image

        left, top, right, bottom = self.font.getbbox(text)
        canvas = Image.new("RGBA", (max(1, right), max(1, bottom)), (0, 0, 0, 0))
        ImageDraw.Draw(canvas).text((0, 0), text, font=self.font, embedded_color=True)
        width, height = (
            max(1, round(canvas.width * self.scale)),
            max(1, round(canvas.height * self.scale)),
        )
        return canvas.resize((width, height), Image.LANCZOS)


@lru_cache(maxsize=256)
def _font(path: Path, size: int):
    if is_bitmap(path):
        return _Scaled(path, size)
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, layout_engine=engine)


class Styled:
    """Text in one size across a font chain: measured and drawn run by run, each run in the
    first font that has its characters. Right-to-left scripts are shaped by raqm within a run."""

    def __init__(self, fonts: tuple[Path, ...], size: int):
        self.fonts = fonts
        self.size = size
        self.primary = _font(fonts[0], size)

    def runs(self, text: str) -> list[tuple[ImageFont.FreeTypeFont, str]]:
        if all(covers(self.fonts[0], c) for c in text):
            return [(self.primary, text)]
        runs: list[tuple[Path, str]] = []
        for char in text:
            # Emoji come from a colour emoji font when there is one, not a font's outline symbol.
            order = (
                sorted(self.fonts, key=lambda p: not is_bitmap(p)) if is_emoji(char) else self.fonts
            )
            path = next((p for p in order if covers(p, char)), None)
            if path is None:
                continue  # reported by check/render before drawing; never drawn as a box
            if invisible(char) and runs and is_bitmap(runs[-1][0]):
                path = self.fonts[
                    0
                ]  # a space after an emoji is the text's space, not the emoji font's
            if runs and (runs[-1][0] == path or (invisible(char) and not is_bitmap(runs[-1][0]))):
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
            else:
                runs.append((path, char))
        return [(_font(path, self.size), part) for path, part in runs]

    def getlength(self, text: str) -> float:
        return sum(font.getlength(part) for font, part in self.runs(text))

    def _placed(self, xy: tuple[float, float], text: str, anchor: str):
        total = self.getlength(text)
        x = xy[0] - {"l": 0, "m": total / 2, "r": total}[anchor[0]]
        for font, part in self.runs(text):
            yield font, part, (x, xy[1])
            x += font.getlength(part)

    def _box(
        self, font, part: str, at: tuple[float, float], vertical: str
    ) -> tuple[float, float, float, float]:
        if isinstance(font, _Scaled):
            # An emoji sits on the primary font's line: same top and bottom as its text.
            top, bottom = ImageDraw.Draw(_blank()).textbbox(
                at, "Hg", font=self.primary, anchor="l" + vertical
            )[1::2]
            width = font.getlength(part)
            return (at[0], top, at[0] + width, bottom)
        return ImageDraw.Draw(_blank()).textbbox(at, part, font=font, anchor="l" + vertical)

    def bbox(self, xy: tuple[float, float], text: str, anchor: str) -> tuple[int, int, int, int]:
        boxes = [
            self._box(font, part, at, anchor[1])
            for font, part, at in self._placed(xy, text, anchor)
        ]
        if not boxes:
            return (int(xy[0]), int(xy[1]), int(xy[0]), int(xy[1]))
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def draw(
        self, draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, anchor: str, fill
    ) -> None:
        for font, part, at in self._placed(xy, text, anchor):
            if isinstance(font, _Scaled):
                left, top, right, bottom = self._box(font, part, at, anchor[1])
                picture = font.image(part)
                target = draw._image  # the layer being drawn on (RGBA overlays)
                y = round(top + (bottom - top - picture.height) / 2)
                if target.mode == "RGBA":
                    target.alpha_composite(picture, (max(0, round(left)), max(0, y)))
                else:
                    target.paste(picture, (round(left), y), picture)
                continue
            draw.text(at, part, font=font, anchor="l" + anchor[1], fill=fill)


@lru_cache(maxsize=1)
def _blank():
    from PIL import Image

    return Image.new("1", (1, 1))


if sys.platform == "win32":  # pragma: no cover - the Windows font folder is the only system one
    FONT_DIRS = FONT_DIRS[-1:]
