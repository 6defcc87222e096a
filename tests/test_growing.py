"""Beats that grow into their states (charts, revealed code): moving pieces for the first frames
of each state, the end state at once in a draft, and nothing changed for other scripts."""

from __future__ import annotations

import subprocess
import sys

from scriptreel.render.video.growing import eased, grow_frames, growing_runs, grown_stills
from scriptreel.render.video.visuals import Base, Run
from scriptreel.script.markdown import parse_markdown
from tests.conftest import write

CHART = """## Visitors

Here are the visitors.

| Year | Visitors |
|---|---|
| 2021 | 1,200 |
| 2022 | 2,400 |
{chart=bar}

They doubled in a year.
"""
FPS = 20


def _segment(tmp_path, text: str):
    return parse_markdown(write(tmp_path / "g.md", text)).segments[0]


def test_each_new_state_grows_over_its_first_frames_then_holds(tmp_path):
    segment = _segment(tmp_path, CHART)
    window = grow_frames(FPS)
    runs = [
        Run(0, 10, Base()),
        Run(10, 3, Base(0, 1), caption="Here"),  # a caption change inside the growth
        Run(13, 20, Base(0, 1), caption="are"),
        Run(33, 4, Base(0, 2)),  # the next state comes before this one has grown
        Run(37, 30, Base(0, 3)),
    ]
    out = growing_runs(runs, segment, FPS, draft=False)
    assert [(r.start, r.frames, r.base, r.caption) for r in out] == [
        (0, 10, Base(), None),
        (10, 3, Base(0, 1, growing=True), "Here"),
        (13, window - 3, Base(0, 1, growing=True), "are"),
        (10 + window, 23 - window, Base(0, 1), "are"),
        (33, 4, Base(0, 2, growing=True), None),
        (37, window, Base(0, 3, growing=True), None),
        (37 + window, 30 - window, Base(0, 3), None),
    ]
    assert sum(r.frames for r in out) == sum(r.frames for r in runs)
    # Under a call-out (which takes the chart's place) it does not grow: it is a still.
    called = growing_runs([Run(0, 30, Base(0, 1), callout="doubled")], segment, FPS, False)
    assert called == [Run(0, 30, Base(0, 1), callout="doubled")]


def test_a_draft_shows_the_end_state_at_once_as_one_run(tmp_path):
    segment = _segment(tmp_path, CHART)
    end = len(segment.beats[0].item_anchors)
    runs = [
        Run(0, 10, Base()),
        Run(10, 3, Base(0, 1)),
        Run(13, 4, Base(0, 2)),
        Run(17, 9, Base(0, 3)),
    ]
    out = growing_runs(runs, segment, FPS, draft=True)
    assert [(r.start, r.frames, r.base) for r in out] == [(0, 10, Base()), (10, 16, Base(0, end))]


def test_a_growing_piece_leaves_editors_its_grown_state_and_the_ease_ends_at_one():
    assert grown_stills(Base(0, 2, growing=True), 7)[0][0].base == Base(0, 2)
    assert grown_stills(Base(0, 2), 7) == ()
    assert eased(0.0) == 0.0 and eased(1.0) == 1.0 and eased(0.5) > 0.5


def test_a_script_without_growing_beats_keeps_its_runs_and_loads_no_formula_renderer(tmp_path):
    table = CHART.replace("{chart=bar}\n", "")  # a table builds up but does not grow
    segment = _segment(tmp_path, table)
    runs = [Run(0, 10, Base()), Run(10, 30, Base(0))]
    assert growing_runs(runs, segment, FPS, draft=False) is runs
    # Drawing formulas needs matplotlib (slow to import): only a formula loads it.
    code = "import sys, scriptreel.render.video.segments; print('matplotlib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr
