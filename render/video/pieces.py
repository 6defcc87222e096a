"""A segment's video as pieces: each a kind, a frame count, a cache key and an encoder.

A new kind of visual is one PieceKind, one encoder registered in ENCODERS, and a rule in
`SegmentVideo.plan` that says when a segment uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from scriptreel.media.card import CardText, render_layers
from scriptreel.render.narration import NarratedSegment
from scriptreel.render.video.frames import Still, StillMaker

if TYPE_CHECKING:
    from scriptreel.render.video.segments import SegmentVideo
from scriptreel.render.timeline import FADE, ZOOM
from scriptreel.render.video.visuals import Run


class PieceKind(Enum):
    """What a piece of a segment's video shows."""

    STILL = "still"
    """One still picture: one frame sent, looped by ffmpeg."""
    FADE_IN = "fade-in"
    """A still fading in from black (--motion)."""
    FADE_OUT = "fade-out"
    """A still fading out to black (--motion)."""
    ZOOM = "zoom"
    """The whole segment composed by MoviePy: a slow push-in on its card picture (--motion)."""
    SEQUENCE = "sequence"
    """Still pictures one after another in one encode (word-by-word captions)."""
    CLIP = "clip"
    """A video clip beat, with its label, call-outs and captions over it."""
    PUSH = "push"
    """A picture beat with a slow push-in or pull-out (--motion)."""
    GROW = "grow"
    """A beat growing into its next state (a chart's bars, a line of code typed)."""
    CROSSFADE = "crossfade"
    """A short cross-fade from one still to the next where a beat starts (--motion)."""
    ENDING = "ending"
    """The video's last still, fading to the theme's background."""


@dataclass(frozen=True)
class Piece:
    """One chunk of a segment's video."""

    key: str
    """Cache key of its encoded chunk."""
    frames: int
    """How many frames it lasts."""
    kind: PieceKind
    """What it shows."""
    stills: tuple[tuple[Still, int], ...] = ()
    """Still pictures and their frames (STILL, FADE, SEQUENCE; GROW: the state it grows into)."""
    beat: int | None = None
    """The beat it plays (CLIP, PUSH)."""
    layers: tuple[Run, ...] = ()
    """Call-outs and captions over a moving piece, timed from its start (CLIP, PUSH)."""
    fade_from: Still | None = None
    """The still before a moving piece, cross-faded into it over its first `blend` frames."""
    fade_to: Still | None = None
    """The still after a moving piece, cross-faded into over its last `blend` frames."""
    blend: int = 0
    """Frames of each cross-fade into and out of a moving piece."""
    ending: int = 0
    """Frames at its end that fade to the theme's background (the video's last piece)."""
    dark_in: int = 0
    """Frames at its start that come up from black (a segment's first piece, --motion)."""
    dark_out: int = 0
    """Frames at its end that go down to black (a segment's last piece, --motion)."""

    def pictures(self) -> list[Still]:
        """Every still picture its encoder reads."""
        found = [still for still, _ in self.stills]
        return found + [still for still in (self.fade_from, self.fade_to) if still is not None]


@dataclass(frozen=True)
class PieceContext:
    """What an encoder needs besides the piece."""

    pictures: dict[Still, Path]
    card: CardText
    item: NarratedSegment
    video: SegmentVideo
    stills: StillMaker


def _still(piece: Piece, ctx: PieceContext):
    from moviepy import ImageClip

    picture = ctx.pictures[piece.stills[0][0]]
    return ImageClip(str(picture)).with_duration(piece.frames / ctx.video.fps)


def _fade(effect: str) -> Callable:
    def make(piece: Piece, ctx: PieceContext):
        from moviepy import vfx

        seconds = piece.frames / ctx.video.fps
        return _still(piece, ctx).with_effects([getattr(vfx, effect)(seconds)])

    return make


def _crossfade(piece: Piece, ctx: PieceContext):
    from moviepy import CompositeVideoClip, ImageClip, vfx

    seconds = piece.frames / ctx.video.fps
    (before, _), (after, _) = piece.stills
    first = ImageClip(str(ctx.pictures[before])).with_duration(seconds)
    second = ImageClip(str(ctx.pictures[after])).with_duration(seconds)
    second = second.with_effects([vfx.CrossFadeIn(seconds)])
    return CompositeVideoClip([first, second], size=ctx.video.size).with_duration(seconds)


def _zoom(piece: Piece, ctx: PieceContext):
    """A slow push-in on the card's picture under its text (and captions), with fades."""
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip, vfx

    from scriptreel.media.card import caption_overlay

    video, seconds = ctx.video, piece.frames / ctx.video.fps
    background, overlay = render_layers(ctx.card, video.size, video.theme)
    base = ImageClip(np.asarray(background)).with_duration(seconds)
    base = base.resized(lambda t: 1 + ZOOM * t / max(seconds, 1e-6)).with_position("center")
    layers = [base, ImageClip(np.asarray(overlay), transparent=True).with_duration(seconds)]
    if video.burn_captions:
        for cue in ctx.item.cues:
            picture = caption_overlay(cue.text, video.size, video.theme)
            caption = ImageClip(np.asarray(picture), transparent=True).with_start(cue.start)
            layers.append(caption.with_duration(max(0.01, cue.end - cue.start)))
    fade = min(FADE, seconds / 2)
    clip = CompositeVideoClip(layers, size=video.size).with_duration(seconds)
    # The video's last piece fades to the theme's background instead of through black.
    effects = [vfx.FadeIn(fade)] + ([] if piece.ending else [vfx.FadeOut(fade)])
    return clip.with_effects(effects)


def _moving(piece: Piece, ctx: PieceContext):
    """A clip, a pushed picture or a growing beat, with its timed call-outs and captions."""
    from scriptreel.render.video.moving import moving_clip

    return moving_clip(piece, ctx)


ENCODERS: dict[PieceKind, Callable[[Piece, PieceContext], object]] = {
    PieceKind.STILL: _still,
    PieceKind.FADE_IN: _fade("FadeIn"),
    PieceKind.FADE_OUT: _fade("FadeOut"),
    PieceKind.ZOOM: _zoom,
    PieceKind.CROSSFADE: _crossfade,
    PieceKind.ENDING: _still,
    PieceKind.CLIP: _moving,
    PieceKind.PUSH: _moving,
    PieceKind.GROW: _moving,
}
"""The MoviePy clip for each kind of piece; SEQUENCE is encoded by ffmpeg from its pictures.
A piece's fades (Piece.fade_from, fade_to, ending) are laid over its clip by render.fades."""
