"""Under --motion every boundary between segments fades down to black and up again."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.test_ending import SIZE, frames_of
from tests.tonevoice import ToneVoice

SCRIPT = (
    "---\ntitle: Fades\nsize: 320x180\nfps: 12\n---\n"
    "# Fades\n\nAn opening card with a few words.\n\n"
    "## Text then a picture\n\nSome words come first here.\n\n"
    "![A picture](p.png){fit=contain}\n\nAnd more words about the picture.\n\n"
    "## A picture first\n\n![Another](p.png){fit=cover}\n\nWords over the picture.\n\n"
    "## The last\n\nClosing words.\n"
)


def _picture(path):
    pixels = np.full((180, 320, 3), 200, dtype=np.uint8)
    pixels[:, :, 1] = np.linspace(120, 250, 320, dtype=np.uint8)[None, :]
    Image.fromarray(pixels).save(path)


@pytest.fixture(scope="module")
def motion(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fades")
    _picture(folder / "p.png")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        settings = RenderSettings(voice=ToneVoice(), motion=True)
        summary = render_video(write(folder / "f.md", SCRIPT), settings=settings)
    return summary, frames_of(folder / "f.mp4")


def test_motion_fades_down_and_up_at_every_segment_boundary_even_with_beats(motion):
    summary, frames = motion
    assert frames.shape[1:3] == (SIZE[1], SIZE[0])
    brightness = frames.mean(axis=(1, 2, 3))
    for segment in summary.segments[1:]:
        boundary = round(segment.start * 12)
        lit = np.median(brightness[boundary + 6 : round(segment.end * 12) - 6])
        # The last frame of the segment before and the first of this one are both dim:
        # no hard cut, no flash from black straight to a full card.
        assert brightness[boundary - 1] < lit * 0.5, segment.title
        assert brightness[boundary] < lit * 0.5, segment.title
