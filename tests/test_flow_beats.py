"""Flow beats: `{flow} A -> B -> C` is read as its steps and drawn as boxes joined by arrows,
each box coming in on the first word of its step; the kind is one module in the registry."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.media.flow_card import flow_frame, layout
from scriptreel.media.grid import Grid, overlaps
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.beat_kinds import KINDS
from scriptreel.render.cli.checks import check_script
from scriptreel.render.video.growing import eased, grow_frames
from scriptreel.script.beats import Anchor, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.markdown import parse_markdown
from tests.conftest import write
from tests.tonevoice import WordToneVoice

SCRIPT = """## Tides

Here is how it goes.

{flow} The Moon pulls -> Water bulges -> Two tides a day

That is the whole story.
"""
STEPS = ("The Moon pulls", "Water bulges", "Two tides a day")
FPS = 20
SIZE = (320, 180)


def test_a_flow_line_is_read_as_its_steps_each_box_from_its_first_word(tmp_path):
    script = parse_markdown(write(tmp_path / "f.md", SCRIPT))
    segment = script.segments[0]
    (beat,) = segment.beats
    assert beat.kind is BeatKind.FLOW and beat.items == STEPS and beat.line == 5
    assert [s.text for s in segment.sentences][
        1
    ] == "The Moon pulls, Water bulges, Two tides a day."
    assert beat.item_anchors == (Anchor(1, 0), Anchor(1, 3), Anchor(1, 5))
    (line,) = [f.text() for f in check_script(script, SIZE) if "flow" in f.text()]
    assert "f.md:5: flow of 3 steps" in line


@pytest.mark.parametrize("steps", ["Only one", "A -> -> C", " -> ".join("ABCDEFG")])
def test_a_flow_with_too_few_too_many_or_empty_steps_is_an_error_at_its_line(tmp_path, steps):
    with pytest.raises(ScriptError) as error:
        parse_markdown(write(tmp_path / "f.md", f"## Tides\n\nHello.\n\n{{flow}} {steps}\n"))
    assert error.value.line == 5 and "flow needs 2 to 6 steps" in str(error.value)


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280), (720, 720)])
def test_the_boxes_fit_the_picture_zone_apart_in_every_shape(size):
    grid = Grid(size, True)
    boxes, across = layout(6, grid)
    left, top, right, bottom = grid.picture()
    assert across == (size[0] >= size[1])
    for index, box in enumerate(boxes):
        assert left <= box[0] and box[2] <= right and top <= box[1] and box[3] <= bottom
        assert not any(overlaps(box, other) for other in boxes[index + 1 :])


def test_the_flow_card_reads_back_its_steps():
    pytesseract = pytest.importorskip("pytesseract")
    image = flow_frame(STEPS, 3, (1280, 720), DEFAULT_THEME, "Tides")
    text = "".join(pytesseract.image_to_string(image.crop((0, 100, 1280, 500))).split())
    for step in STEPS:  # (the spaces between words OCR may or may not see)
        assert step.replace(" ", "") in text, text


def test_each_box_comes_in_on_its_word(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "f.md", SCRIPT)
    render_video(
        script, tmp_path / "f.mp4", RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    )
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(tmp_path / "f.mp4")]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)
    words = json.loads((tmp_path / "f.words.json").read_text())["words"]
    spoken = [w for w in words if w["segment"] == 0]
    entering = eased(1 / grow_frames(FPS))
    for shown, word in ((2, 8), (3, 10)):  # "Water", "Two"
        at = math.floor(spoken[word]["start"] * FPS + 1e-6)
        before, first = (
            np.asarray(flow_frame(STEPS, n, SIZE, DEFAULT_THEME, "Tides", False, e)).astype(int)
            for n, e in ((shown - 1, 1.0), (shown, entering))
        )
        assert np.abs(frames[at - 1] - before).mean() < np.abs(frames[at - 1] - first).mean()
        assert np.abs(frames[at] - first).mean() < np.abs(frames[at] - before).mean()


def test_the_flow_kind_is_registered_with_its_moving_version():
    spec = KINDS["flow"]
    assert spec.still is not None and spec.grows is not None and spec.by_item
