"""Kinetic type never splits a word inside, and never cuts the call-out above it."""

from __future__ import annotations

import pytest

from scriptreel.media.fonts import chain
from scriptreel.media.grid import Grid
from scriptreel.media.kinetic import KineticState, _fitted, kinetic_frame
from scriptreel.media.layout import CardText
from scriptreel.media.themes import DEFAULT_THEME

VERTICAL = (1080, 1920)


@pytest.mark.parametrize("phrase", ["Afghan-Pakistan border", "the Afghan-Pakistan frontier"])
def test_a_hyphenated_name_is_not_split_inside_on_a_vertical_frame(phrase):
    grid = Grid(VERTICAL)
    left, top, right, bottom = grid.headline()
    fonts = chain(DEFAULT_THEME.title_font, DEFAULT_THEME.extra_fonts)
    width = right - left - max(3, round(grid.unit * 0.012)) * 4
    largest = int(grid.unit * 0.13)
    _, lines = _fitted(phrase, fonts, width, bottom - top, largest, grid.unit)
    assert " ".join(lines).split() == phrase.split(), lines


def test_the_call_out_before_is_drawn_whole_or_not_at_all(monkeypatch):
    import scriptreel.media.kinetic as kinetic

    drawn = []
    monkeypatch.setattr(kinetic, "cut", lambda text, *a: drawn.append(text) or text[:3] + "…")
    state = KineticState("1893", before="a border drawn in 1893 and disputed ever since then")
    kinetic_frame(CardText("T", 1, 2), state, VERTICAL)
    assert not drawn  # never cut (a number could be the part cut away)
