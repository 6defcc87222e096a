"""The timeline value, built from narrated segments made by hand: no voice, no render."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import numpy as np
import pytest

from scriptreel.media.captions import Cue
from scriptreel.media.words import Word
from scriptreel.render.exports import OUTPUTS, output_named, output_shapes, output_texts
from scriptreel.render.narration import NarratedSegment
from scriptreel.render.settings import RenderSettings
from scriptreel.render.timeline import RATE, span
from scriptreel.render.timeline_value import build_timeline
from scriptreel.script import Segment
from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.model import Sentence

FPS = 25


def narrated(title: str, number: int | None, start_frame: int, frames: int, beats=()):
    """A segment of one two-word sentence, 1 s long, starting 0.2 s into its card."""
    segment = Segment(title, (Sentence(f"{title} speaks.", 1),), 1, number, beats=tuple(beats))
    words = [Word(f"{title}", 0.0, 0.4), Word("speaks.", 0.5, 0.9)]
    return NarratedSegment(
        segment=segment,
        audio=np.zeros(0, dtype=np.int16),
        offsets=[(0, RATE)],
        cues=[Cue(0.2, 1.2, f"{title} speaks.")],
        frames=frames,
        made=False,
        narration_keys=["k"],
        words=[words],
        cue_words=[[0.2, 0.7]],
        start_frame=start_frame,
        lead=round(0.2 * RATE),
    )


@pytest.fixture
def timeline():
    picture = Beat(BeatKind.PICTURE, Anchor(0, 1), line=3, path=Path("p.png"))
    planned = [
        narrated("Opening", None, 0, 50),
        narrated("Tides", 1, 50, 75, beats=[picture]),
    ]
    return build_timeline(planned, FPS, "Talk", music="music-key")


def test_segments_follow_each_other_on_frames_and_samples(timeline):
    first, second = timeline.segments
    assert (first.start_frame, first.frames, second.start_frame) == (0, 50, 50)
    assert second.samples == span(50, 75, FPS) == (2 * RATE, 5 * RATE)
    assert timeline.frames == 125 and timeline.duration == 5.0 and timeline.samples == 5 * RATE
    assert (second.number, second.title, second.narration) == (1, "Tides", "Tides speaks.")


def test_sentences_words_and_cues_are_in_the_videos_time(timeline):
    assert [(s.segment, s.start, s.end) for s in timeline.sentences] == [
        (0, 0.2, 1.2),
        (1, 2.2, 3.2),
    ]
    second = [w for w in timeline.words if w.segment == 1]
    assert [(w.text, w.start, w.end) for w in second] == [
        ("Tides", 2.2, 2.6),
        ("speaks.", 2.7, 3.1),
    ]
    assert timeline.cues[1] == Cue(2.2, 3.2, "Tides speaks.")
    assert timeline.cue_words[1] == (2.2, 2.7)


def test_beats_get_frame_spans_from_their_words(timeline):
    # The picture is anchored on the second word, spoken 0.7 s into its card: frame 17 of 75.
    (beat,) = timeline.beats
    assert (beat.segment, beat.beat, beat.kind) == (1, 0, "picture")
    assert (beat.start_frame, beat.frames) == (50 + 17, 75 - 17)


def test_chapters_and_music_are_part_of_it(timeline):
    assert timeline.chapters == ((0.0, 2.0, "Opening"), (2.0, 5.0, "Tides"))
    assert timeline.music == "music-key"


def test_the_timeline_is_frozen(timeline):
    with pytest.raises(FrozenInstanceError):
        timeline.fps = 30


def test_every_output_is_written_from_the_timeline(timeline, tmp_path):
    video = tmp_path / "talk.mp4"
    texts = output_texts(timeline, RenderSettings(), video)
    assert list(texts) == [video.with_suffix(o.suffix) for o in OUTPUTS]
    assert "00:00:02,200 --> 00:00:03,200\nTides speaks." in texts[tmp_path / "talk.srt"]
    assert texts[tmp_path / "talk.vtt"].startswith("WEBVTT")
    assert "<00:00" not in texts[tmp_path / "talk.vtt"]
    words = json.loads(texts[tmp_path / "talk.words.json"])["words"]
    assert words[2] == {
        "text": "Tides",
        "start": 2.2,
        "end": 2.6,
        "segment": 1,
        "estimated": False,
        "speaker": None,
    }
    assert texts[tmp_path / "talk.chapters.txt"] == "00:00 Tides\n"


def test_karaoke_shapes_the_vtt_and_its_manifest_entry(timeline, tmp_path):
    karaoke = RenderSettings(karaoke=True)
    vtt = output_named("vtt").write(timeline, karaoke)
    assert "Tides <00:00:02.700>speaks." in vtt
    assert output_shapes(karaoke) != output_shapes(RenderSettings())


def test_an_unknown_output_fails_listing_the_known_ones():
    with pytest.raises(KeyError, match="srt, vtt, chapters, words"):
        output_named("edl")


def test_every_declared_setting_is_a_render_setting():
    for output in OUTPUTS:
        for name in output.shaped_by:
            assert hasattr(RenderSettings(), name), (output.name, name)
