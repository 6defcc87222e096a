"""Burned captions in a rendered video: one encode of a segment's distinct pictures, each shown
on exactly the frames its run was planned for."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.encode.assemble import ffmpeg_exe
from tests.conftest import write
from tests.tonevoice import PlainToneVoice

FPS, SIZE = 20, (320, 180)
SCRIPT = (
    "---\ntitle: Captions\n---\n## One\n\nThe tide rose. It fell again slowly.\n"
    "Then it rose once more.\n\n## Two\n\nA second card with its own caption.\n"
)


def _frames(path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )
    assert raw.stderr == b""
    return np.frombuffer(raw.stdout, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3)


@pytest.mark.parametrize("style", [CaptionStyle.LINES, CaptionStyle.WORDS])
def test_burned_captions_are_one_encode_per_segment_and_change_on_their_frame(
    tmp_path, monkeypatch, style
):
    import scriptreel.render.video.piped as piped

    encoded, moving = [], []
    real_pictures, real_frames = piped.encode_pictures, piped.encode_frames

    def pictures(shown, counts, *rest):
        shown = list(shown)
        encoded.append(list(zip(shown, counts)))
        return real_pictures(shown, counts, *rest)

    monkeypatch.setattr(piped, "encode_pictures", pictures)
    monkeypatch.setattr(
        piped, "encode_frames", lambda *args: moving.append(1) or real_frames(*args)
    )
    settings = RenderSettings(
        size=SIZE, fps=FPS, voice=PlainToneVoice(), burn_captions=True, caption_style=style
    )
    summary = render_video(write(tmp_path / "c.md", SCRIPT), tmp_path / "c.mp4", settings)
    # One encode of stills per segment, and the video's ending: its last second fading out.
    assert len(encoded) == len(summary.segments) and len(moving) == 1
    frames = _frames(tmp_path / "c.mp4")
    # Segments are built side by side: the first segment's encode is the one the video opens on.
    first = min(encoded, key=lambda shown: np.abs(frames[0] - shown[0][0].astype(int)).mean())
    start = 0
    for index, (picture, count) in enumerate(first):
        expected = np.asarray(picture, dtype=np.int16)
        run = frames[start : start + count]
        assert (run == run[0]).all(), "a picture must not move while it is shown"
        assert np.abs(run[0] - expected).mean() < 3, (index, start)
        if start:
            assert np.abs(frames[start - 1].astype(np.int16) - run[0]).max() > 60, start
        start += count
    assert len(frames) == round(summary.duration * FPS)
