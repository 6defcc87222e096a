"""A segment's video as pieces: each a kind, a frame count, a cache key and an encoder.

A new kind of visual is one PieceKind, one encoder registered in ENCODERS, and a rule in
`SegmentVideo.plan` that says when a segment uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from media.card import CardText, card_text, render_card, render_layers
from media.themes import Theme, theme_files
from media.word_captions import CaptionStyle, word_groups
from script import Script, Segment
from script.beats import BeatKind, Zoom

from .assemble import Encoder, concat_list, encode_clip, encode_sequence, run_ffmpeg
from .cache import Cache, Kind, file_digest
from .frames import Still, StillMaker, WordCaption
from .keys import entry_key
from .narration import NarratedSegment
from .timeline import FADE, LEAD, RATE, ZOOM, fade_frames
from .visuals import Base, Run, SentenceTiming, visual_runs


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
    """Still pictures and their frames (STILL, FADE, SEQUENCE)."""
    beat: int | None = None
    """The beat it plays (CLIP, PUSH)."""
    layers: tuple[Run, ...] = ()
    """Call-outs and captions over a moving piece, timed from its start (CLIP, PUSH)."""


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


def _zoom(piece: Piece, ctx: PieceContext):
    """A slow push-in on the card's picture under its text (and captions), with fades."""
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip, vfx

    from media.card import caption_overlay

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


def _moving(piece: Piece, ctx: PieceContext):
    """A clip or a pushed picture beat, with its timed call-outs and captions composited."""
    from .moving import moving_clip

    return moving_clip(piece, ctx)


ENCODERS: dict[PieceKind, Callable[[Piece, PieceContext], object]] = {
    PieceKind.STILL: _still,
    PieceKind.FADE_IN: _fade("FadeIn"),
    PieceKind.FADE_OUT: _fade("FadeOut"),
    PieceKind.ZOOM: _zoom,
    PieceKind.CLIP: _moving,
    PieceKind.PUSH: _moving,
}
"""The MoviePy clip for each kind of piece; SEQUENCE is encoded by ffmpeg from its pictures."""


class SegmentVideo:
    """Plans and builds the video of segments: stills, chunks, one joined file each."""

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
        caption_style: CaptionStyle = CaptionStyle.LINES,
    ):
        self.script, self.theme, self.size, self.fps = script, theme, size, fps
        self.encoder, self.cache, self.work = encoder, cache, work
        self.burn_captions, self.motion, self.caption_style = burn_captions, motion, caption_style

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

    def stills(self, segment: Segment) -> StillMaker:
        return StillMaker(
            self.cache,
            segment,
            self.card(segment),
            self.card_key(segment),
            self.theme,
            self.size,
            str(self.script.path),
            self.burn_captions,
        )

    def chunk_key(self, **parts) -> str:
        return entry_key(Kind.CHUNK, fps=self.fps, encoder=self.encoder.key(), **parts)

    def plan(self, item: NarratedSegment) -> list[Piece]:
        """The pieces, in order, that make up the segment's frames.

        Still pictures are whole one-second units plus a remainder, each encoded once and listed
        as often as needed; with word-by-word captions the stills between moving pieces are
        one sequence. A clip beat, or a picture beat with --motion, is one moving piece.
        With --motion and no beats, the first and last frames fade through black, and a segment
        with a card picture is composed frame by frame with a slow zoom.
        """
        segment, stills = item.segment, self.stills(item.segment)
        if self.motion and not segment.beats and self.card(segment).image:
            cues = [asdict(c) for c in item.cues] if self.burn_captions else []
            key = self.chunk_key(
                motion="zoom", card=stills.card_key, cues=cues, frames=item.frames, zoom=ZOOM
            )
            return [Piece(key, item.frames, PieceKind.ZOOM)]
        captions = self._captions(item)
        runs = visual_runs(segment.beats, _timings(item), item.frames, self.fps, captions)
        pieces: list[Piece] = []
        pending: list[Run] = []
        for group in _moving_groups(runs, segment, self.motion):
            if isinstance(group, Run):
                pending.append(group)
                continue
            pieces += self._still_pieces(pending, stills)
            pending = []
            pieces.append(self._moving_piece(group, stills))
        pieces += self._still_pieces(pending, stills)
        if self.motion and not segment.beats and self.caption_style is CaptionStyle.LINES:
            pieces = self._with_fades(pieces, stills)
        return pieces

    def moving_spans(self, item: NarratedSegment) -> list[tuple[Piece, int]]:
        """The moving pieces of a segment (clips, pushed pictures) with their first frame."""
        found, frame = [], 0
        for piece in self.plan(item):
            if piece.kind in (PieceKind.CLIP, PieceKind.PUSH):
                found.append((piece, frame))
            frame += piece.frames
        return found

    def _captions(self, item: NarratedSegment) -> list:
        """What the burned-in captions say when, as cues (timed from the segment's start)."""
        if not self.burn_captions:
            return []
        if self.caption_style is CaptionStyle.WORDS:
            return word_caption_cues(item)
        return list(item.cues)

    def _still_pieces(self, runs: list[Run], stills: StillMaker) -> list[Piece]:
        shown = [(Still(run.base, run.callout, run.caption), run.frames) for run in runs]
        if not shown:
            return []
        if self.caption_style is CaptionStyle.WORDS and self.burn_captions and len(shown) > 1:
            parts = [(stills.key(still), frames) for still, frames in shown]
            key = self.chunk_key(sequence=parts)
            total = sum(frames for _, frames in shown)
            return [Piece(key, total, PieceKind.SEQUENCE, tuple(shown))]
        pieces: list[Piece] = []
        for still, frames in shown:
            picture = stills.key(still)
            units, tail = divmod(frames, self.fps)
            unit = self.chunk_key(card=picture, frames=self.fps)
            pieces += [Piece(unit, self.fps, PieceKind.STILL, ((still, self.fps),))] * units
            if tail:
                key = self.chunk_key(card=picture, frames=tail)
                pieces.append(Piece(key, tail, PieceKind.STILL, ((still, tail),)))
        return pieces

    def _moving_piece(self, runs: list[Run], stills: StillMaker) -> Piece:
        beat_index = runs[0].base.beat
        beat = stills.segment.beats[beat_index]
        kind = PieceKind.CLIP if beat.kind is BeatKind.CLIP else PieceKind.PUSH
        first = runs[0].start
        layers = tuple(
            Run(run.start - first, run.frames, run.base, run.callout, run.caption) for run in runs
        )
        frames = sum(run.frames for run in runs)
        described = [(r.start, r.frames, r.callout, _caption_key(r.caption)) for r in layers]
        key = self.chunk_key(
            moving=kind.value,
            beat=stills.base_key(runs[0].base),
            frames=frames,
            layers=described,
        )
        return Piece(key, frames, kind, beat=beat_index, layers=layers)

    def _with_fades(self, pieces: list[Piece], stills: StillMaker) -> list[Piece]:
        """Fade the segment's first and last frames through black (stills only)."""
        if not pieces or pieces[0].kind is not PieceKind.STILL:
            return pieces
        runs = _frames_of(pieces)
        fade = fade_frames(self.fps, runs[0][1], runs[-1][1], len(runs) == 1)
        if not fade:
            return pieces
        first, last = runs[0][0], runs[-1][0]
        runs[0] = (first, runs[0][1] - fade)
        runs[-1] = (last, runs[-1][1] - fade)
        middle = [Run(0, n, still.base, still.callout, still.caption) for still, n in runs if n > 0]
        fade_in = self._fade_piece(PieceKind.FADE_IN, first, fade, stills)
        fade_out = self._fade_piece(PieceKind.FADE_OUT, last, fade, stills)
        return [fade_in, *self._still_pieces(middle, stills), fade_out]

    def _fade_piece(self, kind: PieceKind, still: Still, frames: int, stills: StillMaker) -> Piece:
        key = self.chunk_key(motion=kind.value, card=stills.key(still), frames=frames)
        return Piece(key, frames, kind, ((still, frames),))

    def build(self, item: NarratedSegment) -> tuple[Path, bool]:
        """The segment's video file, and whether any of its parts was made now."""
        stills = self.stills(item.segment)
        card_path, made = self.cache.get_or_make(
            Kind.CARD,
            stills.card_key,
            ".png",
            lambda temp: render_card(stills.card, self.size, self.theme).save(temp, format="PNG"),
        )
        pictures: dict[Still, Path] = {Still(Base()): card_path}
        built: dict[str, Path] = {}
        pieces = self.plan(item)
        for piece in pieces:
            if piece.key in built:
                continue
            for still, _ in piece.stills:
                if still not in pictures:
                    pictures[still], drawn = stills.path(still)
                    made |= drawn
            context = PieceContext(pictures, stills.card, item, self, stills)
            built[piece.key], chunk_made = self.cache.get_or_make(
                Kind.CHUNK,
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
            Kind.SEGMENT, key, ".mp4", lambda temp: self._join(paths, temp)
        )
        return segment_path, made

    def _encode(self, piece: Piece, context: PieceContext, temp: Path) -> None:
        if piece.kind is PieceKind.SEQUENCE:
            shown = [(context.pictures[still], frames) for still, frames in piece.stills]
            encode_sequence(shown, self.fps, temp, self.encoder, self.work)
            return
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


def _timings(item: NarratedSegment) -> list[SentenceTiming]:
    """Where each sentence and its words sit in the segment's narration, in samples."""
    timings = []
    for index, (offset, count) in enumerate(item.offsets):
        words = item.words[index] if index < len(item.words) else []
        starts = tuple(round(word.start * RATE) for word in words) or None
        timings.append(SentenceTiming(offset, count, starts))
    return timings


def word_caption_cues(item: NarratedSegment) -> list:
    """Word-by-word captions as cues: each word of a group lit from its start to the next's."""
    from media.captions import Cue

    cues = []
    for (offset, _), words in zip(item.offsets, item.words):
        at = LEAD + offset / RATE
        for group in word_groups(words):
            texts = tuple(words[i].text for i in group)
            for place, index in enumerate(group):
                start = at + words[index].start
                following = group[place + 1] if place + 1 < len(group) else None
                end = at + (words[following].start if following is not None else words[index].end)
                cues.append(Cue(start, max(end, start + 0.05), WordCaption(texts, place)))
    return cues


def _moving_groups(runs: list[Run], segment: Segment, motion: bool) -> list:
    """Runs in order: a still run as itself, consecutive runs of one moving beat as a list."""
    grouped: list = []
    for run in runs:
        beat = None if run.base.is_card() else segment.beats[run.base.beat]
        moves = beat is not None and (
            beat.kind is BeatKind.CLIP
            or (motion and beat.kind is BeatKind.PICTURE and beat.zoom is not Zoom.NONE)
        )
        if not moves:
            grouped.append(run)
        elif grouped and isinstance(grouped[-1], list) and grouped[-1][0].base == run.base:
            grouped[-1].append(run)
        else:
            grouped.append([run])
    return grouped


def _frames_of(pieces: list[Piece]) -> list[tuple[Still, int]]:
    """The stills of still pieces with their frames, consecutive equal stills merged."""
    runs: list[tuple[Still, int]] = []
    for piece in pieces:
        for still, frames in piece.stills:
            if runs and runs[-1][0] == still:
                runs[-1] = (still, runs[-1][1] + frames)
            else:
                runs.append((still, frames))
    return runs


def _caption_key(caption) -> object:
    return asdict(caption) if isinstance(caption, WordCaption) else caption


_FILE_HASHES: dict[tuple[Path, int, int], str] = {}


def _file_hash(path: Path) -> str:
    """A file's digest, hashed again whenever it changes on disk (`watch` keeps running)."""
    info = path.stat()
    stamp = (path.resolve(), info.st_mtime_ns, info.st_size)
    if stamp not in _FILE_HASHES:
        _FILE_HASHES[stamp] = file_digest(path)
    return _FILE_HASHES[stamp]
