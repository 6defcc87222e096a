"""A call-out beside what it would cover: a data card moves aside and stays whole; a picture
whose subject leaves no quiet part moves aside, its subject whole."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scriptreel.media.card import CardText, render_background
from scriptreel.media.data_callouts import data_callout_frame
from scriptreel.media.themes import DEFAULT_THEME

BAR = (250, 30, 200)


@pytest.mark.parametrize("size", [(320, 180), (180, 320), (240, 240)])
def test_the_data_stays_whole_beside_the_call_out(size):
    still = render_background(CardText(""), size, DEFAULT_THEME).convert("RGB")
    width, height = size
    box = (width * 0.2, height * 0.3, width * 0.8, height * 0.7)  # a bar across the stage
    ImageDraw.Draw(still).rectangle(box, fill=BAR)
    frame = data_callout_frame(still, "two bulges for every body", size, captions=False)
    pixels = [frame.getpixel((x, y)) for x in range(width) for y in range(height)]
    bar = [
        (x, y)
        for (x, y), p in zip(((x, y) for x in range(width) for y in range(height)), pixels)
        if sum(abs(a - b) for a, b in zip(p, BAR)) < 40
    ]
    assert bar, "the bar is gone while the call-out shows"
    left, top = min(x for x, _ in bar), min(y for _, y in bar)
    right, bottom = max(x for x, _ in bar), max(y for _, y in bar)
    # Shown whole: its shape is kept (a 3:2 wide bar on this stage), not cut by the call-out.
    ratio = (right - left + 1) / (bottom - top + 1)
    assert abs(ratio - (box[2] - box[0]) / (box[3] - box[1])) < 0.25
    # The call-out's light type sits beside it, never on it.
    light = [
        (x, y)
        for (x, y), p in zip(((x, y) for x in range(width) for y in range(height)), pixels)
        if min(p) > 225
    ]
    assert light
    assert not [(x, y) for x, y in light if left <= x <= right and top <= y <= bottom]


def test_a_picture_whose_subject_leaves_no_room_moves_aside_whole(tmp_path):
    from scriptreel.media.callouts import picture_callout_frame

    picture = Image.new("RGB", (640, 360), (40, 90, 200))
    ImageDraw.Draw(picture).ellipse((200, 60, 440, 300), fill=(230, 40, 30))
    path = tmp_path / "disc.png"
    picture.save(path)
    size = (180, 320)
    frame = np.asarray(picture_callout_frame(path, "the sea is left behind", size, fit="cover"))
    red = np.abs(frame.astype(int) - (230, 40, 30)).sum(axis=2) < 40
    light = frame.min(axis=2) > 225  # the call-out's type
    rows, columns = np.nonzero(red)
    # Whole (as tall as wide: a disc, not cut), and the call-out in a part of its own.
    assert abs((np.ptp(rows) + 1) / (np.ptp(columns) + 1) - 1) < 0.15
    type_rows = np.nonzero(light.any(axis=1))[0]
    assert type_rows.size and type_rows.min() > rows.max()
