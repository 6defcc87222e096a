"""The video's chunks and its narration joined into one MP4 by copying their bytes.

ffmpeg's stream copy costs about 6.5 microseconds a packet, whatever its size: a 30-minute video
holds 54,000 frames and 81,000 AAC packets, so joining it took 1.1 s of a 4 s edit. Every chunk
is an MP4 of one H.264 track from the same encoder settings, so the joined file needs only
their sample tables laid end to end, the narration's packets without their ADTS headers, the
title and the chapters: a few tens of milliseconds. A chunk this does not expect (another sample
description, composition offsets, an edit list that trims, more chapters than the chapter list
holds) is left to ffmpeg (`join_video` falls back to `assemble.mux`).

The layout is that of ffmpeg's MP4 with +faststart: ftyp, moov (video, sound, a chapter track,
the title and Nero chapters: render.encode.mp4text), mdat (the two tracks interleaved in chunks
of about a second, then the chapter names).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scriptreel.render.encode.assemble import concat_list, mux
from scriptreel.render.encode.mp4boxes import (
    MATRIX,
    box,
    full,
    sample_table,
    table_box,
    track,
    versioned,
)
from scriptreel.render.encode.mp4read import Chunk, Sound, Unexpected, read_chunk, read_sound
from scriptreel.render.encode.mp4text import chapter_samples, chapter_track, user_data
from scriptreel.render.sound.aac import FRAME, frames_up, track_options
from scriptreel.render.timeline import ffmetadata


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


def _descriptor(tag: int, *parts: bytes) -> bytes:
    """An MPEG-4 descriptor; every one written here is under 128 bytes, so its length is one
    byte."""
    body = b"".join(parts)
    if len(body) >= 128:
        raise Unexpected("a descriptor too long for a one-byte length")
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


def _movie(video: dict, sound: Sound, laid: _Laid, start: int, words: tuple) -> bytes:
    """The moov box, for an mdat whose data begins at byte `start` of the file; `words` are
    the title and chapters and the chapter track's samples, which follow the media."""
    title, chapters, samples = words
    places = start + np.cumsum(laid.sizes) - laid.sizes
    tracks = np.array([t for t, _, _ in laid.runs])
    counts = np.array([b - a for _, a, b in laid.runs], np.int64)
    scale = math.lcm(video["timescale"], sound.rate)
    scale = scale if scale < 2**31 else 1000
    length = int(video["deltas"].sum())
    shown = (round(length * scale / video["timescale"]), round(sound.samples * scale / sound.rate))
    refer = {"chapters": (3,)} if chapters else {}
    sync = video["sync"]
    stss = b"" if sync.all() else table_box(b"stss", np.flatnonzero(sync) + 1)
    entry = video["entry"]
    size = struct.unpack_from(">HH", entry, 8 + 24)
    stbl = sample_table(
        entry, video["deltas"], video["sizes"], counts[tracks == 0], places[tracks == 0], stss
    )
    picture = track(1, b"vide", (video["timescale"], length, 0), shown[0], stbl, size=size, **refer)
    lengths = np.fromiter((len(p) for p in sound.packets), np.int64, len(sound.packets))
    deltas = np.full(len(lengths), FRAME, np.int64)
    deltas[-1] = sound.samples - (frames_up(sound.samples) - 1) * FRAME
    roll = full(b"sgpd", 1, 0, b"roll", struct.pack(">IIh", 2, 1, -1))
    roll += full(b"sbgp", 0, 0, b"roll", struct.pack(">III", 1, len(lengths), 1))
    entry = _sound_entry(sound, lengths)
    stbl = sample_table(entry, deltas, lengths, counts[tracks == 1], places[tracks == 1], roll)
    voice = track(2, b"soun", (sound.rate, int(deltas.sum()), FRAME), shown[1], stbl, **refer)
    marks = ()
    if chapters:
        at = start + int(laid.sizes.sum())
        marks = (chapter_track(3, chapters, samples, at, (scale, max(shown))),)
    tail = struct.pack(">IH10x", 0x10000, 0x100) + MATRIX + b"\0" * 24 + struct.pack(">I", 4)
    mvhd = versioned(b"mvhd", 0, (scale,), (max(shown),), tail)
    return box(b"moov", mvhd, picture, voice, *marks, user_data(title, chapters))


def join_mp4(
    paths: Sequence[Path],
    audio: Path,
    samples: int,
    title: str,
    chapters: Sequence[tuple[float, float, str]],
    out: Path,
    on_progress: Callable[[float], None] | None = None,
    packets: list[bytes] | None = None,
) -> None:
    """Write `out`: the chunks' video, then the ADTS narration `audio` of `samples` samples
    (its `packets`, when the caller has them, are not read again), titled and with a chapter a
    (start, end, name); Unexpected when ffmpeg must do it."""
    if not paths or len(chapters) > 255:
        raise Unexpected("no chunks, or more chapters than a Nero chapter list holds")
    video, sound = _video_of(paths), read_sound(audio, samples, packets)
    laid = _lay_out(video, sound)
    marks = chapter_samples(chapters)
    words = (title, chapters, marks)
    ftyp = box(b"ftyp", b"isom", struct.pack(">I", 0x200), b"isomiso2avc1mp41")
    total = int(laid.sizes.sum()) + sum(len(m) for m in marks)
    head = struct.pack(">I4s", 8 + total, b"mdat") if total + 8 < 2**32 else b""
    head = head or struct.pack(">I4sQ", 1, b"mdat", 16 + total)
    moov = b""
    for _ in range(8):  # until the moov's size no longer moves the data (32- or 64-bit offsets)
        previous, moov = moov, _movie(video, sound, laid, len(ftyp) + len(moov) + len(head), words)
        if len(moov) == len(previous):
            break
    else:
        raise Unexpected("the index's size did not settle")
    with open(out, "wb") as file:
        file.write(ftyp + moov + head)
        _write_runs(file, video, sound, laid, on_progress)
        file.write(b"".join(marks))


def _write_runs(file, video: dict, sound: Sound, laid: _Laid, on_progress) -> None:
    """The media of the mdat, in order; a chunk's file is open only while its runs are copied
    (a long video lists hundreds of chunks)."""
    total, done, told = int(laid.sizes.sum()), 0, 0.0
    number, source = -1, None
    try:
        for (kind, first, end), size in zip(laid.runs, laid.sizes.tolist()):
            if kind == 1:
                file.write(b"".join(sound.packets[first:end]))
            else:
                if int(video["files"][first]) != number:
                    if source is not None:
                        source.close()
                    number = int(video["files"][first])
                    source = open(video["paths"][number], "rb")
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
        if source is not None:
            source.close()


def join_video(
    paths, audio: Path, timeline, out: Path, work: Path, on_progress=None, packets=None
) -> bool:
    """Join the video chunks `paths` and the ADTS narration of `timeline` (its samples, title
    and chapters; `packets` its packets, if known) into `out`: by copying bytes when the chunks
    allow (True), else by ffmpeg's stream copy (False), with its lists written into `work`."""
    samples, title, chapters = timeline.samples, timeline.title, timeline.chapters
    try:
        join_mp4(paths, audio, samples, title, chapters, out, on_progress, packets)
        return True
    except Unexpected:
        pass
    listing, metadata = work / "chunks.ffconcat", work / "chapters.ffmeta"
    listing.write_text(concat_list(list(paths), work), encoding="utf-8")
    metadata.write_text(ffmetadata(title, chapters), encoding="utf-8")
    mux(listing, audio, metadata, out, timeline.duration, on_progress, track_options(samples))
    return False
