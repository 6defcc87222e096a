"""Still pictures piped to the encoder from memory: the same frames as composing them through
PNG files and MoviePy, no PNG written for a text-only segment, and ffmpeg's failures reported."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scriptreel.media.kinetic import _composed
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.encode.sequence import piped
from scriptreel.render.errors import RenderError
from scriptreel.render.video.fades import Fades, ending_frames, faded
from tests.conftest import write
from tests.tonevoice import WordToneVoice

SIZE = (64, 36)


def _noise(seed: int, channels: int = 3) -> np.ndarray:
    shape = (SIZE[1], SIZE[0], channels)
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def test_the_ending_looked_up_is_the_ending_composed_frame_by_frame():
    from moviepy import ImageClip

    picture, background = _noise(1), _noise(2)
    frames, fps = 9, 12
    fades = Fades(background=Image.fromarray(background), ending=frames)
    clip = faded(ImageClip(picture).with_duration(frames / fps), frames, fps, fades)
    composed = [clip.get_frame(index / fps) for index in range(frames)]
    looked_up = list(ending_frames(picture, background, frames))
    assert len(looked_up) == frames
    for index, (one, other) in enumerate(zip(composed, looked_up)):
        assert np.array_equal(one, other), index
    assert np.array_equal(looked_up[-1], background)  # it ends on the background alone


def test_compositing_only_where_sprites_lie_is_compositing_the_whole_frame():
    under = Image.fromarray(_noise(3, 4)).convert("RGBA")
    under.putalpha(255)
    sprites = []
    for seed, at in ((4, (5, 3)), (5, (50, 20))):  # overlapping; the second past the edges
        part = Image.fromarray(np.random.default_rng(seed).integers(0, 256, (20, 24, 4), np.uint8))
        sprites.append((part, at))
    whole = under.copy()
    for part, at in sprites:
        whole.alpha_composite(part, at)
    composed = _composed((under, under.convert("RGB")), sprites)
    assert composed.mode == "RGB"
    assert np.array_equal(np.asarray(composed), np.asarray(whole.convert("RGB")))
    assert np.array_equal(np.asarray(_composed((under, under.convert("RGB")), [None])), _rgb(under))


def _rgb(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


SCRIPT = """---
title: Reef
---
## The reef

In the winter of **1852 alone the reef took eleven vessels**. The harbour board asked
**an engineer named Margaret Hale** to design a tower.

## The tower

**The first tower stood for forty years** before a storm. A second one still stands.
"""


def test_a_text_only_render_writes_no_still_picture_files(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(cache))
    settings = RenderSettings(size=(160, 96), fps=10, voice=WordToneVoice())
    summary = render_video(write(tmp_path / "r.md", SCRIPT), tmp_path / "r.mp4", settings)
    assert [report.title for report in summary.segments] == ["The reef", "The tower"]
    assert not list(cache.rglob("*.png"))


def test_an_encoder_that_fails_says_why():
    args = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "8x8", "-i", "pipe:0"]
    with pytest.raises(RenderError, match="testing failed .*Encoder not found"):
        piped([*args, "-c:v", "no-such-codec", "-f", "null", "-"], [bytes(192)], "testing")


def test_a_picture_that_cannot_be_drawn_stops_the_encoder_with_its_own_error():
    def pictures():
        yield bytes(192)
        raise ValueError("cannot draw")

    args = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "8x8", "-i", "pipe:0", "-f", "null"]
    with pytest.raises(ValueError, match="cannot draw"):
        piped([*args, "-"], pictures(), "testing")
