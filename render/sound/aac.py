"""The narration as AAC pieces that join by stream copy, so an edit re-encodes only its piece.

Every piece starts and ends on a whole AAC frame (FRAME samples) of the track. A piece is encoded
with PREROLL frames of the track before it in front and POSTROLL frames after it (the encoder
looks ahead to choose its windows), and their packets are dropped, so the blocks on either side
of a join overlap-add as in one encode. ffmpeg's quality-based (VBR)
mode is used because the bit-rate mode's controller carries state across the whole stream.
On a steady signal the joined packets are then the very packets of one encode. On speech the
encoder keeps some longer-lived state, so a piece may be coded a little differently from one
encode of the whole track (about -50 to -85 dB apart), but not at its joins: there its error
against the source equals one encode's.

Each piece is stored with one packet more than its frames (the block that overlaps into the
next frame); the join uses that packet only for the last piece, whose next frame is the end.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from scriptreel.render.encode.assemble import ffmpeg_failed, run_ffmpeg

FRAME = 1024
"""Samples per AAC-LC frame."""
PREROLL = 8
"""Frames of the track encoded before a piece and dropped: 4 is the fewest that joined a steady
tone identically; 8 leaves room for speech's window switching (16 and 32 were no better)."""
POSTROLL = 2
"""Frames of the track after a piece that its last packets depend on (window look-ahead)."""
QUALITY = "2"
"""ffmpeg's AAC VBR quality by default: about 130 kb/s on mono speech."""


def frames_up(count: int) -> int:
    """Whole frames covering `count` samples."""
    return -(-count // FRAME)


def segment_cuts(first: int, last: int, lead: int, narration: int) -> list[int]:
    """Piece boundaries for a narrated segment spanning timeline samples first..last whose
    narration (`narration` samples) starts `lead` samples in, on a frame boundary.

    One piece starts PREROLL frames before the voice, in the silence before it, and ends
    PREROLL frames after the voice's last frame, so it holds the same samples wherever the
    segment falls; the silence after it, whose length depends on where the next segment starts,
    is a piece of its own (silent packets, no encode). Each boundary is in the segment's span.
    """
    voice = first + lead
    if voice % FRAME or lead < PREROLL * FRAME:
        raise ValueError("the narration must start on a frame boundary after the pre-roll")
    after = voice + (frames_up(narration) + PREROLL) * FRAME
    return [voice - PREROLL * FRAME, *([after] if after <= last else [])]


def adts_packets(data: bytes) -> list[bytes]:
    """The packets of an ADTS stream, by the frame length each header carries."""
    packets, at = [], 0
    while at + 7 <= len(data):
        if data[at] != 0xFF or data[at + 1] & 0xF0 != 0xF0:
            raise ValueError(f"not an ADTS header at byte {at}")
        length = ((data[at + 3] & 3) << 11) | (data[at + 4] << 3) | (data[at + 5] >> 5)
        if length < 7 or at + length > len(data):
            raise ValueError(f"an ADTS packet at byte {at} is cut short")
        packets.append(data[at : at + length])
        at += length
    return packets


def _ffmpeg_aac(pcm: np.ndarray, rate: int, quality: str = QUALITY) -> list[bytes]:
    args = ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"]
    args += ["-c:a", "aac", "-profile:a", "aac_low", "-aac_coder", "fast", "-q:a", quality]
    samples = np.ascontiguousarray(pcm, dtype="<i2").tobytes()
    coded = run_ffmpeg([*args, "-f", "adts", "pipe:1"], "encoding the narration", samples)
    return adts_packets(coded)


@lru_cache(maxsize=4)
def silent_packet(rate: int, quality: str = QUALITY) -> bytes:
    """The packet of a silent frame after silence: the same bytes wherever it falls."""
    return _ffmpeg_aac(np.zeros(4 * PREROLL * FRAME, dtype=np.int16), rate, quality)[2 * PREROLL]


def is_silent(pcm: np.ndarray, preroll: np.ndarray, postroll: np.ndarray) -> bool:
    """Whether a piece is silence between silences: repeated silent packets."""
    quiet = not (pcm.any() or preroll.any() or postroll.any())
    return quiet and len(preroll) == PREROLL * FRAME


def encode_piece(
    pcm: np.ndarray, preroll: np.ndarray, postroll: np.ndarray, rate: int, quality: str = QUALITY
) -> list[bytes]:
    """The packets of a piece of whole frames: one per frame plus the overlap packet.

    `preroll` is the track just before the piece (whole frames, at most PREROLL); a piece at
    the start of the track has none, and keeps the encoder's priming packet instead.
    `postroll` is the track just after it (at most POSTROLL frames; none at the end).
    """
    if len(pcm) % FRAME or len(preroll) % FRAME:
        raise ValueError("pieces and their pre-roll are whole AAC frames")
    count = len(pcm) // FRAME + 1
    if is_silent(pcm, preroll, postroll):
        return [silent_packet(rate, quality)] * count
    skip = len(preroll) // FRAME
    packets = _ffmpeg_aac(np.concatenate([preroll, pcm, postroll]), rate, quality)[skip:]
    if len(packets) < count:  # every later piece would play early against the picture
        raise ffmpeg_failed("encoding the narration", [f"{len(packets)} of {count} frames"], 0)
    return packets[:count]


def join_pieces(files: list[Path], out: Path) -> list[bytes]:
    """One ADTS stream of the pieces in order, a piece at a time; only the last keeps its
    overlap packet. Returns the packets written."""
    written: list[bytes] = []
    with open(out, "wb") as stream:
        for number, path in enumerate(files, 1):
            packets = adts_packets(path.read_bytes())
            kept = packets if number == len(files) else packets[:-1]
            stream.write(b"".join(kept))
            written += kept
    return written


def track_options(samples: int) -> tuple[list[str], list[str]]:
    """ffmpeg options to read a joined ADTS track (before its -i) and to time it exactly
    `samples` long when copied into MP4 (after it, for its stream).

    The first packet is the encoder's priming and is shifted before zero, and the last packet
    lasts only what is left, so the MP4's edit list trims both, as ffmpeg does for one encode.
    """
    last = frames_up(samples)
    tail = samples - (last - 1) * FRAME
    ticks = f"{FRAME}/(SR*TB)"
    setts = (
        f"setts=pts=PTS-{ticks}:dts=DTS-{ticks}"
        f":duration=if(eq(N\\,{last})\\,{tail}/(SR*TB)\\,DURATION)"
    )
    return ["-f", "aac"], ["-bsf:a", setts]


@dataclass(frozen=True)
class PieceStore:
    """Where encoded pieces are kept: a cache, its folder for them, and how a key is made."""

    cache: object
    """The render cache (get_or_make)."""
    kind: str
    """The cache folder of audio pieces."""
    key: Callable[[str], str]
    """The entry key of a piece from the digest of its pre-roll and samples."""
    quality: str = QUALITY
    """ffmpeg's AAC VBR quality (-q:a)."""


class AacPieces:
    """The track written in order, cut at the given frame boundaries, each piece encoded (or
    found in the cache) on a helper thread while later samples are still being written."""

    def __init__(self, path: Path, rate: int, store: PieceStore):
        self.path, self.rate, self.store = path, rate, store
        self._cuts: list[int] = []
        self._buffer = np.zeros(0, dtype=np.int16)
        self._start = 0
        self._preroll = np.zeros(0, dtype=np.int16)
        self._files: list[Path] = []
        self.packets: list[bytes] = []
        """The joined track's packets, once finished (the file at `path` holds the same)."""
        self._made = 0
        # Bounded: when pieces come from the cache faster than they are looked up, the writer
        # waits, instead of the queue holding the whole track (170 MB for 30 minutes).
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._work, daemon=True)
        self._worker.start()

    @property
    def made(self) -> int:
        """How many pieces ffmpeg encoded in this run (the rest were silence or cached)."""
        return self._made

    def cut(self, sample: int) -> None:
        """A piece boundary at `sample` (a frame boundary), after every earlier one."""
        if sample % FRAME or (self._cuts and sample < self._cuts[-1]) or sample < self._start:
            raise ValueError(f"piece boundary {sample} is not a later frame boundary")
        if sample > self._start and (not self._cuts or sample > self._cuts[-1]):
            self._cuts.append(sample)

    def write(self, samples: np.ndarray, final: bool = False) -> None:
        self._buffer = np.concatenate([self._buffer, samples.astype(np.int16, copy=False)])
        ahead = 0 if final else POSTROLL * FRAME
        while self._cuts and self._start + len(self._buffer) >= self._cuts[0] + ahead:
            self._emit(self._cuts.pop(0) - self._start)

    def _emit(self, count: int) -> None:
        pcm, self._buffer = self._buffer[:count], self._buffer[count:]
        self._queue.put((pcm, self._preroll, self._buffer[: POSTROLL * FRAME].copy()))
        keep = PREROLL * FRAME
        self._preroll = np.concatenate([self._preroll, pcm[-keep:]])[-keep:]
        self._start += count

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._files.append(self._store(*job))
                except BaseException as error:  # reported by finish()
                    self._error = error

    def _store(self, pcm: np.ndarray, preroll: np.ndarray, postroll: np.ndarray) -> Path:
        sizes = b"%d:%d:%d:" % (len(preroll), len(postroll), self.rate)
        digest = hashlib.sha256(sizes + preroll.tobytes() + pcm.tobytes() + postroll.tobytes())

        def make(temp: Path) -> None:
            packets = encode_piece(pcm, preroll, postroll, self.rate, self.store.quality)
            temp.write_bytes(b"".join(packets))
            self._made += not is_silent(pcm, preroll, postroll)

        path, _ = self.store.cache.get_or_make(
            self.store.kind, self.store.key(digest.hexdigest()), ".aac", make
        )
        return path

    def finish(self, samples: int) -> None:
        """Encode what is left (padded with silence to a whole frame) and join the pieces into
        one ADTS stream at `path`; track_options(samples) time it exactly."""
        end = frames_up(samples) * FRAME
        if end > self._start + len(self._buffer):
            padding = end - self._start - len(self._buffer)
            self._buffer = np.concatenate([self._buffer, np.zeros(padding, dtype=np.int16)])
        self._buffer = self._buffer[: end - self._start]
        self._cuts = [c for c in self._cuts if c < end] + [end]
        self.write(np.zeros(0, dtype=np.int16), final=True)
        self._queue.put(None)
        self._worker.join()
        if self._error is not None:
            raise self._error
        self.packets = join_pieces(self._files, self.path)

    def abort(self) -> None:
        self._cuts.clear()
        self._error = self._error or RuntimeError("aborted")
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(None)
        self._worker.join(timeout=30)
