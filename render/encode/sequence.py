"""Pictures piped to the encoder: raw RGB frames from memory straight into one x264 run.

A segment's still pictures (kinetic type, call-outs, burned captions) are drawn in memory and
written to the encoder's standard input as they are drawn: no picture is compressed to a PNG
and decoded again, and drawing the next picture overlaps coding the one before it, the encoder
being a process of its own. Each distinct picture is coded once and repeated for free (see
render.encode.h264), so what a picture costs does not depend on how long it stays.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from PIL import Image

from scriptreel.render.encode import h264
from scriptreel.render.encode.assemble import (
    _LOOKAHEAD,
    _TO_YUV,
    Encoder,
    _x264_args,
    encoder_env,
    ffmpeg_exe,
    ffmpeg_failed,
    write_repeated,
)
from scriptreel.render.errors import RenderError

Frame = np.ndarray | bytes
"""One picture as packed 8-bit RGB: an array of shape (height, width, 3), or its bytes."""


def encode_pictures(
    pictures: Iterable[Frame],
    counts: list[int],
    fps: int,
    out: Path,
    encoder: Encoder,
    size: tuple[int, int],
    keep: Callable[[Callable[[Path], None]], Path] | None = None,
) -> None:
    """Encode still pictures shown one after another, each for its count of frames, as an MP4
    chunk. `pictures` yields one picture per count, in order, and may draw each one only when
    it is asked for: the encoder codes the one before meanwhile.

    The coded pictures depend on the pictures alone, not on how long each is shown: `keep`,
    given a function that writes them to a file, returns a file of them (kept from an earlier
    call with the same pictures, or written now), so a change of counts alone draws and codes
    nothing again."""

    made: list[bytes] = []

    def write(temp: Path) -> None:
        made.append(_coded(pictures, len(counts), fps, encoder, size))
        temp.write_bytes(made[0])

    if keep is None:
        stream = _coded(pictures, len(counts), fps, encoder, size)
    else:
        kept = keep(write)
        stream = made[0] if made else kept.read_bytes()  # coded now, or kept from before
    coded = h264.access_units(h264.nal_units(stream))
    if len(coded) != len(counts):
        raise RenderError(
            "ffmpeg",
            f"encoding still pictures gave {len(coded)} frames for {len(counts)} pictures",
            "report it",
        )
    write_repeated(coded, counts, fps, out, encoder, size)


def _coded(
    pictures: Iterable[Frame], count: int, fps: int, encoder: Encoder, size: tuple[int, int]
) -> bytes:
    """The H.264 stream of `count` pictures, each coded once, one after another."""
    args = [*_raw_input(size, fps), "-vf", _TO_YUV]
    args += [*_x264_args(fps, encoder, count, "h264"), "-frames:v", str(count)]
    return piped([*args, "pipe:1"], pictures, "encoding still pictures")


def encode_still(picture: np.ndarray, frames: int, fps: int, out: Path, encoder: Encoder) -> None:
    """Encode one picture shown for `frames` frames as an MP4 chunk: sent once, coded as a
    picture that stays (looped through the encoder's lookahead), one coded frame repeated."""
    height, width = picture.shape[:2]
    copies = min(frames, _LOOKAHEAD.get(encoder.preset, 60) + 1)
    loop = f"loop=loop={copies - 1}:size=1:start=0," if copies > 1 else ""
    args = [*_raw_input((width, height), fps), "-vf", loop + _TO_YUV]
    args += [*_x264_args(fps, encoder, copies, "h264"), "-frames:v", str(copies), "pipe:1"]
    stream = piped(args, [_packed(picture)], "encoding a card")
    coded = h264.access_units(h264.nal_units(stream))
    write_repeated(coded[:1], [frames], fps, out, encoder, (width, height))


def encode_frames(
    frames: Iterable[Frame],
    count: int,
    fps: int,
    out: Path,
    encoder: Encoder,
    size: tuple[int, int],
) -> None:
    """Encode `count` frames that each differ (a fade, a moving beat) as an MP4 chunk, frame
    by frame; `frames` may make each frame only when it is asked for.

    Equal frames at the end (a clip held on its last frame), when more than fill the encoder's
    lookahead, are coded as a still is: the first of them is coded from the same frames as
    before, with copies enough to fill the lookahead, and every later one repeats its coded
    picture for free (see render.encode.h264) instead of being coded again."""
    copies = _LOOKAHEAD.get(encoder.preset, 60) + 1
    held = _Held()
    args = [*_raw_input(size, fps), "-vf", _TO_YUV, *_x264_args(fps, encoder, count, "h264")]
    stream = piped(
        [*args, "-frames:v", str(count), "pipe:1"],
        held.sent(frames, copies),
        "encoding a moving segment",
    )
    coded = h264.access_units(h264.nal_units(stream))
    kept = len(coded) - held.padding
    if kept < 1 or kept + held.repeats != count:
        raise RenderError(
            "ffmpeg",
            f"encoding a moving segment gave {len(coded)} frames for {count}",
            "report it",
        )
    counts = [1] * (kept - 1) + [1 + held.repeats]
    write_repeated(coded[:kept], counts, fps, out, encoder, size)


class _Held:
    """The frames sent to an encoder, with the equal frames at their end held back."""

    def __init__(self) -> None:
        self.repeats = 0
        """Frames at the end equal to the one before them, not coded."""
        self.padding = 0
        """Copies of the last frame sent only to fill the lookahead; their coding is dropped."""

    def sent(self, frames: Iterable[Frame], copies: int):
        """`frames` as packed RGB, each run of equal frames sent whole, but for one that ends
        them all and is longer than `copies`: of that, only `copies` frames are sent."""
        last, pending = None, 0
        for frame in frames:
            packed = _packed(frame)
            if last is not None and _equal(packed, last):
                pending += 1
                continue
            for _ in range(pending):  # a hold before other frames: coded as it always was
                yield last
            yield packed
            last, pending = packed, 0
        if pending < copies:  # too short a hold to gain anything: coded as it always was
            yield from (last for _ in range(pending))
            return
        self.repeats, self.padding = pending, copies - 1
        yield from (last for _ in range(self.padding))


def _equal(first: Frame, second: Frame) -> bool:
    if isinstance(first, bytes) or isinstance(second, bytes):
        return bytes(first) == bytes(second)
    return first.shape == second.shape and np.array_equal(first, second)


def encode_sequence(
    pictures: list[tuple[Path, int]],
    fps: int,
    out: Path,
    encoder: Encoder,
    size: tuple[int, int],
) -> None:
    """Encode PNG pictures shown one after another, each for a number of frames (a picture
    listed twice in a row is coded once)."""
    merged: list[tuple[Path, int]] = []
    for path, frames in pictures:
        if merged and merged[-1][0] == path:
            merged[-1] = (path, merged[-1][1] + frames)
        else:
            merged.append((path, frames))
    counts = [frames for _, frames in merged]
    encode_pictures((read_rgb(path) for path, _ in merged), counts, fps, out, encoder, size)


def read_rgb(path: Path) -> np.ndarray:
    """A picture file as packed RGB."""
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def encode_clip(
    clip, frames: int, fps: int, out: Path, encoder: Encoder, still: bool = False
) -> None:
    """Encode `frames` frames of a MoviePy clip as a video-only H.264 MP4 chunk: a still clip
    as one picture (see encode_still), anything that moves frame by frame."""
    if still:
        encode_still(clip.get_frame(0), frames, fps, out, encoder)
        return
    made = (clip.get_frame(index / fps) for index in range(frames))
    encode_frames(made, frames, fps, out, encoder, tuple(clip.size))


def _raw_input(size: tuple[int, int], fps: int) -> list[str]:
    width, height = size
    source = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}"]
    return [*source, "-framerate", str(fps), "-i", "pipe:0"]


def _packed(frame: Frame) -> Frame:
    if isinstance(frame, bytes):
        return frame
    return np.ascontiguousarray(frame[:, :, :3], dtype=np.uint8)


def piped(args: list[str], frames: Iterable[Frame], what: str) -> bytes:
    """Run ffmpeg with `frames` written to its standard input one after another, as they come;
    what it wrote to standard output, or the error saying `what` failed.

    Its outputs are read on threads of their own, so neither side waits for the other to
    empty a pipe."""
    command = [ffmpeg_exe(), "-hide_banner", "-v", "error", "-y", *args]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    process = subprocess.Popen(command, **pipes, env=encoder_env())
    read: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda n=name, s=stream: read.__setitem__(n, s.read()))
        for name, stream in (("out", process.stdout), ("err", process.stderr))
    ]
    for reader in readers:
        reader.start()
    assert process.stdin is not None
    try:
        try:
            for frame in frames:
                process.stdin.write(_packed(frame))
            process.stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped early: its own message says why, below
    except BaseException:
        process.kill()  # a picture could not be drawn, or Ctrl-C: no half-made chunk
        raise
    finally:
        try:
            process.stdin.close()
        except OSError:
            pass
        code = process.wait()
        for reader in readers:
            reader.join()
    if code != 0:
        detail = read.get("err", b"").decode("utf-8", "replace").strip().splitlines()
        raise ffmpeg_failed(what, detail, code)
    return read.get("out", b"")
