"""Card themes: built-in looks, and theme files (TOML) that adjust one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from scriptreel.media.fonts import check_font
from scriptreel.media.pictures import check_picture
from scriptreel.script import ALLOW_FLAG, ScriptError
from scriptreel.script.paths import is_inside
from scriptreel.script.text import existing_file
from scriptreel.script.toml_files import read_toml

FONTS = Path(__file__).parent / "fonts"
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    """How cards look. Every field is part of the card's cache key."""

    name: str = "midnight"
    """Built-in name, or the theme file's name."""
    description: str = "deep navy, warm amber accent (default)"
    """One line for `scriptreel themes`."""
    background_top: RGB = (12, 19, 38)
    """Gradient colour at the top edge."""
    background_bottom: RGB = (27, 39, 66)
    """Gradient colour at the bottom edge (the same as the top for a flat colour)."""
    title_color: RGB = (246, 247, 251)
    """Card title."""
    muted_color: RGB = (148, 163, 190)
    """Subtitles, footer and counter text."""
    accent: RGB = (255, 186, 73)
    """Bar, segment number and progress colour."""
    title_font: Path = FONTS / "InterDisplay-Bold.otf"
    """Font for titles."""
    text_font: Path = FONTS / "Inter-Medium.otf"
    """Font for everything else."""
    extra_fonts: tuple[Path, ...] = ()
    """Fonts tried before the system's for characters the theme fonts lack (`--font`)."""
    background_image: Path | None = None
    """A picture behind every card (a segment's own image= wins)."""
    dim: float = 0.6
    """How strongly a picture is covered by the background colour, so text stays legible."""
    blur: float = 0.006
    """Blur radius of pictures, as a share of the card's shorter side."""
    logo: Path | None = None
    """A logo or watermark drawn in a corner of every card."""
    logo_corner: str = "top-right"
    """top-left, top-right, bottom-left or bottom-right."""
    logo_size: float = 0.08
    """Logo height as a share of the card's shorter side."""


BUILT_IN = {
    "midnight": Theme(),
    "paper": Theme(
        "paper",
        "warm off-white paper, ink-black titles, brick-red accent",
        (248, 245, 239),
        (236, 230, 219),
        (28, 27, 26),
        (104, 97, 87),
        (196, 64, 42),
    ),
    "citrus": Theme(
        "citrus",
        "bold tangerine gradient, white titles, deep indigo accent",
        # Deep enough that white titles read at 4.5:1 or more (WCAG 2).
        (196, 60, 30),
        (180, 80, 4),
        (255, 255, 255),
        (255, 236, 214),
        (36, 30, 78),
    ),
    "forest": Theme(
        "forest",
        "dark pine green, mint accent",
        (11, 33, 28),
        (24, 61, 47),
        (238, 247, 241),
        (150, 190, 170),
        (126, 224, 163),
    ),
}
DEFAULT_THEME = BUILT_IN["midnight"]


def load_theme(
    spec: str | None,
    base: Path | None = None,
    extra_fonts: tuple[Path, ...] = (),
    inside: Path | None = None,
) -> Theme:
    """A built-in theme by name, or a .toml theme file (relative to `base`). With `inside` (the
    folder of the script that named the theme), every file the theme draws with must be in it."""
    if not spec:
        theme = DEFAULT_THEME
    elif spec.lower() in BUILT_IN:
        theme = BUILT_IN[spec.lower()]
    elif spec.lower().endswith(".toml"):
        theme = _theme_file((base or Path.cwd()) / spec, inside)
    else:
        raise ScriptError(
            Path(spec),
            None,
            f"unknown theme {spec!r}",
            f"use one of {', '.join(BUILT_IN)} or a .toml theme file",
        )
    for font in extra_fonts:
        if not Path(font).is_file():
            raise ScriptError(
                Path(font), None, "font file not found", "give the path of a .ttf or .otf file"
            )
        check_font(Path(font))
    return (
        replace(
            theme, extra_fonts=tuple(Path(f).resolve() for f in extra_fonts) + theme.extra_fonts
        )
        if extra_fonts
        else theme
    )


KNOWN_KEYS = {
    "colors": ("background", "background_top", "background_bottom", "title", "muted", "accent"),
    "fonts": ("title", "text", "fallback"),
    "background": ("image", "dim", "blur"),
    "logo": ("image", "corner", "size"),
}
"""Tables of a theme file and the keys each may hold."""
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
_FIELDS = {
    ("colors", "background"): ("background_top", "background_bottom"),
    ("colors", "title"): ("title_color",),
    ("colors", "muted"): ("muted_color",),
    ("background", "image"): ("background_image",),
    ("logo", "image"): ("logo",),
    ("logo", "corner"): ("logo_corner",),
    ("logo", "size"): ("logo_size",),
    ("fonts", "title"): ("title_font",),
    ("fonts", "text"): ("text_font",),
    ("fonts", "fallback"): ("extra_fonts",),
}
"""Theme fields a (table, key) sets, where the names differ."""


def _read_toml(path: Path) -> tuple[dict, list[str]]:
    return read_toml(
        path,
        "theme file",
        "check the path, or use a built-in theme: " + ", ".join(BUILT_IN),
        "fix the syntax; see the theme example in `scriptreel guide themes`",
    )


class _ThemeFile:
    """A theme file being read: its lines, so every complaint names the line of its key."""

    def __init__(self, path: Path, lines: list[str], inside: Path | None = None):
        self.path, self.lines, self.inside = path, lines, inside

    def line_of(self, key: str) -> int | None:
        pattern = rf"\s*(\[\s*)?{re.escape(key)}\s*(=|\])"
        return next((n for n, text in enumerate(self.lines, 1) if re.match(pattern, text)), None)

    def fail(self, key: str, problem: str, fix: str):
        raise ScriptError(self.path, self.line_of(key), problem, fix)

    def value(self, table: str, key: str, value) -> object:
        """The theme field value for one key, checked."""
        if table == "colors":
            color = _color(value)
            if color is None:
                self.fail(key, f"colour {value!r} is not #rrggbb", 'write colours like "#1a2b3c"')
            return color
        if key in ("image", "title", "text", "fallback"):
            return self.files(table, key, value)
        if key == "corner":
            if value not in CORNERS:
                named = ", ".join(CORNERS[:-1]) + " or " + CORNERS[-1]
                self.fail(key, f"logo corner {value!r} is not known", f"use {named}")
            return value
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            self.fail(
                key, f"{key} {value!r} is not a number from 0 to 1", f"write it like {key} = 0.5"
            )
        return float(value)

    def files(self, table: str, key: str, value) -> Path | tuple[Path, ...]:
        paths = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if not paths or not all(isinstance(p, str) for p in paths):
            self.fail(key, f"{key} must be a file path", 'write it like image = "pictures/bg.jpg"')
        resolved = [existing_file(self.path.parent, p) for p in paths]
        for found, written in zip(resolved, paths):
            if found is None:
                self.fail(
                    key, f"file {written!r} not found", "give a path relative to the theme file"
                )
            if self.inside is not None and not is_inside(self.inside, found):
                self.fail(
                    key,
                    f"file {str(found)!r} is outside the script's folder",
                    f"copy it into the script's folder, or pass {ALLOW_FLAG} if you trust "
                    "this script",
                )
        _check_files(table, resolved, f"{self.path}:{self.line_of(key)}")
        return tuple(resolved) if key == "fallback" else resolved[0]


def _theme_file(path: Path, inside: Path | None = None) -> Theme:
    data, lines = _read_toml(path)
    theme = _ThemeFile(path, lines, inside)
    base_name = str(data.pop("base", "midnight")).lower()
    if base_name not in BUILT_IN:
        theme.fail("base", f"unknown base theme {base_name!r}", f"use one of {', '.join(BUILT_IN)}")
    changes: dict = {
        "name": path.stem,
        "description": f"theme file {path.name} (based on {base_name})",
    }
    for table, values in data.items():
        if table not in KNOWN_KEYS or not isinstance(values, dict):
            theme.fail(
                table,
                f"unknown theme table or key {table!r}",
                'use [colors], [fonts], [background], [logo] and base = "..."',
            )
        for key, value in values.items():
            if key not in KNOWN_KEYS[table]:
                theme.fail(
                    key,
                    f"unknown key {key!r} in [{table}]",
                    "use one of: " + ", ".join(sorted(KNOWN_KEYS[table])),
                )
            setting = theme.value(table, key, value)
            changes.update({field: setting for field in _FIELDS.get((table, key), (key,))})
    return replace(BUILT_IN[base_name], **changes)


def _check_files(table: str, files: list[Path], where: str) -> None:
    """Fonts must load and pictures must be usable, so a bad file stops before any drawing."""
    for found in files:
        if table == "fonts":
            check_font(found, where)
        else:
            check_picture(found, where)


def _color(value) -> tuple[int, int, int] | None:
    if isinstance(value, str) and re.fullmatch(r"#?[0-9a-fA-F]{6}", value.strip()):
        digits = value.strip().lstrip("#")
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return None


def theme_files(theme: Theme) -> list[Path]:
    """Every file the theme draws with, for cache keys."""
    found = [theme.title_font, theme.text_font, *theme.extra_fonts]
    found += [p for p in (theme.background_image, theme.logo) if p]
    return found


__all__ = ["BUILT_IN", "DEFAULT_THEME", "Theme", "load_theme", "theme_files"]
