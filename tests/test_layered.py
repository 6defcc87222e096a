"""Overlays over a moving beat, drawn only in their box, give MoviePy's composite to the byte."""

from __future__ import annotations

import numpy as np
from PIL import Image

from scriptreel.media.clips import _composite, _prepared
from scriptreel.render.video.layered import layered_clip, overlay

SIZE = (320, 180)
FPS = 30


def _layer(seed: int, box: tuple[int, int, int, int]) -> Image.Image:
    """A transparent frame with every alpha value somewhere inside `box`."""
    rng = np.random.default_rng(seed)
    pixels = np.zeros((SIZE[1], SIZE[0], 4), np.uint8)
    left, top, right, bottom = box
    patch = rng.integers(0, 256, (bottom - top, right - left, 4), dtype=np.uint8)
    patch[:16, :16, 3] = np.arange(256, dtype=np.uint8).reshape(16, 16)
    pixels[top:bottom, left:right] = patch
    return Image.fromarray(pixels)


def test_layered_frames_equal_moviepy_composite_at_every_frame():
    from moviepy import CompositeVideoClip, ImageClip, VideoClip

    rng = np.random.default_rng(1)
    frames = [rng.integers(0, 256, (SIZE[1], SIZE[0], 3), dtype=np.uint8) for _ in range(40)]
    base = VideoClip(lambda t: frames[min(39, round(t * FPS))], duration=40 / FPS)
    # Two overlays that overlap in time (frames 10-30) and place; the second ends on frame 30.
    runs = [(5, 25, _layer(2, (20, 30, 200, 120))), (10, 20, _layer(3, (100, 60, 300, 170)))]
    timed = [
        ImageClip(np.asarray(layer), transparent=True)
        .with_start(start / FPS)
        .with_duration(count / FPS)
        for start, count, layer in runs
    ]
    expected = CompositeVideoClip([base, *timed], size=SIZE).with_duration(40 / FPS)
    ours = layered_clip(base, [overlay(layer, s, n, FPS) for s, n, layer in runs], 40 / FPS)
    for index in range(40):
        wanted = expected.get_frame(index / FPS)
        got = ours.get_frame(index / FPS)
        assert got.shape == wanted.shape and np.array_equal(got, wanted), index


def test_an_empty_layer_is_no_overlay():
    assert overlay(Image.new("RGBA", SIZE), 0, 10, FPS) is None


def test_a_clip_overlay_in_its_box_equals_the_whole_frame_sum():
    layer = _layer(4, (40, 50, 150, 90))
    frame = np.random.default_rng(5).integers(0, 256, (SIZE[1], SIZE[0], 3), dtype=np.uint8)
    pixels = np.asarray(layer, np.uint16)
    alpha = pixels[:, :, 3:4]
    whole = (frame.astype(np.uint16) * (255 - alpha) + pixels[:, :, :3] * alpha + 127) // 255
    assert np.array_equal(_composite(frame, _prepared(layer)), whole.astype(np.uint8))
