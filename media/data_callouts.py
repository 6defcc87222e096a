"""A call-out while a data card shows (a chart, a table, code, a formula): the card's content
moves into one zone and the call-out takes its own, so neither covers the other and the data
does not blink away and back for the call-out's few seconds."""

from __future__ import annotations

from PIL import Image, ImageChops

from scriptreel.media.beats import label_overlay
from scriptreel.media.callouts import draw_callout
from scriptreel.media.card import CardText, render_background
from scriptreel.media.framing import fitted
from scriptreel.media.grid import Grid, Shape, split
from scriptreel.media.themes import DEFAULT_THEME, Theme

Size = tuple[int, int]
DATA_SHARE = 0.6
"""The data's share of the picture zone beside a call-out; the call-out has the rest."""


def data_callout_frame(
    still: Image.Image,
    phrase: str,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    label: str = "",
    captions: bool = True,
) -> Image.Image:
    """The data card's content (what its `still` draws on the plain background, found by
    difference) shown whole in part of the frame: the left on a wide frame, the top on a tall
    or square one; the call-out in the rest."""
    grid = Grid(size, captions)
    background = render_background(CardText(""), size, theme).convert("RGB")
    stage = tuple(round(v) for v in grid.stage())
    content = ImageChops.difference(still.convert("RGB").crop(stage), background.crop(stage))
    box = content.point(lambda v: 255 if v > 12 else 0).getbbox()
    across = grid.shape is Shape.LANDSCAPE
    data_part, text_part = split(grid.picture(), DATA_SHARE, across)
    frame = background.copy()
    if box is not None:
        left, top = stage[0] + box[0], stage[1] + box[1]
        data = still.convert("RGB").crop((left, top, stage[0] + box[2], stage[1] + box[3]))
        room_left, room_top = round(data_part[0]), round(data_part[1])
        room = (round(data_part[2]) - room_left, round(data_part[3]) - room_top)
        width, height, x, y = fitted(data.size, room, "contain")
        if (width, height) != data.size:
            data = data.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
        frame.paste(data, (room_left + x, room_top + y))
    frame = Image.alpha_composite(frame.convert("RGBA"), label_overlay(size, theme, label))
    if across:
        text_part = (text_part[0] + grid.gap, *text_part[1:])
    else:
        text_part = (text_part[0], text_part[1] + grid.gap, *text_part[2:])
    return draw_callout(frame.convert("RGB"), phrase, theme, zone=text_part, captions=captions)
