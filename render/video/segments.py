"""A segment's video: plan its pieces from what is on screen when, and build them."""

from __future__ import annotations

import threading
from dataclasses import asdict, replace
from pathlib import Path

from scriptreel.media.card import CardText, card_text, render_card
from scriptreel.media.themes import Theme
from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render.beat_kinds import spec_of
from scriptreel.render.cast_voices import burned_cues, burned_word_cues
from scriptreel.render.encode.assemble import Encoder, concat_list, run_ffmpeg
from scriptreel.render.encode.sequence import encode_clip
from scriptreel.render.narration import NarratedSegment
from scriptreel.render.settings import Choices, RenderSettings
from scriptreel.render.store.cache import Cache, Kind
from scriptreel.render.store.keys import entry_key, portable
from scriptreel.render.timeline import ENDING, FADE, ZOOM, frames_for
from scriptreel.render.timeline_value import sentence_timings
from scriptreel.render.video.fades import (
    faded,
    piece_fades,
    through_black,
    with_ending,
    with_moving_fades,
)
from scriptreel.render.video.frames import Still, StillMaker, caption_key
from scriptreel.render.video.growing import grown_stills
from scriptreel.render.video.kinetic import is_text_only, segment_runs
from scriptreel.render.video.pieces import ENCODERS, Piece, PieceContext, PieceKind
from scriptreel.render.video.piped import background, encode_in_memory, encodes_in_memory
from scriptreel.render.video.visuals import Base, Run, moving_groups
from scriptreel.script import Script, Segment


def video_for(
    script: Script,
    theme: Theme,
    choices: Choices,
    settings: RenderSettings,
    cache: Cache,
    work: Path,
) -> SegmentVideo:
    """The segment video a render's resolved choices ask for (the render and the export)."""
    return SegmentVideo(
        script,
        theme,
        choices.size,
        choices.fps,
        choices.encoder,
        cache,
        work,
        burn_captions=choices.burn_captions,
        motion=settings.motion or bool(script.settings.motion),
        draft=settings.draft,
        caption_style=choices.caption_style,
    )


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
        draft: bool = False,
    ):
        self.script, self.theme, self.size, self.fps = script, theme, size, fps
        self.encoder, self.cache, self.work, self.draft = encoder, cache, work, draft
        self.burn_captions, self.motion, self.caption_style = burn_captions, motion, caption_style
        self._plans: dict[int, tuple[NarratedSegment, list[Piece]]] = {}
        self._plan_lock = threading.Lock()

    def card(self, segment: Segment) -> CardText:
        # With burned captions the card's text keeps out of the caption band.
        return replace(card_text(self.script, segment), captions=self.burn_captions)

    def card_key(self, segment: Segment) -> str:
        from PIL import Image, features

        card = self.card(segment)
        return entry_key(
            Kind.CARD,
            text=portable(asdict(card)),
            size=list(self.size),
            theme=portable(asdict(self.theme)),
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
        """The segment's pieces, planned once: the manifest, build, sound and exports ask."""
        with self._plan_lock:
            kept = self._plans.get(id(item))
            if kept is None or kept[0] is not item:  # (an id is reused only once freed)
                kept = self._plans[id(item)] = (item, self._plan(item))
        return kept[1]

    def _plan(self, item: NarratedSegment) -> list[Piece]:
        """The pieces, in order, that make up the segment's frames.

        The stills between moving pieces (beats, call-outs, burned captions) are one piece that
        codes each distinct picture once and repeats it for free (see render.h264). Clips,
        pictures pushed with --motion and beats growing into a state are moving pieces; with
        --motion each segment fades through black, and a card picture with no beats zooms.
        """
        segment, stills = item.segment, self.stills(item.segment)
        last = self.script.segments[-1] is segment
        if self.motion and not segment.beats and self.card(segment).image:
            cues = [asdict(c) for c in item.cues] if self.burn_captions else []
            key = self.chunk_key(
                motion="zoom", card=stills.card_key, cues=cues, frames=item.frames, zoom=ZOOM
            )
            return self._faded([Piece(key, item.frames, PieceKind.ZOOM)], stills, last)
        captions = self._captions(item)
        timings = sentence_timings(item)
        runs = segment_runs(segment, timings, item.frames, self.fps, captions, self.draft)
        pieces: list[Piece] = []
        pending: list[Run] = []
        for group in moving_groups(runs, segment, self.motion):
            if isinstance(group, Run):
                pending.append(group)
                continue
            pieces += self._still_pieces(pending, stills)
            pending = []
            pieces.append(self._moving_piece(group, stills))
        pieces += self._still_pieces(pending, stills)
        return self._faded(pieces, stills, last)

    def _faded(self, pieces: list[Piece], stills: StillMaker, last: bool) -> list[Piece]:
        """Cross-fades into and out of moving beats, and the video's ending on its last piece."""

        def rekey(piece: Piece, **parts) -> str:
            named = {k: stills.key(v) if isinstance(v, Still) else v for k, v in parts.items()}
            kind, frames = piece.kind.value, piece.frames
            return self.chunk_key(base=piece.key, piece=kind, frames=frames, **named)

        if self.motion:
            # Every segment comes up from black and goes down to it, whatever it shows first
            # and last; the video's last one fades to the theme's background instead.
            pieces = through_black(
                pieces,
                round(FADE * self.fps),
                not last,
                rekey,
                lambda shown: self._stretch(shown, stills),
                lambda kind, still, frames: self._fade_piece(kind, still, frames, stills),
            )
        pieces = with_moving_fades(pieces, round(FADE * self.fps), rekey)
        if not last:
            return pieces
        ending = frames_for(ENDING, self.fps)
        return with_ending(pieces, ending, rekey, lambda shown: self._stretch(shown, stills))

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
        if self.caption_style is CaptionStyle.WORDS and self.burn_captions:
            return burned_word_cues(self.script, item)
        return burned_cues(self.script, item, self.burn_captions)

    def _still_pieces(self, runs: list[Run], stills: StillMaker) -> list[Piece]:
        """Still runs as pieces: one per stretch of pictures (one encode of each distinct
        picture), split by a cross-fade where the base changes under --motion."""
        shown = [(Still(run.base, run.callout, run.caption), run.frames) for run in runs]
        # Word-by-word captions change too often for cross-fades between beats.
        fades = self.motion and not (
            self.burn_captions and self.caption_style is CaptionStyle.WORDS
        )
        pieces: list[Piece] = []
        stretch: list[tuple[Still, int]] = []
        for index, (still, frames) in enumerate(shown):
            previous = shown[index - 1][0] if index else None
            if fades and previous is not None and previous.base != still.base:
                # A short cross-fade from the beat before, taken from this one's first frames.
                blend = min(round(FADE * self.fps), frames // 2)
                if blend:
                    pieces += self._stretch(stretch, stills)
                    stretch = []
                    pieces.append(self._crossfade(previous, still, blend, stills))
                    frames -= blend
            stretch.append((still, frames))
        return pieces + self._stretch(stretch, stills)

    def _stretch(self, shown: list[tuple[Still, int]], stills: StillMaker) -> list[Piece]:
        """One piece showing still pictures one after another: STILL for one, else SEQUENCE."""
        if not shown:
            return []
        total = sum(frames for _, frames in shown)
        if len(shown) == 1:
            key = self.chunk_key(card=stills.key(shown[0][0]), frames=total)
            return [Piece(key, total, PieceKind.STILL, tuple(shown))]
        key = self.chunk_key(sequence=[(stills.key(still), frames) for still, frames in shown])
        return [Piece(key, total, PieceKind.SEQUENCE, tuple(shown))]

    def _crossfade(self, before: Still, after: Still, frames: int, stills: StillMaker) -> Piece:
        cards = [stills.key(before), stills.key(after)]
        key = self.chunk_key(motion="crossfade", cards=cards, frames=frames)
        return Piece(key, frames, PieceKind.CROSSFADE, ((before, frames), (after, frames)))

    def _moving_piece(self, runs: list[Run], stills: StillMaker) -> Piece:
        beat_index = runs[0].base.beat
        beat = stills.segment.beats[beat_index]
        kind = PieceKind.GROW if runs[0].base.growing else PieceKind(spec_of(beat).piece)
        first = runs[0].start
        layers = tuple(
            Run(run.start - first, run.frames, run.base, run.callout, run.caption) for run in runs
        )
        frames = sum(run.frames for run in runs)
        described = [(r.start, r.frames, r.callout, caption_key(r.caption)) for r in layers]
        key = self.chunk_key(
            moving=kind.value,
            beat=stills.base_key(runs[0].base),
            frames=frames,
            layers=described,
        )
        shown = grown_stills(runs[0].base, frames)
        return Piece(key, frames, kind, shown, beat=beat_index, layers=layers)

    def _fade_piece(self, kind: PieceKind, still: Still, frames: int, stills: StillMaker) -> Piece:
        key = self.chunk_key(motion=kind.value, card=stills.key(still), frames=frames)
        return Piece(key, frames, kind, ((still, frames),))

    def prepare(self, segment: Segment) -> None:
        """Draw the pictures a segment will show whatever its timing (its card, and call-outs
        over it when it has no other beats) while its narration is still being spoken, so less
        is left to do once the voice has finished."""
        if is_text_only(segment):
            return  # drawn as they are encoded, never written as PNGs (render.video.piped)
        stills = self.stills(segment)
        self._card_path(stills)
        if self.burn_captions or any(not spec_of(b).over_card for b in segment.beats):
            return
        for beat in segment.beats:
            stills.path(Still(Base(), callout=beat.items[0] if beat.items else ""))

    def _card_path(self, stills: StillMaker) -> tuple[Path, bool]:
        return self.cache.get_or_make(
            Kind.CARD,
            stills.card_key,
            ".png",
            lambda temp: render_card(stills.card, self.size, self.theme).save(temp, format="PNG"),
        )

    def build(self, item: NarratedSegment) -> tuple[Path, bool]:
        """The segment's video file, and whether any of its parts was made now."""
        pieces = self.plan(item)
        # One file per segment, joined by stream copy: the final join then opens a few files
        # instead of one per piece. When it is in the cache, its parts need not be looked at.
        key = entry_key(Kind.SEGMENT, chunks=[piece.key for piece in pieces], fps=self.fps)
        found = self.cache.get(Kind.SEGMENT, key, ".mp4")
        if found is not None:
            return found, False
        stills = self.stills(item.segment)
        pictures: dict[Still, Path] = {}
        made, built = False, {}
        for piece in pieces:
            if piece.key in built:
                continue
            for still in () if encodes_in_memory(piece) else piece.pictures():
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
        paths = [built[piece.key] for piece in pieces]
        segment_path, _ = self.cache.get_or_make(
            Kind.SEGMENT, key, ".mp4", lambda temp: self._join(paths, temp)
        )
        return segment_path, made

    def encode(self, piece: Piece, context: PieceContext, temp: Path) -> None:
        """Encode one piece into `temp` (the editor export makes a missing chunk with it)."""
        self._encode(piece, context, temp)

    def _encode(self, piece: Piece, context: PieceContext, temp: Path) -> None:
        if encodes_in_memory(piece):
            encode_in_memory(piece, context, temp)
            return
        clip = ENCODERS[piece.kind](piece, context)
        fades = piece_fades(piece, context.pictures, lambda: background(context))
        if fades is not None:
            clip = faded(clip, piece.frames, self.fps, fades)
        try:
            still = piece.kind is PieceKind.STILL
            encode_clip(clip, piece.frames, self.fps, temp, self.encoder, still=still)
        finally:
            clip.close()

    def _join(self, paths: list[Path], temp: Path) -> None:
        listing = self.work / f"{temp.name}.ffconcat"
        try:
            listing.write_text(concat_list(paths, self.work), encoding="utf-8")
            args = ["-f", "concat", "-safe", "0", "-i", listing.name, "-c", "copy"]
            args += ["-video_track_timescale", str(self.fps * 1000), "-f", "mp4"]
            run_ffmpeg([*args, str(temp.absolute())], "joining a segment", cwd=self.work)
        finally:
            listing.unlink(missing_ok=True)
