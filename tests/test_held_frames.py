"""Frames held at the end of a moving piece are coded once and repeated, the rest as before."""

from __future__ import annotations

import subprocess

import numpy as np

from scriptreel.render.encode import sequence
from scriptreel.render.encode.assemble import _TO_YUV, Encoder, _x264_args, ffmpeg_exe

SIZE = (320, 180)
FPS = 10


def _frames(distinct: int, held: int) -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    shown = [rng.integers(0, 256, (SIZE[1], SIZE[0], 3), dtype=np.uint8) for _ in range(distinct)]
    return shown + [shown[-1].copy() for _ in range(held)]


def _decoded(path) -> np.ndarray:
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3)


def _sent(monkeypatch) -> list[int]:
    counts: list[int] = []
    piped = sequence.piped

    def counting(args, frames, what):
        listed = list(frames)
        counts.append(len(listed))
        return piped(args, listed, what)

    monkeypatch.setattr(sequence, "piped", counting)
    return counts


def test_a_long_hold_at_the_end_is_sent_once_through_the_lookahead(tmp_path, monkeypatch):
    frames, sent = _frames(3, 30), _sent(monkeypatch)
    encoder = Encoder()
    sequence.encode_frames(frames, len(frames), FPS, tmp_path / "held.mp4", encoder, SIZE)
    assert sent == [3 + 10]  # the held frame and veryfast's lookahead of 10 copies
    held = _decoded(tmp_path / "held.mp4")
    assert len(held) == 33
    assert all(np.array_equal(frame, held[2]) for frame in held[3:])
    # Up to the first held frame, the coding is what x264 gives the whole sequence.
    args = [*sequence._raw_input(SIZE, FPS), "-vf", _TO_YUV, *_x264_args(FPS, encoder, 33)]
    whole = tmp_path / "whole.mp4"
    sequence.piped([*args, "-frames:v", "33", str(whole)], frames, "encoding")
    assert np.array_equal(_decoded(whole)[:3], held[:3])


def test_a_short_hold_is_coded_as_before(tmp_path, monkeypatch):
    frames, sent = _frames(3, 6), _sent(monkeypatch)
    sequence.encode_frames(frames, len(frames), FPS, tmp_path / "short.mp4", Encoder(), SIZE)
    assert sent == [9]
    assert len(_decoded(tmp_path / "short.mp4")) == 9
