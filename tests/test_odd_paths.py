"""Odd characters in the cache and output paths: the joins still work."""

from __future__ import annotations

import subprocess

import pytest
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import Image

from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.tonevoice import WordToneVoice

SCRIPT = """---
size: 160x96
fps: 10
---
## Picture

One two three.

![](red.png)

Four five six.

![](blue.png)

Seven eight.

## Plain

Nine ten.
"""


@pytest.mark.parametrize("odd", ["new\nline", "query?and#hash", "it's 100% ok"])
def test_a_cache_folder_with_odd_characters_still_joins(tmp_path, monkeypatch, odd):
    # A line break in the cache path broke ffmpeg's concat list, which it reads line by line.
    folder = tmp_path / f"project {odd}"
    folder.mkdir()
    Image.new("RGB", (64, 40), (200, 30, 30)).save(folder / "red.png")
    Image.new("RGB", (64, 40), (30, 30, 200)).save(folder / "blue.png")
    script = write(folder / "t.md", SCRIPT)
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / f"cache {odd}"))
    for use_cache in (True, False):
        summary = render_video(
            script, folder / "t.mp4", RenderSettings(voice=WordToneVoice(), use_cache=use_cache)
        )
        assert summary.duration > 2
    probe = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(folder / "t.mp4"), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0 and probe.stderr == ""
