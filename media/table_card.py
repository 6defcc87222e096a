"""The table card: a Markdown table drawn in the theme's look, its rows shown one by one."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.grid import Grid
from scriptreel.media.themes import Theme
from scriptreel.script.table_beats import number

LEADING = 1.7
"""Row height as a share of the type size."""
LARGEST = 0.075
"""Largest type size as a share of the frame's shorter side: a small table is not shouted."""
SMALLEST = 0.028
"""Smallest type size: a wider table is cut at the zone's edge rather than made unreadable."""

Size = tuple[int, int]
Rows = tuple[tuple[str, ...], ...]


def _font(theme: Theme, px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(theme.title_font if bold else theme.text_font), px)


def _widths(rows: Rows, theme: Theme, px: int) -> list[float]:
    """Each column's width at `px`: its widest cell (the header in bold)."""
    body, head = _font(theme, px), _font(theme, px, True)
    return [
        max((head if index == 0 else body).getlength(row[column]) for index, row in enumerate(rows))
        for column in range(len(rows[0]))
    ]


def _type_size(rows: Rows, box: tuple, theme: Theme, unit: int) -> int:
    """The largest type size (within the readable range) at which the table fits the box."""
    left, top, right, bottom = box
    widths = _widths(rows, theme, 100)
    spaces = len(widths) * 1.6  # a cell's padding, in type sizes
    by_width = (right - left) / (sum(widths) / 100 + spaces)
    by_height = (bottom - top) / (len(rows) * LEADING)
    return int(max(unit * SMALLEST, min(unit * LARGEST, by_width, by_height)))


def _right_aligned(rows: Rows) -> list[bool]:
    """Columns of numbers are aligned right, as numbers are read."""
    return [
        len(rows) > 1 and all(number(row[column]) is not None for row in rows[1:] if row[column])
        for column in range(len(rows[0]))
    ]


def table_frame(
    rows: Rows, shown: int, size: Size, theme: Theme, title: str = "", captions: bool = False
) -> Image.Image:
    """The table card with its header and first `shown` rows (the rest keep their place), fitted
    to the picture zone and centred in it."""
    grid = Grid(size, captions)
    image = render_background(CardText(""), size, theme).convert("RGBA")
    left, top, right, bottom = grid.picture()
    pad = grid.gap
    px = _type_size(rows, (left + pad, top + pad, right - pad, bottom - pad), theme, grid.unit)
    widths = _widths(rows, theme, px)
    step, space = px * LEADING, px * 1.6
    width = min(right - left, sum(widths) + space * len(widths))
    height = len(rows) * step + pad
    x0 = left + (right - left - width) / 2
    y0 = top + max(0.0, (bottom - top - height) / 2)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(
        (x0, y0, x0 + width, y0 + height), radius=pad, fill=(*theme.title_color, 18)
    )
    y_rule = y0 + pad / 2 + step
    draw.line((x0 + pad, y_rule, x0 + width - pad, y_rule), fill=(*theme.accent, 255), width=2)
    _cells_drawn(draw, rows, shown, (x0, y0 + pad / 2, step, space, px), widths, theme)
    image = Image.alpha_composite(image, layer)
    image = Image.alpha_composite(image, label_overlay(size, theme, title))
    return image.convert("RGB")


def _cells_drawn(draw, rows: Rows, shown: int, place: tuple, widths, theme: Theme) -> None:
    """The header in the accent colour, then the rows shown, every other one on a faint band."""
    x0, y0, step, space, px = place
    right = _right_aligned(rows)
    total = sum(widths) + space * len(widths)
    for index, row in enumerate(rows[: shown + 1]):
        y = y0 + index * step
        if index and index % 2 == 0:
            draw.rectangle((x0, y, x0 + total, y + step), fill=(*theme.title_color, 14))
        font = _font(theme, px, bold=index == 0)
        colour = theme.accent if index == 0 else theme.title_color
        x = x0 + space / 2
        for column, text in enumerate(row):
            shift = widths[column] - font.getlength(text) if right[column] else 0
            draw.text((x + shift, y + (step - px) / 2), text, font=font, fill=(*colour, 255))
            x += widths[column] + space
