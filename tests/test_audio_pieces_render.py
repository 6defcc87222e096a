"""A whole render's narration in AAC pieces: seamless at every segment, and an edit re-encodes
only the piece it touches, however many segments follow."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

import scriptreel.render.sound.aac as aac
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.sound.aac import FRAME, QUALITY
from tests.conftest import write
from tests.tonevoice import ToneVoice

RATE = 48000


def _script(segments: int, extra: str = "") -> str:
    parts = ["---\ntitle: Pieces\nmusic: bed.wav\n---\n"]
    for number in range(segments):
        words = " ".join(f"word{number}x{i}" for i in range(4 + number % 3))
        parts.append(f"\n## Part {number}\n\n{words.capitalize()}. Then more of it here.")
        parts.append(extra if number == 1 else "")
        parts.append("\n")
    return "".join(parts)


def _music(path: Path, seconds: float) -> Path:
    """A steady tone with a soft band of noise, as continuous as a bed can be."""
    t = np.arange(int(seconds * RATE)) / RATE
    noise = np.convolve(np.random.default_rng(3).standard_normal(len(t)), np.ones(6) / 6, "same")
    pcm = np.round((0.4 * np.sin(2 * np.pi * 330 * t) + 0.03 * noise) * 32767).astype("<i2")
    args = [get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1"]
    subprocess.run([*args, "-i", "pipe:0", str(path)], input=pcm.tobytes(), check=True)
    return path


def _decode(path: Path) -> np.ndarray:
    args = [get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-map", "0:a:0"]
    raw = subprocess.run([*args, "-f", "s16le", "-ac", "1", "-"], capture_output=True, check=True)
    return np.frombuffer(raw.stdout, dtype="<i2").astype(np.float64)


@pytest.fixture()
def recorded(monkeypatch):
    """Every sample the pipeline hands the AAC track, and every cut, in order."""
    track: dict[str, list] = {"samples": [], "cuts": []}
    write, cut = aac.AacPieces.write, aac.AacPieces.cut

    def writing(self, samples, final=False):
        track["samples"].append(np.array(samples, dtype=np.int16))
        write(self, samples, final)

    def cutting(self, sample):
        track["cuts"].append(sample)
        cut(self, sample)

    monkeypatch.setattr(aac.AacPieces, "write", writing)
    monkeypatch.setattr(aac.AacPieces, "cut", cutting)
    return track


def test_a_tone_under_music_stays_continuous_across_every_join(tmp_path, recorded):
    _music(tmp_path / "bed.wav", 60)
    script = write(tmp_path / "t.md", _script(5))
    settings = RenderSettings(size=(160, 90), fps=30, voice=ToneVoice(0.15, 520.0))
    render_video(script, tmp_path / "t.mp4", settings)
    source = np.concatenate(recorded["samples"]).astype(np.float64)
    joined = _decode(tmp_path / "t.mp4")
    assert len(recorded["cuts"]) >= 8
    source = source[: len(joined)]
    assert len(joined) == len(source)
    # One encode of the very same track, as the reference for what AAC itself costs.
    whole_path = tmp_path / "whole.m4a"
    args = [get_ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1"]
    args += ["-i", "pipe:0", "-c:a", "aac", "-aac_coder", "fast", "-q:a", QUALITY]
    pcm = source.astype("<i2").tobytes()
    subprocess.run([*args, str(whole_path)], input=pcm, check=True)
    whole = _decode(whole_path)
    error = np.sum((joined - whole) ** 2) / np.sum(whole**2)
    assert 10 * np.log10(error) < -60
    for cut in [c for c in recorded["cuts"] if 2 * FRAME <= c <= len(source) - 2 * FRAME]:
        near = slice(cut - 2 * FRAME, cut + 2 * FRAME)
        ours = np.sum((joined[near] - source[near]) ** 2)
        theirs = np.sum((whole[near] - source[near]) ** 2)
        # No click: around a join the error against the source is one encode's own, and tiny.
        assert ours <= theirs * 10 ** (1 / 10) + 1, cut
        assert 10 * np.log10(ours / np.sum(source[near] ** 2)) < -30


def test_an_edit_re_encodes_only_its_own_piece(tmp_path, monkeypatch):
    encodes: list[int] = []
    encode = aac._ffmpeg_aac

    def counting(pcm, rate, quality=QUALITY):
        encodes.append(len(pcm))
        return encode(pcm, rate, quality)

    monkeypatch.setattr(aac, "_ffmpeg_aac", counting)
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    settings = RenderSettings(size=(160, 90), fps=30, voice=ToneVoice(0.15, 520.0))
    text = _script(8).replace("music: bed.wav\n", "")
    render_video(write(tmp_path / "t.md", text), tmp_path / "t.mp4", settings)
    cold = len(encodes)
    assert cold >= 3  # segments that sound alike share a piece
    encodes.clear()
    # One sentence more in the second segment moves all six after it.
    edited = _script(8, " And one sentence added.").replace("music: bed.wav\n", "")
    render_video(write(tmp_path / "t.md", edited), tmp_path / "t.mp4", settings)
    assert len(encodes) == 1
    audio = _decode(tmp_path / "t.mp4")
    assert np.abs(audio).max() > 1000
