"""The words of the joined MP4 (render.encode.mp4join): its title, and its chapters twice over,
as a Nero chapter list (read by ffmpeg, VLC, mpv and most players) and as a QuickTime chapter
track (read by Apple's players), a text sample a chapter."""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np

from scriptreel.render.encode.mp4boxes import box, full, sample_table, track

Chapters = Sequence[tuple[float, float, str]]
"""(start, end, name) of each chapter, in seconds."""

CHAPTER_SCALE = 1000
"""The chapter track's timescale: milliseconds."""


def _text(value: str, limit: int | None = None) -> bytes:
    coded = value.encode("utf-8")
    return coded if limit is None else coded[:limit].decode("utf-8", "ignore").encode()


def user_data(title: str, chapters: Chapters) -> bytes:
    """The title (as iTunes-style metadata) and the chapters (as a Nero chapter list)."""
    items = box(b"\xa9nam", box(b"data", struct.pack(">II", 1, 0), _text(title)))
    items += box(b"\xa9too", box(b"data", struct.pack(">II", 1, 0), b"scriptreel"))
    hdlr = full(b"hdlr", 0, 0, b"\0" * 4, b"mdir", b"appl", b"\0" * 9)
    marks = b"".join(
        struct.pack(">QB", round(start * 1e7), len(name)) + name
        for start, _, name in ((s, e, _text(n, 255)) for s, e, n in chapters)
    )
    chpl = full(b"chpl", 1, 0, struct.pack(">IB", 0, len(chapters)), marks)
    return box(b"udta", full(b"meta", 0, 0, hdlr, box(b"ilst", items)), chpl)


def chapter_samples(chapters: Chapters) -> list[bytes]:
    """A QuickTime text sample a chapter: its name's length, the name (cut to 255 bytes on a
    character, as in the Nero list: ffmpeg reads no more), and that it is UTF-8."""
    utf8 = box(b"encd", struct.pack(">I", 0x100))
    names = (_text(name, 255) for _, _, name in chapters)
    return [struct.pack(">H", len(name)) + name + utf8 for name in names]


def chapter_track(number: int, chapters: Chapters, samples: list[bytes], at: int, movie: tuple):
    """The chapter track, its samples in one chunk at byte `at`; `movie` is the movie's
    (timescale, duration)."""
    scale, length = movie
    end = max(1, round(length * CHAPTER_SCALE / scale))
    starts = [min(round(start * CHAPTER_SCALE), end - 1) for start, _, _ in chapters]
    starts[0] = 0  # the first chapter is there from the start
    deltas = np.diff(np.maximum.accumulate(np.array([*starts, end], np.int64)))
    deltas[-1] = max(1, deltas[-1])
    sizes = np.array([len(s) for s in samples], np.int64)
    stbl = sample_table(_TEXT_ENTRY, deltas, sizes, np.array([len(samples)]), np.array([at]))
    media = (CHAPTER_SCALE, int(deltas.sum()), 0)
    return track(number, b"text", media, round(int(deltas.sum()) * scale / CHAPTER_SCALE), stbl)


# QuickTime's text sample description: display flags, justification, background colour,
# default text box, reserved, font number and face, reserved, foreground colour (black on
# black: a chapter track is never shown), an empty text name, then a font table naming font 1.
_TEXT_ENTRY = box(
    b"text",
    struct.pack(">6xH", 1),
    struct.pack(">Ii", 0, 0),
    struct.pack(">3H", 0, 0, 0),
    struct.pack(">4h", 0, 0, 0, 0),
    struct.pack(">Q", 0),
    struct.pack(">HHBH", 1, 0, 0, 0),
    struct.pack(">3H", 0, 0, 0),
    b"\0",
    box(b"ftab", struct.pack(">HHB", 1, 1, 0)),
)
