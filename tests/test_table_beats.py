"""Table and chart beats: a Markdown table is shown, not spoken, as a table card whose rows build
up a sentence at a time, or with `{chart=...}` as a chart that grows in from its word."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.media.chart_card import chart_frame, series_colours
from scriptreel.media.table_card import table_frame
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.cli.checks import check_script
from scriptreel.render.cli.preview import tiles
from scriptreel.render.video.growing import eased, grow_frames
from scriptreel.script.beats import Anchor, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.markdown import parse_markdown
from scriptreel.script.table_beats import GROWTH_STEPS, number
from tests.conftest import run_cli, write
from tests.tonevoice import WordToneVoice

SCRIPT = """# Data

## Tides

The tide tables say this.

| Port | High | Low |
|------|-----:|----:|
| Brest | 7.1 m | 1.2 m |
| Dover | 6,100 | 12% |
| Kiel | $3.5M | 4k |

Brest has the highest tide. Dover comes next. Kiel barely moves.
"""
CHART = """# Data

## Visitors

Here are the visitors.

| Year | Visitors |
|---|---|
| 2021 | 1,200 |
| 2022 | 2,400 |
| 2023 | 900 |
{chart=bar}

Visitors doubled in a year and then fell back.
"""
CELLS = (
    ("Port", "High", "Low"),
    ("Brest", "7.1 m", "1.2 m"),
    ("Dover", "6,100", "12%"),
    ("Kiel", "$3.5M", "4k"),
)
YEARS = (("Year", "Visitors"), ("2021", "1,200"), ("2022", "2,400"), ("2023", "900"))
FPS = 20
SIZE = (320, 180)


def test_a_table_is_a_beat_on_the_next_word_its_rows_one_a_sentence_and_not_spoken(tmp_path):
    script = parse_markdown(write(tmp_path / "t.md", SCRIPT))
    segment = script.segments[1]
    (beat,) = segment.beats
    assert beat.kind is BeatKind.TABLE and beat.line == 7 and beat.cells == CELLS
    assert beat.item_anchors == (Anchor(1), Anchor(2), Anchor(3))
    assert segment.narration == (
        "The tide tables say this. Brest has the highest tide. Dover comes next. Kiel barely moves."
    )


def test_rows_left_over_come_with_the_last_sentence(tmp_path):
    text = SCRIPT.replace(" Dover comes next. Kiel barely moves.", "")
    (beat,) = parse_markdown(write(tmp_path / "t.md", text)).segments[1].beats
    assert beat.item_anchors == (Anchor(1), Anchor(1), Anchor(1))


def test_a_chart_takes_its_numbers_and_grows_over_the_words_from_its_own(tmp_path):
    (beat,) = parse_markdown(write(tmp_path / "c.md", CHART)).segments[1].beats
    assert beat.kind is BeatKind.CHART and beat.chart == "bar" and beat.cells == YEARS
    assert beat.values == ((1200.0,), (2400.0,), (900.0,))
    assert beat.item_anchors == tuple(Anchor(1, word) for word in range(GROWTH_STEPS))
    assert "chart" not in parse_markdown(tmp_path / "c.md").segments[1].narration


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1,200", 1200), ("12%", 12), ("$3.5M", 3.5e6), ("-4 km", -4), ("4k", 4000), ("2bn", 2e9)],
)
def test_numbers_are_read_with_units_and_thousands_separators(cell, value):
    assert number(cell) == pytest.approx(value)


@pytest.mark.parametrize("cell", ["about ten", "1,20", "", "12 34"])
def test_what_is_not_a_number_is_not_read_as_one(cell):
    assert number(cell) is None


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (("| 2022 | 2,400 |", "| 2022 | lots |"), 10, "cell 'lots' is not a number"),
        (("{chart=bar}", "{chart=radar}"), 12, "there is no chart 'radar'"),
        (("| 2023 | 900 |", "| 2023 | -900 |"), 11, "a pie cannot show '-900'"),
    ],
)
def test_a_bad_chart_is_an_error_at_its_line(tmp_path, change, line, problem):
    text = CHART.replace(*change)
    if "pie" in problem:
        text = text.replace("{chart=bar}", "{chart=pie}")
    with pytest.raises(ScriptError, match=problem) as raised:
        parse_markdown(write(tmp_path / "c.md", text))
    assert raised.value.line == line


def test_a_cell_that_is_not_a_number_stops_check_with_one_line(tmp_path):
    write(tmp_path / "c.md", CHART.replace("| 2022 | 2,400 |", "| 2022 | lots |"))
    result = run_cli("check", "c.md", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: c.md:10: the chart's cell 'lots'"), lines


def test_the_table_card_reads_back_its_cells_and_hides_rows_not_yet_shown():
    pytesseract = pytest.importorskip("pytesseract")
    whole = pytesseract.image_to_string(table_frame(CELLS, 3, (1280, 720), DEFAULT_THEME))
    for cell in ("Port", "Brest", "Dover", "Kiel", "6,100", "12%", "$3.5M"):
        assert cell in whole, (cell, whole)
    first = pytesseract.image_to_string(table_frame(CELLS, 1, (1280, 720), DEFAULT_THEME))
    assert "Brest" in first and "Dover" not in first and "Kiel" not in first, first


@pytest.mark.parametrize("size", [(1280, 720), (720, 1280), (720, 720)])
def test_the_bars_are_as_many_as_the_rows_and_as_tall_as_their_values(size):
    values = ((1200.0,), (2400.0,), (900.0,))
    image = chart_frame("bar", YEARS, values, 1.0, size, DEFAULT_THEME)
    heights = _bar_heights(np.asarray(image).astype(int), series_colours(DEFAULT_THEME, 1)[0])
    assert len(heights) == 3, heights
    assert heights[1] > heights[0] > heights[2]
    assert heights[1] / heights[0] == pytest.approx(2.0, rel=0.05)
    half = chart_frame("bar", YEARS, values, 0.5, size, DEFAULT_THEME)
    halves = _bar_heights(np.asarray(half).astype(int), series_colours(DEFAULT_THEME, 1)[0])
    assert halves[1] == pytest.approx(heights[1] / 2, abs=2)


def _bar_heights(pixels, colour) -> list[int]:
    """The height of each run of columns holding the bar colour, left to right."""
    painted = (np.abs(pixels - colour).max(axis=2) < 10).sum(axis=0)
    heights, run = [], []
    for count in [*painted, 0]:
        if count > 3:
            run.append(count)
        elif run:
            heights.append(max(run)) if len(run) > 3 else None
            run = []
    return heights


def test_the_chart_reads_back_its_labels():
    pytesseract = pytest.importorskip("pytesseract")
    values = ((1200.0,), (2400.0,), (900.0,))
    image = chart_frame("bar", YEARS, values, 1.0, (1280, 720), DEFAULT_THEME)
    # Read as scattered text: the labels stand apart, not in lines.
    text = pytesseract.image_to_string(image, config="--psm 11")
    for label in ("2021", "2022", "2023", "1,200", "2,400"):
        assert label in text, (label, text)


def test_check_lists_tables_and_charts_and_the_storyboard_draws_them(tmp_path):
    script = parse_markdown(write(tmp_path / "t.md", SCRIPT))
    lines = [f.text() for f in check_script(script, SIZE)]
    assert any("t.md:7: table, 3 rows of 3 columns" in line for line in lines), lines
    (tile,) = [t for t in tiles(script, DEFAULT_THEME) if t.label == "#1 table"]
    expected = np.asarray(table_frame(CELLS, 3, SIZE, DEFAULT_THEME, "Tides"))
    assert np.array_equal(np.asarray(tile.draw(SIZE)), expected)
    chart = parse_markdown(write(tmp_path / "c.md", CHART))
    lines = [f.text() for f in check_script(chart, SIZE)]
    assert any("c.md:7: bar chart, 3 rows, 1 series" in line for line in lines), lines


def test_the_table_and_its_rows_show_on_their_words(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "t.md", SCRIPT)
    render_video(
        script, tmp_path / "t.mp4", RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    )
    frames = _frames(tmp_path / "t.mp4")
    words = json.loads((tmp_path / "t.words.json").read_text())["words"]
    for word, shown in (("Brest", 1), ("Dover", 2), ("Kiel", 3)):
        (spoken,) = [w for w in words if w["text"] == word]
        at = math.floor(spoken["start"] * FPS + 1e-6)
        now, before = (
            table_frame(CELLS, n, SIZE, DEFAULT_THEME, "Tides") for n in (shown, shown - 1)
        )
        assert _distance(frames[at], now) < 4, word
        assert _distance(frames[at - 1], now) > _distance(frames[at - 1], before), word


def _distance(frame, card) -> float:
    return float(np.abs(frame.astype(int) - np.asarray(card).astype(int)).mean())


def _frames(path):
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    # Kept as bytes: a whole video as int64 would weigh eight times as much in the test process.
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3)


def test_the_chart_grows_from_its_word_and_stays_grown(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "c.md", CHART)
    render_video(
        script, tmp_path / "c.mp4", RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    )
    frames = _frames(tmp_path / "c.mp4")
    words = json.loads((tmp_path / "c.words.json").read_text())["words"]
    values = ((1200.0,), (2400.0,), (900.0,))
    spoken = [w for w in words if w["segment"] == 1]
    # Its word's frame shows the first growth; once its last step has grown, it stays grown.
    first = eased(1 / grow_frames(FPS)) / GROWTH_STEPS
    last = math.floor(spoken[3 + GROWTH_STEPS]["start"] * FPS + 1e-6) + grow_frames(FPS)
    at = math.floor(spoken[4]["start"] * FPS + 1e-6)
    for frame, grown in ((at, first), (last, 1.0), (last + 5, 1.0)):
        card = chart_frame("bar", YEARS, values, grown, SIZE, DEFAULT_THEME, "Visitors")
        assert _distance(frames[frame], card) < 4, frame
    grown = chart_frame("bar", YEARS, values, 1.0, SIZE, DEFAULT_THEME, "Visitors")
    assert _distance(frames[at - 1], grown) > 1.5
    # The bars grow frame by frame from their word (a moving piece), not in a few jumps.
    colour = series_colours(DEFAULT_THEME, 1)[0]
    tallest = [
        max(_bar_heights(frames[i].astype(int), colour), default=0) for i in range(at - 1, at + 20)
    ]
    assert tallest[0] == 0 and tallest[1] > 0, tallest
    assert all(b >= a - 2 for a, b in zip(tallest, tallest[1:])), tallest
    assert len(set(tallest)) >= 8, tallest
    last = _bar_heights(frames[at + 20].astype(int), colour)
    assert len(last) == 3 and last[1] > last[0] > last[2], last


def test_an_edit_of_one_table_value_rebuilds_only_its_segment(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    settings = RenderSettings(size=(160, 96), fps=FPS, voice=WordToneVoice())
    text = CHART + "\n## Afterwards\n\nThe season ended.\n"
    script = write(tmp_path / "c.md", text)
    render_video(script, tmp_path / "c.mp4", settings)
    write(script, text.replace("| 2022 | 2,400 |", "| 2022 | 2,600 |"))
    summary = render_video(script, tmp_path / "c.mp4", settings)
    assert [report.title for report in summary.segments if report.rebuilt] == ["Visitors"]
