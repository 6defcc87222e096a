"""The chart card: a table's numbers as bars, a line or a pie, grown in a few steps."""

from __future__ import annotations

import colorsys

from PIL import Image, ImageDraw, ImageFont

from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.chart_labels import Wanted, place_labels
from scriptreel.media.grid import Grid
from scriptreel.media.themes import Theme

Size = tuple[int, int]
Rows = tuple[tuple[str, ...], ...]
Values = tuple[tuple[float, ...], ...]
RGB = tuple[int, int, int]


def series_colours(theme: Theme, count: int) -> list[RGB]:
    """The accent first, then hues turned from it around the colour wheel: theme-born, distinct."""
    hue, light, saturation = colorsys.rgb_to_hls(*(c / 255 for c in theme.accent))
    out = []
    for index in range(count):
        turned = colorsys.hls_to_rgb((hue + index * 0.38) % 1.0, light, saturation)
        out.append(tuple(round(c * 255) for c in turned))
    return out


def _font(theme: Theme, px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(theme.title_font if bold else theme.text_font), max(6, px))


def chart_frame(
    chart: str,
    rows: Rows,
    values: Values,
    grown: float,
    size: Size,
    theme: Theme,
    title: str = "",
    captions: bool = False,
) -> Image.Image:
    """The chart at `grown` (0 to 1) of its full height or sweep, in the picture zone, with the
    table's labels under it and its cells as written over it once grown."""
    grid = Grid(size, captions)
    image = render_background(CardText(""), size, theme).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    left, top, right, bottom = grid.picture()
    px = max(9, int(grid.unit * 0.04))
    box = (left + grid.gap, top + grid.gap, right - grid.gap, bottom - grid.gap)
    series = rows[0][1:] if chart != "pie" else rows[0][1:2]
    colours = series_colours(theme, len(series))
    if len(series) > 1:
        box = _legend(draw, box, series, colours, theme, px)
    draw_one = {"bar": _bars, "line": _line, "pie": _pie}[chart]
    draw_one(draw, box, rows, values, grown, (colours, theme, px))
    image = Image.alpha_composite(image, layer)
    image = Image.alpha_composite(image, label_overlay(size, theme, title))
    return image.convert("RGB")


def _legend(draw, box, series, colours, theme: Theme, px: int) -> tuple:
    """Each number column's name beside its colour, in a row along the top."""
    left, top, right, bottom = box
    font, x = _font(theme, px), left
    for name, colour in zip(series, colours):
        draw.rectangle((x, top + px * 0.2, x + px * 0.8, top + px), fill=(*colour, 255))
        draw.text((x + px * 1.1, top), name, font=font, fill=(*theme.title_color, 255))
        x += px * 2.2 + font.getlength(name)
    return left, top + px * 1.8, right, bottom


def _scale(values: Values, top: float, bottom: float):
    """Value -> y, from the lowest of 0 and the values to the highest, with the axis at 0."""
    flat = [v for row in values for v in row]
    low, high = min(0.0, *flat), max(0.0, *flat)
    span = (high - low) or 1.0
    return lambda value: bottom - (value - low) / span * (bottom - top), low


def _plot(box, rows: Rows, values: Values, theme: Theme, px: int):
    """What bars and lines share: their fonts, the plot's bottom (above its row labels, two
    lines high when one needs two), value -> y, the zero line's y and each row's slot width."""
    left, top, right, bottom = box
    label_font, value_font = _font(theme, px), _font(theme, int(px * 0.85), True)
    slot = (right - left) / len(values)
    wraps = any(len(_label_lines(row[0], label_font, slot)) > 1 for row in rows[1:])
    plot_bottom, plot_top = bottom - px * (2.8 if wraps else 1.6), top + px * 1.4
    y_of, _ = _scale(values, plot_top, plot_bottom)
    return label_font, value_font, plot_bottom, y_of, y_of(0.0), slot


def _bars(draw, box, rows: Rows, values: Values, grown: float, look) -> None:
    """Groups of bars, one group a row, one bar a number column, from the zero line."""
    colours, theme, px = look
    left, _, right, _ = box
    label_font, value_font, plot_bottom, y_of, zero, slot = _plot(box, rows, values, theme, px)
    width = slot * 0.7 / len(values[0])
    for index, (row, numbers) in enumerate(zip(rows[1:], values)):
        x = left + slot * index + slot * 0.15
        for column, value in enumerate(numbers):
            y = zero + (y_of(value) - zero) * grown
            edge = (x, min(y, zero), x + width, max(y, zero))
            draw.rectangle(edge, fill=(*colours[column], 255))
            if grown >= 1.0:
                text = row[1 + column]
                at = (x + width / 2, y - px * 0.15 if value >= 0 else y + px * 0.15)
                anchor = "md" if value >= 0 else "ma"
                draw.text(at, text, font=value_font, fill=(*theme.title_color, 255), anchor=anchor)
            x += width
        centre = left + slot * (index + 0.5)
        _label(draw, (centre, plot_bottom + px * 0.4), row[0], label_font, slot, theme)
    draw.line((left, zero, right, zero), fill=(*theme.muted_color, 255), width=2)


def _label(draw, at, text: str, font, room: float, theme: Theme) -> None:
    """A row's label under its place: on two lines when wider than its room, cut short with an
    ellipsis only when even that does not fit."""
    shown = "\n".join(_label_lines(text, font, room))
    fill = (*theme.muted_color, 255)
    draw.multiline_text(at, shown, font=font, fill=fill, anchor="ma", align="center", spacing=2)


def _label_lines(text: str, font, room: float) -> list[str]:
    """The label as the lines it is written on (at most two)."""
    fits = room * 0.95
    if font.getlength(text) <= fits:
        return [text]
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    splits = [pair for pair in splits if max(font.getlength(part) for part in pair) <= fits]
    if splits:
        return list(min(splits, key=lambda pair: abs(len(pair[0]) - len(pair[1]))))
    while len(text) > 1 and font.getlength(text) > fits:
        text = text[:-2] + "…"
    return [text]


def _line(draw, box, rows: Rows, values: Values, grown: float, look) -> None:
    """One line a number column, its points rising from the zero line as it grows; once grown,
    each point's value beside it where it overlaps no other label or point."""
    colours, theme, px = look
    left, top, right, _ = box
    label_font, value_font, plot_bottom, y_of, zero, slot = _plot(box, rows, values, theme, px)
    draw.line((left, zero, right, zero), fill=(*theme.muted_color, 255), width=2)
    dot = max(3, px * 0.3)
    wanted, lines = [], [((left, zero), (right, zero))]
    for column, colour in enumerate(colours):
        points = [
            (left + slot * (index + 0.5), zero + (y_of(numbers[column]) - zero) * grown)
            for index, numbers in enumerate(values)
        ]
        draw.line(points, fill=(*colour, 255), width=max(2, int(px * 0.18)), joint="curve")
        lines += list(zip(points, points[1:]))
        for (x, y), row, numbers in zip(points, rows[1:], values):
            draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=(*colour, 255))
            text = row[1 + column]
            edges = draw.textbbox((0, 0), text, font=value_font, anchor="lt")
            # With two lines or more, a value is written in its line's colour.
            ink = colour if len(colours) > 1 else theme.title_color
            wanted.append((Wanted((x, y), edges[2:], _under(numbers, column)), text, ink))
    if grown >= 1.0:
        bounds = (left, top, right, plot_bottom)
        placed = place_labels([w for w, _, _ in wanted], bounds, dot, lines)
        for (_, text, ink), at in zip(wanted, placed):
            if at is not None:
                draw.text(at[:2], text, font=value_font, fill=(*ink, 255), anchor="lt")
    for index, row in enumerate(rows[1:]):
        at = (left + slot * (index + 0.5), plot_bottom + px * 0.4)
        _label(draw, at, row[0], label_font, slot, theme)


def _under(numbers: tuple[float, ...], column: int) -> bool:
    """Whether a point's value is best written under it: another line's point above it."""
    return numbers.index(max(numbers)) != column


def _pie(draw, box, rows: Rows, values: Values, grown: float, look) -> None:
    """Slices of the first number column sweeping round from twelve o'clock, a key beside them
    (below in a portrait frame)."""
    _, theme, px = look
    left, top, right, bottom = box
    colours = series_colours(theme, len(values))
    # The key goes beside the pie when there is room for both across, else below it.
    portrait = (right - left) < (bottom - top) * 1.6
    side = min(right - left, (bottom - top) - (px * 1.5 * len(values) + px if portrait else 0))
    font = _font(theme, px)
    if not portrait:  # the pie and its key centred across the zone together
        widest = max(font.getlength(f"{row[0]}  {row[1]}") for row in rows[1:])
        left += max(0.0, (right - left - side - px * 2.4 - widest) / 2)
    key = (left, top + side + px, right, bottom) if portrait else (left + side + px, top)
    if portrait:
        left += (right - left - side) / 2
    total = sum(numbers[0] for numbers in values) or 1.0
    start = -90.0
    for numbers, colour in zip(values, colours):
        sweep = numbers[0] / total * 360 * grown
        if sweep > 0:
            draw.pieslice(
                (left, top, left + side, top + side), start, start + sweep, (*colour, 255)
            )
        start += sweep
    step = px * 1.5
    room = (right - key[0]) - px * 1.4
    y = key[1] if portrait else top + max(0.0, (side - step * len(values)) / 2)
    for row, colour in zip(rows[1:], colours):
        draw.rectangle((key[0], y + px * 0.2, key[0] + px * 0.8, y + px), fill=(*colour, 255))
        text = f"{row[0]}  {row[1]}"
        while len(text) > 1 and font.getlength(text) > room:
            text = text[:-2] + "…"
        draw.text((key[0] + px * 1.2, y), text, font=font, fill=(*theme.title_color, 255))
        y += step
