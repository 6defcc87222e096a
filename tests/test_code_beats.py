"""Code beats: a fenced block is shown, not spoken, as a highlighted code card from the word
where it stands; `check` lists it and the storyboard draws it."""

from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.media.code_card import code_frame, palette, window
from scriptreel.media.themes import DEFAULT_THEME
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.cli.checks import check_script
from scriptreel.render.cli.preview import tiles
from scriptreel.render.video.growing import eased, grow_frames
from scriptreel.script.beats import Anchor, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.markdown import parse_markdown
from tests.conftest import write
from tests.tonevoice import WordToneVoice

SCRIPT = """# Code

## Adding

Here is a small function.

```python {highlight=2}
def add(first, second):
    return first + second
```

It returns the sum of its arguments.
"""
MOVED = SCRIPT.replace(
    "It returns the sum of its arguments.",
    "It returns the sum of its arguments. Its first line gives its name {lines=1}.",
)
REVEALED = """## Loop

Here is a loop.

```python {reveal=lines}
total = 0
for n in range(10):
    total += n
print(total)
```

First we start at zero. Then the loop adds each number to the total. At the end it prints it.
"""
LOOP = ("total = 0", "for n in range(10):", "    total += n", "print(total)")
LINES = ("def add(first, second):", "    return first + second")
FPS = 20
SIZE = (320, 180)


def test_a_fenced_block_is_a_code_beat_on_the_next_word_and_is_not_spoken(tmp_path):
    script = parse_markdown(write(tmp_path / "c.md", SCRIPT))
    segment = script.segments[1]
    (beat,) = segment.beats
    assert beat.kind is BeatKind.CODE and beat.line == 7
    assert beat.items == LINES and beat.language == "python" and beat.highlight == (2,)
    assert beat.anchor == Anchor(1, 0)
    assert segment.narration == "Here is a small function. It returns the sum of its arguments."
    assert not script.warnings


@pytest.mark.parametrize(
    ("fence", "problem"),
    [
        ("```python {highlight=9}", "cannot highlight line 9"),
        ("```python {highlight=2-1}", "is not a list of lines"),
        ("```python {colour=red}", "no attribute 'colour'"),
        ("```python {reveal=words}", "cannot be revealed by 'words'"),
    ],
)
def test_a_bad_fence_attribute_is_an_error_at_its_line(tmp_path, fence, problem):
    text = SCRIPT.replace("```python {highlight=2}", fence)
    with pytest.raises(ScriptError, match=problem) as raised:
        parse_markdown(write(tmp_path / "c.md", text))
    assert raised.value.line == 7


def test_highlight_takes_ranges_and_single_lines(tmp_path):
    text = SCRIPT.replace("{highlight=2}", "{highlight=1-2,2}")
    (beat,) = parse_markdown(write(tmp_path / "c.md", text)).segments[1].beats
    assert beat.highlight == (1, 2)


def test_revealed_lines_are_spread_over_the_words_that_follow(tmp_path):
    (beat,) = parse_markdown(write(tmp_path / "r.md", REVEALED)).segments[0].beats
    assert beat.reveal and beat.items == LOOP
    # 20 words after the block, 4 lines: one every 5 words, the first on the block's word.
    assert beat.item_anchors == (Anchor(1, 0), Anchor(2, 0), Anchor(2, 5), Anchor(3, 1))


def test_a_long_block_shows_a_window_around_its_highlight():
    assert window(10, 20, ()) == range(10)
    assert window(100, 10, ()) == range(10)
    assert window(100, 10, (50, 51)) == range(44, 54)
    assert window(100, 10, (99, 100)) == range(90, 100)


def test_the_code_card_shows_three_syntax_colours_and_reads_back():
    image = code_frame(LINES, "python", (2,), (1280, 720), DEFAULT_THEME, "Adding")
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    colours = palette(DEFAULT_THEME)
    found = [
        colour
        for colour in {tuple(c) for c in colours.values()}
        if (np.abs(pixels - colour).max(axis=1) < 8).sum() > 30
    ]
    assert len(found) >= 3, found
    pytesseract = pytest.importorskip("pytesseract")
    text = pytesseract.image_to_string(image)
    assert "def" in text and "add" in text and "return" in text, text


def test_the_code_card_reads_back_in_a_tall_frame():
    pytesseract = pytest.importorskip("pytesseract")
    lines = ("TIDE = timedelta(hours=12, minutes=25)", "", "def next_high(last):")
    lines += ("    return last + TIDE",)
    image = code_frame(lines, "python", (3, 4), (720, 1280), DEFAULT_THEME, "Next tide", True)
    text = pytesseract.image_to_string(image.crop((0, 320, 720, 800)))  # its zone: quicker
    for word in ("timedelta(hours=12,", "next_high(last):", "return"):
        assert word in text, text


def test_check_lists_the_code_beat_and_the_storyboard_draws_it(tmp_path):
    script = parse_markdown(write(tmp_path / "c.md", SCRIPT))
    lines = [f.text() for f in check_script(script, SIZE)]
    assert any(
        "c.md:7: code, python, 2 lines, line 2 highlighted from sentence 2" in line
        for line in lines
    ), lines
    (tile,) = [t for t in tiles(script, DEFAULT_THEME) if t.label == "#1 code"]
    drawn = np.asarray(tile.draw(SIZE)).astype(int)
    expected = np.asarray(code_frame(LINES, "python", (2,), SIZE, DEFAULT_THEME, "Adding"))
    assert np.array_equal(drawn, expected)


def test_a_sentence_ending_in_lines_moves_the_highlight_from_its_first_word(tmp_path):
    (code, moved) = parse_markdown(write(tmp_path / "c.md", MOVED)).segments[1].beats
    assert moved.kind is BeatKind.CODE and moved.items == code.items
    assert (moved.anchor, moved.highlight, moved.line) == (Anchor(2, 0), (1,), 12)
    narration = parse_markdown(tmp_path / "c.md").segments[1].narration
    assert narration.endswith("Its first line gives its name.")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("## A\n\nNo code here {lines=2}.\n", "has no code block before it"),
        (MOVED.replace("{lines=1}", "{lines=3}"), "cannot highlight line 3"),
    ],
)
def test_a_lines_mark_without_its_code_or_past_it_is_an_error(tmp_path, text, problem):
    with pytest.raises(ScriptError, match=problem):
        parse_markdown(write(tmp_path / "c.md", text))


def test_revealed_code_types_each_line_from_its_word(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "r.md", REVEALED)
    render_video(
        script, tmp_path / "r.mp4", RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    )
    frames = _frames(tmp_path / "r.mp4")
    words = json.loads((tmp_path / "r.words.json").read_text())["words"]
    spoken = [w for w in words if w["segment"] == 0]
    text = "Here is a loop. First we start at zero. Then the loop adds each number".split()
    typing = grow_frames(FPS)
    for shown, word in ((2, 9), (3, 14)):  # "Then", "number"
        at = math.floor(spoken[word]["start"] * FPS + 1e-6)
        first, now, before = (
            np.asarray(_loop(n, typed))
            for n, typed in ((shown, eased(1 / typing)), (shown, 1.0), (shown - 1, 1.0))
        )
        # The line starts being typed on its word's frame, not before, and is whole once typed;
        # each frame is nearest the picture it should show.
        nearest = [
            min(range(3), key=lambda k: _distance(frames[index], (before, first, now)[k]))
            for index in (at - 1, at, at + typing)
        ]
        assert nearest == [0, 1, 2], text[word]
        middle = frames[at + typing // 2]
        assert _distance(middle, now) < _distance(frames[at], now), text[word]


def _loop(shown: int, typed: float):
    return code_frame(LOOP, "python", (), SIZE, DEFAULT_THEME, "Loop", revealed=shown, typed=typed)


def test_a_draft_shows_revealed_code_whole_from_its_word_as_one_still(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "r.md", REVEALED)
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice(), draft=True)
    render_video(script, tmp_path / "r.mp4", settings)
    frames = _frames(tmp_path / "r.mp4")
    states = [np.asarray(_loop(n, 1.0)) for n in range(1, len(LOOP) + 1)]
    nearest = [min(range(4), key=lambda n: _distance(frame, states[n])) + 1 for frame in frames]
    # Whole from the block's word on (until the video fades out): never a line at a time.
    whole = [index for index, n in enumerate(nearest) if n == len(LOOP)]
    assert whole and whole == list(range(whole[0], whole[-1] + 1)), str(nearest)
    assert 2 not in nearest and 3 not in nearest, str(nearest)


def _distance(frame, card) -> float:
    return float(np.abs(frame - card.astype(int)).mean())


def _frames(path):
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(path)]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)


def test_the_code_card_and_its_moved_highlight_show_on_their_words(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "c.md", MOVED)
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    render_video(script, tmp_path / "c.mp4", settings)
    frames = _frames(tmp_path / "c.mp4")
    words = json.loads((tmp_path / "c.words.json").read_text())["words"]
    for word, highlight in (("It", (2,)), ("Its", (1,))):
        (spoken,) = [w for w in words if w["segment"] == 1 and w["text"] == word]
        at = math.floor(spoken["start"] * FPS + 1e-6)
        card = code_frame(LINES, "python", highlight, SIZE, DEFAULT_THEME, "Adding")
        card = np.asarray(card).astype(int)
        assert np.abs(frames[at] - card).mean() < 4, word
        assert np.abs(frames[at - 1] - card).mean() > 1.5, word
