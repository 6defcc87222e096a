"""AAC pieces joined by stream copy decode like one encode of the whole track."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from scriptreel.render.encode.assemble import ffmpeg_exe, run_ffmpeg
from scriptreel.render.sound.aac import (
    FRAME,
    QUALITY,
    AacPieces,
    PieceStore,
    frames_up,
    track_options,
)
from scriptreel.render.store.cache import Cache, Kind

RATE = 48000


def snap(sample: int) -> int:
    """The AAC frame boundary nearest a timeline sample (half a frame, 10.7 ms, at most)."""
    return (sample + FRAME // 2) // FRAME * FRAME


def wrap_m4a(adts: Path, samples: int, out: Path) -> None:
    """A joined ADTS track in MP4 by stream copy, exactly `samples` long, as the render puts
    it into the video."""
    before, after = track_options(samples)
    run_ffmpeg([*before, "-i", str(adts), "-c:a", "copy", *after, str(out)], "writing audio")


def _store(root: Path) -> PieceStore:
    return PieceStore(Cache(root), Kind.AUDIO.value, lambda digest: digest)


def _tone_with_noise(count: int, seed: int = 1) -> np.ndarray:
    """A continuous sine with a band-limited noise bed under it, like music under a voice."""
    t = np.arange(count) / RATE
    noise = np.convolve(np.random.default_rng(seed).standard_normal(count), np.ones(8) / 8, "same")
    return np.round((0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * noise) * 32767).astype(np.int16)


def _decode(path: Path) -> np.ndarray:
    args = [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"]
    raw = subprocess.run(args, capture_output=True, check=True).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64)


def _one_encode(pcm: np.ndarray, out: Path) -> Path:
    args = [ffmpeg_exe(), "-v", "error", "-y", "-f", "s16le", "-ar", str(RATE), "-ac", "1"]
    args += ["-i", "pipe:0", "-c:a", "aac", "-aac_coder", "fast", "-q:a", QUALITY, str(out)]
    subprocess.run(args, input=pcm.tobytes(), check=True)
    return out


def _pieces(pcm: np.ndarray, cuts: list[int], out: Path, root: Path) -> AacPieces:
    track = AacPieces(out.with_suffix(".aac"), RATE, _store(root))
    for cut in cuts:
        track.cut(cut)
    # Written in uneven blocks, as the mixer hands them on.
    for start in range(0, len(pcm), 30001):
        track.write(pcm[start : start + 30001])
    track.finish(len(pcm))
    wrap_m4a(out.with_suffix(".aac"), len(pcm), out)
    return track


def _error_db(joined: np.ndarray, whole: np.ndarray) -> float:
    error = np.sum((joined - whole) ** 2)
    return -np.inf if error == 0 else 10 * np.log10(error / np.sum(whole**2))


def test_tone_across_joins_decodes_like_one_encode(tmp_path):
    count = 7 * RATE + 777  # not a whole number of frames: the end is trimmed exactly
    pcm = _tone_with_noise(count)
    cuts = [snap(s) for s in (RATE, 2 * RATE + 1600, 3 * RATE + 333, 5 * RATE + 4000)]
    _pieces(pcm, cuts, tmp_path / "joined.m4a", tmp_path / "cache")
    joined = _decode(tmp_path / "joined.m4a")
    whole = _decode(_one_encode(pcm, tmp_path / "whole.m4a"))
    assert len(joined) == len(whole) == count
    assert _error_db(joined, whole) < -60
    for cut in cuts:
        near = slice(cut - 2 * FRAME, cut + 2 * FRAME)
        assert np.abs(joined[near] - whole[near]).max() <= 1


def test_silent_pieces_between_speech_join_seamlessly(tmp_path):
    pcm = _tone_with_noise(6 * RATE)
    pcm[2 * RATE : 4 * RATE] = 0  # a pause between segments, encoded without ffmpeg
    cuts = [snap(2 * RATE + 12 * FRAME), snap(4 * RATE) - 3 * FRAME]  # silence around both
    track = _pieces(pcm, cuts, tmp_path / "joined.m4a", tmp_path / "cache")
    joined = _decode(tmp_path / "joined.m4a")
    whole = _decode(_one_encode(pcm, tmp_path / "whole.m4a"))
    assert len(joined) == len(whole) == len(pcm)
    assert _error_db(joined, whole) < -60
    assert track.made == 2  # the silent piece costs no encode


def test_unchanged_pieces_come_from_the_cache(tmp_path):
    pcm = _tone_with_noise(4 * RATE)
    cuts = [snap(RATE), snap(3 * RATE)]
    first = _pieces(pcm, cuts, tmp_path / "a.m4a", tmp_path / "cache")
    edited = pcm.copy()
    edited[-RATE // 2 :] //= 2  # only the last piece changes
    again = _pieces(edited, cuts, tmp_path / "b.m4a", tmp_path / "cache")
    assert (first.made, again.made) == (3, 1)


@pytest.mark.parametrize("sample", [0, 511, 512, 1023, 1024, 48000, 48512])
def test_snap_is_the_nearest_frame_boundary(sample):
    assert snap(sample) % FRAME == 0
    assert abs(snap(sample) - sample) <= FRAME // 2
    assert frames_up(sample) * FRAME >= sample > (frames_up(sample) - 1) * FRAME or sample == 0


def test_a_cut_must_be_a_later_frame_boundary(tmp_path):
    track = AacPieces(tmp_path / "t.m4a", RATE, _store(tmp_path / "cache"))
    track.cut(4 * FRAME)
    with pytest.raises(ValueError):
        track.cut(4 * FRAME + 1)
    with pytest.raises(ValueError):
        track.cut(2 * FRAME)
    track.abort()


def _speech_like(count: int) -> np.ndarray:
    """Noise bursts with gaps and onsets (window switching), over a quiet tonal bed."""
    rng = np.random.default_rng(5)
    t = np.arange(count) / RATE
    bursts = (np.sin(2 * np.pi * 2.3 * t) > 0.2) * rng.standard_normal(count) * 0.25
    bed = 0.03 * np.sin(2 * np.pi * 196 * t) + 0.02 * np.sin(2 * np.pi * 293 * t)
    return np.round((bursts + bed) * 32767).clip(-32768, 32767).astype(np.int16)


def test_joins_in_speech_add_no_noise_against_the_source(tmp_path):
    pcm = _speech_like(6 * RATE + 100)
    cuts = [snap(s) for s in (RATE + 4100, 2 * RATE + 900, 4 * RATE + 17000)]
    _pieces(pcm, cuts, tmp_path / "joined.m4a", tmp_path / "cache")
    joined = _decode(tmp_path / "joined.m4a")
    whole = _decode(_one_encode(pcm, tmp_path / "whole.m4a"))
    assert len(joined) == len(whole) == len(pcm)
    source = pcm.astype(np.float64)
    for cut in cuts:
        near = slice(cut - 2 * FRAME, cut + 2 * FRAME)
        ours = np.sum((joined[near] - source[near]) ** 2)
        theirs = np.sum((whole[near] - source[near]) ** 2)
        assert ours <= theirs * 10 ** (1 / 10) + 1  # within 1 dB of one encode's own noise


def test_a_failing_encoder_never_blocks_the_writer(tmp_path):
    # ffmpeg refuses the quality: writing goes on to the end and finish reports the failure.
    import threading

    from scriptreel.render.errors import RenderError

    store = PieceStore(Cache(tmp_path / "cache"), Kind.AUDIO.value, str, "not-a-quality")
    track = AacPieces(tmp_path / "a.m4a", RATE, store)
    outcome: list[object] = []

    def feed() -> None:
        try:
            for second in range(1, 30):
                track.cut(snap(second * RATE))
                track.write(_tone_with_noise(RATE, second))
            track.finish(29 * RATE)
        except RenderError as error:
            outcome.append(error)

    worker = threading.Thread(target=feed, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive() and outcome and "narration" in str(outcome[0])


@pytest.mark.parametrize("start", [0, 1600, 30 * 1600, 12345 * 1600])
def test_a_segments_voiced_piece_holds_the_same_samples_wherever_it_falls(start):
    from scriptreel.render.sound.aac import PREROLL, segment_cuts
    from scriptreel.render.timeline import voice_lead

    fps, frames, narration = 30, 90, 2 * RATE + 77
    first, last = start, start + frames * 1600
    lead = voice_lead(start // 1600, fps)
    cuts = segment_cuts(first, last, lead, narration)
    assert all(cut % FRAME == 0 and first <= cut <= last for cut in cuts)
    assert cuts[0] == first + lead - PREROLL * FRAME
    # Same length wherever it falls: the voiced piece's samples are the same each time.
    assert cuts[1] - cuts[0] == (frames_up(narration) + 2 * PREROLL) * FRAME
