"""Cards for list and quote beats, in the look of the title cards: a list that builds up item
by item, and a quotation with its attribution."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from scriptreel.media.beat_text import cut, fit_lines
from scriptreel.media.card import CardText, render_background, right_to_left, wrap
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.framing import portrait
from scriptreel.media.grid import Grid
from scriptreel.media.textfit import balance
from scriptreel.media.themes import DEFAULT_THEME, Theme

Size = tuple[int, int]
LEADING = 1.22
"""Line height of list items and quotes, as a share of the font size."""


def _area(size: Size, theme: Theme, room_for_captions: bool) -> tuple[float, float, float, float]:
    """The part of the grid a list or quote card may use: the label row (for its heading) and
    the stage below it, above the caption band when captions are burned."""
    grid = Grid(size, room_for_captions)
    left, _, right, bottom = grid.stage()
    return left, grid.safe()[1], right, bottom


def _heading(draw: ImageDraw.ImageDraw, title: str, size: Size, theme: Theme, area: tuple) -> float:
    """The card's title at the top with the accent bar beside it; returns where it ends."""
    left, top, right, bottom = area
    if not title.strip():
        return top
    unit = min(size)
    bar = max(4, int(unit * 0.012))
    fonts = chain(theme.title_font, theme.extra_fonts)
    sizes = (int(unit * (0.08 if portrait(size) else 0.07)), max(12, int(unit * 0.04)))
    px, lines = fit_lines(title, fonts, right - left - bar * 4, (bottom - top) * 0.3, sizes, 2)
    font = Styled(fonts, px)
    rtl = right_to_left(title)
    x, anchor = (right - bar * 4, "rt") if rtl else (left + bar * 4, "lt")
    y = top
    boxes = []
    for line in lines:
        boxes.append(font.bbox((x, y), line, anchor))
        font.draw(draw, (x, y), line, anchor, theme.title_color)
        y += px * 1.12
    bar_x = right - bar if rtl else left
    low = max(b[3] for b in boxes)
    draw.rectangle((bar_x, min(b[1] for b in boxes), bar_x + bar - 1, low), fill=theme.accent)
    return low + unit * 0.05


def _list_layout(
    items: list[str], fonts: tuple[Path, ...], width: float, height: float, unit: int
) -> tuple[int, list[list[str]]]:
    """The largest size at which every item, wrapped, fits the height; items cut to two lines
    (then one) when even the smallest size cannot hold them all."""
    # Few items get large type (they fill their zone), many smaller.
    largest = 0.13 if len(items) <= 2 else 0.115 if len(items) <= 3 else 0.1
    size, smallest = int(unit * largest), max(10, int(unit * 0.026))
    if height > width:  # a vertical frame's list: one column, larger type
        size = int(size * 1.15)
    while True:
        font = Styled(fonts, size)
        marker = font.getlength("00.  ")
        wrapped = [wrap(item, font, width - marker) or [""] for item in items]
        if _list_height(wrapped, size) <= height or size <= smallest:
            break
        size = max(smallest, int(size * 0.92))
    for most in (2, 1):
        if _list_height(wrapped, size) <= height:
            break
        wrapped = [
            lines
            if len(lines) <= most
            else [*lines[: most - 1], cut(" ".join(lines[most - 1 :]), font, width - marker)]
            for lines in wrapped
        ]
    # Even lines, no lone word on an item's last line (the line count stays, so does the fit).
    font = Styled(fonts, size)
    wrapped = [
        balance(item, font, width - marker, lines) if " ".join(lines) == item else lines
        for item, lines in zip(items, wrapped)
    ]
    if _list_height(wrapped, size) > height:
        # One line each is still too tall: smaller than the floor, down to what stays legible;
        # list_frame leaves out the items that still do not fit.
        size = max(7, int(height / (len(wrapped) * LEADING + (len(wrapped) - 1) * 0.45)))
    return size, wrapped


def _list_height(wrapped: list[list[str]], size: int) -> float:
    lines = sum(len(item) for item in wrapped)
    return lines * size * LEADING + (len(wrapped) - 1) * size * 0.45


def _columns(
    items: list[str], fonts: tuple[Path, ...], area: tuple, size: Size
) -> tuple[int, list[list[str]], list[tuple[float, float, int]]]:
    """The list's size, wrapped items and columns (left, right, first item) for its zone: two
    columns when many items on a wide frame would otherwise get small type."""
    left, top, right, bottom = area
    unit = min(size)
    px, wrapped = _list_layout(items, fonts, right - left, bottom - top, unit)
    if len(items) < 5 or portrait(size):
        return px, wrapped, [(left, right, 0)]
    gap = unit * 0.05
    middle = (left + right) / 2
    half = -(-len(items) // 2)
    first = _list_layout(items[:half], fonts, middle - gap / 2 - left, bottom - top, unit)
    second = _list_layout(items[half:], fonts, right - middle - gap / 2, bottom - top, unit)
    both = min(first[0], second[0])
    if both <= px * 1.15:
        return px, wrapped, [(left, right, 0)]
    while True:  # a little smaller, if that keeps each item on one line in its column
        font = Styled(fonts, both)
        width = middle - gap / 2 - left - font.getlength("00.  ")
        split_up = [wrap(item, font, width) or [""] for item in items]
        if all(len(lines) == 1 for lines in split_up) or both * 0.92 <= px * 1.15:
            break
        both = int(both * 0.92)
    # Two columns only for short items: one wrapped into a narrow column reads worse than
    # smaller type across the frame.
    tallest = max(_list_height(split_up[:half], both), _list_height(split_up[half:], both))
    if any(len(lines) > 1 for lines in split_up) or tallest > bottom - top:
        return px, wrapped, [(left, right, 0)]
    wrapped = split_up
    return both, wrapped, [(left, middle - gap / 2, 0), (middle + gap / 2, right, half)]


def list_frame(
    title: str,
    items: list[str] | tuple[str, ...],
    shown: int,
    current: int | None,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    numbered: bool = False,
    room_for_captions: bool = True,
) -> Image.Image:
    """A list card with items[:shown] visible, items[current] in the accent colour and the items
    already read dimmer. Every item is laid out from the start, so none moves as others appear."""
    image = render_background(CardText(title), size, theme).convert("RGB")
    draw = ImageDraw.Draw(image)
    area = _area(size, theme, room_for_captions)
    left, _, right, bottom = area
    top = _heading(draw, title, size, theme, area)
    items = [" ".join(item.split()) for item in items]
    if not items:
        return image
    fonts = chain(theme.text_font, theme.extra_fonts)
    px, wrapped, columns = _columns(items, fonts, (left, top, right, bottom), size)
    ends = [start for _, _, start in columns[1:]] + [len(items)]
    tallest = max(_list_height(wrapped[c[2] : end], px) for c, end in zip(columns, ends))
    # Few items: the block sits a little above the middle of its zone rather than under the
    # heading with the rest of the frame empty.
    top += max(0.0, (bottom - top - tallest) * 0.4)
    for (col_left, col_right, first), end in zip(columns, ends):
        y = top
        for index in range(first, min(end, max(0, shown))):
            lines = wrapped[index]
            if y + len(lines) * px * LEADING > bottom + 1:
                break
            place = (col_left, y, col_right)
            _draw_item(draw, items[index], lines, (index, current, numbered), place, px, theme)
            y += len(lines) * px * LEADING + px * 0.45
    return image


def _draw_item(draw, item: str, lines, state: tuple, place: tuple, px: int, theme) -> None:
    """One list item's lines from `place` (left, top, right), its marker beside the first;
    `state` is (its index, the index being read, whether the list is numbered)."""
    left, y, right = place
    index, current, numbered = state
    font = Styled(chain(theme.text_font, theme.extra_fonts), px)
    marker_w = font.getlength("00.  ")
    fill = theme.accent if index == current else theme.muted_color
    marker = f"{index + 1}." if numbered else "•"
    rtl = right_to_left(item)
    for number, line in enumerate(lines):
        # Text and marker share a baseline, so a bullet sits where the eye expects it.
        base = y + px
        text_x, marker_x = (right - marker_w, right) if rtl else (left + marker_w, left)
        font.draw(draw, (text_x, base), line, "rs" if rtl else "ls", fill)
        if number == 0:
            if not rtl:
                marker_x += marker_w * 0.6
            font.draw(
                draw, (marker_x, base), marker, "rs", theme.accent if index == current else fill
            )
        y += px * LEADING


def _ink(font: Styled, text: str) -> tuple[int, int, int, int]:
    """The box the text's pixels cover when drawn at (0, 0) from its top left: text boxes run
    from the ascender, far above a quotation mark's ink."""
    probe = Image.new("L", (int(font.getlength(text)) + font.size, font.size * 2))
    font.draw(ImageDraw.Draw(probe), (0, 0), text, "lt", 255)
    return probe.getbbox() or (0, 0, 0, 0)


def quote_frame(
    lines: list[str] | tuple[str, ...] | str,
    attribution: str,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    room_for_captions: bool = True,
) -> Image.Image:
    """A quote card: a large quotation mark, the quote wrapped and balanced, the attribution."""
    image = render_background(CardText(""), size, theme).convert("RGB")
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = _area(size, theme, room_for_captions)
    unit = min(size)
    text = " ".join((lines if isinstance(lines, str) else " ".join(lines)).split())
    attribution = " ".join(attribution.split()).lstrip("—–- ").strip()
    mark = Styled(chain(theme.title_font, theme.extra_fonts), int(unit * 0.3))
    mark_box = _ink(mark, "\u201c")
    mark_h = (mark_box[3] - mark_box[1]) + unit * 0.05
    small = max(10, int(unit * 0.04))
    credit_h = small * 2.2 if attribution else 0
    fonts = chain(theme.text_font, theme.extra_fonts)
    width = (right - left) * (0.92 if portrait(size) else 0.84)
    sizes = (int(unit * (0.1 if portrait(size) else 0.11)), max(11, int(unit * 0.032)))
    px, wrapped = fit_lines(text, fonts, width, bottom - top - mark_h - credit_h, sizes, 8, LEADING)
    block = mark_h + len(wrapped) * px * LEADING + credit_h
    y = top + max(0.0, (bottom - top - block) / 2)
    centre = size[0] / 2
    mark.draw(
        draw,
        (centre - (mark_box[2] + mark_box[0]) / 2, y - mark_box[1]),
        "\u201c",
        "lt",
        theme.accent,
    )
    y += mark_h
    font = Styled(fonts, px)
    for line in wrapped:
        font.draw(draw, (centre, y), line, "mt", theme.title_color)
        y += px * LEADING
    if attribution:
        credit = Styled(fonts, small)
        said = cut("\u2014 " + attribution, credit, width)
        credit.draw(draw, (centre, y + small * 0.9), said, "mt", theme.accent)
    return image


__all__ = ["list_frame", "quote_frame"]
