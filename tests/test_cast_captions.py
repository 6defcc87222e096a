"""A cast's burned captions, read back from the rendered frames: word by word, the word being
spoken is in its speaker's colour."""

from __future__ import annotations

import json

import numpy as np
from PIL import Image

from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.probe import frame_png

WORDS = """---
title: Two hosts
captions: burn
caption_style: words
cast:
  Ana: {voice: "tone:440", color: "#e02020"}
  Ben: {voice: "tone:220", color: "#20a0f0"}
---

## Tides

Ana: Red green blue.

Ben: Moon pulls water.
"""

RED, BLUE, ACCENT = (224, 32, 32), (32, 160, 240), (255, 186, 73)


def _count(image: Image.Image, color: tuple[int, int, int], box) -> int:
    """Pixels of a box of the frame near one colour (the edges of letters are blended into the
    dark box behind them, hence the wide margin)."""
    part = np.asarray(image.crop(box).convert("RGB")).astype(int)
    return int((np.abs(part - np.array(color)).sum(axis=2) < 120).sum())


def test_the_word_being_spoken_is_in_its_speakers_colour(tmp_path):
    write(tmp_path / "talk.md", WORDS)
    settings = RenderSettings(size=(320, 180), fps=10, voice="tone:440")
    render_video(tmp_path / "talk.md", tmp_path / "talk.mp4", settings)
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    assert [w["speaker"] for w in words] == ["Ana"] * 3 + ["Ben"] * 3
    band = (0, 110, 320, 170)  # the caption band at the foot of a 320x180 frame
    seen = {}
    for name, word in (("ana", words[1]), ("ben", words[4])):
        at = (word["start"] + word["end"]) / 2
        seen[name] = Image.open(frame_png(tmp_path / "talk.mp4", at, tmp_path / f"{name}.png"))
    assert _count(seen["ana"], RED, band) > 15 and _count(seen["ana"], BLUE, band) == 0
    assert _count(seen["ben"], BLUE, band) > 15 and _count(seen["ben"], RED, band) == 0
    assert _count(seen["ana"], ACCENT, band) == 0  # the speaker's colour, not the theme's


def test_without_a_cast_the_word_being_spoken_is_in_the_accent_colour(tmp_path):
    from scriptreel.media.word_captions import word_caption_overlay

    layer = word_caption_overlay(["Red", "green"], 0, (320, 180))
    assert _count(layer, ACCENT, (0, 0, 320, 180)) > 15
    red = word_caption_overlay(["Red", "green"], 0, (320, 180), color="#e02020")
    assert _count(red, RED, (0, 0, 320, 180)) > 15 and _count(red, ACCENT, (0, 0, 320, 180)) == 0


def test_a_cast_caption_over_a_moving_picture_is_in_its_speakers_colour(tmp_path):
    # A pushed picture is a moving piece: its captions are laid over it as layers, which once
    # failed on a speaker's caption.
    Image.new("RGB", (320, 180), (30, 120, 60)).save(tmp_path / "green.png")
    text = WORDS.replace("caption_style: words\n", "motion: true\n").replace(
        "Ben: Moon pulls water.", "![](green.png)\n\nBen: Moon pulls water up on every side of us."
    )
    write(tmp_path / "talk.md", text)
    settings = RenderSettings(size=(320, 180), fps=10, voice="tone:440", motion=True)
    render_video(tmp_path / "talk.md", tmp_path / "talk.mp4", settings)
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    at = (words[6]["start"] + words[6]["end"]) / 2  # after the picture has faded in
    frame = Image.open(frame_png(tmp_path / "talk.mp4", at, tmp_path / "ben.png"))
    assert _count(frame, (30, 120, 60), (0, 0, 320, 100)) > 20000  # over the picture
    assert _count(frame, BLUE, (0, 110, 320, 170)) > 15


def test_word_captions_name_a_new_speaker_in_the_lower_third(tmp_path):
    write(tmp_path / "talk.md", WORDS.replace("cast:", "speaker_labels: true\ncast:"))
    settings = RenderSettings(size=(320, 180), fps=10, voice="tone:440")
    render_video(tmp_path / "talk.md", tmp_path / "talk.mp4", settings)
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    at = (words[4]["start"] + words[4]["end"]) / 2
    frame = Image.open(frame_png(tmp_path / "talk.mp4", at, tmp_path / "ben.png"))
    zone = (0, 80, 160, 125)  # the lower third, above the caption band
    assert _count(frame, BLUE, zone) > 15 and _count(frame, RED, zone) == 0
