"""End to end: render tiny scripts and probe what came out, as a player would see it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scriptreel.render import RenderSettings, render_video
from scriptreel.script import load_script
from tests.conftest import render_once, run_cli, write
from tests.probe import end_time, frame_png, packets, srt_cues, streams
from tests.tonevoice import ToneVoice

TINY = (
    "---\nsize: 320x180\nfps: 24\n---\n# Tiny Tides\n\nThe sea rises.\n\n"
    "## The Moon\n\nThe Moon pulls the water. It pulls unevenly.\n\n"
    "## The Sun\n\nThe Sun helps a little.\n"
)


@pytest.fixture(scope="module")
def tiny_render(tmp_path_factory):
    return render_once(tmp_path_factory, "tiny", TINY)


def test_output_streams_are_what_uploads_expect(tiny_render):
    folder, summary = tiny_render
    info = streams(folder / "tiny.mp4")
    assert (
        "h264 (High)" in info.video
        and "yuv420p" in info.video
        and "320x180" in info.video
        and "24 fps" in info.video
    )
    # Matrix, primaries and transfer all BT.709 (players otherwise guess the colours).
    assert "yuv420p(tv, bt709, progressive)" in info.video, info.video
    assert "aac (LC)" in info.audio and "48000 Hz" in info.audio


def test_audio_and_video_end_together(tiny_render):
    folder, summary = tiny_render
    video_end = end_time(folder / "tiny.mp4", "v", 24000)
    audio_end = end_time(folder / "tiny.mp4", "a", 48000)
    assert abs(video_end - summary.duration) < 1e-6
    assert abs(video_end - audio_end) <= 1024 / 48000  # within one AAC frame
    frames = packets(folder / "tiny.mp4", "v")
    assert len(frames) == round(summary.duration * 24)
    assert len({duration for _, duration in frames}) == 1  # constant frame rate


def test_faststart_puts_the_index_first(tiny_render):
    folder, _ = tiny_render
    head = (folder / "tiny.mp4").read_bytes()[:4096]
    assert head.find(b"moov") != -1 and head.find(b"moov") < max(head.find(b"mdat"), 4096)


def test_captions_follow_sentences_in_order(tiny_render):
    folder, summary = tiny_render
    cues = srt_cues(folder / "tiny.srt")
    assert [text for _, _, text in cues] == [
        "The sea rises.",
        "The Moon pulls the water.",
        "It pulls unevenly.",
        "The Sun helps a little.",
    ]
    for (start, end, _), (next_start, _, _) in zip(cues, cues[1:]):
        assert start < end <= next_start
    assert cues[-1][1] <= summary.duration
    # Each cue lies inside its segment's span.
    spans = {s.title: (s.start, s.end) for s in summary.segments}
    moon_start, moon_end = spans["The Moon"]
    assert moon_start <= cues[1][0] and cues[2][1] <= moon_end


def test_segments_tile_the_timeline_with_a_breath(tiny_render):
    _, summary = tiny_render
    assert [s.number for s in summary.segments] == [None, 1, 2]
    for a, b in zip(summary.segments, summary.segments[1:]):
        assert a.end == b.start
    assert summary.segments[-1].end == summary.duration


def test_files_get_normal_permissions_and_no_temp_files_remain(tiny_render):
    folder, _ = tiny_render
    mask = os.umask(0)
    os.umask(mask)
    mode = stat.S_IMODE((folder / "tiny.mp4").stat().st_mode)
    assert mode == 0o666 & ~mask
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_second_render_is_up_to_date_and_edit_rebuilds_one_segment(
    tiny_render, tmp_path, monkeypatch
):
    folder, first = tiny_render
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
    again = render_video(folder / "tiny.md", folder / "tiny.mp4")
    assert again.up_to_date and not any(s.rebuilt for s in again.segments)
    edited = write(
        folder / "edited.md",
        TINY.replace("It pulls unevenly.", "It pulls unevenly, and twice a day."),
    )
    result = render_video(edited, folder / "edited.mp4")
    assert [s.rebuilt for s in result.segments] == [False, True, False]


def test_frame_shows_the_card(tiny_render, tmp_path):
    from PIL import Image

    folder, summary = tiny_render
    moon = summary.segments[1]
    image = Image.open(
        frame_png(folder / "tiny.mp4", (moon.start + moon.end) / 2, tmp_path / "f.png")
    ).convert("RGB")
    assert image.size == (320, 180)
    bright = sum(1 for p in image.getdata() if min(p) > 200)
    assert bright > 100  # the title is drawn


def test_failed_render_keeps_the_existing_output(tmp_path, monkeypatch):
    script = write(tmp_path / "t.md", "---\nsize: 320x180\n---\n## A\n\nHello there.\n")
    out = tmp_path / "t.mp4"
    out.write_bytes(b"the good old video")
    import scriptreel.render.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("encoder crashed")

    monkeypatch.setattr(pipeline, "join_video", broken)
    with pytest.raises(RuntimeError):
        render_video(script, out, RenderSettings(voice=ToneVoice()), force=True)
    assert out.read_bytes() == b"the good old video"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.slow
def test_python_api_takes_settings_over_front_matter(tmp_path):
    script = write(tmp_path / "t.md", "---\nsize: 320x180\nfps: 12\n---\n## A\n\nHi.\n")
    summary = render_video(
        script, tmp_path / "t.mp4", RenderSettings(size=(256, 144), fps=10, use_cache=False)
    )
    assert summary.size == (256, 144) and summary.fps == 10
    assert "256x144" in streams(tmp_path / "t.mp4").video


@pytest.mark.parametrize(
    "content, args, expected",
    [
        (None, [], "missing.md: no such file — check the path"),
        ("---\nsize: 320x181\n---\n## A\n\nHi.\n", [], "bad.md:2: size 320x181 has an odd side"),
        (
            "---\nsped: 2\n---\n## A\n\nHi.\n",
            [],
            "bad.md:2: unknown front matter key 'sped' — did you mean 'speed'?",
        ),
        ("## A\n\nHi.\n", ["--size", "99x"], "--size"),
        ("## A\n\nHi.\n", ["--fps", "0"], "out of range"),
        ("## A\n\nHi.\n", ["--voice", "robot"], "unknown voice 'robot'"),
        ("## A\n\nHi.\n", ["-o", "bad.md"], "the output must be an .mp4 file"),
        ("## A\n\nHi.\n", ["-o", "nowhere/x.mp4"], "the output folder does not exist"),
        ("", [], "bad.md: the script is empty"),
    ],
)
def test_cli_input_errors_are_one_line_with_exit_2(tmp_path, content, args, expected):
    script = tmp_path / ("missing.md" if content is None else "bad.md")
    if content is not None:
        script.write_text(content)
    result = run_cli("render", script.name, *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0]
    assert " — " in lines[0] and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.mp4"))


def test_cli_gtts_offline_is_one_line_exit_1_and_no_output(tmp_path):
    write(tmp_path / "t.md", "## A\n\nHi.\n")
    result = run_cli("render", "t.md", "--voice", "gtts", "--size", "320x180", cwd=tmp_path)
    if result.returncode == 0:
        pytest.skip("the network is reachable here; the offline path is covered by test_voice")
    assert result.returncode == 1
    assert (
        result.stderr.strip().splitlines()[-1].startswith("error: ")
        and "--voice piper" in result.stderr
    )
    assert "Traceback" not in result.stderr and not list(tmp_path.glob("*.mp4"))


@pytest.mark.slow
def test_cli_render_json_and_cache_commands(tmp_path):
    import json

    write(tmp_path / "t.md", "---\nsize: 320x180\n---\n## A\n\nHi there.\n")
    result = run_cli("render", "t.md", "--json", "-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["output"].endswith("t.mp4") and data["segments"][0]["title"] == "A"
    shown = run_cli("cache", cwd=tmp_path)
    assert "narration" in shown.stdout and "location:" in shown.stdout
    cleaned = run_cli("cache", "clean", cwd=tmp_path)
    assert cleaned.returncode == 0 and "freed" in cleaned.stdout


def test_raw_transcript_renders_topic_segments_with_callouts(tmp_path):
    # An original raw transcript in the shape users paste: no full stops, web-page leftovers.
    source = Path(__file__).parent / "transcripts" / "raw-canal.txt"
    summary = render_video(
        source, tmp_path / "canal.mp4", RenderSettings(size=(320, 180), fps=10, voice=ToneVoice())
    )
    script = load_script(source)
    assert len(summary.segments) == len(script.segments) >= 4  # opening card + topic segments
    video_end = end_time(tmp_path / "canal.mp4", "v", 10000)
    audio_end = end_time(tmp_path / "canal.mp4", "a", 48000)
    assert abs(video_end - audio_end) <= 1024 / 48000
    cues = srt_cues(tmp_path / "canal.srt")
    sentences = sum(len(s.sentences) for s in script.segments)
    assert len(cues) >= sentences  # every sentence has a cue; long ones are cut into several
    assert not any("Akismet" in cue[2] or "Leave a Reply" in cue[2] for cue in cues)
