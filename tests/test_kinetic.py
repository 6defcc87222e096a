"""Segments without pictures move with their words: call-outs enter as kinetic type on their
word, years gather on a timeline strip, names become lower thirds, and no still stretch of a
text-only video lasts over eight seconds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import ImageChops

from scriptreel.media.captions import Cue
from scriptreel.media.card import caption_overlay
from scriptreel.media.grid import Grid
from scriptreel.media.kinetic import STEPS, KineticState, kinetic_frame, name_and_role, years_in
from scriptreel.media.layout import CardText
from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.timeline import RATE
from scriptreel.render.video.kinetic import is_text_only, kinetic_runs, kinetic_states, segment_runs
from scriptreel.render.video.visuals import Base, Run, SentenceTiming, visual_runs
from scriptreel.script import load_script
from scriptreel.script.beats import Anchor, Beat, BeatKind
from tests.tonevoice import WordToneVoice
from tests.transcript_corpus import TRANSCRIPTS

SIZE = (320, 180)
LONGEST_STILL = 8.0
"""Seconds a text-only video may show one picture (burned captions aside)."""


def _still_stretches(video: Path, seconds: float) -> list[float]:
    """Lengths of the stretches over `seconds` where the picture does not visibly change."""
    result = subprocess.run(
        [get_ffmpeg_exe(), "-hide_banner", "-i", str(video), "-map", "0:v"]
        + ["-vf", f"freezedetect=n=0.001:d={seconds}", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(x) for x in re.findall(r"freeze_duration: ([\d.]+)", result.stderr)]


def test_a_text_only_video_never_stands_still_for_eight_seconds(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    # About the pace of the bundled voice: 0.38 s a word.
    settings = RenderSettings(size=(160, 96), fps=10, voice=WordToneVoice(seconds_per_word=0.3))
    summary = render_video(TRANSCRIPTS / "raw-harbour-light.txt", tmp_path / "h.mp4", settings)
    assert summary.duration > 90
    assert _still_stretches(tmp_path / "h.mp4", LONGEST_STILL) == []


def _card() -> CardText:
    return CardText("Harbour light", 1, 3, "Port Aldwin")


def test_a_call_out_enters_in_steps_and_dims_only_when_the_next_is_a_while_away():
    runs = [
        Run(0, 20, Base()),
        Run(20, 30, Base(), "nearly 140 sailors"),
        Run(50, 10, Base(), None),
        Run(60, 30, Base(), "building began in 1857"),
    ]
    out = kinetic_runs(runs, fps=10)
    states = [run.callout for run in out]
    assert states[0] is None  # the title alone until the first call-out
    assert [s.step for s in states[1 : 1 + STEPS]] == list(range(1, STEPS + 1))
    assert sum(r.frames for r in out) == 90 and out[1].start == 20
    assert states[STEPS + 1] == states[STEPS]  # one second to the next: the same picture
    later = kinetic_runs([*runs[:2], Run(50, 30, Base()), Run(80, 10, Base(), "then 1857")], 10)
    assert not later[STEPS + 1].callout.spoken  # three seconds: it dims
    last = states[-1]
    assert last.before == "nearly 140 sailors" and last.years == ("1857",)


def test_each_state_is_a_different_picture():
    card = _card()
    states = [KineticState("nearly 140 sailors", "", step) for step in range(1, STEPS + 1)]
    states += [KineticState("nearly 140 sailors", "", STEPS, spoken=False)]
    states += [KineticState("building began in 1857", "nearly 140 sailors", years=("1857",))]
    frames = [kinetic_frame(card, state, SIZE) for state in states]
    for a, b in zip(frames, frames[1:]):
        assert ImageChops.difference(a, b).getbbox() is not None


def test_numbers_count_up_while_they_enter():
    card = _card()
    entering = kinetic_frame(card, KineticState("about £9,000 for the tower", step=1), SIZE)
    at_rest = kinetic_frame(card, KineticState("about £9,000 for the tower"), SIZE)
    assert ImageChops.difference(entering, at_rest).getbbox() is not None


def test_years_and_names_are_read_from_the_call_out():
    assert years_in("lit on a calm night in 1861") == ("1861",)
    assert years_in("nearly 140 sailors") == ()
    assert name_and_role("Mohammed Omar of the Taliban") == ("Mohammed Omar", "of the Taliban")
    assert name_and_role("a quarter of the exports") is None
    assert name_and_role("Saudi Arabia over the next few decades") is None


def test_the_timeline_stays_above_a_two_line_caption():
    card = _card()
    size = (1280, 720)
    state = KineticState("the longest covert operation in its history", years=("1979", "1989"))
    drawn = kinetic_frame(card, state, size, room_for_captions=True)
    empty = kinetic_frame(card, KineticState(), size, room_for_captions=True)
    caption = caption_overlay("When polled, both rank each other among their least favoured", size)
    top = caption.getchannel("A").getbbox()[1]
    band = (0, top, size[0], size[1])
    # Where a burned caption of two lines goes, the kinetic layer has drawn nothing.
    assert ImageChops.difference(drawn.crop(band), empty.crop(band)).getbbox() is None
    assert ImageChops.difference(drawn, empty).getbbox() is not None


@pytest.mark.parametrize("size", [(640, 360), (360, 640), (480, 480)])
@pytest.mark.parametrize("captions", [False, True])
def test_kinetic_type_keeps_to_the_grids_stage(size, captions):
    grid = Grid(size, captions)
    empty = kinetic_frame(_card(), KineticState(), size, room_for_captions=captions)
    states = [
        KineticState("a quarter of the harbour's trade in salted cod", "the old harbour wall"),
        KineticState("Margaret Hale of the harbour board", "the old harbour wall", years=("1852",)),
    ]
    for state in states:
        drawn = kinetic_frame(_card(), state, size, room_for_captions=captions)
        left, top, right, bottom = ImageChops.difference(drawn, empty).getbbox()
        # Inside the stage (below the label row, above the footer) and clear of the caption band.
        stage = grid.stage()
        assert stage[0] - 1 <= left and right <= stage[2] + 1, (state.phrase, size)
        assert stage[1] - 1 <= top and bottom <= stage[3] + 1, (state.phrase, size)
        assert not captions or bottom <= grid.caption()[1]


def test_text_only_means_call_outs_alone():
    script = load_script(TRANSCRIPTS / "raw-harbour-light.txt")
    assert all(is_text_only(s) for s in script.numbered if s.beats)
    picture = Beat(BeatKind.PICTURE, Anchor(0), 1, path=Path("x.png"))
    assert not is_text_only(script.numbered[0].__class__("T", (), 1, 1, beats=(picture,)))
    assert kinetic_states(script.numbered[0])


def test_captions_and_call_outs_keep_their_frames_whatever_the_lead(tmp_path):
    # The lead moves by up to an AAC frame with the segment's place in the video; the words,
    # and so the captions' times from the segment's start, move with it.
    (tmp_path / "h.md").write_text(EDITED, encoding="utf-8")
    segment = load_script(tmp_path / "h.md").segments[1]
    assert is_text_only(segment)
    fps, made = 30, []
    for lead in (round(0.2 * RATE) - 512, round(0.2 * RATE), round(0.2 * RATE) + 511):
        timings, cues = [], []
        for number, sentence in enumerate(segment.sentences):
            offset, count = number * 3 * RATE + 777, 3 * RATE - 999
            words = tuple(i * count // 20 for i in range(len(sentence.text.split())))
            timings.append(SentenceTiming(offset, count, words, lead))
            cues.append(Cue((lead + offset) / RATE, (lead + offset + count) / RATE, f"{number}"))
        runs = segment_runs(segment, timings, 10 * fps, fps, cues)
        made.append([(r.start, r.frames, r.base, r.callout, r.caption) for r in runs])
        for cue in cues:  # each caption comes within a frame of its sentence's first word
            first = next(r for r in runs if r.caption == cue.text)
            assert abs(first.start / fps - cue.start) < 1 / fps
    assert made[0] == made[1] == made[2]
    assert len({r[4] for r in made[0]}) == 4 and len({r[3] for r in made[0]}) > 3


def test_a_second_call_out_in_one_sentence_is_shown_on_its_word():
    first = Beat(BeatKind.CALLOUT, Anchor(0, 1), 1, items=("one",), ends=Anchor(0))
    second = Beat(BeatKind.CALLOUT, Anchor(0, 5), 1, items=("two",), ends=Anchor(0))
    timing = SentenceTiming(0, RATE * 10, tuple(RATE * i for i in range(10)), 0)
    runs = visual_runs([first, second], [timing], 100, 10)
    shown = [run.callout for run in runs if run.callout]
    assert shown == ["one", "two"]
    assert next(r for r in runs if r.callout == "two").start == 50


@pytest.mark.parametrize("size", [(320, 180), (180, 320), (200, 200)])
def test_every_shape_draws(size):
    state = KineticState("Mohammed Omar of the Taliban", "the resulting war", years=("1989",))
    assert kinetic_frame(_card(), state, size).size == size


EDITED = """---
callouts: auto
---
# Harbour

## The reef

For most of its history the town had no light at all. In the winter of 1852 alone the reef
took eleven vessels and nearly 140 sailors. The harbour board asked an engineer named Margaret
Hale to design a tower that could stand on the reef itself.

## The tower

Building began in 1857 and it was slow and dangerous work on the rock. The stone came from a
quarry forty miles up the coast and every block was numbered on land. The masons could reach
the rock for about three hours at low tide before the water came back over it.

## The light

The light was first lit on a calm night in 1861 and could be seen eighteen miles away. The town
paid about £9,000 for the whole tower and its lamp. Within a decade the number of wrecks on the
reef had fallen to almost nothing at all.
"""


@pytest.mark.parametrize("captions", [None, CaptionStyle.LINES, CaptionStyle.WORDS])
def test_an_edit_rebuilds_only_its_text_only_segment(tmp_path, monkeypatch, captions):
    # Burned captions used to move against the call-outs' steps by a frame with the lead, so a
    # moved segment's pictures were drawn and coded again.
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    settings = RenderSettings(
        size=(160, 96),
        fps=30,
        voice=WordToneVoice(seconds_per_word=0.3),
        burn_captions=captions is not None,
        caption_style=captions,
    )
    script = tmp_path / "h.md"
    script.write_text(EDITED, encoding="utf-8")
    render_video(script, tmp_path / "h.mp4", settings)
    # Every later segment moves by a few frames, and its narration's lead by a few samples.
    script.write_text(EDITED.replace("no light at all.", "no light at all. None."), "utf-8")
    summary = render_video(script, tmp_path / "h.mp4", settings)
    rebuilt = [report.title for report in summary.segments if report.rebuilt]
    assert rebuilt == ["The reef"]
