"""Where a picture's subject is: the busy part of a frame, found from edges and from colours
that stand out from its background, so text can be put in the quiet part."""

from __future__ import annotations

import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from scriptreel.media.grid import Box

CELLS = 24
"""The frame is judged in cells this many to a side (about 4% of it each)."""
EDGE = 24
"""Gradient, in 8-bit levels between neighbouring pixels, that counts as an edge."""
STANDS_OUT = 48
"""Colour distance from the frame's most common colour that makes a pixel part of a subject."""
BUSY = 0.06
"""Share of a cell's pixels that must be edges or stand out for the cell to be busy."""


def busy_cells(image: Image.Image) -> np.ndarray:
    """A CELLS x CELLS grid (rows, columns) of how busy each cell of the image is, 0 to 1."""
    small = np.asarray(image.convert("RGB").resize((CELLS * 8, CELLS * 8), Image.BILINEAR))
    pixels = small.astype(np.int16)
    grey = pixels.mean(axis=2)
    edges = np.zeros(grey.shape, bool)
    edges[:, 1:] |= np.abs(np.diff(grey, axis=1)) > EDGE
    edges[1:, :] |= np.abs(np.diff(grey, axis=0)) > EDGE
    # The most common colour (coarsely binned) is the background the subject stands out from.
    binned = (pixels // 32).reshape(-1, 3)
    codes = binned[:, 0] * 64 + binned[:, 1] * 8 + binned[:, 2]
    common = np.bincount(codes).argmax()
    background = pixels.reshape(-1, 3)[codes == common].mean(axis=0)
    distance = np.abs(pixels - background).sum(axis=2)
    salient = edges | (distance > STANDS_OUT)
    return salient.reshape(CELLS, 8, CELLS, 8).mean(axis=(1, 3))


def subject_box(image: Image.Image) -> Box | None:
    """The box, in the image's pixels, around every busy cell; None for an empty picture."""
    busy = np.argwhere(busy_cells(image) >= BUSY)
    if not len(busy):
        return None
    (top, left), (bottom, right) = busy.min(axis=0), busy.max(axis=0) + 1
    width, height = image.size
    return (
        float(left * width / CELLS),
        float(top * height / CELLS),
        float(right * width / CELLS),
        float(bottom * height / CELLS),
    )


@lru_cache(maxsize=64)
def _cached(path: Path, stamp: tuple[int, int], size: tuple[int, int], fit: str, zone: Box):
    from scriptreel.media.framing import fit_into

    frame = fit_into(path, size, fit, zone)
    return subject_box(frame)


def picture_subject(path: Path, size: tuple[int, int], fit: str, zone: Box) -> Box | None:
    """The subject of a picture as it is shown on a frame of `size` (fitted into `zone` when
    contained), computed once per picture, size and place while the process runs."""
    try:
        stat = Path(path).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    return _cached(Path(path), stamp, size, fit, zone)


def _clip_frame(path: Path, demuxer, at: float, size: tuple[int, int], fit: str) -> Image.Image:
    """One frame of a clip at `at` seconds, as it is shown on a frame of `size`."""
    from scriptreel.media.clip_probe import ffmpeg_exe, input_args
    from scriptreel.media.clips import frame_filters

    command = [
        ffmpeg_exe(),
        *("-nostdin", "-v", "error"),
        *input_args(path, demuxer, at, None),
        *("-an", "-sn", "-dn", "-frames:v", "1", "-vf", frame_filters(size, 1, fit, (0, 0, 0))),
        *("-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"),
    ]
    raw = subprocess.run(command, capture_output=True, check=True).stdout
    return Image.frombytes("RGB", size, raw[: size[0] * size[1] * 3].ljust(size[0] * size[1] * 3))


@lru_cache(maxsize=16)
def _clip_cached(path: Path, stamp, size, fit: str, start: float, end: float | None, where):
    from scriptreel.media.clip_probe import played_span, probe_clip

    info = probe_clip(path, where)
    length = played_span(info, start, end, path, where)
    boxes = [
        subject_box(_clip_frame(path, info.demuxer, at, size, fit))
        for at in (start, start + length / 2, start + length * 0.9)
    ]
    found = [box for box in boxes if box is not None]
    if not found:
        return None
    return (
        min(b[0] for b in found),
        min(b[1] for b in found),
        max(b[2] for b in found),
        max(b[3] for b in found),
    )


def clip_subject(
    path: Path,
    size: tuple[int, int],
    fit: str,
    start: float = 0.0,
    end: float | None = None,
    where: str | None = None,
) -> Box | None:
    """Where a clip's subject is over the part that plays: the busy regions of three of its
    frames (first, middle, near the end) together, computed once per clip while the process
    runs."""
    try:
        stat = Path(path).stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    return _clip_cached(Path(path), stamp, size, fit, start, end, where)


__all__ = ["busy_cells", "clip_subject", "picture_subject", "subject_box"]
