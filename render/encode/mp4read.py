"""Reading what the MP4 joiner (render.encode.mp4join) copies: the sample tables of a video
chunk the encoder wrote, and the narration's ADTS packets. Anything these readers do not expect
raises Unexpected, and the join falls back to ffmpeg."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scriptreel.render.encode.mp4boxes import box
from scriptreel.render.sound.aac import adts_packets, frames_up

_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000)


class Unexpected(Exception):
    """A chunk or track this joiner does not handle: ffmpeg joins it instead."""


def children(data: bytes, start: int = 0, end: int | None = None) -> dict[bytes, list[bytes]]:
    """The boxes directly inside data[start:end], their bodies by kind."""
    end = len(data) if end is None else end
    found: dict[bytes, list[bytes]] = {}
    while start + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, start)
        head = 8
        if size == 1:
            size, head = struct.unpack_from(">Q", data, start + 8)[0], 16
        if size < head or start + size > end:
            raise Unexpected(f"a {kind!r} box runs past its parent")
        found.setdefault(kind, []).append(data[start + head : start + size])
        start += size
    return found


def _one(boxes: dict[bytes, list[bytes]], kind: bytes) -> bytes:
    if len(boxes.get(kind, ())) != 1:
        raise Unexpected(f"not exactly one {kind.decode('latin-1')} box")
    return boxes[kind][0]


def _table(body: bytes, fields: str, at: int = 8) -> np.ndarray:
    count = struct.unpack_from(">I", body, 4)[0]
    width = len(fields)
    return np.frombuffer(body, dtype=">u4", count=count * width, offset=at).reshape(count, width)


@dataclass(frozen=True)
class Chunk:
    """One chunk's video track: what its samples are and where they lie in its file."""

    path: Path
    timescale: int
    entry: bytes
    """Its one sample description, without the bit-rate box (which differs chunk to chunk)."""
    deltas: np.ndarray
    sizes: np.ndarray
    offsets: np.ndarray
    sync: np.ndarray
    """Whether each sample is a sync sample."""


def read_chunk(path: Path) -> Chunk:
    """A chunk's one video track, or Unexpected (also for tables too short or out of range)."""
    try:
        return _read_chunk(path)
    except (ValueError, IndexError, struct.error) as error:
        raise Unexpected(f"a chunk's tables cannot be read: {error}") from error


def _read_chunk(path: Path) -> Chunk:
    moov = children(_moov(path))
    trak = children(_one(moov, b"trak"))
    mdia = children(_one(trak, b"mdia"))
    if _one(mdia, b"hdlr")[8:12] != b"vide":
        raise Unexpected("a chunk's track is not video")
    mdhd = _one(mdia, b"mdhd")
    timescale = struct.unpack_from(">I", mdhd, 20 if mdhd[0] == 1 else 12)[0]
    stbl = children(_one(children(_one(mdia, b"minf")), b"stbl"))
    if b"ctts" in stbl or b"co64" in stbl:
        raise Unexpected("a chunk has composition offsets or 64-bit offsets")
    runs = _table(_one(stbl, b"stts"), "cd").astype(np.int64)
    deltas = np.repeat(runs[:, 1], runs[:, 0])
    stsz = _one(stbl, b"stsz")
    size, count = struct.unpack_from(">II", stsz, 4)
    sizes = np.frombuffer(stsz, ">u4", count, 12) if not size else np.full(count, size)
    sizes = sizes.astype(np.int64)
    offsets = _sample_offsets(_table(_one(stbl, b"stsc"), "fsd"), _one(stbl, b"stco"), sizes)
    sync = np.ones(count, bool)
    if b"stss" in stbl:
        numbers = _table(_one(stbl, b"stss"), "n")[:, 0].astype(np.int64)
        if len(numbers) and (numbers.min() < 1 or numbers.max() > count):
            raise Unexpected("a chunk's sync samples are out of range")
        sync[:] = False
        sync[numbers - 1] = True
    if len(deltas) != count or not count:
        raise Unexpected("a chunk's tables disagree")
    _check_edits(trak, moov, int(deltas.sum()), timescale)
    return Chunk(path, timescale, _entry(_one(stbl, b"stsd")), deltas, sizes, offsets, sync)


def _moov(path: Path) -> bytes:
    """The body of the moov box of the MP4 at `path`, read without its media."""
    with open(path, "rb") as file:
        while head := file.read(8):
            if len(head) < 8:
                break
            size, kind = struct.unpack(">I4s", head)
            if size == 1:
                size = struct.unpack(">Q", file.read(8))[0] - 8
            if kind == b"moov":
                return file.read(size - 8)
            if size < 8:
                break
            file.seek(size - 8, 1)
    raise Unexpected("a chunk has no moov box")


def _sample_offsets(stsc: np.ndarray, stco: bytes, sizes: np.ndarray) -> np.ndarray:
    starts = _table(stco, "o")[:, 0].astype(np.int64)
    per_chunk = np.zeros(len(starts), np.int64)
    for number, (first, samples, description) in enumerate(stsc.astype(np.int64)):
        if description != 1:
            raise Unexpected("a chunk has more than one sample description")
        last = stsc[number + 1][0] - 1 if number + 1 < len(stsc) else len(starts)
        per_chunk[first - 1 : last] = samples
    if per_chunk.sum() != len(sizes):
        raise Unexpected("a chunk's sample-to-chunk table does not cover its samples")
    chunk_of = np.repeat(np.arange(len(starts)), per_chunk)
    before = np.cumsum(sizes) - sizes
    first_sample = np.cumsum(per_chunk) - per_chunk
    return starts[chunk_of] + before - before[first_sample][chunk_of]


def _check_edits(trak: dict, moov: dict, duration: int, timescale: int) -> None:
    """A chunk's edit list may only show its media whole, from the start."""
    if b"edts" not in trak:
        return
    elst = _one(children(_one(trak, b"edts")), b"elst")
    version, count = elst[0], struct.unpack_from(">I", elst, 4)[0]
    entry = ">QqI" if version == 1 else ">IiI"
    if count != 1:
        raise Unexpected("a chunk's edit list has more than one entry")
    shown, media_time, rate = struct.unpack_from(entry, elst, 8)
    mvhd = _one(moov, b"mvhd")
    movie = struct.unpack_from(">I", mvhd, 20 if mvhd[0] == 1 else 12)[0]
    if media_time != 0 or rate != 0x10000 or abs(shown - duration * movie / timescale) > 1:
        raise Unexpected("a chunk's edit list trims it")


def _entry(stsd: bytes) -> bytes:
    """The one sample description of an stsd body, without its btrt box."""
    if struct.unpack_from(">I", stsd, 4)[0] != 1:
        raise Unexpected("a chunk has more than one sample description")
    entry = stsd[8:]
    size, kind = struct.unpack_from(">I4s", entry)
    fixed = 8 + 78  # a visual sample entry's own fields, before its boxes
    kept = [
        box(name, body)
        for name, bodies in children(entry, fixed, size).items()
        for body in bodies
        if name != b"btrt"
    ]
    return box(kind, entry[8:fixed], *kept)


@dataclass(frozen=True)
class Sound:
    """The narration's AAC packets (without ADTS headers) and what the MP4 says of them."""

    packets: list[bytes]
    rate: int
    config: bytes
    """The AudioSpecificConfig."""
    samples: int
    """The track's length: the first packet is priming, the last plays only to here."""


def read_sound(path: Path, samples: int, packets: list[bytes] | None = None) -> Sound:
    """The ADTS stream `path` (from aac.join_pieces) of `samples` samples, or its `packets`
    when the joiner kept them."""
    try:
        packets = packets or adts_packets(path.read_bytes())
    except ValueError as error:
        raise Unexpected(str(error)) from error
    if len(packets) != frames_up(samples) + 1:
        raise Unexpected("the narration does not hold one packet per frame and its priming")
    formats = {(p[1], p[2], p[3] >> 6) for p in packets}
    if len(formats) != 1:
        raise Unexpected("the narration's packets differ in format")
    ((flags, head, low),) = formats
    profile, index, channels = (head >> 6) + 1, (head >> 2) & 15, (head & 1) << 2 | low
    if flags & 1 == 0 or index >= len(_RATES):  # 0: each packet carries a checksum
        raise Unexpected("the narration's packets carry checksums or an unknown rate")
    config = struct.pack(">H", profile << 11 | index << 7 | channels << 3)
    return Sound([p[7:] for p in packets], _RATES[index], config, samples)
