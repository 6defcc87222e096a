"""MP4 boxes: the generic ones the joiner (render.encode.mp4join) builds a file of, a
track at a time."""

from __future__ import annotations

import struct

import numpy as np

MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
"""The identity transform, as tkhd and mvhd hold it."""
UND = 0x55C4
"""The language 'und' as mdhd packs it."""


def box(kind: bytes, *parts: bytes) -> bytes:
    """An MP4 box of `kind` holding `parts`."""
    body = b"".join(parts)
    return struct.pack(">I4s", 8 + len(body), kind) + body


def full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    """An MP4 full box: a box whose body starts with a version and flags."""
    return box(kind, struct.pack(">I", version << 24 | flags), *parts)


def versioned(kind: bytes, flags: int, head: tuple, times: tuple, tail: bytes) -> bytes:
    """A box whose `times` (durations and such) take 64 bits only when 32 do not hold them:
    `head` are the creation and modification times, then the 32-bit fields before `times`."""
    version = int(any(t >= 2**32 or t < 0 for t in times))
    clock = ">QQ" if version else ">II"
    wide = ">" + ("Q" if version else "I") * len(times)
    before = struct.pack(clock, 0, 0) + struct.pack(">" + "I" * len(head), *head)
    return full(kind, version, flags, before, struct.pack(wide, *times), tail)


def table_box(kind: bytes, rows: np.ndarray, wide: bool = False) -> bytes:
    flat = np.ascontiguousarray(rows, dtype=">u8" if wide else ">u4")
    return full(kind, 0, 0, struct.pack(">I", len(rows)), flat.tobytes())


def runs_of(values: np.ndarray) -> np.ndarray:
    """(count, value) rows of the runs of equal values."""
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    counts = np.diff(np.concatenate([starts, [len(values)]]))
    return np.stack([counts, values[starts]], axis=1)


def sample_table(entry: bytes, deltas, sizes, per_chunk, offsets, extra: bytes = b"") -> bytes:
    chunks = runs_of(per_chunk)
    firsts = np.cumsum(np.concatenate([[0], chunks[:-1, 0]])) + 1
    stsc = np.stack([firsts, chunks[:, 1], np.ones(len(chunks), np.int64)], axis=1)
    stsz = full(b"stsz", 0, 0, struct.pack(">II", 0, len(sizes)), sizes.astype(">u4").tobytes())
    wide = bool(len(offsets)) and int(offsets[-1]) >= 2**32
    return box(
        b"stbl",
        full(b"stsd", 0, 0, struct.pack(">I", 1), entry),
        table_box(b"stts", runs_of(deltas)),
        extra,
        table_box(b"stsc", stsc),
        stsz,
        table_box(b"co64" if wide else b"stco", offsets, wide),
    )


_HANDLERS = {
    b"vide": (3, b"VideoHandler\0"),
    b"soun": (3, b"SoundHandler\0"),
    b"text": (2, b"ChapterHandler\0"),
}
"""Each kind of track's tkhd flags (3: enabled and in the movie; a chapter track is in the
movie but not enabled, so players list it and never show it) and handler name."""


def track(number: int, kind: bytes, media: tuple, shown: int, stbl: bytes, **extra) -> bytes:
    """A trak: `media` is (timescale, duration, media time shown from); `shown` its length in
    the movie's timescale; `extra` may give a picture's `size` (width, height) and the track
    numbers of its `chapters`."""
    timescale, duration, skip = media
    flags, name = _HANDLERS[kind]
    sound = kind == b"soun"
    width, height = extra.get("size", (0, 0))
    tail = struct.pack(">8xhhH2x", 0, int(sound), 0x100 if sound else 0) + MATRIX
    tail += struct.pack(">II", width << 16, height << 16)
    tkhd = versioned(b"tkhd", flags, (number, 0), (shown,), tail)
    version = int(shown >= 2**32 or skip >= 2**31)
    entry = struct.pack(">Qq" if version else ">Ii", shown, skip) + struct.pack(">I", 0x10000)
    elst = full(b"elst", version, 0, struct.pack(">I", 1), entry)
    chapters = extra.get("chapters", ())
    tref = box(b"tref", box(b"chap", struct.pack(f">{len(chapters)}I", *chapters)))
    mdhd = versioned(b"mdhd", 0, (timescale,), (duration,), struct.pack(">HH", UND, 0))
    hdlr = full(b"hdlr", 0, 0, b"\0" * 4, kind, b"\0" * 12, name)
    dinf = box(b"dinf", full(b"dref", 0, 0, struct.pack(">I", 1), full(b"url ", 0, 1)))
    minf = box(b"minf", _media_header(kind), dinf, stbl)
    media_box = box(b"mdia", mdhd, hdlr, minf)
    return box(b"trak", tkhd, box(b"edts", elst), *([tref] if chapters else []), media_box)


def _media_header(kind: bytes) -> bytes:
    if kind == b"soun":
        return full(b"smhd", 0, 0, b"\0" * 4)
    if kind == b"vide":
        return full(b"vmhd", 0, 1, b"\0" * 8)
    # QuickTime's base media header: the graphics mode (copy), and the text media's matrix.
    gmin = full(b"gmin", 0, 0, struct.pack(">HHHHhH", 0x40, 0x8000, 0x8000, 0x8000, 0, 0))
    text = box(b"text", struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000))
    return box(b"gmhd", gmin, text)
