"""The beat registry: every kind has a rank and a spec, an unknown kind fails loudly with the
known ones listed, and the storyboard draws each kind as the render does (a numbered list too)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from scriptreel.media.beats import list_frame
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render.beat_kinds import KINDS, Drawing, spec_of
from scriptreel.render.cli.preview import tiles
from scriptreel.script.beats import RANK, Anchor, Beat, BeatKind, rank
from scriptreel.script.markdown import parse_markdown
from tests.conftest import write

SIZE = (320, 180)


def test_every_kind_is_ranked_and_registered_once():
    assert set(RANK) == set(BeatKind)
    assert set(KINDS) == {kind.value for kind in BeatKind}
    assert all(spec_of(Beat(kind, Anchor(0), 1)).name == kind.value for kind in BeatKind)


def test_an_unknown_kind_fails_loudly_with_the_known_ones_listed():
    odd = replace(Beat(BeatKind.LIST, Anchor(0), 1), kind="sparkline")
    known = "callout, chart, clip, code, flow, formula, list, picture, quote, table"
    with pytest.raises(LookupError, match=f"'sparkline'.*{known}"):
        spec_of(odd)
    with pytest.raises(LookupError, match="no rank"):
        rank("sparkline")


def test_ranks_put_pictures_first_then_blocks_then_call_outs():
    assert rank(BeatKind.PICTURE) < rank(BeatKind.LIST) < rank(BeatKind.CALLOUT)
    assert rank(BeatKind.CODE) == rank(BeatKind.QUOTE)


def test_the_storyboard_draws_a_numbered_list_numbered(tmp_path):
    script = parse_markdown(write(tmp_path / "n.md", "## Steps\n\n1. Mix it.\n2. Bake it.\n"))
    (tile,) = [t for t in tiles(script, DEFAULT_THEME) if t.label.endswith("list")]
    items = ("Mix it.", "Bake it.")
    # As the render draws it without burned captions.
    kept = {"room_for_captions": False}
    numbered = list_frame("Steps", items, 2, None, SIZE, DEFAULT_THEME, numbered=True, **kept)
    numbered = np.asarray(numbered)
    bullets = np.asarray(list_frame("Steps", items, 2, None, SIZE, DEFAULT_THEME, **kept))
    drawn = np.asarray(tile.draw(SIZE))
    assert np.array_equal(drawn, numbered)
    assert not np.array_equal(drawn, bullets)


def test_each_kind_with_a_still_draws_it_at_the_frame_size(tmp_path):
    beats = [
        Beat(BeatKind.LIST, Anchor(0), 1, items=("One", "Two")),
        Beat(BeatKind.QUOTE, Anchor(0), 1, items=("Said.",), attribution="Ann"),
        Beat(BeatKind.CODE, Anchor(0), 1, items=("x = 1",), language="python"),
    ]
    drawing = Drawing(SIZE, DEFAULT_THEME, "Title", "s.md:1")
    for beat in beats:
        assert spec_of(beat).still(beat, drawing, 1).size == SIZE
    callout = Beat(BeatKind.CALLOUT, Anchor(0), 1, items=("big",))
    assert spec_of(callout).still is None and spec_of(callout).over_card


def test_few_modules_outside_the_script_layer_and_the_registry_name_a_beat_kind():
    root = Path(__file__).parent.parent
    naming = [
        path.relative_to(root).as_posix()
        for folder in ("media", "render")
        for path in (root / folder).rglob("*.py")
        if "beat_kinds" not in path.parts and re.search(r"BeatKind\.[A-Z]", path.read_text())
    ]
    assert len(naming) <= 3, naming
