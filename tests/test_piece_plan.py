"""The piece planner on its own: a segment narrated by hand becomes pieces, no voice, no encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from scriptreel.media.captions import Cue
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.media.words import Word
from scriptreel.render.encode.assemble import Encoder
from scriptreel.render.narration import NarratedSegment
from scriptreel.render.store.cache import Cache
from scriptreel.render.timeline import RATE
from scriptreel.render.video.pieces import PieceKind
from scriptreel.render.video.segments import SegmentVideo
from scriptreel.script import Segment, load_script
from tests.conftest import write

FPS = 10
WORD = 0.3
"""Seconds each word is spoken in the narration made by hand."""

SCRIPT = """---
callouts: false
---

# Talk

## Tides

The sea rises twice a day.

![The Moon](moon.png)

The Moon pulls the near side harder.
"""


def narrated(segment: Segment, frames: int) -> NarratedSegment:
    """The segment's sentences one after another, each word WORD seconds, no pauses."""
    offsets, words, cues, at = [], [], [], 0.0
    for sentence in segment.sentences:
        spoken = sentence.text.split()
        words.append([Word(w, i * WORD, (i + 1) * WORD) for i, w in enumerate(spoken)])
        offsets.append((round(at * RATE), round(len(spoken) * WORD * RATE)))
        cues.append(Cue(at, at + len(spoken) * WORD, sentence.text))
        at += len(spoken) * WORD
    return NarratedSegment(
        segment=segment,
        audio=np.zeros(0, dtype=np.int16),
        offsets=offsets,
        cues=cues,
        frames=frames,
        made=False,
        narration_keys=["k"] * len(offsets),
        words=words,
        lead=0,
    )


def planner(tmp_path: Path, text: str = SCRIPT, motion: bool = False):
    Image.new("RGB", (320, 180), "navy").save(tmp_path / "moon.png")
    script = load_script(write(tmp_path / "t.md", text))
    cache = Cache(tmp_path / "cache")
    video = SegmentVideo(
        script, DEFAULT_THEME, (320, 180), FPS, Encoder(), cache, tmp_path, motion=motion
    )
    return video, script.segments[-1]


def test_a_picture_beat_starts_on_its_word_and_the_pieces_fill_the_segment(tmp_path):
    video, segment = planner(tmp_path)
    pieces = video.plan(narrated(segment, frames=200))
    assert sum(piece.frames for piece in pieces) == 200
    shown = [(still, frames) for piece in pieces for still, frames in piece.stills]
    assert sum(frames for _, frames in shown) == 200
    # Six words (1.8 s) before the picture's anchor: the card holds 18 frames, then the picture.
    assert shown[0][1] == round(6 * WORD * FPS)
    assert len({video.stills(segment).key(still) for still, _ in shown}) >= 2


def test_the_plan_is_the_same_value_each_time_it_is_asked(tmp_path):
    video, segment = planner(tmp_path)
    item = narrated(segment, frames=200)
    first = video.plan(item)
    assert [p.key for p in first] == [p.key for p in video.plan(item)]
    # Another timing is another plan: the keys follow what is on screen when.
    assert [p.key for p in first] != [p.key for p in video.plan(narrated(segment, frames=260))]


def test_with_motion_the_picture_is_pushed_in_as_one_moving_piece(tmp_path):
    video, segment = planner(tmp_path, motion=True)
    pieces = video.plan(narrated(segment, frames=200))
    assert sum(piece.frames for piece in pieces) == 200
    assert [piece.kind for piece in pieces].count(PieceKind.PUSH) == 1
    push = next(piece for piece in pieces if piece.kind is PieceKind.PUSH)
    assert push.beat == 0


def test_a_render_plans_each_segment_once(tmp_path, monkeypatch):
    # The manifest, the build and the clip sound each planned the pieces again.
    from scriptreel.render import RenderSettings, render_video

    planned = []
    real = SegmentVideo._plan

    def counting(self, item):
        planned.append(item.segment.title)
        return real(self, item)

    monkeypatch.setattr(SegmentVideo, "_plan", counting)
    Image.new("RGB", (320, 180), "navy").save(tmp_path / "moon.png")
    script = write(tmp_path / "t.md", SCRIPT + "\n## Ebb\n\nThen the water goes out again.\n")
    render_video(script, tmp_path / "t.mp4", RenderSettings(size=(320, 180), fps=FPS, voice="tone"))
    assert sorted(planned) == ["Ebb", "Talk", "Tides"]  # the opening card is a segment too
