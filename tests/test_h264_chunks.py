"""Chunks made of repeated frames: decoded exactly, counted exactly, timed exactly, and joinable
with chunks encoded frame by frame."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from scriptreel.render.encode.assemble import (
    _TO_YUV,
    Encoder,
    _x264_args,
    concat_list,
    ffmpeg_exe,
    run_ffmpeg,
)
from scriptreel.render.encode.sequence import encode_clip, encode_sequence
from scriptreel.render.settings import DRAFT_ENCODER
from tests.probe import packets

FPS = 30
SIZE = (320, 180)


def _noise(seed: int = 1, size=SIZE) -> np.ndarray:
    """A picture no encoder codes without loss: any non-copied macroblock would show."""
    return np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)


def _decode(path: Path, size=SIZE) -> tuple[np.ndarray, str]:
    """Every frame as planar YUV 4:2:0 bytes, and what ffmpeg said while decoding."""
    result = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "yuv420p",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    frame = size[0] * size[1] * 3 // 2
    return np.frombuffer(result.stdout, np.uint8).reshape(-1, frame), result.stderr.decode()


def _still(picture: np.ndarray, frames: int, out: Path, encoder: Encoder | None = None) -> Path:
    from moviepy import ImageClip

    clip = ImageClip(picture).with_duration(frames / FPS)
    encode_clip(clip, frames, FPS, out, encoder or Encoder(), still=True)
    clip.close()
    return out


def _old_still(picture: np.ndarray, frames: int, out: Path, encoder: Encoder | None = None) -> Path:
    """The same still encoded the way it was before: the picture looped and every frame coded."""
    height, width = picture.shape[:2]
    source = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}"]
    source += ["-framerate", str(FPS), "-i", "pipe:0"]
    loop = f"loop=loop={frames - 1}:size=1:start=0,"
    args = [*source, "-vf", loop + _TO_YUV, *_x264_args(FPS, encoder or Encoder(), frames)]
    run_ffmpeg([*args, "-frames:v", str(frames), str(out)], "old still", stdin=picture.tobytes())
    return out


def _video(path: Path) -> str:
    """ffmpeg's line on the video stream (codec, profile, pixels, colour, rate), less bitrate."""
    info = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True)
    line = next(line for line in info.stderr.decode().splitlines() if "Video:" in line)
    return re.sub(r"\d+ kb/s, ", "", line)


def _avcc(path: Path) -> bytes:
    data = path.read_bytes()
    at = data.index(b"avcC") - 4
    return data[at : at + int.from_bytes(data[at : at + 4], "big")]


@pytest.mark.parametrize("encoder", [Encoder(), DRAFT_ENCODER], ids=["default", "draft"])
def test_a_repeated_still_decodes_to_the_old_first_frame_on_every_frame(tmp_path, encoder):
    picture, frames = _noise(), 75
    new = _still(picture, frames, tmp_path / "new.mp4", encoder)
    old = _old_still(picture, frames, tmp_path / "old.mp4", encoder)
    decoded, said = _decode(new)
    reference, _ = _decode(old)
    assert said == ""
    assert len(decoded) == frames
    assert (decoded == reference[0]).all()
    assert _video(new) == _video(old)
    assert _avcc(new) == _avcc(old)
    assert packets(new, "v") == [(n * 1000, 1000) for n in range(frames)]


def test_a_long_still_wraps_frame_num_many_times_and_decodes_cleanly(tmp_path):
    picture, frames = _noise(2, (64, 48)), 3600
    decoded, said = _decode(_still(picture, frames, tmp_path / "long.mp4"), (64, 48))
    assert said == "" and len(decoded) == frames
    assert (decoded == decoded[0]).all()
    timing = packets(tmp_path / "long.mp4", "v")
    assert timing[-1] == ((frames - 1) * 1000, 1000) and len(timing) == frames


def _colours(tmp_path: Path, count: int) -> list[Path]:
    """Pictures that say which they are: a flat colour each, far apart."""
    paths = []
    for index in range(count):
        colour = ((index * 97) % 256, (index * 53 + 80) % 256, (index * 181 + 40) % 256)
        path = tmp_path / f"picture{index}.png"
        Image.new("RGB", SIZE, colour).save(path)
        paths.append(path)
    return paths


def _which(decoded: np.ndarray, references: list[np.ndarray]) -> list[int]:
    means = [reference[: SIZE[0] * SIZE[1]].astype(float).mean() for reference in references]
    found = []
    for frame in decoded:
        mean = frame[: SIZE[0] * SIZE[1]].astype(float).mean()
        found.append(int(np.argmin([abs(mean - m) for m in means])))
    return found


def test_a_sequence_shows_each_picture_on_exactly_its_frames(tmp_path):
    paths = _colours(tmp_path, 6)
    counts = [1, 4, 1, 1, 37, 2]
    shown = list(zip(paths, counts)) + [(paths[5], 3)]  # the same picture twice in a row
    out = tmp_path / "sequence.mp4"
    encode_sequence(shown, FPS, out, Encoder(), SIZE)
    decoded, said = _decode(out)
    assert said == ""
    references = [_decode(_old_still_png(path, tmp_path))[0][0] for path in paths]
    expected = [index for index, count in enumerate(counts + [3]) for _ in range(count)]
    expected = [min(index, 5) for index in expected]
    assert _which(decoded, references) == expected
    assert packets(out, "v") == [(n * 1000, 1000) for n in range(len(expected))]
    # Within a picture every frame is the same, to the byte.
    start = sum(counts[:4])
    assert (decoded[start : start + 37] == decoded[start]).all()


def _old_still_png(path: Path, tmp_path: Path) -> Path:
    with Image.open(path) as image:
        picture = np.asarray(image.convert("RGB"))
    return _old_still(picture, 2, tmp_path / f"{path.stem}.mp4")


def test_repeated_chunks_join_by_copy_with_chunks_coded_frame_by_frame(tmp_path):
    from moviepy import VideoClip

    still = _still(_noise(3), 40, tmp_path / "still.mp4")
    paths = _colours(tmp_path, 3)
    sequence = tmp_path / "sequence.mp4"
    encode_sequence([(paths[0], 5), (paths[1], 1), (paths[2], 9)], FPS, sequence, Encoder(), SIZE)
    moving = VideoClip(lambda t: _noise(int(t * FPS) + 10), duration=8 / FPS)
    coded = tmp_path / "moving.mp4"
    encode_clip(moving, 8, FPS, coded, Encoder())
    listing = tmp_path / "list.ffconcat"
    listing.write_text(concat_list([still, sequence, coded, still], tmp_path))
    joined = tmp_path / "joined.mp4"
    args = ["-f", "concat", "-safe", "0", "-i", listing.name, "-c", "copy", str(joined)]
    run_ffmpeg(args, "join", cwd=tmp_path)
    decoded, said = _decode(joined)
    assert said == ""
    assert len(decoded) == 40 + 15 + 8 + 40
    alone, _ = _decode(still)
    assert (decoded[:40] == alone[0]).all() and (decoded[63:] == alone[0]).all()
    parts, _ = _decode(sequence)
    assert (decoded[40:55] == parts).all()
