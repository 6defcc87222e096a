"""The storyboard shows what the video shows: each call-out tile, drawn over what is on screen
when it lands (a chart or code beside it, a list replaced), is a frame of the render."""

from __future__ import annotations

import subprocess

import numpy as np
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.cli.preview import tiles
from scriptreel.script import load_script
from tests.tonevoice import WordToneVoice

SIZE = (320, 180)
SCRIPT = """---
title: Counting
callouts: true
---

## Code

We count the stones with a short loop.

```python
total = 0
for stone in wall:
    total += stone.weight
```

The loop adds **every stone in the old wall** to the total. It stops at the end.

## Steps

- Lift the first stone.
- Weigh it on the scale.

Then we write down **the weight of every stone** in the book.
"""


def _frames(video) -> np.ndarray:
    """Every frame of the video as an array (frame, y, x, channel)."""
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo"]
        + ["-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(np.int16)


def test_every_call_out_tile_is_a_frame_of_the_video(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "count.md"
    source.write_text(SCRIPT, encoding="utf-8")
    settings = RenderSettings(size=SIZE, fps=5, voice=WordToneVoice(seconds_per_word=0.25))
    render_video(source, tmp_path / "count.mp4", settings)
    frames = _frames(tmp_path / "count.mp4")
    callouts = [t for t in tiles(load_script(source), DEFAULT_THEME) if "callout" in t.label]
    assert len(callouts) == 2
    for tile in callouts:
        drawn = np.asarray(tile.draw(SIZE).convert("RGB")).astype(np.int16)
        nearest = np.abs(frames - drawn).mean(axis=(1, 2, 3)).min()
        assert nearest < 4, f"{tile.label} at {tile.start:.1f} s: no frame within {nearest:.1f}"
