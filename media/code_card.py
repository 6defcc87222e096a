"""The code card: a fenced code block, highlighted by Pygments in the theme's colours."""

from __future__ import annotations

import colorsys
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token
from pygments.util import ClassNotFound

from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.grid import Grid
from scriptreel.media.themes import Theme

MONO = Path(__file__).parent / "fonts" / "DejaVuSansMono.ttf"
"""The bundled monospace font (DejaVu Sans Mono, Bitstream Vera licence)."""
LEADING = 1.35
"""Line height as a share of the type size."""
LARGEST = 0.07
"""Largest type size as a share of the frame's shorter side: a short block is not shouted."""
SMALLEST = 0.032
"""Smallest readable type size: a longer block shows a window of its lines instead."""

Size = tuple[int, int]
RGB = tuple[int, int, int]


def _turn(colour: RGB, turn: float) -> RGB:
    """The colour with its hue turned by `turn` of a circle: theme-born, yet distinct."""
    hue, light, saturation = colorsys.rgb_to_hls(*(c / 255 for c in colour))
    red, green, blue = colorsys.hls_to_rgb((hue + turn) % 1.0, light, saturation)
    return round(red * 255), round(green * 255), round(blue * 255)


def palette(theme: Theme) -> dict:
    """Token type -> colour: keywords in the accent, strings and numbers in its neighbours on
    the colour wheel, comments muted, everything else in the title colour."""
    return {
        Keyword: theme.accent,
        String: _turn(theme.accent, 0.33),
        Number: _turn(theme.accent, -0.33),
        Name.Function: _turn(theme.accent, 0.5),
        Name.Class: _turn(theme.accent, 0.5),
        Name.Builtin: _turn(theme.accent, 0.5),
        Comment: theme.muted_color,
        Operator: theme.muted_color,
    }


def _colour(kind, colours: dict, default: RGB) -> RGB:
    while kind is not Token:
        if kind in colours:
            return colours[kind]
        kind = kind.parent
    return default


def highlighted(lines: tuple[str, ...], language: str) -> list[list[tuple[object, str]]]:
    """Each line as (token type, text) runs; an unknown language is shown as plain text."""
    try:
        lexer = get_lexer_by_name(language, stripnl=False) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    rows: list[list[tuple[object, str]]] = [[]]
    for kind, text in lexer.get_tokens("\n".join(lines)):
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                rows.append([])
            if part:
                rows[-1].append((kind, part.expandtabs(4)))
    return rows[: len(lines)]


@cache
def _font(px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(MONO), px)


def window(count: int, fits: int, highlight: tuple[int, ...]) -> range:
    """The lines (0-based) shown when only `fits` of `count` fit: the highlighted ones centred,
    else the first ones."""
    if count <= fits:
        return range(count)
    if not highlight:
        return range(fits)
    middle = (min(highlight) + max(highlight)) // 2 - 1
    first = max(0, min(count - fits, middle - fits // 2))
    return range(first, first + fits)


def _type_size(lines: tuple[str, ...], box: tuple, unit: int) -> tuple[int, int]:
    """The type size fitting the widest line and every line to the box (within the readable
    range), and how many lines fit at it."""
    left, top, right, bottom = box
    columns = max((len(line.expandtabs(4)) for line in lines), default=1) + len(str(len(lines)))
    advance = _font(100).getlength("0") / 100
    by_width = (right - left) / ((columns + 3) * advance)
    by_height = (bottom - top) / (max(1, len(lines)) * LEADING)
    px = int(max(unit * SMALLEST, min(unit * LARGEST, by_width, by_height)))
    return px, max(1, int((bottom - top) // (px * LEADING)))


def code_frame(
    lines: tuple[str, ...],
    language: str,
    highlight: tuple[int, ...],
    size: Size,
    theme: Theme,
    title: str = "",
    captions: bool = False,
    revealed: int | None = None,
    typed: float = 1.0,
) -> Image.Image:
    """The code card: line numbers, highlighted lines (1-based in `highlight`) on a band, the
    block fitted to the picture zone (a window around the highlight, or ending at the last line
    revealed, when it is too long). With `revealed`, only that many first lines are drawn, in
    the place they keep once all are shown, the last of them only `typed` (0 to 1) written."""
    grid = Grid(size, captions)
    image = render_background(CardText(""), size, theme).convert("RGBA")
    left, top, right, bottom = grid.picture()
    pad = grid.gap
    px, fits = _type_size(lines, (left + pad, top + pad, right - pad, bottom - pad), grid.unit)
    shown = window(len(lines), fits, highlight)
    if revealed is not None and not highlight and len(lines) > fits:
        # Scrolls as it is revealed: the newest line at the bottom of the window.
        first = max(0, min(len(lines) - fits, revealed - fits))
        shown = range(first, first + fits)
    step = px * LEADING
    # The panel is as tall as what it shows, centred in the zone: a short block is not lost.
    height = len(shown) * step + 2 * pad
    top = top + max(0.0, (bottom - top - height) / 2)
    box = (left + pad, top + pad, right - pad, top + height - pad)
    drawn = shown if revealed is None else range(shown.start, min(shown.stop, revealed))
    bands = [index - shown.start for index in drawn if index + 1 in highlight]
    rows = (box[1], step, px, pad)
    panel = _panel(size, (left, top, right, top + height), bands, rows, theme)
    image = Image.alpha_composite(image, panel)
    cut = (drawn.stop - 1, typed) if revealed is not None and typed < 1.0 else None
    ink = _lines_layer(lines, language, drawn, (box, px, cut), size, theme)
    edge = _whole((left, top, right - pad, top + height))
    ink = ink.crop(edge)
    if _widest(lines, px) > edge[2] - box[0]:
        ink = _faded_right(ink, int(pad * 4))
    image.alpha_composite(ink, edge[:2])
    image = Image.alpha_composite(image, label_overlay(size, theme, title))
    return image.convert("RGB")


def _panel(size: Size, edges: tuple, bands: list[int], rows: tuple, theme: Theme) -> Image.Image:
    """The block's rounded panel, with an accent band behind each highlighted row."""
    left, top, right, bottom = edges
    first, step, px, radius = rows
    panel = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(panel)
    draw.rounded_rectangle(edges, radius=radius, fill=(*theme.title_color, 18))
    for row in bands:
        y = first + row * step - px * 0.15
        draw.rectangle((left + 1, y, right - 1, y + step), fill=(*theme.accent, 48))
    return panel


def _widest(lines: tuple[str, ...], px: int) -> float:
    """Pixels from the line numbers' left edge to the end of the longest line."""
    font = _font(px)
    gutter = font.getlength("0") * (len(str(len(lines))) + 1.5)
    return gutter + max((font.getlength(line.expandtabs(4)) for line in lines), default=0)


def _faded_right(ink: Image.Image, width: int) -> Image.Image:
    """Lines too long for the zone fade out before the panel's edge rather than stop mid-glyph."""
    width = max(1, min(width, ink.width))
    ramp = Image.linear_gradient("L").rotate(-90, expand=True).resize((width, ink.height))
    mask = Image.new("L", ink.size, 255)
    mask.paste(ramp, (ink.width - width, 0))
    alpha = Image.composite(ink.getchannel("A"), Image.new("L", ink.size, 0), mask)
    ink.putalpha(alpha)
    return ink


def _whole(box: tuple) -> tuple[int, int, int, int]:
    left, top, right, bottom = box
    return int(left), int(top), int(right), int(bottom)


def _typed_part(runs: list, typed: float) -> list:
    """The first `typed` share of a line's characters, as its coloured runs."""
    left = round(sum(len(text) for _, text in runs) * typed)
    out = []
    for kind, text in runs:
        if left <= 0:
            break
        out.append((kind, text[:left]))
        left -= len(text)
    return out


def _lines_layer(lines, language, shown, place, size: Size, theme: Theme):
    """Line numbers and coloured code on a transparent layer."""
    box, px, cut = place
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font, step = _font(px), px * LEADING
    digits = len(str(len(lines)))
    gutter = font.getlength("0") * (digits + 1.5)
    colours, rows = palette(theme), highlighted(lines, language)
    for index in shown:
        y = box[1] + (index - shown.start) * step
        draw.text((box[0], y), str(index + 1).rjust(digits), font=font, fill=theme.muted_color)
        x = box[0] + gutter
        runs = rows[index] if index < len(rows) else []
        if cut is not None and index == cut[0]:
            runs = _typed_part(runs, cut[1])
        for kind, text in runs:
            draw.text((x, y), text, font=font, fill=_colour(kind, colours, theme.title_color))
            x += font.getlength(text)
    return layer
