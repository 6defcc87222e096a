"""When beats, call-outs and captions are on screen within a segment, to the frame."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scriptreel.media.captions import Cue
from scriptreel.render.timeline import LEAD, RATE, shots
from scriptreel.render.video.visuals import (
    CARD_SKIP,
    Base,
    SentenceTiming,
    anchor_seconds,
    visual_runs,
)
from scriptreel.script.beats import Anchor, Beat, BeatKind

FPS = 25
# Two sentences: the first from sample 0 (1 s long, words at 0, 0.4 s, 0.7 s), the second
# from 1.2 s (2 s long, no word times).
TIMINGS = (
    SentenceTiming(0, RATE, (0, int(0.4 * RATE), int(0.7 * RATE))),
    SentenceTiming(int(1.2 * RATE), 2 * RATE),
)


def picture(sentence: int, word: int = 0) -> Beat:
    return Beat(BeatKind.PICTURE, Anchor(sentence, word), line=3, path=Path("p.png"))


def test_a_picture_on_the_first_words_starts_the_segment_with_no_card_flash():
    runs = visual_runs([picture(0)], TIMINGS, frames=100, fps=FPS)
    assert LEAD < CARD_SKIP
    assert [(r.start, r.frames, r.base) for r in runs] == [(0, 100, Base(0))]
    late = (SentenceTiming(int(CARD_SKIP * RATE), RATE),)
    runs = visual_runs([picture(0)], late, frames=100, fps=FPS)
    assert runs[0].base == Base() and runs[1].start == math.floor((LEAD + CARD_SKIP) * FPS)


def test_a_beat_starts_on_the_frame_of_its_words_onset():
    assert anchor_seconds(Anchor(0, 1), TIMINGS, 9.0) == pytest.approx(LEAD + 0.4)
    runs = visual_runs([picture(0, 1)], TIMINGS, frames=100, fps=FPS)
    assert [(r.start, r.frames, r.base) for r in runs] == [(0, 15, Base()), (15, 85, Base(0))]


def test_a_beat_shows_on_the_frame_during_which_its_word_starts_never_after():
    timings = (SentenceTiming(0, RATE, (0, int(0.42 * RATE))),)
    onset = LEAD + 0.42  # 15.5 frames at 25 fps: inside frame 15
    runs = visual_runs([picture(0, 1)], timings, frames=50, fps=FPS)
    assert runs[1].start == math.floor(onset * FPS) == 15


def test_without_word_times_a_beat_starts_with_its_sentence():
    runs = visual_runs([picture(1, 3)], TIMINGS, frames=100, fps=FPS)
    assert runs[1].start == round((LEAD + 1.2) * FPS)


def test_the_next_beat_ends_the_previous_one_and_a_quote_ends_with_its_sentence():
    quote = Beat(BeatKind.QUOTE, Anchor(0, 2), line=5, items=("q",), ends=Anchor(0))
    runs = visual_runs([picture(0), quote, picture(1)], TIMINGS, frames=100, fps=FPS)
    starts = [(r.start, r.base) for r in runs]
    # The first picture lands before CARD_SKIP: it starts the segment, with no card flash.
    assert starts == [
        (0, Base(0)),
        (round((LEAD + 0.7) * FPS), Base(1)),
        (round((LEAD + 1.0) * FPS), Base()),
        (round((LEAD + 1.2) * FPS), Base(2)),
    ]


def test_list_items_appear_on_their_words():
    items = Beat(
        BeatKind.LIST,
        Anchor(0),
        line=4,
        items=("one", "two"),
        item_anchors=(Anchor(0), Anchor(1)),
    )
    runs = visual_runs([items], TIMINGS, frames=100, fps=FPS)
    assert [r.base.shown for r in runs if not r.base.is_card()] == [1, 2]
    assert runs[-1].start == round((LEAD + 1.2) * FPS)


def test_a_callout_lasts_from_its_word_to_its_sentences_end():
    callout = Beat(BeatKind.CALLOUT, Anchor(0, 1), line=2, items=("$33 billion",))
    runs = visual_runs([callout], TIMINGS, frames=100, fps=FPS)
    shown = [r for r in runs if r.callout]
    assert shown[0].start == round((LEAD + 0.4) * FPS)
    assert shown[-1].start + shown[-1].frames == round((LEAD + 1.0) * FPS)


cues_strategy = st.lists(
    st.tuples(st.floats(0, 3.5), st.floats(0.05, 1.5), st.sampled_from(["a", "b", "c"])),
    max_size=6,
)


@given(cues_strategy)
def test_captions_alone_give_the_same_runs_as_before(raw):
    cues, clock = [], 0.0
    for gap, length, text in raw:
        start = clock + gap
        cues.append(Cue(start, start + length, text))
        clock = start + length
    frames = 200
    expected = shots(cues, frames, FPS)
    runs = visual_runs([], TIMINGS, frames, FPS, cues)
    assert [(r.caption, r.frames) for r in runs] == expected


def test_a_caption_repeating_the_list_item_on_screen_is_dropped_and_other_sentences_keep_theirs():
    # A list item read aloud was on screen twice: on the list card and in the caption under it.
    items = ("When Sun and Moon *line up*, tides grow.", "At half moon they cancel.")
    listing = Beat(BeatKind.LIST, Anchor(0), line=5, items=items)
    cues = [
        Cue(LEAD, LEAD + 1.0, "When Sun and Moon line up,\ntides grow."),
        Cue(LEAD + 1.2, LEAD + 3.2, "So the sea rises twice a day."),
    ]
    runs = visual_runs([listing], TIMINGS, frames=100, fps=FPS, cues=cues)
    assert {r.caption for r in runs} == {None, "So the sea rises twice a day."}
    assert all(r.base.beat == 0 for r in runs if r.start >= math.floor(LEAD * FPS))


def test_word_by_word_captions_over_a_list_are_dropped_while_their_item_is_read():
    # Word-by-word captions reached the list rule as a group of words, not a string, and the
    # render failed with an AttributeError.
    from scriptreel.render.video.frames import WordCaption

    items = ("Tides grow at full moon.", "At half moon they cancel.")
    listing = Beat(BeatKind.LIST, Anchor(0), line=5, items=items)
    reading = WordCaption(("Tides", "grow", "at", "full", "moon."), 1)
    other = WordCaption(("So", "the", "sea", "rises."), 0)
    cues = [Cue(LEAD, LEAD + 1.0, reading), Cue(LEAD + 1.2, LEAD + 3.2, other)]
    runs = visual_runs([listing], TIMINGS, frames=100, fps=FPS, cues=cues)
    assert {r.caption for r in runs} == {None, other}
