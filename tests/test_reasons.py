"""The render summary says why each segment was rebuilt."""

from __future__ import annotations

from PIL import Image
from tonevoice import WordToneVoice

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.reasons import SegmentFacts, reasons

SCRIPT = """---
size: 320x180
fps: 10
---
# Tides

## One

The sea climbs.

## Two

![a diagram](p.png)

The Moon pulls.

## Three

Twice a day it comes back.
"""


def _facts(words="a", card="c", start=0, frames=10, chunks=("x",)) -> SegmentFacts:
    return SegmentFacts((words,), card, start, frames, chunks)


def test_each_difference_is_named():
    before = [_facts("a"), _facts("b", start=10), _facts("c", start=20)]
    now = [
        _facts("a2"),
        _facts("b", start=11, frames=10),
        _facts("c", start=21, frames=12),
        _facts("d", start=33),
    ]
    assert reasons(now, before, [True] * 4) == [
        "its text changed",
        "its start moved one frame later",
        "its start moved one frame later",
        "it is new",
    ]
    assert reasons([_facts(frames=8)], [_facts()], [True]) == ["it became 2 frames shorter"]
    assert reasons([_facts(card="k")], [_facts()], [True]) == ["its card changed"]
    assert reasons([_facts(chunks=("y",))], [_facts()], [True]) == ["its picture changed"]
    assert reasons([_facts()], [_facts()], [False]) == [""]
    assert reasons([_facts()], None, [True]) == [""]


def test_the_summary_says_why_each_segment_was_rebuilt(tmp_path):
    script, picture = tmp_path / "tides.md", tmp_path / "p.png"
    Image.new("RGB", (64, 36), "red").save(picture)
    script.write_text(SCRIPT, encoding="utf-8")
    settings = RenderSettings(voice=WordToneVoice())
    render_video(script, tmp_path / "tides.mp4", settings)
    script.write_text(SCRIPT.replace("The sea climbs.", "The sea climbs the beach."))
    edited = render_video(script, tmp_path / "tides.mp4", settings)
    assert "rebuilt: 1 'One': its text changed" in edited.line()
    Image.new("RGB", (80, 36), "blue").save(picture)
    redrawn = render_video(script, tmp_path / "tides.mp4", settings)
    assert "rebuilt: 2 'Two': its picture changed" in redrawn.line()
    assert [s.reason for s in redrawn.segments] == ["", "", "its picture changed", ""]


def test_a_one_card_summary_says_card_not_cards(tmp_path):
    script = tmp_path / "one.md"
    script.write_text("---\nsize: 160x90\nfps: 5\n---\n## Only\n\nHello.\n", encoding="utf-8")
    line = render_video(script, tmp_path / "one.mp4", RenderSettings(voice=WordToneVoice())).line()
    assert "1 card: 1 rebuilt" in line and "1 cards" not in line
