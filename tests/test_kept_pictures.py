"""Coded still pictures are kept apart from how long each is shown: a chunk whose pictures stay
and whose counts change (captions moved a frame by an earlier edit) is made again from them,
without drawing or coding a picture, and is the same file a fresh encode gives."""

from __future__ import annotations

import numpy as np
import pytest

from scriptreel.render.encode.assemble import Encoder
from scriptreel.render.encode.sequence import encode_pictures

SIZE, FPS = (64, 48), 10


def _pictures() -> list[np.ndarray]:
    made = np.random.default_rng(3)
    return [made.integers(0, 255, (SIZE[1], SIZE[0], 3), dtype=np.uint8) for _ in range(3)]


def _never():
    raise AssertionError("a kept picture was drawn again")
    yield


def test_new_counts_reuse_the_coded_pictures_and_match_a_fresh_encode(tmp_path):
    kept: dict[str, bytes] = {}

    def keep(write):
        path = tmp_path / "coded.h264"
        if "coded" not in kept:
            write(path)
            kept["coded"] = path.read_bytes()
        return path

    encoder = Encoder()
    encode_pictures(_pictures(), [3, 5, 2], FPS, tmp_path / "first.mp4", encoder, SIZE, keep)
    encode_pictures(_never(), [4, 4, 3], FPS, tmp_path / "moved.mp4", encoder, SIZE, keep)
    encode_pictures(_pictures(), [4, 4, 3], FPS, tmp_path / "fresh.mp4", encoder, SIZE)
    moved, fresh = (tmp_path / name for name in ("moved.mp4", "fresh.mp4"))
    assert moved.read_bytes() == fresh.read_bytes()
    assert moved.read_bytes() != (tmp_path / "first.mp4").read_bytes()


def test_kept_pictures_of_another_count_are_refused(tmp_path):
    coded = tmp_path / "coded.h264"

    def keep(write):
        if not coded.exists():
            write(coded)
        return coded

    encoder = Encoder()
    encode_pictures(_pictures(), [1, 1, 1], FPS, tmp_path / "a.mp4", encoder, SIZE, keep)
    with pytest.raises(Exception, match="3 frames for 2 pictures"):
        encode_pictures(_never(), [1, 1], FPS, tmp_path / "b.mp4", encoder, SIZE, keep)
