"""A segment's video as pieces: each a kind, a frame count, a cache key and an encoder.

A new kind of visual is one PieceKind, one encoder registered in ENCODERS, and a rule in
`SegmentVideo.plan` that says when a segment uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from media.card import (
    CardText,
    caption_overlay,
    card_text,
    draw_caption,
    render_card,
    render_layers,
)
from media.themes import Theme, theme_files
from script import Script, Segment

from .assemble import Encoder, concat_list, encode_clip, run_ffmpeg
from .cache import Cache, Kind, file_digest
from .keys import entry_key
from .narration import NarratedSegment
from .timeline import FADE, ZOOM, fade_frames, shots


class PieceKind(Enum):
    """What a piece of a segment's video shows."""

    STILL = "still"
    """The card (with a burned caption, if any), unchanged: one frame sent, looped by ffmpeg."""
    FADE_IN = "fade-in"
    """The card fading in from black (--motion)."""
    FADE_OUT = "fade-out"
    """The card fading out to black (--motion)."""
    ZOOM = "zoom"
    """The whole segment composed by MoviePy: a slow push-in on its picture (--motion)."""


@dataclass(frozen=True)
class Piece:
    """One chunk of a segment's video."""

    key: str
    """Cache key of its encoded chunk."""
    frames: int
    """How many frames it lasts."""
    kind: PieceKind
    """What it shows."""
    caption: str | None
    """The burned-in caption on its picture, if any."""


@dataclass(frozen=True)
class PieceContext:
    """What an encoder needs besides the piece: the picture it starts from and the segment."""

    picture: Path
    card: CardText
    item: NarratedSegment
    video: SegmentVideo


def _still(piece: Piece, ctx: PieceContext):
    from moviepy import ImageClip

    return ImageClip(str(ctx.picture)).with_duration(piece.frames / ctx.video.fps)


def _fade(effect: str) -> Callable:
    def make(piece: Piece, ctx: PieceContext):
        from moviepy import vfx

        seconds = piece.frames / ctx.video.fps
        return _still(piece, ctx).with_effects([getattr(vfx, effect)(seconds)])

    return make


def _zoom(piece: Piece, ctx: PieceContext):
    """A slow push-in on the card's picture under its text (and captions), with fades."""
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip, vfx

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
    return clip.with_effects([vfx.FadeIn(fade), vfx.FadeOut(fade)])


ENCODERS: dict[PieceKind, Callable[[Piece, PieceContext], object]] = {
    PieceKind.STILL: _still,
    PieceKind.FADE_IN: _fade("FadeIn"),
    PieceKind.FADE_OUT: _fade("FadeOut"),
    PieceKind.ZOOM: _zoom,
}
"""The MoviePy clip for each kind of piece; STILL is sent as one frame and looped by ffmpeg."""


class SegmentVideo:
    """Plans and builds the video of segments: cards, caption pictures, chunks, one file each."""

    def __init__(
        self,
        script: Script,
        theme: Theme,
        size: tuple[int, int],
        fps: int,
        encoder: Encoder,
        cache: Cache,
        work: Path,
        burn_captions: bool = False,
        motion: bool = False,
    ):
        self.script, self.theme, self.size, self.fps = script, theme, size, fps
        self.encoder, self.cache, self.work = encoder, cache, work
        self.burn_captions, self.motion = burn_captions, motion

    def card(self, segment: Segment) -> CardText:
        return card_text(self.script, segment)

    def card_key(self, segment: Segment) -> str:
        from PIL import Image, features

        card = self.card(segment)
        files = [*theme_files(self.theme), *([card.image] if card.image else [])]
        return entry_key(
            Kind.CARD,
            text=asdict(card),
            size=list(self.size),
            theme={k: str(v) for k, v in asdict(self.theme).items()},
            files=[_file_hash(Path(f)) for f in files],
            pillow=Image.__version__,
            freetype=features.version("freetype2"),
        )

    def picture_key(self, card_key: str, caption: str | None) -> str:
        if caption is None:
            return card_key
        return entry_key(Kind.CARD, card=card_key, caption=caption)

    def chunk_key(self, **parts) -> str:
        return entry_key(Kind.CHUNK, fps=self.fps, encoder=self.encoder.key(), **parts)

    def plan(self, item: NarratedSegment) -> list[Piece]:
        """The pieces, in order, that make up the segment's frames.

        A still picture is whole one-second units plus a remainder, each encoded once and listed
        as often as needed. With motion, the first and last frames fade through black, and a
        segment with a picture is composed frame by frame with a slow zoom.
        """
        card_key = self.card_key(item.segment)
        if self.motion and self.card(item.segment).image:
            cues = [asdict(c) for c in item.cues] if self.burn_captions else []
            key = self.chunk_key(
                motion="zoom", card=card_key, cues=cues, frames=item.frames, zoom=ZOOM, fade=FADE
            )
            return [Piece(key, item.frames, PieceKind.ZOOM, None)]
        captioned = self.burn_captions and item.cues
        runs = [
            [PieceKind.STILL, caption, frames]
            for caption, frames in (
                shots(item.cues, item.frames, self.fps) if captioned else [(None, item.frames)]
            )
        ]
        if self.motion:
            fade = fade_frames(self.fps, runs[0][2], runs[-1][2], len(runs) == 1)
            if fade:
                runs[0][2] -= fade
                runs[-1][2] -= fade
                runs = [
                    [PieceKind.FADE_IN, runs[0][1], fade],
                    *runs,
                    [PieceKind.FADE_OUT, runs[-1][1], fade],
                ]
        pieces: list[Piece] = []
        for kind, caption, frames in runs:
            if frames > 0:
                pieces += self._pieces_of(
                    kind, self.picture_key(card_key, caption), caption, frames
                )
        return pieces

    def _pieces_of(self, kind: PieceKind, picture: str, caption, frames: int) -> list[Piece]:
        if kind is not PieceKind.STILL:
            key = self.chunk_key(motion=kind.value, card=picture, frames=frames)
            return [Piece(key, frames, kind, caption)]
        units, tail = divmod(frames, self.fps)
        unit = Piece(self.chunk_key(card=picture, frames=self.fps), self.fps, kind, caption)
        pieces = [unit] * units
        if tail:
            pieces.append(Piece(self.chunk_key(card=picture, frames=tail), tail, kind, caption))
        return pieces

    def build(self, item: NarratedSegment) -> tuple[Path, bool]:
        """The segment's video file, and whether any of its parts was made now."""
        card = self.card(item.segment)
        card_key = self.card_key(item.segment)
        card_path, made = self.cache.get_or_make(
            Kind.CARD.value,
            card_key,
            ".png",
            lambda temp: render_card(card, self.size, self.theme).save(temp, format="PNG"),
        )
        pictures: dict[str | None, Path] = {None: card_path}
        built: dict[str, Path] = {}
        pieces = self.plan(item)
        for piece in pieces:
            if piece.caption not in pictures:
                pictures[piece.caption], picture_made = self.cache.get_or_make(
                    Kind.CARD.value,
                    self.picture_key(card_key, piece.caption),
                    ".png",
                    lambda temp, text=piece.caption: draw_caption(
                        _open_rgb(card_path), text, self.theme
                    ).save(temp, format="PNG"),
                )
                made |= picture_made
            if piece.key not in built:
                context = PieceContext(pictures[piece.caption], card, item, self)
                built[piece.key], chunk_made = self.cache.get_or_make(
                    Kind.CHUNK.value,
                    piece.key,
                    ".mp4",
                    lambda temp, piece=piece, context=context: self._encode(piece, context, temp),
                )
                made |= chunk_made
        # One file per segment, joined by stream copy: the final join then opens a few files
        # instead of one per second of video (a quarter of a second saved per 4 minutes).
        key = entry_key(Kind.SEGMENT, chunks=[piece.key for piece in pieces], fps=self.fps)
        paths = [built[piece.key] for piece in pieces]
        segment_path, _ = self.cache.get_or_make(
            Kind.SEGMENT.value, key, ".mp4", lambda temp: self._join(paths, temp)
        )
        return segment_path, made

    def _encode(self, piece: Piece, context: PieceContext, temp: Path) -> None:
        clip = ENCODERS[piece.kind](piece, context)
        try:
            still = piece.kind is PieceKind.STILL
            encode_clip(clip, piece.frames, self.fps, temp, self.encoder, still=still)
        finally:
            clip.close()

    def _join(self, paths: list[Path], temp: Path) -> None:
        listing = self.work / f"{temp.name}.ffconcat"
        try:
            listing.write_text(concat_list(paths), encoding="utf-8")
            args = ["-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy"]
            args += ["-video_track_timescale", str(self.fps * 1000), "-f", "mp4", str(temp)]
            run_ffmpeg(args, "joining a segment")
        finally:
            listing.unlink(missing_ok=True)


def _open_rgb(path: Path):
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")


_FILE_HASHES: dict[tuple[Path, int, int], str] = {}


def _file_hash(path: Path) -> str:
    """A file's digest, hashed again whenever it changes on disk (`watch` keeps running)."""
    info = path.stat()
    stamp = (path.resolve(), info.st_mtime_ns, info.st_size)
    if stamp not in _FILE_HASHES:
        _FILE_HASHES[stamp] = file_digest(path)
    return _FILE_HASHES[stamp]
