"""Music beds: bad and hostile files refused as input, long files in bounded memory, same sound."""

from __future__ import annotations

import subprocess
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

import scriptreel.render.sound.mixing as mixing
from scriptreel.media.errors import MediaInputError
from scriptreel.media.loudness import LoudnessMeter, integrated_lufs
from scriptreel.render.sound.mixing import Mixer, load_music
from scriptreel.render.store.cache import Cache

RATE = 48000


def _tone(path: Path, seconds: float, frequency: int = 440, *extra: str) -> Path:
    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={frequency}:duration={seconds}",
            *extra,
            str(path),
        ],
        check=True,
    )
    return path


def test_music_that_cannot_be_decoded_is_an_input_error(tmp_path):
    bad = tmp_path / "bed.mp3"
    bad.write_bytes(b"this is not audio at all" * 100)
    with pytest.raises(MediaInputError) as refused:
        load_music(bad, Cache(tmp_path / "cache"), RATE)
    assert refused.value.exit_code == 2 and refused.value.where == str(bad)
    assert "\n" not in refused.value.one_line()


@pytest.mark.parametrize(
    "name, listing",
    [
        ("bed.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2,\nother/private.ts\n"),
        ("bed.ffconcat", "ffconcat version 1.0\nfile other/private.ts\n"),
    ],
)
def test_music_playlist_cannot_read_other_local_files(tmp_path, name, listing):
    (tmp_path / "other").mkdir()
    _tone(tmp_path / "other" / "private.ts", 2)
    playlist = tmp_path / name
    playlist.write_text(listing + ("#EXT-X-ENDLIST\n" if name.endswith("m3u8") else ""))
    with pytest.raises(MediaInputError) as refused:
        load_music(playlist, Cache(tmp_path / "cache"), RATE)
    assert refused.value.exit_code == 2 and "playlists" in refused.value.fix


@pytest.mark.parametrize("suffix", [".wav", ".m4a", ".flac", ".mp3"])
def test_music_in_real_audio_containers_is_read(tmp_path, suffix):
    key, music = load_music(_tone(tmp_path / f"bed{suffix}", 2), Cache(tmp_path / "c"), RATE)
    assert music.dtype == np.int16 and abs(len(music) - 2 * RATE) < RATE // 10
    assert abs(integrated_lufs(np.asarray(music)) - mixing.MUSIC_LUFS) < 0.5


def test_music_longer_than_the_cap_is_cut(tmp_path, monkeypatch):
    monkeypatch.setattr(mixing, "MAX_MUSIC_SECONDS", 1)
    _, music = load_music(_tone(tmp_path / "bed.wav", 3), Cache(tmp_path / "cache"), RATE)
    assert len(music) == RATE


def test_music_is_decoded_without_holding_it_whole(tmp_path):
    bed = _tone(tmp_path / "bed.wav", 60, 440, "-ar", "48000")
    tracemalloc.start()
    try:
        _, music = load_music(bed, Cache(tmp_path / "cache"), RATE)
        _, decoding = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        mixer = Mixer(music, RATE)
        for _ in range(12):
            mixer.push(np.zeros(5 * RATE, np.int16), np.zeros(5 * RATE, bool))
        mixer.finish()
        _, mixing_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 60 s of music is 5.8 MB as int16, 11.5 MB as float32; a block is a few hundred kB.
    assert len(music) == 60 * RATE
    assert decoding < 4e6 and mixing_peak < 12e6, (decoding / 1e6, mixing_peak / 1e6)


def test_mixer_buffers_stay_bounded_for_a_long_push():
    music = (np.sin(np.arange(5 * RATE) * 0.05) * 8000).astype(np.int16)
    count = 120 * RATE
    pcm, speech = np.zeros(count, np.int16), np.zeros(count, bool)
    speech[RATE : 50 * RATE] = True
    tracemalloc.start()
    try:
        out = Mixer(music, RATE).push(pcm, speech)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The output alone is 11.5 MB; one float64 array the length of the push would be 46 MB.
    assert len(out) == count - 3 * RATE and peak < 2.5 * count * 2, peak / 1e6


def test_mixer_sound_does_not_depend_on_its_block_size(monkeypatch):
    rng = np.random.default_rng(7)
    music = (rng.standard_normal(3 * RATE) * 3000).astype(np.int16)
    pushes = []
    for size in (700, 5 * RATE, 3, 2 * RATE + 11):
        speech = np.zeros(size, bool)
        speech[size // 3 : size // 2] = True
        pushes.append(((rng.standard_normal(size) * 4000).astype(np.int16), speech))

    def mixed() -> np.ndarray:
        mixer = Mixer(music, RATE)
        return np.concatenate([*(mixer.push(p, s) for p, s in pushes), mixer.finish()])

    whole = mixed()
    monkeypatch.setattr(mixing, "BLOCK", 997)
    assert np.array_equal(mixed(), whole)


def test_streamed_loudness_matches_the_whole_signal_measurement():
    rng = np.random.default_rng(3)
    signal = (rng.standard_normal(7 * RATE + 123) * 2000).astype(np.int16)
    signal[2 * RATE : 4 * RATE] //= 20  # a quiet passage for the relative gate
    meter = LoudnessMeter(RATE)
    for start in range(0, len(signal), 12345):
        meter.add(signal[start : start + 12345])
    assert abs(meter.integrated() - integrated_lufs(signal, RATE)) < 0.01


def test_music_that_did_not_change_is_not_read_again_in_full(tmp_path, monkeypatch):
    import builtins

    import scriptreel.media.files as files_module

    bed = _tone(tmp_path / "bed.wav", 60)  # 5.8 MB
    cache = Cache(tmp_path / "cache")
    load_music(bed, cache, RATE)
    read: list[int] = []

    class Counted:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def read(self, size=-1):
            data = self.handle.read(size)
            read.append(len(data))
            return data

    def counting_open(path, *args, **kwargs):
        handle = builtins.open(path, *args, **kwargs)
        return Counted(handle) if Path(path) == bed else handle

    monkeypatch.setattr(files_module, "open", counting_open, raising=False)
    key, _ = load_music(bed, cache, RATE)
    assert sum(read) <= 2 * files_module.QUICK_BYTES < bed.stat().st_size
    assert key == load_music(bed, cache, RATE)[0]


def test_edited_music_gets_a_new_key(tmp_path):
    bed = _tone(tmp_path / "bed.wav", 2)
    cache = Cache(tmp_path / "cache")
    first, _ = load_music(bed, cache, RATE)
    _tone(bed, 2, 660, "-y")
    assert load_music(bed, cache, RATE)[0] != first


@pytest.mark.parametrize("kind, problem", [("empty", "is empty"), ("folder", "not a regular")])
def test_music_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path, kind, problem):
    # A pipe or /proc/self/pagemap would be read forever: tests/hostile/bounded runs that one.
    bed = tmp_path / "bed.wav"
    bed.mkdir() if kind == "folder" else bed.write_bytes(b"")
    with pytest.raises(MediaInputError) as refused:
        load_music(bed, Cache(tmp_path / "cache"), RATE)
    assert refused.value.exit_code == 2 and problem in refused.value.problem
