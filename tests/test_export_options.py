"""Editor export options: the otioz bundle, word markers, the music's ducking as keyframes (and
melt playing it as our mix does), and an unchanged export writing nothing."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.render.editors.ducking import FLOOR_DB, music_levels
from scriptreel.render.sound.mixing import DUCK_DB, FADE_OUT
from tests.conftest import run_cli, write
from tests.probe import decode_audio

SCRIPT = """---
title: Tides
music: bed.wav
---

## The moon pulls

The moon pulls the sea toward it. Twice a day the water rises.

## The sun helps

The sun adds a smaller pull. Spring tides come when they line up.
"""
TINY = ("--voice", "tone", "--size", "320x180", "--fps", "25")
BED_HZ = 2000.0
"""The music bed's pitch, far from the tone voice's 440 Hz."""


def _bed(path: Path, seconds: float = 4.0) -> None:
    t = np.arange(int(seconds * 48000)) / 48000
    pcm = np.round(0.3 * np.sin(2 * np.pi * BED_HZ * t) * 32767).astype("<i2")
    args = [get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", "48000", "-ac", "1"]
    subprocess.run([*args, "-i", "pipe:0", str(path)], input=pcm.tobytes(), check=True)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("options")
    write(folder / "talk.md", SCRIPT)
    _bed(folder / "bed.wav")
    formats = ("--export", "otioz,otio,mlt,xges", "--export-markers", "words")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        done = run_cli("render", "talk.md", *formats, *TINY, cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder


def test_music_is_down_while_the_voice_speaks_and_fades_at_both_ends():
    levels = dict(music_levels([(2.0, 4.0), (4.3, 5.0)], 12.0, 25))
    assert levels[0] == FLOOR_DB and levels[12 * 25] == FLOOR_DB
    assert levels[50] == levels[125] == pytest.approx(DUCK_DB)  # 0.3 s apart: stays down
    assert 113 not in levels  # no keyframe comes back up between the two
    assert levels[round((5.0 + 0.3) * 25)] == 0.0
    assert levels[round((12.0 - FADE_OUT) * 25)] == 0.0
    assert levels[round((12.0 - FADE_OUT / 2) * 25)] == pytest.approx(-6.02, abs=0.01)


def test_otioz_bundles_the_timeline_and_its_media(exported):
    import opentimelineio as otio

    with zipfile.ZipFile(exported / "talk.otioz") as bundle:
        names = bundle.namelist()
    media = {path.name for path in (exported / "talk-media").iterdir()}
    assert "content.otio" in names
    assert {Path(name).name for name in names if name.startswith("media/")} <= media
    assert any(name.startswith("media/voice-") for name in names)
    timeline = otio.adapters.read_from_file(str(exported / "talk.otioz"))
    assert (
        timeline.duration() == otio.adapters.read_from_file(str(exported / "talk.otio")).duration()
    )


def test_word_markers_come_after_the_chapters(exported):
    import json

    import opentimelineio as otio

    words = json.loads((exported / "talk.words.json").read_text(encoding="utf-8"))
    spoken = [word["text"] for word in words["words"]] if isinstance(words, dict) else words
    markers = otio.adapters.read_from_file(str(exported / "talk.otio")).tracks.markers
    named = [marker.name for marker in markers]
    assert named[:2] == ["The moon pulls", "The sun helps"]
    assert len(named) == 2 + len(spoken)
    assert "moon" in named and "tides" in named
    guides = (exported / "talk.mlt").read_text(encoding="utf-8")
    assert guides.count('"type": 3') == len(spoken)


def test_melt_ducks_the_music_as_the_render_does(exported):
    melt = shutil.which("melt")
    if melt is None:
        pytest.skip("melt is not installed (Debian: see .ci/run)")
    out = exported / "melt.mkv"
    # With its picture, as the engine tests render it: without one melt has been seen to wait
    # forever for frames.
    consumer = [f"avformat:{out}", "vcodec=libx264", "preset=ultrafast", "acodec=pcm_s16le"]
    command = [melt, "-quiet", str(exported / "talk.mlt"), "-consumer", *consumer, "ar=48000"]
    subprocess.run(command, check=True, timeout=300)
    ours, theirs = _bed_level(decode_audio(exported / "talk.mp4")), _bed_level(decode_audio(out))
    size = min(len(ours), len(theirs))
    apart = (theirs[:size] - ours[:size])[3:-3]  # not the fades' first and last tenths
    # melt plays everything a little quieter (its stereo): the curves match once aligned.
    assert abs(apart - np.median(apart)).mean() < 1.0
    assert ours.max() - np.median(ours) > 6  # there is ducking to follow


def _bed_level(samples: np.ndarray, step: int = 4800) -> np.ndarray:
    """The bed's level in dB per tenth of a second (its pitch, apart from the voice's)."""
    count = len(samples) // step
    blocks = samples[: count * step].reshape(count, step) * np.hanning(step)
    spectrum = np.abs(np.fft.rfft(blocks, axis=1))
    near = np.abs(np.fft.rfftfreq(step, 1 / 48000) - BED_HZ) < 30
    return 20 * np.log10(spectrum[:, near].max(axis=1) + 1e-3)


def test_an_unchanged_export_writes_nothing(exported):
    stamps = {p.name: p.stat().st_mtime_ns for p in exported.glob("talk.otio*")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(exported / "cache"))
        done = run_cli(
            "export",
            "talk.md",
            "--format",
            "otioz,otio",
            "--export-markers",
            "words",
            *TINY,
            cwd=exported,
        )
    assert done.returncode == 0, done.stderr
    assert "(0 media files written)" in done.stderr
    assert {p.name: p.stat().st_mtime_ns for p in exported.glob("talk.otio*")} == stamps


def test_a_moved_folder_gets_its_absolute_references_written_again(exported, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(exported, moved, ignore=shutil.ignore_patterns("cache", "melt.*"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(exported / "cache"))
        done = run_cli("export", "talk.md", "--format", "xges,otio", *TINY, cwd=moved)
    assert done.returncode == 0, done.stderr
    text = (moved / "talk.xges").read_text(encoding="utf-8")
    assert (moved / "talk-media").as_uri() in text and exported.as_uri() + "/" not in text
