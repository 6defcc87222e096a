"""A render's memory does not grow with the script's length: what a segment's narration was
made of is kept, not its samples."""

from __future__ import annotations

import tracemalloc

from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.tonevoice import ToneVoice

SENTENCE = " ".join(["word"] * 12) + "."
AUDIO = 12 * 48000 * 2
"""Bytes of one segment's narration at the timeline's rate: twelve words of a second each."""


def peak(folder, segments: int) -> int:
    """Peak bytes of Python and numpy allocations while rendering `segments` segments."""
    parts = "".join(f"## Part {n}\n\n{SENTENCE}\n\n" for n in range(segments))
    script = write(folder / f"long{segments}.md", f"---\ntitle: Long\nfps: 1\n---\n{parts}")
    settings = RenderSettings(size=(160, 90), voice=ToneVoice(seconds_per_word=1.0))
    tracemalloc.start()
    try:
        render_video(script, folder / f"long{segments}.mp4", settings)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_stays_flat_as_the_script_grows(tmp_path):
    peak(tmp_path, 1)  # the first render loads fonts and modules once for the process
    short, long = peak(tmp_path, 2), peak(tmp_path, 8)
    # Six more segments hold 6 * AUDIO bytes of narration: a render that kept them grows by
    # that much (5.6x AUDIO measured, when a view of each kept its samples alive); one that
    # does not grows by what is in flight at its peak (1.7x AUDIO measured).
    assert long - short < 3 * AUDIO, (short, long)
