"""Where a picture's subject is: the busy part of a frame, found from edges and from colours
that stand out from its background, so text can be put in the quiet part."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from .grid import Box

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
        left * width / CELLS,
        top * height / CELLS,
        right * width / CELLS,
        bottom * height / CELLS,
    )


@lru_cache(maxsize=64)
def _cached(path: Path, stamp: tuple[int, int], size: tuple[int, int], fit: str, zone: Box):
    from .framing import fit_into

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


__all__ = ["busy_cells", "picture_subject", "subject_box"]
