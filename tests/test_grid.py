"""The frame grid: every zone inside the safe areas, zones that share a frame never meet, and
the caption band reserved only while captions are burned."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scriptreel.media.grid import Grid, Shape, Zone, area, headline_box, overlaps, shape_of, split

SIZES = [(1920, 1080), (1280, 720), (320, 180), (1080, 1920), (720, 1280), (1080, 1080)]
TEXT_ZONES = (Zone.LABEL, Zone.STAGE, Zone.HEADLINE, Zone.CAPTION, Zone.FOOTER, Zone.SPEAKER)


def inside(inner, outer, slack=0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def test_shapes():
    assert shape_of((1920, 1080)) is Shape.LANDSCAPE
    assert shape_of((1080, 1920)) is Shape.PORTRAIT
    assert shape_of((1080, 1080)) is Shape.SQUARE
    assert shape_of((1100, 1000)) is Shape.SQUARE


def test_title_safe_is_ninety_percent_and_action_safe_ninety_three():
    grid = Grid((1000, 500))
    assert grid.safe() == pytest.approx((50, 25, 950, 475))
    assert grid.action() == pytest.approx((35, 17.5, 965, 482.5))


def test_vertical_text_keeps_out_of_the_platforms_top_and_bottom():
    for zone in TEXT_ZONES:
        left, top, right, bottom = Grid((1080, 1920), captions=True).box(zone)
        assert top >= 1920 * 0.12 and bottom <= 1920 * 0.80, zone


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("captions", [False, True])
def test_every_text_zone_is_title_safe_and_not_empty(size, captions):
    grid = Grid(size, captions)
    for zone in TEXT_ZONES:
        box = grid.box(zone)
        assert inside(box, grid.safe()), zone
        assert box[2] > box[0] and box[3] > box[1], zone
    assert inside(grid.picture(), grid.action())


@pytest.mark.parametrize("size", SIZES)
def test_the_caption_band_is_kept_free_only_while_captions_are_burned(size):
    burned, plain = Grid(size, True), Grid(size, False)
    for zone in (Zone.LABEL, Zone.STAGE, Zone.HEADLINE, Zone.PICTURE, Zone.SPEAKER, Zone.FOOTER):
        assert not overlaps(burned.box(zone), burned.caption()), zone
    assert plain.stage()[3] > burned.stage()[3]
    assert overlaps(plain.stage(), plain.caption())


@pytest.mark.parametrize("size", SIZES)
def test_the_label_row_the_stage_and_the_footer_are_stacked_apart(size):
    grid = Grid(size, True)
    assert grid.label()[3] < grid.stage()[1] < grid.stage()[3] < grid.caption()[1]
    assert grid.caption()[3] < grid.footer()[1]
    assert inside(grid.headline(), grid.stage()) and inside(grid.speaker(), grid.stage())
    assert inside(grid.credit(), grid.footer())


def test_the_stage_is_most_of_a_landscape_frame():
    grid = Grid((1920, 1080))
    assert area(grid.stage()) > 0.5 * 1920 * 1080


def test_headline_box_is_the_grids_headline_zone():
    assert headline_box((1280, 720), True) == Grid((1280, 720), True).box(Zone.HEADLINE)


@given(
    st.tuples(st.integers(0, 500), st.integers(0, 500), st.integers(1, 500), st.integers(1, 500)),
    st.floats(0.05, 0.95),
    st.booleans(),
)
def test_split_parts_tile_the_box(corner, share, across):
    left, top, w, h = corner
    box = (left, top, left + w, top + h)
    first, second = split(box, share, across)
    assert area(first) + area(second) == pytest.approx(area(box))
    assert not overlaps(first, second)
