"""Still pieces encoded from pictures in memory: each picture drawn when the encoder asks for it
and piped to it, with no PNG written and decoded in between; the video's ending faded by table
lookup instead of by arithmetic on every pixel of every frame.

The pictures and the arithmetic are those of the MoviePy path (render.video.pieces and
render.video.fades), so the frames are the same to the byte; only the work is less.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import repeat
from pathlib import Path

import numpy as np

from scriptreel.media.card import render_background
from scriptreel.render.encode.sequence import (
    encode_frames,
    encode_pictures,
    encode_still,
    read_rgb,
)
from scriptreel.render.store.cache import Kind
from scriptreel.render.video.fades import ending_frames
from scriptreel.render.video.frames import Still
from scriptreel.render.video.pieces import Piece, PieceContext, PieceKind

IN_MEMORY = (PieceKind.SEQUENCE, PieceKind.STILL, PieceKind.ENDING)
"""The kinds of piece made of still pictures alone, which this module encodes."""


def encodes_in_memory(piece: Piece) -> bool:
    """Whether the piece is encoded here: still pictures with no fade but the video's ending."""
    fades = piece.fade_from or piece.fade_to or piece.dark_in or piece.dark_out
    return piece.kind in IN_MEMORY and not fades


def encode_in_memory(piece: Piece, context: PieceContext, out) -> None:
    """Encode a piece that `encodes_in_memory` into `out`."""
    video = context.video
    picture = pictures_of(context)
    if piece.kind is PieceKind.SEQUENCE:
        merged: list[tuple[Still, int]] = []
        for still, frames in piece.stills:  # a picture shown twice in a row is coded once
            if merged and merged[-1][0] == still:
                merged[-1] = (still, merged[-1][1] + frames)
            else:
                merged.append((still, frames))
        shown = (picture(still) for still, _ in merged)
        counts = [frames for _, frames in merged]
        keep = _kept_pictures(context, [still for still, _ in merged])
        encode_pictures(shown, counts, video.fps, out, video.encoder, video.size, keep)
        return
    still = picture(piece.stills[0][0])
    if piece.kind is PieceKind.STILL:
        encode_still(still, piece.frames, video.fps, out, video.encoder)
        return
    made = _ending(still, background(context), piece.frames, piece.ending)
    encode_frames(made, piece.frames, video.fps, out, video.encoder, video.size)


def _kept_pictures(context: PieceContext, stills: list[Still]):
    """Where the coded pictures of `stills` are kept: when an edit earlier in the script moves
    a segment, its captions and call-outs may change a frame earlier or later, and the chunk is
    then made again from them without drawing or coding a picture."""
    video = context.video
    key = video.chunk_key(coded=[context.stills.key(s) for s in stills], size=list(video.size))

    def keep(write: Callable[[Path], None]) -> Path:
        return video.cache.get_or_make(Kind.CHUNK, key, ".h264", write)[0]

    return keep


def pictures_of(context: PieceContext) -> Callable[[Still], np.ndarray]:
    """Each still as packed RGB: its PNG when one was made (by the card, by `prepare`, by an
    editor export), else drawn now."""

    def picture(still: Still) -> np.ndarray:
        path = context.pictures.get(still)
        if path is None:
            path = context.video.cache.get(Kind.CARD, context.stills.key(still), ".png")
        if path is not None:
            return read_rgb(path)
        image = context.stills.draw(still)
        return np.asarray(image if image.mode == "RGB" else image.convert("RGB"))

    return picture


def background(context: PieceContext):
    """The theme's background, with no card picture: what the video fades to at its end."""
    video = context.video
    return render_background(replace(context.card, image=None), video.size, video.theme)


def _ending(picture: np.ndarray, under, frames: int, ending: int) -> Iterator[np.ndarray]:
    """The still for `frames` frames, its last `ending` fading to the background."""
    ending = min(ending, frames)
    yield from repeat(picture, frames - ending)
    yield from ending_frames(picture, np.asarray(under.convert("RGB")), ending)
