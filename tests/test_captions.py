"""Caption and chapter files read back as written: WebVTT escaping, SubRip cue text that cannot
break the file, and chapter lists that video sites accept."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scriptreel.media.captions import (
    MIN_CHAPTER,
    Cue,
    chapter_list,
    merge_short_chapters,
    to_srt,
    to_vtt,
)


def _read_back(path: Path, into: str) -> list[str]:
    """Cue texts as ffmpeg's own subtitle reader understands the file."""
    from imageio_ffmpeg import get_ffmpeg_exe

    out = path.with_suffix("." + into)
    subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-y", "-i", str(path), str(out)],
        check=True,
        capture_output=True,
    )
    blocks = out.read_text(encoding="utf-8").strip().split("\n\n")
    texts = []
    for block in blocks:
        lines = block.splitlines()
        timing = [i for i, line in enumerate(lines) if "-->" in line]
        if timing:  # not the WEBVTT header
            texts.append(" ".join(lines[timing[0] + 1 :]))
    return texts


TRICKY = [
    "x < y and y > z",
    "Salt & pepper, <b>not bold</b>.",
    "A --> B, then C.",
    "First line.\n\nSecond part after a blank line.",
]


def test_vtt_cue_text_with_angle_brackets_reads_back_unchanged(tmp_path):
    cues = [Cue(i, i + 1, text) for i, text in enumerate(TRICKY)]
    path = tmp_path / "c.vtt"
    path.write_text(to_vtt(cues), encoding="utf-8")
    assert _read_back(path, "srt") == [" ".join(text.split()) for text in TRICKY]


def test_vtt_cue_text_never_holds_an_arrow_or_raw_markup():
    body = to_vtt([Cue(0, 1, text) for text in TRICKY]).split("\n\n")[1:]
    for block in body:
        text = block.split("\n", 1)[1]
        assert "-->" not in text and "<" not in text and ">" not in text
    assert "x &lt; y and y &gt; z" in to_vtt([Cue(0, 1, "x < y and y > z")])
    assert "Salt &amp; pepper" in to_vtt([Cue(0, 1, "Salt & pepper")])


def test_srt_arrow_or_blank_line_in_cue_text_does_not_break_the_file(tmp_path):
    cues = [Cue(i, i + 1, text) for i, text in enumerate(TRICKY)]
    path = tmp_path / "c.srt"
    path.write_text(to_srt(cues), encoding="utf-8")
    texts = _read_back(path, "vtt")
    assert len(texts) == len(TRICKY)
    assert texts[2] == "A -> B, then C."
    assert texts[3] == "First line. Second part after a blank line."


def test_empty_cues_are_left_out_and_srt_stays_numbered():
    cues = [Cue(0, 1, "One."), Cue(1, 2, " \n "), Cue(2, 3, "Two.")]
    srt = to_srt(cues)
    assert srt.startswith("1\n") and "\n2\n00:00:02,000" in srt and "\n3\n" not in srt
    assert to_vtt(cues).count("-->") == 2


def test_chapter_list_formats_minutes_and_hours():
    assert chapter_list([(0, "Intro"), (65.4, "Next")]) == "00:00 Intro\n01:05 Next\n"
    assert chapter_list([(0, "A"), (3725, "B")]) == "0:00:00 A\n1:02:05 B\n"
    assert chapter_list([]) == "\n"


def test_short_opening_chapter_merges_into_the_next_keeping_its_title():
    chapters = [(0, 3, "Title card"), (3, 40, "Tides"), (40, 80, "Moon"), (80, 120, "Sun")]
    assert chapter_list(chapters) == "00:00 Tides\n00:40 Moon\n01:20 Sun\n"


def test_every_chapter_in_the_list_lasts_at_least_ten_seconds():
    chapters = [(0, 4, "A"), (4, 9, "B"), (9, 30, "C"), (30, 33, "D"), (33, 60, "E"), (60, 65, "F")]
    merged = merge_short_chapters(chapters)
    assert merged == [(0.0, 30.0, "C"), (30.0, 65.0, "E")]
    assert all(end - start >= MIN_CHAPTER for start, end, _ in merged)
    assert chapter_list(chapters) == "00:00 C\n00:30 E\n"  # fewer than three: still written


def test_first_chapter_is_always_at_zero():
    assert chapter_list([(0.4, 30, "Late start"), (30, 60, "Next")]).startswith("00:00 Late")


def test_all_chapters_short_become_one_chapter_at_zero():
    assert merge_short_chapters([(0, 2, "A"), (2, 5, "B")]) == [(0.0, 5.0, "B")]


@pytest.mark.parametrize(
    "pairs, text",
    [
        ([(0, "Opening"), (4, "One"), (30, "Two")], "00:00 One\n00:30 Two\n"),
        ([(0, "One"), (20, "Two")], "00:00 One\n00:20 Two\n"),  # the last never counts as short
    ],
)
def test_chapter_pairs_end_where_the_next_starts(pairs, text):
    assert chapter_list(pairs) == text


def test_long_captions_are_not_cut_inside_a_noun_phrase():
    # Once cut as "... harder than Earth's" / "centre, and ..." and "for the past" / "decade".
    from scriptreel.media.captions import caption_chunks

    first = caption_chunks(
        "The side of Earth facing the Moon is pulled a little harder than Earth's centre, "
        "and the centre a little harder than the far side."
    )
    assert first[1].startswith("than Earth's centre")
    second = caption_chunks(
        "And the two have worked closely together on counterterrorism efforts for the past "
        "decade and a half."
    )
    assert second[-1] == "for the past decade and a half."
