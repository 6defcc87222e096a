"""The edit plan of a render and how to make each media file it names, from the cache.

Each file is named by the cache key of what it holds, and made only when the folder lacks it:
an edit rewrites the media of what changed and leaves every other file untouched.
"""

from __future__ import annotations

import shutil
import threading
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops

from scriptreel.media.kinetic import KineticState
from scriptreel.render.editors.ducking import music_levels
from scriptreel.render.editors.plan import Clip, ClipKind, EditPlan, joined, looped
from scriptreel.render.narration import SENTENCE, NarratedSegment
from scriptreel.render.sound.audio import load_sentence
from scriptreel.render.store.cache import Cache, Kind
from scriptreel.render.timeline import RATE, frames_for
from scriptreel.render.timeline_value import Timeline
from scriptreel.render.video.frames import Still, WordCaption
from scriptreel.render.video.pieces import Piece, PieceContext, PieceKind
from scriptreel.render.video.segments import SegmentVideo
from scriptreel.render.video.visuals import Base

Maker = Callable[[Path], None]
"""Writes one media file to the path it is given."""

MOVING = (PieceKind.CLIP, PieceKind.PUSH, PieceKind.ZOOM)
"""Pieces whose frames change: exported as their rendered movie (as are animated runs)."""


def collect(
    timeline: Timeline,
    planned: Sequence[NarratedSegment],
    video: SegmentVideo,
    cache: Cache,
    folder: str,
    music: tuple[str, np.ndarray] | None = None,
    words: bool = False,
) -> tuple[EditPlan, dict[str, Maker]]:
    """The plan, and a maker for each media file by its name in the media folder; `words`
    adds a marker per word."""
    makers: dict[str, Maker] = {}
    pictures: list[Clip] = []
    overlays: list[Clip] = []
    for item in planned:
        at = item.start_frame
        for piece in video.plan(item):
            if piece.kind in MOVING or animated(piece):
                pictures.append(_movie(piece, item, at, video, folder, makers))
            else:
                _stills(piece, item, at, video, folder, makers, pictures, overlays)
            at += piece.frames
    narration = _narration(timeline, planned, cache, folder, makers)
    sounds = _music(music, timeline, folder, makers) if music else []
    spoken = [(sentence.start, sentence.end) for sentence in timeline.sentences]
    levels = music_levels(spoken, timeline.duration, timeline.fps) if music else ()
    plan = EditPlan(
        title=timeline.title,
        fps=timeline.fps,
        size=video.size,
        frames=timeline.frames,
        rate=RATE,
        pictures=tuple(joined(pictures)),
        overlays=tuple(joined(overlays)),
        narration=tuple(narration),
        music=tuple(sounds),
        markers=tuple((s.start_frame, s.title) for s in timeline.segments),
        words=tuple((round(w.start * timeline.fps), w.text) for w in timeline.words)
        if words
        else (),
        music_levels=levels,
    )
    return plan, makers


def animated(piece: Piece) -> bool:
    """A run of stills that changes with every few words (kinetic type, word-by-word captions):
    exported as the render's own coded piece, as laying its pictures out as overlays would
    cost a full-frame PNG for each of them."""
    return piece.kind is PieceKind.SEQUENCE and any(
        isinstance(still.callout, KineticState) or isinstance(still.caption, WordCaption)
        for still, _ in piece.stills
    )


def _stills(piece: Piece, item, at, video, folder, makers, pictures, overlays) -> None:
    """A still piece's pictures on V1 and what is drawn over them on V2."""
    stills = video.stills(item.segment)
    shown = piece.stills
    if piece.kind is PieceKind.CROSSFADE:
        shown = ((piece.stills[-1][0], piece.frames),)  # the fade itself is not kept
    for still, frames in shown:
        base = Still(still.base)
        name = f"picture-{stills.key(base)[:16]}.png"
        drawn = _drawn(video, item.segment, base)
        makers.setdefault(name, _copy(drawn))
        title = item.segment.title or "card"
        pictures.append(Clip(at, frames, f"{folder}/{name}", title, ClipKind.PICTURE))
        if still != base:
            layer = f"overlay-{stills.key(still)[:16]}.png"
            makers.setdefault(layer, _overlay(drawn, _drawn(video, item.segment, still)))
            label = getattr(still.callout, "phrase", still.callout) or "caption"
            overlays.append(Clip(at, frames, f"{folder}/{layer}", label, ClipKind.OVERLAY))
        at += frames


def _movie(piece: Piece, item, at: int, video: SegmentVideo, folder, makers) -> Clip:
    name = f"movie-{piece.key[:16]}.mp4"
    makers.setdefault(name, _copy(lambda: _chunk(video, item, piece)))
    title = item.segment.title or "clip"
    return Clip(at, piece.frames, f"{folder}/{name}", title, ClipKind.MOVIE, 0, piece.frames)


def _chunk(video: SegmentVideo, item: NarratedSegment, piece: Piece) -> Path:
    """A moving piece's encoded chunk, from the cache or made now as the render makes it."""
    stills = video.stills(item.segment)
    pictures = {still: stills.path(still)[0] for still in [Still(Base()), *piece.pictures()]}
    context = PieceContext(pictures, stills.card, item, video, stills)
    path, _ = video.cache.get_or_make(
        Kind.CHUNK, piece.key, ".mp4", lambda temp: video.encode(piece, context, temp)
    )
    return path


def _narration(timeline, planned, cache: Cache, folder: str, makers) -> list[Clip]:
    """A1: each sentence's cached audio at the frame nearest to where it is spoken."""
    keys = [key for item in planned for key in item.narration_keys]
    clips = []
    for sentence, key in zip(timeline.sentences, keys):
        name = f"voice-{key[:16]}.wav"
        makers.setdefault(name, _voice(cache, key))
        start = round(sentence.start * timeline.fps)
        frames = frames_for(sentence.end - sentence.start, timeline.fps)
        words = " ".join(sentence.text.split()[:6])
        clips.append(Clip(start, frames, f"{folder}/{name}", words, ClipKind.SOUND, 0, frames))
    return clips


def _music(music, timeline: Timeline, folder: str, makers) -> list[Clip]:
    """A2: the music bed as the render decoded it (before ducking), repeated to the end."""
    key, samples = music
    name = f"music-{key[:16]}.wav"
    makers.setdefault(name, lambda path: write_wav(path, np.asarray(samples)))
    length = frames_for(len(samples) / RATE, timeline.fps)
    return looped(0, timeline.frames, length, f"{folder}/{name}", "music")


def _copy(source: Callable[[], Path]) -> Maker:
    """A maker copying a cache file. Not a hard link: the cache touches its files as they are
    used (which would make ours look changed), and an edit of ours would change the cache's."""

    def make(path: Path) -> None:
        shutil.copyfile(source(), path)

    return make


def _drawn(video: SegmentVideo, segment, still: Still) -> Callable[[], Path]:
    """The still's PNG in the cache (drawn if missing). A StillMaker of its own per call: the
    media are made on several threads, and a StillMaker keeps its last drawing."""
    return lambda: video.stills(segment).path(still)[0]


_BASES: dict[Path, Image.Image] = {}
"""Decoded base pictures: every overlay of a picture is compared with it."""
_BASES_LOCK = threading.Lock()


def _base_image(path: Path) -> Image.Image:
    with _BASES_LOCK:
        if path not in _BASES:
            if len(_BASES) > 8:
                _BASES.clear()
            _BASES[path] = Image.open(path).convert("RGB")
        return _BASES[path]


def _overlay(base: Callable[[], Path], still: Callable[[], Path]) -> Maker:
    """What a still draws over its base, as a PNG whose other pixels are transparent, so that
    laid over the base it gives the still exactly."""

    def make(path: Path) -> None:
        under = _base_image(base())
        over = Image.open(still()).convert("RGB")
        changed = ImageChops.difference(under, over).convert("L").point(lambda v: 255 * (v > 0))
        layer = over.convert("RGBA")
        layer.putalpha(changed)
        # The fastest zlib level, as for the cache's stills: a few hundred of these at 1080p.
        layer.save(path, "PNG", compress_level=1)

    return make


def _voice(cache: Cache, key: str) -> Maker:
    def make(path: Path) -> None:
        found = cache.get(Kind.NARRATION, key, SENTENCE)
        if found is None:
            raise FileNotFoundError(f"narration {key[:16]} is not in the cache")
        write_wav(path, load_sentence(found)[0])

    return make


def write_wav(path: Path, samples: np.ndarray) -> None:
    """Mono 16-bit PCM at RATE."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.asarray(samples, dtype=np.int16).tobytes())
