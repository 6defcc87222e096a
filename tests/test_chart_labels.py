"""A line chart's value labels: placed beside their points, never over each other or a point."""

from __future__ import annotations

import random
import shutil

import pytest

from scriptreel.media.chart_card import chart_frame
from scriptreel.media.chart_labels import Wanted, place_labels
from scriptreel.media.themes import DEFAULT_THEME

BOUNDS = (0.0, 0.0, 640.0, 360.0)
DOT = 4.0


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(wanted, boxes) -> None:
    placed = [box for box in boxes if box is not None]
    for index, box in enumerate(placed):
        assert BOUNDS[0] <= box[0] and box[2] <= BOUNDS[2], box
        assert BOUNDS[1] <= box[1] and box[3] <= BOUNDS[3], box
        assert not any(_overlap(box, other) for other in placed[index + 1 :]), box
        for x, y in (w.point for w in wanted):
            assert not _overlap(box, (x - DOT, y - DOT, x + DOT, y + DOT)), (box, x, y)


def test_two_lines_of_close_values_near_zero_keep_every_label_apart():
    # Two series a pixel or two apart, on the zero line at the plot's foot.
    points = [(80.0 + 120 * i, 358.0 - (i % 2)) for i in range(5)]
    wanted = [Wanted(p, (44.0, 16.0)) for p in points]
    wanted += [Wanted((x, y - 2), (44.0, 16.0), below=True) for x, y in points]
    boxes = place_labels(wanted, BOUNDS, DOT)
    _check(wanted, boxes)
    assert all(box is not None for box in boxes), boxes


def test_each_label_sits_by_its_own_point_when_there_is_room():
    wanted = [Wanted((100.0, 200.0), (40.0, 14.0)), Wanted((300.0, 100.0), (40.0, 14.0), True)]
    above, below = place_labels(wanted, BOUNDS, DOT)
    assert above[3] <= 200.0 - DOT and abs((above[0] + above[2]) / 2 - 100.0) < 1
    assert below[1] >= 100.0 + DOT and abs((below[0] + below[2]) / 2 - 300.0) < 1


def test_crowded_labels_are_never_drawn_over_each_other():
    shuffled = random.Random(7)  # fixed: the same crowd on every run
    for _ in range(20):
        wanted = [
            Wanted((shuffled.uniform(0, 640), shuffled.uniform(300, 360)), (50.0, 16.0))
            for _ in range(16)
        ]
        _check(wanted, place_labels(wanted, BOUNDS, DOT))


def test_the_line_chart_writes_close_values_where_they_can_be_read():
    pytesseract = pytest.importorskip("pytesseract")
    if shutil.which("tesseract") is None:
        pytest.skip("the tesseract binary is not installed (apt-get install tesseract-ocr)")
    # Close values near zero, and two close ones at the top.
    rows = (("Month", "Rise", "Fall"), ("Jan", "12", "13"), ("Feb", "14", "12"))
    rows += (("Mar", "90", "88"),)
    values = ((12.0, 13.0), (14.0, 12.0), (90.0, 88.0))
    image = chart_frame("line", rows, values, 1.0, (720, 1280), DEFAULT_THEME)  # the narrowest
    words = pytesseract.image_to_string(image, config="--psm 11").split()
    assert words.count("12") == 2, words
    for value in ("14", "90", "88"):
        assert value in words, words
