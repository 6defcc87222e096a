"""A call-out over a data card moves the data aside: the data stays whole and uncovered."""

from __future__ import annotations

import pytest
from PIL import ImageDraw

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
