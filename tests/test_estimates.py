"""Estimates that match the render: cached narration gives exact times, the calibrated estimate
stays within 5% of the default voice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli, write
from tonevoice import WordToneVoice

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.cli.preview import tiles
from scriptreel.render.estimates import script_time
from scriptreel.script import load_script
from scriptreel.script.beats import Anchor
from scriptreel.script.timing import sentence_seconds, word_starts

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tides.md"
EXAMPLE_SECONDS = 83.9
"""The example's length rendered with the default Piper voice (en_US joe medium, piper-tts
1.3), measured from the video; rendering it takes half a minute, so the test compares with it."""

BEATS = """---
size: 320x180
fps: 12
---

# Little tides

## One

The sea climbs the beach, and then it slips away.
Twice a day, **every day**, it comes back.

- Morning
- Evening

## Two

The Moon pulls the near side harder.
"""


def _minutes(text: str) -> float:
    minutes, seconds = re.search(r"(\d+):(\d\d) of video", text).groups()
    return int(minutes) * 60 + int(seconds)


def test_sentence_estimate_counts_letters_and_breaks():
    plain = sentence_seconds("The sea climbs the beach")
    assert sentence_seconds("The sea climbs the beach, slowly") > plain
    assert sentence_seconds("The sea climbs, the beach") > plain  # a comma is a pause
    assert sentence_seconds("") == 0.0
    starts = word_starts("The sea climbs the beach.", plain)
    assert starts == sorted(starts) and 0 < starts[0] < starts[-1] < plain


def test_check_estimate_of_the_example_is_within_five_percent(tmp_path):
    result = run_cli("check", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "estimated" in result.stderr
    assert abs(_minutes(result.stderr) - EXAMPLE_SECONDS) <= 0.05 * EXAMPLE_SECONDS


def test_estimated_beat_times_do_not_drift_late_on_the_example():
    timing = script_time(load_script(EXAMPLE), cached=False)
    last = timing.segments[-1]
    # The last beat of the example, whose anchor was 3-4 s late with words-a-minute timing.
    assert last.start + last.seconds == pytest.approx(EXAMPLE_SECONDS, rel=0.05)


def test_cached_narration_gives_the_rendered_times_exactly(tmp_path):
    script = write(tmp_path / "tides.md", BEATS)
    voice = WordToneVoice()
    settings = RenderSettings(voice=voice)
    before = script_time(load_script(script), settings)
    assert before.measured == 0 and before.basis() == "estimated"
    summary = render_video(script, tmp_path / "tides.mp4", settings)
    loaded = load_script(script)
    after = script_time(loaded, settings)
    assert after.measured == after.sentences > 0
    assert after.seconds == pytest.approx(summary.duration, abs=1e-6)
    heard = json.loads((tmp_path / "tides.words.json").read_text())["words"]
    ours = [
        time.anchor(Anchor(index, word))
        for segment, time in zip(loaded.segments, after.segments)
        for index, sentence in enumerate(segment.sentences)
        for word in range(len(sentence.text.split()))
    ]
    assert ours == pytest.approx([word["start"] for word in heard], abs=0.002)


def test_preview_beats_start_where_the_render_puts_them(tmp_path):
    from scriptreel.media.themes import DEFAULT_THEME

    script = write(tmp_path / "tides.md", BEATS)
    settings = RenderSettings(voice=WordToneVoice())
    render_video(script, tmp_path / "tides.mp4", settings)
    loaded = load_script(script)
    shown = tiles(loaded, DEFAULT_THEME, script_time(loaded, settings))
    chapters = [tile.start for tile in shown if " " not in tile.label]
    timing = script_time(loaded, settings)
    assert chapters == [segment.start for segment in timing.segments]
    listed = next(tile for tile in shown if tile.label.endswith("list"))
    spoken = json.loads((tmp_path / "tides.words.json").read_text())["words"]
    twice = next(word for word in spoken if word["text"] == "Twice")
    assert listed.start >= twice["start"]


@pytest.mark.slow
def test_real_voice_estimate_of_the_example_within_five_percent_and_exact_after_render(tmp_path):
    # One small render of the example with the default Piper voice (its speech varies a little
    # from run to run, so the estimate is checked on the whole example, not a few sentences).
    before = script_time(load_script(EXAMPLE))
    assert before.measured == 0
    settings = RenderSettings(size=(320, 180))
    summary = render_video(EXAMPLE, tmp_path / "tides.mp4", settings)
    after = script_time(load_script(EXAMPLE), settings)
    assert after.measured == after.sentences
    assert after.seconds == pytest.approx(summary.duration, abs=1e-6)
    assert before.seconds == pytest.approx(summary.duration, rel=0.05)
    checked = run_cli("check", str(EXAMPLE), cwd=tmp_path)
    assert "from the cached narration" in checked.stderr
    assert _minutes(checked.stderr) == round(summary.duration)
