"""The timeline: segment boundaries in audio land on card changes, edits rebuild only what
changed, damaged cache entries and killed renders never corrupt anything."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.pipeline import LEAD
from scriptreel.render.store.cache import Cache
from scriptreel.render.timeline import voice_lead
from tests.conftest import start_process, write
from tests.probe import decode_audio, end_time, frame_png, packets, srt_cues
from tests.tonevoice import ToneVoice

FPS = 24
SCRIPT = "---\ntitle: Tone test\n---\n" + "".join(
    f"## Part {n}\n\n" + " ".join(f"Sentence {n} {k} has words." for k in range(1 + n % 3)) + "\n\n"
    for n in range(1, 7)
)


def _card_changes(video: Path, fps: int) -> list[int]:
    """Frame indexes where the picture changes, from decoded frames at a small size."""
    from imageio_ffmpeg import get_ffmpeg_exe

    raw = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(video),
            "-vf",
            "scale=160:90",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "gray",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 90 * 160).astype(np.int16)
    diffs = np.abs(np.diff(frames, axis=0)).max(axis=1)
    return [int(i) + 1 for i in np.nonzero(diffs > 40)[0]]


def _onsets(audio: np.ndarray, rate: int) -> list[float]:
    """Times where a tone starts after at least 100 ms of silence."""
    loud = np.abs(audio) > 0.05
    onsets, quiet = [], -rate
    for index in np.nonzero(loud)[0]:
        if index - quiet > 0.1 * rate:
            onsets.append(index / rate)
        quiet = index
    return onsets


def test_segment_boundaries_in_audio_land_on_card_changes(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    voice = ToneVoice()
    summary = render_video(
        script, tmp_path / "t.mp4", RenderSettings(size=(320, 180), fps=FPS, voice=voice)
    )
    video = tmp_path / "t.mp4"
    starts = [round(s.start * FPS) for s in summary.segments]
    assert _card_changes(video, FPS) == starts[1:]
    audio = decode_audio(video)
    onsets = _onsets(audio, 48000)
    first_onsets = []
    for segment in summary.segments:
        first_onsets.append(min(o for o in onsets if o >= segment.start - 0.01))
    for segment, onset in zip(summary.segments, first_onsets):
        # Each segment's narration starts LEAD after its card appears, moved onto the AAC frame
        # grid by at most half a frame, to within a few samples.
        lead = voice_lead(round(segment.start * FPS), FPS) / 48000
        assert abs(lead - LEAD) <= 512 / 48000
        assert abs(onset - (segment.start + lead)) < 0.003, (segment.title, onset, segment.start)
        assert round((segment.start + lead) * 48000) % 1024 == 0
    video_end = end_time(video, "v", FPS * 1000)
    audio_end = end_time(video, "a", 48000)
    assert abs(video_end - audio_end) <= 1024 / 48000
    # Captions match the tone bursts: each cue starts on an onset.
    for start, _, _ in srt_cues(tmp_path / "t.srt"):
        assert min(abs(start - o) for o in onsets) < 0.003


def test_editing_one_sentence_rebuilds_one_segment_and_keeps_other_frames(tmp_path):
    first = write(tmp_path / "a.md", SCRIPT)
    voice = ToneVoice()
    settings = RenderSettings(size=(320, 180), fps=FPS, voice=voice)
    before = render_video(first, tmp_path / "a.mp4", settings)
    voice.spoken.clear()
    second = write(
        tmp_path / "b.md",
        SCRIPT.replace("Sentence 2 0 has words.", "Sentence 2 0 has more words now."),
    )
    after = render_video(second, tmp_path / "b.mp4", settings)
    assert voice.spoken == ["Sentence 2 0 has more words now."]  # one sentence re-synthesized
    assert [s.rebuilt for s in after.segments] == [s.number == 2 for s in after.segments]
    # Frames of the other segments are the same pictures, even where they moved in time.
    for old, new in zip(before.segments, after.segments):
        if new.number == 2:
            continue
        a = frame_png(
            tmp_path / "a.mp4", (old.start + old.end) / 2, tmp_path / f"a{old.index}.png"
        ).read_bytes()
        b = frame_png(
            tmp_path / "b.mp4", (new.start + new.end) / 2, tmp_path / f"b{new.index}.png"
        ).read_bytes()
        assert a == b, old.title
    # The video bitstream of untouched segments before the edit is identical, packet for packet.
    cut = round(after.segments[1].end * FPS)
    assert packets(tmp_path / "a.mp4", "v")[:cut] == packets(tmp_path / "b.mp4", "v")[:cut]


def test_changing_a_voice_setting_misses_the_narration_cache(tmp_path):
    script = write(tmp_path / "a.md", "## A\n\nOne two three.\n")
    render_video(
        script, tmp_path / "a.mp4", RenderSettings(size=(320, 180), fps=FPS, voice=ToneVoice())
    )
    other = ToneVoice(frequency=660.0)
    render_video(script, tmp_path / "b.mp4", RenderSettings(size=(320, 180), fps=FPS, voice=other))
    assert other.spoken == ["One two three."]


def test_corrupted_cache_entries_are_detected_and_rebuilt(tmp_path, cache_dir):
    script = write(tmp_path / "a.md", SCRIPT)
    settings = RenderSettings(size=(320, 180), fps=FPS, voice=ToneVoice())
    render_video(script, tmp_path / "a.mp4", settings)
    chunks = sorted((cache_dir / "chunk").rglob("*.mp4"))
    narration = sorted((cache_dir / "narration").rglob("*.npz"))
    # A segment whole in the cache is used as it is: damage the joined segments too, so the
    # damaged chunk is needed again.
    for joined in (cache_dir / "segment").rglob("*.mp4"):
        joined.write_bytes(b"damaged")
    chunks[0].write_bytes(chunks[0].read_bytes()[:100])  # truncated
    narration[0].write_bytes(b"garbage" * 50)  # garbage
    again = render_video(script, tmp_path / "b.mp4", settings)
    assert sum(s.rebuilt for s in again.segments) >= 1
    # Data files are named KEY.CHECKSUM.EXT: every entry that was damaged verifies again.
    assert all(
        Cache(cache_dir).get(p.parent.parent.name, p.name.split(".")[0], p.suffix)
        for p in chunks + narration
    )
    assert len(packets(tmp_path / "b.mp4", "v")) == round(again.duration * FPS)


LONG = "".join(
    f"## Part {n}\n\n"
    + " ".join(f"Tide story {n}, line {k}, rises and falls." for k in range(3))
    + "\n\n"
    for n in range(1, 9)
)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_render_leaves_nothing_partial_and_the_next_one_matches_a_clean_render(
    tmp_path, cache_dir, sig
):
    write(tmp_path / "t.md", LONG)
    out = tmp_path / "t.mp4"
    process = start_process("render", "t.md", "--size", "320x180", "--fps", "12", cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list((cache_dir / "narration").rglob("*.npz")):
        time.sleep(0.05)
    time.sleep(0.5)  # well into narration and encoding
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert process.returncode == 130 and "Traceback" not in stderr
        assert not list(tmp_path.glob(".*.part"))
    assert not out.exists()
    # Whatever the cache holds is intact.
    cache = Cache(cache_dir)
    for kind in ("narration", "card", "chunk"):
        for entry in (cache_dir / kind).rglob("*.json") if (cache_dir / kind).exists() else []:
            data = entry.with_name(entry.name[:-5])
            assert cache.get(kind, data.stem, data.suffix) is not None, data
    resumed = start_process("render", "t.md", "--size", "320x180", "--fps", "12", cwd=tmp_path)
    _, stderr = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, stderr
    assert not list(tmp_path.glob(".*.part"))  # leftovers of the killed run are cleaned up
    clean = start_process(
        *("render", "t.md", "-o", "clean.mp4", "--size", "320x180", "--fps", "12", "--no-cache"),
        cwd=tmp_path,
    )
    _, stderr = clean.communicate(timeout=300)
    assert clean.returncode == 0, stderr
    # Piper's voice model samples noise, so a from-scratch render differs in timing by design;
    # what must match is the structure: the same captions in the same order, streams in sync.
    texts = [text for _, _, text in srt_cues(out.with_suffix(".srt"))]
    assert texts == [text for _, _, text in srt_cues(tmp_path / "clean.srt")]
    for video in (out, tmp_path / "clean.mp4"):
        assert abs(end_time(video, "v", 12000) - end_time(video, "a", 48000)) <= 1024 / 48000


def test_watch_rerenders_on_save_and_stops_on_ctrl_c(tmp_path):
    script = write(tmp_path / "w.md", "## A\n\nFirst words.\n\n## B\n\nSecond words.\n")
    process = start_process("watch", "w.md", "--size", "320x180", "--fps", "12", cwd=tmp_path)
    out = tmp_path / "w.mp4"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not out.exists():
        time.sleep(0.1)
    assert out.exists()
    time.sleep(1.0)
    first = out.stat().st_mtime_ns
    write(script, "## A\n\nFirst words, changed.\n\n## B\n\nSecond words.\n")
    while time.monotonic() < deadline and out.stat().st_mtime_ns == first:
        time.sleep(0.1)
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert out.stat().st_mtime_ns != first
    assert "changed: segment 0 'A'" in stderr and "stopped watching" in stderr
    assert process.returncode == 0 and "Traceback" not in stderr
