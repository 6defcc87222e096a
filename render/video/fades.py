"""Fades: cross-fades into and out of moving beats, and the video's ending.

A moving beat (a clip, a pushed picture) is composed frame by frame anyway, so it takes the
cross-fades in its own first and last frames: the stills before and after it keep their
one-frame encodes. The video's last piece fades to the theme's background; a still is split
so that only the fading frames are composed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image

from scriptreel.render.video.pieces import Piece, PieceKind

MOVING = (PieceKind.CLIP, PieceKind.PUSH)
"""Pieces that cross-fade with the stills around them."""
STILLS = (PieceKind.STILL, PieceKind.SEQUENCE)
"""Pieces that show still pictures one after another."""


@dataclass(frozen=True)
class Fades:
    """What a piece blends with at its ends, in frames."""

    before: Image.Image | None = None
    """The picture shown before the piece, faded out over its first `blend` frames."""
    after: Image.Image | None = None
    """The picture shown after it, faded in over its last `blend` frames."""
    blend: int = 0
    """Frames of each cross-fade."""
    background: Image.Image | None = None
    """The theme's background, faded to over the last `ending` frames (the video's end)."""
    ending: int = 0
    """Frames of the fade to the background; its last frame is the background alone."""
    dark_in: int = 0
    """Frames at the start that come up from black (the segment's first piece)."""
    dark_out: int = 0
    """Frames at the end that go down to black (the segment's last piece)."""


def fade_weights(count: int, ending: bool = False) -> np.ndarray:
    """How much of the incoming picture each of `count` frames shows: a cross-fade never shows
    either picture alone (the beat is there from its first frame); an ending reaches 1."""
    if ending:
        return np.arange(1, count + 1) / count
    return np.arange(1, count + 1) / (count + 1)


def _as_array(picture: Image.Image | None) -> np.ndarray | None:
    return None if picture is None else np.asarray(picture.convert("RGB"), dtype=np.float32)


def faded(clip, frames: int, fps: int, fades: Fades):
    """The clip with its fades, as a new clip of `frames` frames; closing it closes `clip`."""
    from moviepy import VideoClip

    before, after = _as_array(fades.before), _as_array(fades.after)
    background = _as_array(fades.background)
    blend = min(fades.blend, frames // 2) if before is not None or after is not None else 0
    ending = min(fades.ending, frames) if background is not None else 0
    into, out_of = fade_weights(blend), fade_weights(ending, ending=True)
    dark_in, dark_out = min(fades.dark_in, frames // 2), min(fades.dark_out, frames // 2)
    head, tail = max(blend, dark_in), max(blend, ending, dark_out)

    def frame(t: float) -> np.ndarray:
        index = min(frames - 1, round(t * fps))
        shown = clip.get_frame(t)
        if head <= index < frames - tail:
            return shown  # most frames: no fade, no copy
        image = shown[:, :, :3].astype(np.float32)
        if before is not None and index < blend:
            image = _mix(before, image, into[index])
        if after is not None and index >= frames - blend:
            image = _mix(image, after, into[index - (frames - blend)])
        if background is not None and index >= frames - ending:
            image = _mix(image, background, out_of[index - (frames - ending)])
        image *= _lit(index, frames, dark_in, dark_out)
        return np.clip(np.round(image), 0, 255).astype(np.uint8)

    result = VideoClip(frame, duration=frames / fps)
    result.close = clip.close
    return result


def ending_frames(picture: np.ndarray, background: np.ndarray, count: int):
    """The `count` frames of a still fading to the background, one after another, exactly as
    `faded` composes them for an ENDING piece.

    Each output value depends only on the picture's and the background's values at that place,
    so each frame is looked up in a table of every pair of values computed by the same
    arithmetic, instead of that arithmetic being done on every pixel."""
    values = np.arange(256, dtype=np.float32)
    pairs = (picture[:, :, :3].astype(np.uint16) << 8) | background[:, :, :3]
    for weight in fade_weights(count, ending=True):
        mixed = _mix(values[:, None], values[None, :], weight)
        table = np.clip(np.round(mixed), 0, 255).astype(np.uint8)
        yield table.ravel().take(pairs)


def _lit(index: int, frames: int, dark_in: int, dark_out: int) -> float:
    """How bright frame `index` is in its fades through black: from black up, then down to
    it (the frame after a fade-down is another segment's, so the last one is not all black)."""
    level = 1.0
    if index < dark_in:
        level = index / dark_in
    if index >= frames - dark_out:
        level = min(level, (frames - 1 - index) / dark_out)
    return level


def _mix(first: np.ndarray, second: np.ndarray, share: float) -> np.ndarray:
    return first * (1.0 - share) + second * share


Rekey = Callable[..., str]
"""The cache key of a piece changed by a fade: (piece, **what changed) -> key."""


def with_moving_fades(pieces: list[Piece], blend: int, rekey: Rekey) -> list[Piece]:
    """Moving pieces cross-faded from the still before them and into the still after them.

    Between two moving pieces there is no still to blend with: they cut.
    """
    found = []
    for index, piece in enumerate(pieces):
        if piece.kind not in MOVING or not blend:
            found.append(piece)
            continue
        before = _last_still(pieces[index - 1]) if index else None
        after = _first_still(pieces[index + 1]) if index + 1 < len(pieces) else None
        if before is None and after is None:
            found.append(piece)
            continue
        key = rekey(piece, fade_from=before, fade_to=after, blend=blend)
        found.append(replace(piece, key=key, fade_from=before, fade_to=after, blend=blend))
    return found


def _last_still(piece: Piece):
    # A fade-in ends on its still at full brightness, a fade-out starts on it.
    kinds = (*STILLS, PieceKind.CROSSFADE, PieceKind.FADE_IN)
    return piece.stills[-1][0] if piece.kind in kinds else None


def _first_still(piece: Piece):
    return piece.stills[0][0] if piece.kind in (*STILLS, PieceKind.FADE_OUT) else None


def with_ending(
    pieces: list[Piece], frames: int, rekey: Rekey, stretch: Callable[[list], list[Piece]]
) -> list[Piece]:
    """The pieces with their last `frames` frames fading to the theme's background.

    A still's last frames become an ENDING piece of their own; any other piece fades in its
    own last frames. `stretch` makes still pieces from (still, frames) pairs.
    """
    if not pieces or frames <= 0:
        return pieces
    last = pieces[-1]
    if last.kind not in STILLS:
        ending = min(frames, last.frames)
        return [*pieces[:-1], replace(last, key=rekey(last, ending=ending), ending=ending)]
    shown = list(last.stills)
    still, count = shown[-1]
    ending = min(frames, count)
    shown[-1] = (still, count - ending)
    kept = stretch([pair for pair in shown if pair[1] > 0])
    fade = Piece("", ending, PieceKind.ENDING, ((still, ending),), ending=ending)
    return [*pieces[:-1], *kept, replace(fade, key=rekey(fade, still=still))]


def through_black(
    pieces: list[Piece], frames: int, fade_out: bool, rekey: Rekey, stretch, fade_piece
) -> list[Piece]:
    """A segment's pieces coming up from black over `frames` frames and, when `fade_out`, going
    down to it: the fades between segments under --motion.

    A still piece gives the frames of its first (last) still to a FADE_IN (FADE_OUT) piece made
    by `fade_piece(kind, still, frames)`, so the rest stays one-frame encodes; any other piece
    darkens its own frames. A zoom fades itself.
    """
    if not pieces or frames <= 0:
        return pieces
    pieces = [*_darkened(pieces[0], frames, True, rekey, stretch, fade_piece), *pieces[1:]]
    if fade_out:
        pieces = [*pieces[:-1], *_darkened(pieces[-1], frames, False, rekey, stretch, fade_piece)]
    return pieces


def _darkened(piece: Piece, frames: int, start: bool, rekey: Rekey, stretch, fade_piece):
    if piece.kind is PieceKind.ZOOM:
        return [piece]
    if piece.kind not in STILLS:
        count = min(frames, piece.frames // 2)
        if not count:
            return [piece]
        side = {"dark_in" if start else "dark_out": count}
        return [replace(piece, key=rekey(piece, **side), **side)]
    shown = list(piece.stills)
    end = 0 if start else -1
    still, total = shown[end]
    count = min(frames, total // 2)
    if not count:
        return [piece]
    shown[end] = (still, total - count)
    kept = stretch([pair for pair in shown if pair[1] > 0])
    if start:
        return [fade_piece(PieceKind.FADE_IN, still, count), *kept]
    return [*kept, fade_piece(PieceKind.FADE_OUT, still, count)]


def piece_fades(piece: Piece, pictures: dict, background: Callable[[], Image.Image]):
    """The fades of a piece from its pictures (Still -> PNG path), or None when it has none."""
    if not (piece.fade_from or piece.fade_to or piece.ending or piece.dark_in or piece.dark_out):
        return None

    def opened(still) -> Image.Image | None:
        if still is None:
            return None
        with Image.open(pictures[still]) as image:
            return image.convert("RGB")

    return Fades(
        before=opened(piece.fade_from),
        after=opened(piece.fade_to),
        blend=piece.blend,
        background=background() if piece.ending else None,
        ending=piece.ending,
        dark_in=piece.dark_in,
        dark_out=piece.dark_out,
    )
