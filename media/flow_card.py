"""The flow card: a few steps as boxes joined by arrows, across a wide frame, down a tall one."""

from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.grid import Grid
from scriptreel.media.themes import Theme

Size = tuple[int, int]
Box = tuple[float, float, float, float]
LARGEST = 0.06
"""Largest type size as a share of the frame's shorter side."""
SMALLEST = 0.028
"""Smallest type size: below it a step's words wrap onto more lines instead."""


def flow_frame(
    steps: tuple[str, ...],
    shown: int,
    size: Size,
    theme: Theme,
    title: str = "",
    captions: bool = False,
    entering: float = 1.0,
) -> Image.Image:
    """The first `shown` steps as boxes, each after the first led into by an arrow, the boxes
    in the places they keep once all are shown; the last shown box and its arrow `entering`
    (0 to 1) of the way in (the arrow drawn out, the box faded up)."""
    grid = Grid(size, captions)
    image = render_background(CardText(""), size, theme).convert("RGBA")
    boxes, across = layout(len(steps), grid)
    px = _type_size(steps, boxes, theme, grid.unit)
    font = ImageFont.truetype(str(theme.title_font), px)
    for index in range(min(shown, len(steps))):
        share = entering if index == shown - 1 else 1.0
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        if index:
            _arrow(draw, boxes[index - 1], boxes[index], across, share, theme, grid.unit)
        _box(draw, boxes[index], steps[index], font, px, theme, share)
        image = Image.alpha_composite(image, layer)
    image = Image.alpha_composite(image, label_overlay(size, theme, title))
    return image.convert("RGB")


def layout(count: int, grid: Grid) -> tuple[list[Box], bool]:
    """Each step's box, spread evenly across the picture zone (down it unless it is clearly
    wider than tall, as in a tall frame), with room for an arrow between neighbours."""
    left, top, right, bottom = grid.picture()
    across = (right - left) >= (bottom - top) * 1.2
    length = (right - left) if across else (bottom - top)
    arrow = grid.unit * 0.07
    room = (length - arrow * (count - 1)) / count
    boxes = []
    for index in range(count):
        start = (left if across else top) + index * (room + arrow)
        if across:
            depth = min(bottom - top, room * 0.75)
            middle = (top + bottom) / 2
            boxes.append((start, middle - depth / 2, start + room, middle + depth / 2))
        else:
            width = min(right - left, room * 3.2)
            centre = (left + right) / 2
            boxes.append((centre - width / 2, start, centre + width / 2, start + room))
    return boxes, across


def _lines(text: str, font, width: float) -> list[str]:
    """The step's words wrapped to the box's width."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _type_size(steps: tuple[str, ...], boxes: list[Box], theme: Theme, unit: int) -> int:
    """One type size for every box: the largest at which each step fits its box."""
    left, top, right, bottom = boxes[0]
    width, height = (right - left) * 0.84, (bottom - top) * 0.8
    px = int(unit * LARGEST)
    while px > unit * SMALLEST:
        font = ImageFont.truetype(str(theme.title_font), px)
        wrapped = [_lines(step, font, width) for step in steps]
        widest = max(font.getlength(line) for lines in wrapped for line in lines)
        tallest = max(len(lines) for lines in wrapped) * px * 1.25
        if widest <= width and tallest <= height:
            break
        px -= 1
    return max(px, int(unit * SMALLEST))


def _box(draw, box: Box, text: str, font, px: int, theme: Theme, share: float) -> None:
    alpha = round(255 * share)
    radius = max(4, int(min(box[2] - box[0], box[3] - box[1]) * 0.12))
    draw.rounded_rectangle(box, radius=radius, fill=(*theme.title_color, round(24 * share)))
    draw.rounded_rectangle(
        box, radius=radius, outline=(*theme.accent, alpha), width=max(2, px // 8)
    )
    lines = _lines(text, font, (box[2] - box[0]) * 0.84)
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    fill = (*theme.title_color, alpha)
    shown = "\n".join(lines)
    draw.multiline_text(centre, shown, font=font, fill=fill, anchor="mm", align="center")


def _arrow(draw, before: Box, after: Box, across: bool, share: float, theme: Theme, unit) -> None:
    """An arrow from one box's edge toward the next one's, drawn `share` of its length."""
    if across:
        y = (before[1] + before[3]) / 2
        start, end = (before[2] + unit * 0.01, y), (after[0] - unit * 0.01, y)
    else:
        x = (before[0] + before[2]) / 2
        start, end = (x, before[3] + unit * 0.01), (x, after[1] - unit * 0.01)
    tip = (start[0] + (end[0] - start[0]) * share, start[1] + (end[1] - start[1]) * share)
    colour = (*theme.muted_color, 255)
    draw.line((start, tip), fill=colour, width=max(2, unit // 180))
    head = unit * 0.018
    if across:
        points = [tip, (tip[0] - head, tip[1] - head * 0.7), (tip[0] - head, tip[1] + head * 0.7)]
    else:
        points = [tip, (tip[0] - head * 0.7, tip[1] - head), (tip[0] + head * 0.7, tip[1] - head)]
    draw.polygon(points, fill=colour)
