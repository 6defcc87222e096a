"""A segment card's title keeps a clear gap before the big faint segment number."""

from __future__ import annotations

import numpy as np

from scriptreel.media.card import CardText, render_overlay
from scriptreel.media.layout import layout_card


def test_a_long_title_does_not_run_into_the_segment_number():
    size = (640, 360)
    card = CardText("The starter is alive", 1, 4, "Tides")
    alpha = np.asarray(render_overlay(card, size))[:, :, 3].astype(int)
    boxes = layout_card(card, size).boxes("title")
    rows = alpha[min(b[1] for b in boxes) : max(b[3] for b in boxes)]
    # The title is drawn opaque, the number faint: the first faint column past the title's last
    # opaque one is where the number begins.
    title_end = np.nonzero((rows > 200).any(axis=0))[0].max()
    faint = np.nonzero(((rows > 0) & (rows <= 80)).any(axis=0))[0]
    number_start = faint[faint > title_end + 3].min()
    assert number_start - title_end >= 0.05 * size[0]
