"""The video's chunks and its narration joined into one MP4 by copying their bytes.

ffmpeg's stream copy costs about 6.5 microseconds a packet, whatever its size: a 30-minute video
holds 54,000 frames and 81,000 AAC packets, so joining it took 1.1 s of a 4 s edit. Every chunk
is an MP4 of one H.264 track from the same encoder settings, so the joined file needs only
their sample tables laid end to end, the narration's packets without their ADTS headers, the
title and the chapters: a few tens of milliseconds. A chunk this does not expect (another sample
description, composition offsets, an edit list that trims, more chapters than the chapter list
holds) is left to ffmpeg (`join_video` falls back to `assemble.mux`).

The layout is that of ffmpeg's MP4 with +faststart: ftyp, moov (video, sound, title and Nero
chapters), mdat, the two tracks interleaved in chunks of about a second.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scriptreel.render.encode.assemble import concat_list, mux
from scriptreel.render.encode.mp4read import Chunk, Sound, Unexpected, box, read_chunk, read_sound
from scriptreel.render.sound.aac import FRAME, frames_up, track_options
from scriptreel.render.timeline import ffmetadata

_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_UND = 0x55C4
"""The language 'und' as mdhd packs it."""


def full(kind: bytes, version: int, flags: int, *parts: bytes) -> bytes:
    """An MP4 full box: a box whose body starts with a version and flags."""
    return box(kind, struct.pack(">I", version << 24 | flags), *parts)


@dataclass(frozen=True)
class _Laid:
    """The mdat's pieces in order, each a run of one track's samples: (track, first, end)
    with track 0 the video, 1 the sound, and their byte sizes."""

    runs: list[tuple[int, int, int]]
    sizes: np.ndarray


def _video_runs(files: np.ndarray, offsets: np.ndarray, sizes: np.ndarray, every: int):
    """Where runs of the video start: a new file, a gap in a file, or `every` samples."""
    starts = np.zeros(len(sizes), bool)
    starts[::every] = True
    starts[1:] |= files[1:] != files[:-1]
    starts[1:] |= offsets[1:] != offsets[:-1] + sizes[:-1]
    return np.flatnonzero(starts)


def _lay_out(video: dict, sound: Sound) -> _Laid:
    """The two tracks' runs of about a second each, in order of their times."""
    times = np.cumsum(video["deltas"]) - video["deltas"]
    every = max(1, round(video["timescale"] / float(np.median(video["deltas"]))))
    starts = _video_runs(video["files"], video["offsets"], video["sizes"], every)
    count = len(video["sizes"])
    runs = [
        (times[a] / video["timescale"], 0, int(a), int(b))
        for a, b in zip(starts, [*starts[1:], count])
    ]
    step = max(1, round(sound.rate / FRAME))
    packets = len(sound.packets)
    runs += [
        ((a - 1) * FRAME / sound.rate, 1, a, min(a + step, packets))
        for a in range(0, packets, step)
    ]
    runs.sort()
    lengths = np.fromiter((len(p) for p in sound.packets), np.int64, packets)
    ends = {
        0: np.concatenate([[0], np.cumsum(video["sizes"])]),
        1: np.concatenate([[0], np.cumsum(lengths)]),
    }
    sizes = np.array([ends[t][b] - ends[t][a] for _, t, a, b in runs], np.int64)
    return _Laid([(t, a, b) for _, t, a, b in runs], sizes)


def _versioned(kind: bytes, flags: int, head: tuple, times: tuple, tail: bytes) -> bytes:
    """A box whose `times` (durations and such) take 64 bits only when 32 do not hold them:
    `head` are the creation and modification times, then the 32-bit fields before `times`."""
    version = int(any(t >= 2**32 or t < 0 for t in times))
    clock = ">QQ" if version else ">II"
    wide = ">" + ("Q" if version else "I") * len(times)
    before = struct.pack(clock, 0, 0) + struct.pack(">" + "I" * len(head), *head)
    return full(kind, version, flags, before, struct.pack(wide, *times), tail)


def _table_box(kind: bytes, rows: np.ndarray, wide: bool = False) -> bytes:
    flat = np.ascontiguousarray(rows, dtype=">u8" if wide else ">u4")
    return full(kind, 0, 0, struct.pack(">I", len(rows)), flat.tobytes())


def _runs_of(values: np.ndarray) -> np.ndarray:
    """(count, value) rows of the runs of equal values."""
    starts = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
    counts = np.diff(np.concatenate([starts, [len(values)]]))
    return np.stack([counts, values[starts]], axis=1)


def _sample_table(entry: bytes, deltas, sizes, per_chunk, offsets, extra: bytes = b"") -> bytes:
    chunks = _runs_of(per_chunk)
    firsts = np.cumsum(np.concatenate([[0], chunks[:-1, 0]])) + 1
    stsc = np.stack([firsts, chunks[:, 1], np.ones(len(chunks), np.int64)], axis=1)
    stsz = full(b"stsz", 0, 0, struct.pack(">II", 0, len(sizes)), sizes.astype(">u4").tobytes())
    wide = bool(len(offsets)) and int(offsets[-1]) >= 2**32
    return box(
        b"stbl",
        full(b"stsd", 0, 0, struct.pack(">I", 1), entry),
        _table_box(b"stts", _runs_of(deltas)),
        extra,
        _table_box(b"stsc", stsc),
        stsz,
        _table_box(b"co64" if wide else b"stco", offsets, wide),
    )


def _track(number: int, kind: bytes, media: tuple, shown: int, stbl: bytes, wh=(0, 0)) -> bytes:
    """A trak: `media` is (timescale, duration, media time shown from); `shown` its length in
    the movie's timescale."""
    timescale, duration, skip = media
    sound = kind == b"soun"
    tail = struct.pack(">8xhhH2x", 0, int(sound), 0x100 if sound else 0) + _MATRIX
    tkhd = _versioned(b"tkhd", 3, (number, 0), (shown,), tail + struct.pack(">II", *wh))
    version = int(shown >= 2**32 or skip >= 2**31)
    entry = struct.pack(">Qq" if version else ">Ii", shown, skip) + struct.pack(">I", 0x10000)
    elst = full(b"elst", version, 0, struct.pack(">I", 1), entry)
    mdhd = _versioned(b"mdhd", 0, (timescale,), (duration,), struct.pack(">HH", _UND, 0))
    name = b"SoundHandler\0" if sound else b"VideoHandler\0"
    hdlr = full(b"hdlr", 0, 0, b"\0" * 4, kind, b"\0" * 12, name)
    header = full(b"smhd", 0, 0, b"\0" * 4) if sound else full(b"vmhd", 0, 1, b"\0" * 8)
    dinf = box(b"dinf", full(b"dref", 0, 0, struct.pack(">I", 1), full(b"url ", 0, 1)))
    minf = box(b"minf", header, dinf, stbl)
    return box(b"trak", tkhd, box(b"edts", elst), box(b"mdia", mdhd, hdlr, minf))


def _descriptor(tag: int, *parts: bytes) -> bytes:
    body = b"".join(parts)
    return bytes([tag, len(body)]) + body


def _sound_entry(sound: Sound, lengths: np.ndarray) -> bytes:
    """The mp4a sample description, with its MPEG-4 decoder configuration."""
    seconds = max(sound.samples / sound.rate, 1e-9)
    average = int(lengths.sum() * 8 / seconds)
    step = max(1, round(sound.rate / FRAME))
    windows = np.add.reduceat(lengths, np.arange(0, len(lengths), step))
    peak = max(average, int(windows.max() * 8 * sound.rate / (step * FRAME)))
    config = _descriptor(5, sound.config)
    decoder = _descriptor(
        4,
        struct.pack(">BB", 0x40, 0x15),
        struct.pack(">I", int(lengths.max()))[1:],
        struct.pack(">II", peak, average),
        config,
    )
    es = _descriptor(3, struct.pack(">HB", 2, 0), decoder, _descriptor(6, b"\x02"))
    channels = (sound.config[1] >> 3) & 15
    fields = struct.pack(">6xH8xHH4xI", 1, channels, 16, sound.rate << 16)
    return box(b"mp4a", fields, full(b"esds", 0, 0, es))


def _user_data(title: str, chapters: Sequence[tuple[float, float, str]]) -> bytes:
    """The title (as iTunes-style metadata) and the chapters (as a Nero chapter list)."""

    def text(value: str, limit: int | None = None) -> bytes:
        coded = value.encode("utf-8")
        return coded if limit is None else coded[:limit].decode("utf-8", "ignore").encode()

    items = box(b"\xa9nam", box(b"data", struct.pack(">II", 1, 0), text(title)))
    items += box(b"\xa9too", box(b"data", struct.pack(">II", 1, 0), b"scriptreel"))
    hdlr = full(b"hdlr", 0, 0, b"\0" * 4, b"mdir", b"appl", b"\0" * 9)
    marks = b"".join(
        struct.pack(">QB", round(start * 1e7), len(name)) + name
        for start, _, name in ((s, e, text(n, 255)) for s, e, n in chapters)
    )
    chpl = full(b"chpl", 1, 0, struct.pack(">IB", 0, len(chapters)), marks)
    return box(b"udta", full(b"meta", 0, 0, hdlr, box(b"ilst", items)), chpl)


def _video_of(paths: Sequence[Path]) -> dict:
    """The chunks' samples end to end, each with the number of its file in `paths`."""
    read: dict[Path, Chunk] = {}
    for path in paths:
        if path not in read:
            read[path] = read_chunk(path)
    chunks = [read[p] for p in paths]
    first = chunks[0]
    if any(c.timescale != first.timescale or c.entry != first.entry for c in chunks):
        raise Unexpected("the chunks differ in timescale or sample description")
    files = [np.full(len(c.sizes), number) for number, c in enumerate(chunks)]
    return {
        "paths": list(paths),
        "timescale": first.timescale,
        "entry": first.entry,
        "files": np.concatenate(files),
        **{
            name: np.concatenate([getattr(c, name) for c in chunks])
            for name in ("deltas", "sizes", "offsets", "sync")
        },
    }


def _movie(video: dict, sound: Sound, laid: _Laid, start: int, user_data: bytes) -> bytes:
    """The moov box, for an mdat whose data begins at byte `start` of the file."""
    places = start + np.cumsum(laid.sizes) - laid.sizes
    tracks = np.array([t for t, _, _ in laid.runs])
    counts = np.array([b - a for _, a, b in laid.runs], np.int64)
    scale = math.lcm(video["timescale"], sound.rate)
    scale = scale if scale < 2**31 else 1000
    length = int(video["deltas"].sum())
    shown = (round(length * scale / video["timescale"]), round(sound.samples * scale / sound.rate))
    sync = video["sync"]
    stss = b"" if sync.all() else _table_box(b"stss", np.flatnonzero(sync) + 1)
    entry = video["entry"]
    width, height = struct.unpack_from(">HH", entry, 8 + 24)
    stbl = _sample_table(
        entry, video["deltas"], video["sizes"], counts[tracks == 0], places[tracks == 0], stss
    )
    picture = _track(
        1, b"vide", (video["timescale"], length, 0), shown[0], stbl, (width << 16, height << 16)
    )
    lengths = np.fromiter((len(p) for p in sound.packets), np.int64, len(sound.packets))
    deltas = np.full(len(lengths), FRAME, np.int64)
    deltas[-1] = sound.samples - (frames_up(sound.samples) - 1) * FRAME
    roll = full(b"sgpd", 1, 0, b"roll", struct.pack(">IIh", 2, 1, -1))
    roll += full(b"sbgp", 0, 0, b"roll", struct.pack(">III", 1, len(lengths), 1))
    stbl = _sample_table(
        _sound_entry(sound, lengths),
        deltas,
        lengths,
        counts[tracks == 1],
        places[tracks == 1],
        roll,
    )
    voice = _track(2, b"soun", (sound.rate, int(deltas.sum()), FRAME), shown[1], stbl)
    tail = struct.pack(">IH10x", 0x10000, 0x100) + _MATRIX + b"\0" * 24 + struct.pack(">I", 3)
    mvhd = _versioned(b"mvhd", 0, (scale,), (max(shown),), tail)
    return box(b"moov", mvhd, picture, voice, user_data)


def join_mp4(
    paths: Sequence[Path],
    audio: Path,
    samples: int,
    title: str,
    chapters: Sequence[tuple[float, float, str]],
    out: Path,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Write `out`: the chunks' video, then the ADTS narration `audio` of `samples` samples,
    titled and with a chapter a (start, end, name); Unexpected when ffmpeg must do it."""
    if not paths or len(chapters) > 255:
        raise Unexpected("no chunks, or more chapters than a Nero chapter list holds")
    video, sound = _video_of(paths), read_sound(audio, samples)
    laid = _lay_out(video, sound)
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
    total = int(laid.sizes.sum())
    head = struct.pack(">I4s", 8 + total, b"mdat") if total + 8 < 2**32 else b""
    head = head or struct.pack(">I4sQ", 1, b"mdat", 16 + total)
    user_data, moov = _user_data(title, chapters), b""
    for _ in range(3):  # until the moov's size no longer moves the data (32- or 64-bit offsets)
        previous, moov = (
            moov,
            _movie(video, sound, laid, len(ftyp) + len(moov) + len(head), user_data),
        )
        if len(moov) == len(previous):
            break
    with open(out, "wb") as file:
        file.write(ftyp + moov + head)
        _write_runs(file, video, sound, laid, on_progress)


def _write_runs(file, video: dict, sound: Sound, laid: _Laid, on_progress) -> None:
    handles: dict[int, object] = {}
    total, done, told = int(laid.sizes.sum()), 0, 0.0
    try:
        for (track, first, end), size in zip(laid.runs, laid.sizes.tolist()):
            if track == 1:
                file.write(b"".join(sound.packets[first:end]))
            else:
                number = int(video["files"][first])
                source = handles.get(number) or handles.setdefault(
                    number, open(video["paths"][number], "rb")
                )
                source.seek(int(video["offsets"][first]))
                data = source.read(size)
                if len(data) != size:
                    raise Unexpected(f"{video['paths'][number]} is shorter than its tables say")
                file.write(data)
            done += size
            if on_progress is not None and done / total >= told + 0.02:
                told = done / total
                on_progress(told)
        if on_progress is not None:
            on_progress(1.0)
    finally:
        for source in handles.values():
            source.close()


def join_video(paths, audio: Path, timeline, out: Path, work: Path, on_progress=None) -> bool:
    """Join the video chunks `paths` and the ADTS narration of `timeline` (its samples, title
    and chapters) into `out`: by copying bytes when the chunks allow (True), else by ffmpeg's
    stream copy (False), with its lists written into `work`."""
    samples, title, chapters = timeline.samples, timeline.title, timeline.chapters
    try:
        join_mp4(paths, audio, samples, title, chapters, out, on_progress)
        return True
    except Unexpected:
        pass
    listing, metadata = work / "chunks.ffconcat", work / "chapters.ffmeta"
    listing.write_text(concat_list(list(paths), work), encoding="utf-8")
    metadata.write_text(ffmetadata(title, chapters), encoding="utf-8")
    mux(listing, audio, metadata, out, timeline.duration, on_progress, track_options(samples))
    return False
