"""A small rendered script with every editor export beside it, shared by the export tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import Image, ImageDraw

SIZE = (320, 180)
FORMATS = ("otio", "mlt", "xges", "fcpxml", "xml", "edl")
SCRIPT = """---
title: Tides
callouts: on
---

## The moon pulls

The moon pulls the sea toward it every day. **Twice a day** the water rises up the shore.

## A map of the bulge

![](map.png)

The map shows the bulge of water under the moon. It follows the moon around the world.

## The tide comes in

![](tide.mp4)

Water climbs the beach a little at a time. Then it falls back to where it started.
"""


def write_media(folder: Path) -> None:
    """A picture and a short clip for the script's beats, made here."""
    picture = Image.new("RGB", (640, 360), (20, 60, 120))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((200, 80, 440, 280), fill=(230, 200, 60))
    draw.rectangle((0, 300, 640, 360), fill=(40, 160, 90))
    picture.save(folder / "map.png")
    subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i"]
        + ["testsrc2=size=320x180:rate=30:duration=4", "-pix_fmt", "yuv420p"]
        + [str(folder / "tide.mp4")],
        check=True,
    )


def gray_frames(video: Path) -> np.ndarray:
    """Every frame of a video, in order, downscaled to 80x45 grey levels (by index, not by
    seeking to a time: engines write their timestamps differently)."""
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-vf", "scale=80:45"]
        + ["-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(-1, 45, 80).astype(np.float32)


def envelope(samples: np.ndarray, rate: int = 48000) -> np.ndarray:
    """Loudness per millisecond, to find where the narration sits."""
    step = rate // 1000
    usable = len(samples) // step * step
    return np.abs(samples[:usable]).reshape(-1, step).mean(axis=1)


def lag_ms(ours: np.ndarray, theirs: np.ndarray) -> int:
    """Milliseconds by which `theirs` is late on `ours` (negative: early)."""
    size = min(len(ours), len(theirs))
    a, b = ours[:size] - ours[:size].mean(), theirs[:size] - theirs[:size].mean()
    full = np.correlate(b, a, mode="full")
    return int(np.argmax(full)) - (size - 1)
