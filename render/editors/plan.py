"""The edit an editor opens: a render's timeline as clips on tracks, in frames, pure values.

V1 holds the pictures under everything (cards, beats, moving pieces), V2 the layers drawn over
them (call-outs, burned captions), A1 the narration a sentence a clip, A2 the music bed. Each
clip names a file of the media folder; the files are named by what they hold, so an edit that
moves a picture or a sentence on the timeline leaves its file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum


class ClipKind(Enum):
    """What a clip's file is."""

    PICTURE = "picture"
    """A still PNG, opaque."""
    OVERLAY = "overlay"
    """A still PNG with alpha, over the picture under it."""
    MOVIE = "movie"
    """A video file (a clip beat or a moving piece, as rendered)."""
    SOUND = "sound"
    """A WAV file."""


@dataclass(frozen=True)
class Clip:
    """One clip on a track."""

    start: int
    """Its first frame on the timeline."""
    frames: int
    """How many frames it lasts."""
    file: str
    """Its file, relative to the folder of the timeline files (media folder / name)."""
    name: str
    """What an editor shows on it."""
    kind: ClipKind
    offset: int = 0
    """Frames into its file where it starts."""
    length: int | None = None
    """Frames its file lasts (movies and sounds); None for still pictures."""

    @property
    def end(self) -> int:
        return self.start + self.frames


@dataclass(frozen=True)
class EditPlan:
    """The tracks and markers of one export."""

    title: str
    fps: int
    size: tuple[int, int]
    frames: int
    """Frames of the whole video."""
    rate: int
    """Sample rate of the sounds."""
    pictures: tuple[Clip, ...]
    """V1: one clip per picture shown, end to end."""
    overlays: tuple[Clip, ...]
    """V2: call-outs and burned captions, with gaps between them."""
    narration: tuple[Clip, ...]
    """A1: one clip per sentence, at the frame nearest to where it is spoken."""
    music: tuple[Clip, ...]
    """A2: the music bed, repeated to the video's end."""
    markers: tuple[tuple[int, str], ...]
    """(frame, title): one per chapter."""
    words: tuple[tuple[int, str], ...] = ()
    """(frame, word): one per narrated word at its start, when word markers are asked for."""
    music_levels: tuple[tuple[int, float], ...] = ()
    """(frame, dB): the music bed's ducking and fades as keyframes (empty without music)."""

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


def joined(clips: list[Clip]) -> list[Clip]:
    """Clips end to end with one still file merged into one clip (one clip per picture)."""
    merged: list[Clip] = []
    for clip in clips:
        last = merged[-1] if merged else None
        still = clip.kind in (ClipKind.PICTURE, ClipKind.OVERLAY)
        if last and still and last.file == clip.file and last.end == clip.start:
            merged[-1] = replace(last, frames=last.frames + clip.frames)
        else:
            merged.append(clip)
    return merged


def looped(start: int, frames: int, length: int, file: str, name: str) -> list[Clip]:
    """A sound of `length` frames repeated to fill `frames` from `start`."""
    clips, at = [], 0
    while at < frames and length > 0:
        count = min(length, frames - at)
        clips.append(Clip(start + at, count, file, name, ClipKind.SOUND, 0, length))
        at += count
    return clips
