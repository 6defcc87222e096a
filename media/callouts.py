"""Call-outs: a phrase shown large where it covers nothing else, in the stage of a card, the
quiet part of a picture, or beside a picture whose subject leaves no room (a split layout)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from scriptreel.media.beat_text import drawable, fit_lines
from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.framing import fit_name, fitted, open_picture
from scriptreel.media.grid import Box, Grid, Shape, split
from scriptreel.media.subject import picture_subject
from scriptreel.media.themes import DEFAULT_THEME, Theme

Size = tuple[int, int]
SMALLEST = 0.06
"""Smallest call-out type, as a share of the shorter side, before it moves beside the picture
instead of into the picture's quiet part."""
SPLIT = 0.58
"""Split layout: the picture's share of the picture zone; the call-out has the rest."""


def _sizes(grid: Grid) -> tuple[int, int]:
    largest = 0.13 if grid.shape is Shape.PORTRAIT else 0.11
    return int(grid.unit * largest), max(12, int(grid.unit * 0.045))


def _fit(phrase: str, fonts, region: Box, grid: Grid) -> tuple[int, list[str], bool]:
    """The call-out's type size and lines in the region (inside its panel), and whether the
    whole phrase fits."""
    pad = grid.unit * 0.04
    width = (region[2] - region[0]) - pad * 2
    height = (region[3] - region[1]) - pad * 2
    if width < grid.unit * 0.1 or height < grid.unit * 0.05:
        return 0, [], False
    px, lines = fit_lines(phrase, fonts, width, height, _sizes(grid), max_lines=3)
    whole = " ".join(lines) == phrase and len(lines) * px * 1.15 <= height + 1
    return px, lines, whole


def quiet_zone(phrase: str, size: Size, subject: Box | None, captions: bool = True) -> Box | None:
    """The part of the stage beside the subject (above, below, left or right of it) where the
    phrase is largest; None when it cannot be shown there at a readable size."""
    grid = Grid(size, captions)
    stage = grid.stage()
    if subject is None:
        return stage
    fonts = chain(DEFAULT_THEME.title_font)
    left, top, right, bottom = stage
    g = grid.gap
    regions = [
        (left, top, right, subject[1] - g),
        (left, subject[3] + g, right, bottom),
        (left, top, subject[0] - g, bottom),
        (subject[2] + g, top, right, bottom),
    ]
    best: tuple[int, Box] | None = None
    for region in regions:
        px, _, whole = _fit(phrase, fonts, region, grid)
        if whole and px >= grid.unit * SMALLEST and (best is None or px > best[0]):
            best = (px, region)
    return best[1] if best else None


def callout_overlay(
    phrase: str,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    label: str = "",
    zone: Box | None = None,
    captions: bool = True,
) -> Image.Image:
    """The phrase large on a transparent layer, centred in `zone` (default: the grid's stage,
    below the label row and above the caption band). `label` is accepted for callers that
    pass the frame's label: the stage is always clear of it."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    fonts = chain(theme.title_font, theme.extra_fonts)
    phrase = drawable(phrase, fonts)
    if not phrase:
        return layer
    grid = Grid(size, captions)
    region = zone or grid.stage()
    px, lines, _ = _fit(phrase, fonts, region, grid)
    if not lines:
        px, lines = _sizes(grid)[1], [phrase]
    font = Styled(fonts, px)
    pad = grid.unit * 0.04
    line_h = px * 1.15
    block_w = min(max(font.getlength(line) for line in lines), region[2] - region[0] - pad * 2)
    block_h = line_h * len(lines)
    centre_x, centre_y = (region[0] + region[2]) / 2, (region[1] + region[3]) / 2
    box = (
        centre_x - block_w / 2 - pad,
        centre_y - block_h / 2 - pad,
        centre_x + block_w / 2 + pad,
        centre_y + block_h / 2 + pad,
    )
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(box, radius=round(pad * 0.6), fill=(*theme.background_top, 240))
    bar = max(3, round(grid.unit * 0.008))
    draw.rectangle((box[0] + pad, box[3] - bar * 2, box[2] - pad, box[3] - bar - 1), theme.accent)
    y = centre_y - block_h / 2 + line_h / 2 - bar
    for line in lines:
        font.draw(draw, (centre_x, y), line, "mm", theme.title_color)
        y += line_h
    return layer


def draw_callout(
    image: Image.Image,
    phrase: str,
    theme: Theme = DEFAULT_THEME,
    label: str = "",
    zone: Box | None = None,
    captions: bool = True,
) -> Image.Image:
    """A copy of the frame with the call-out drawn over it (RGB)."""
    layer = callout_overlay(phrase, image.size, theme, label, zone, captions)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def callout_card(
    card: CardText, phrase: str, size: Size, theme: Theme = DEFAULT_THEME, captions: bool = True
) -> Image.Image:
    """The call-out replacing what is under it (a card's title, a list, a quote): the
    background with the segment's title as a small label, and the phrase in the stage."""
    background = render_background(card, size, theme).convert("RGBA")
    image = Image.alpha_composite(background, label_overlay(size, theme, card.title))
    return draw_callout(image.convert("RGB"), phrase, theme, captions=captions)


def _placed(source: tuple[int, int], zone: Box) -> Box:
    """Where a picture of size `source` shown whole sits in `zone`."""
    left, top = round(zone[0]), round(zone[1])
    room = (round(zone[2]) - left, round(zone[3]) - top)
    width, height, x, y = fitted(source, room, "contain")
    return left + x, top + y, left + x + width, top + y + height


def _cover_around(picture: Image.Image, room: Size, subject: Box, size: Size):
    """The picture filling `room`, cut around its subject (`subject` is where it is when the
    picture covers a frame of `size`), or None when the whole subject would not fit."""
    source_w, source_h = picture.size
    frame_scale = max(size[0] / source_w, size[1] / source_h)

    def source(x: float, y: float) -> tuple[float, float]:
        return (x - size[0] / 2) / frame_scale + source_w / 2, (
            y - size[1] / 2
        ) / frame_scale + source_h / 2

    (left, top), (right, bottom) = source(subject[0], subject[1]), source(subject[2], subject[3])
    part_scale = max(room[0] / source_w, room[1] / source_h)
    if right - left > room[0] / part_scale or bottom - top > room[1] / part_scale:
        return None
    centre = ((left + right) / 2 / source_w, (top + bottom) / 2 / source_h)
    centre = tuple(min(1.0, max(0.0, c)) for c in centre)
    return ImageOps.fit(picture, room, Image.LANCZOS, centering=centre)


def picture_callout_frame(
    path: Path,
    phrase: str,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    fit="cover",
    label: str = "",
    credit: str = "",
    where: str | None = None,
    captions: bool = True,
) -> Image.Image:
    """A picture with a call-out that never covers its subject: in the picture's quiet part
    when there is room at a readable size (beside a picture shown whole, never on it), else the
    picture moves aside (shown whole in part of its zone) and the call-out takes the rest."""
    from scriptreel.media.beats import picture_frame

    grid = Grid(size, captions)
    if fit_name(fit) == "contain":
        # A picture shown whole is never covered: the call-out goes beside it or it moves aside.
        subject = _placed(open_picture(path, size, where).size, grid.picture())
    else:
        subject = picture_subject(path, size, "cover", None)
    zone = quiet_zone(phrase, size, subject, captions)
    if zone is not None:
        frame = picture_frame(path, size, theme, fit, label, credit, where=where, captions=captions)
        return draw_callout(frame, phrase, theme, zone=zone, captions=captions)
    across = grid.shape is Shape.LANDSCAPE
    picture_part, text_part = split(grid.picture(), SPLIT, across)
    if across:
        text_part = (text_part[0] + grid.gap, grid.stage()[1], grid.stage()[2], text_part[3])
    picture = open_picture(path, size, where)
    frame = render_background(CardText(""), size, theme).convert("RGB")
    left, top = round(picture_part[0]), round(picture_part[1])
    room = (round(picture_part[2]) - left, round(picture_part[3]) - top)
    # A picture that filled the frame fills its part, cut around its subject, where the whole
    # subject stays in: not a small letterboxed strip above the call-out on a tall frame.
    scaled = _cover_around(picture, room, subject, size) if fit_name(fit) == "cover" else None
    if scaled is not None:
        x = y = 0
    else:
        width, height, x, y = fitted(picture.size, room, "contain")
        scaled = picture.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
    frame.paste(scaled, (left + x, top + y), scaled if scaled.mode == "RGBA" else None)
    frame = frame.convert("RGBA")
    frame = Image.alpha_composite(frame, label_overlay(size, theme, label, credit))
    return draw_callout(frame.convert("RGB"), phrase, theme, zone=text_part, captions=captions)


__all__ = [
    "callout_card",
    "callout_overlay",
    "draw_callout",
    "picture_callout_frame",
    "quiet_zone",
]
