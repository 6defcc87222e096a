"""Formula beats: a `$$ ... $$` line is drawn by matplotlib's mathtext from the word where it
stands, not spoken unless its `{say="..."}` asks; what mathtext cannot draw is an error."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.media.formula_card import formula_frame
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.cli.checks import check_script
from scriptreel.render.cli.preview import tiles
from scriptreel.script import formula_beats
from scriptreel.script.beats import Anchor, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.markdown import parse_markdown
from tests.conftest import run_cli, write
from tests.tonevoice import WordToneVoice

pytest.importorskip("matplotlib")

SCRIPT = r"""# Orbits

## Kepler

Kepler found a rule.

$$ T^2 = \frac{4\pi^2}{G M} a^3 $$

It holds for every planet.
"""
TEX = r"T^2 = \frac{4\pi^2}{G M} a^3"
SIZE = (320, 180)
FPS = 20


def test_a_formula_line_is_a_beat_on_the_next_word_and_is_not_spoken(tmp_path):
    segment = parse_markdown(write(tmp_path / "f.md", SCRIPT)).segments[1]
    (beat,) = segment.beats
    assert beat.kind is BeatKind.FORMULA and beat.items == (TEX,) and beat.line == 7
    assert beat.anchor == Anchor(1)
    assert segment.narration == "Kepler found a rule. It holds for every planet."


def test_a_formula_is_read_as_its_say_attribute_asks(tmp_path):
    text = SCRIPT.replace("a^3 $$", 'a^3 $$ {say="The period squared grows as the cube."}')
    segment = parse_markdown(write(tmp_path / "f.md", text)).segments[1]
    (beat,) = segment.beats
    assert beat.anchor == Anchor(1)
    assert segment.narration == (
        "Kepler found a rule. The period squared grows as the cube. It holds for every planet."
    )


@pytest.mark.parametrize(
    ("tex", "problem"),
    [
        (r"\frac{a}{b} + \foo", r"Unknown symbol: \\foo \(at character 15\)"),
        (r"\begin{matrix}a\end{matrix}", r"Unknown symbol: \\begin"),
        (r"x^{2", "Expected end_group"),
    ],
)
def test_what_mathtext_cannot_draw_is_an_error_that_names_it(tmp_path, tex, problem):
    with pytest.raises(ScriptError, match=problem) as raised:
        parse_markdown(write(tmp_path / "f.md", SCRIPT.replace(TEX, tex)))
    assert raised.value.line == 7


def test_without_matplotlib_a_formula_is_an_error_that_says_what_to_install(tmp_path, monkeypatch):
    def missing():
        raise ImportError("No module named 'matplotlib'")

    monkeypatch.setattr(formula_beats, "_parser", missing)
    write(tmp_path / "f.md", SCRIPT)
    result = run_cli("check", "f.md", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: f.md:7: formulas are drawn by matplotlib") and "pip" in line


def test_check_lists_the_formula_and_the_storyboard_draws_it(tmp_path):
    script = parse_markdown(write(tmp_path / "f.md", SCRIPT))
    lines = [f.text() for f in check_script(script, SIZE)]
    assert any("f.md:7: formula T^2" in line for line in lines), lines
    (tile,) = [t for t in tiles(script, DEFAULT_THEME) if t.label == "#1 formula"]
    expected = np.asarray(formula_frame(TEX, SIZE, DEFAULT_THEME, "Kepler"))
    assert np.array_equal(np.asarray(tile.draw(SIZE)), expected)


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280), (720, 720)])
def test_the_formula_is_drawn_large_and_whole_inside_the_stage(size):
    image = np.asarray(formula_frame(TEX, size, DEFAULT_THEME)).astype(int)
    ink = np.abs(image - DEFAULT_THEME.title_color).max(axis=2) < 40
    rows, columns = np.nonzero(ink)
    assert columns.max() - columns.min() > min(size) * 0.4
    # Nothing touches the frame's edges: no part of the formula was cut.
    assert rows.min() > 0 and columns.min() > 0
    assert rows.max() < size[1] - 1 and columns.max() < size[0] - 1


def test_the_formula_shows_on_its_word(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "f.md", SCRIPT)
    render_video(
        script, tmp_path / "f.mp4", RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    )
    frames = _frames(tmp_path / "f.mp4")
    words = json.loads((tmp_path / "f.words.json").read_text())["words"]
    (spoken,) = [w for w in words if w["text"] == "It"]
    at = math.floor(spoken["start"] * FPS + 1e-6)
    card = np.asarray(formula_frame(TEX, SIZE, DEFAULT_THEME, "Kepler")).astype(int)
    assert np.abs(frames[at].astype(int) - card).mean() < 4
    assert np.abs(frames[at - 1].astype(int) - card).mean() > 1.5


def _frames(path):
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    # Kept as bytes: a whole video as int64 would weigh eight times as much in the test process.
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3)
