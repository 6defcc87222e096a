"""The narration as audio: cached sentence arrays, resampling, and the one AAC encode."""

from __future__ import annotations

import queue
import subprocess
import threading
from pathlib import Path

import numpy as np

from .assemble import Encoder, ffmpeg_exe, ffmpeg_failed


def save_npy(temp: Path, samples: np.ndarray) -> None:
    with open(temp, "wb") as handle:
        np.save(handle, np.asarray(samples), allow_pickle=False)


def load_npy(path: Path) -> np.ndarray:
    """A cached array; a file that passed its checksum but is not an array still fails loudly."""
    return np.load(path, allow_pickle=False)


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    """Band-limited resampling with libsoxr (high quality): a sentence in about a tenth of the
    time of an FFT of the whole sentence, with no wrap-around at its ends."""
    import soxr

    if source == target or len(samples) == 0:
        return samples.astype(np.int16, copy=False)
    count = round(len(samples) * target / source)
    out = soxr.resample(samples.astype(np.float32), source, target, quality="HQ")
    # soxr's length can differ from the exact ratio by a sample; the timeline counts on it.
    out = np.pad(out[:count], (0, max(0, count - len(out))))
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


class AacStream:
    """One AAC-LC encode of the whole narration, fed segment by segment as they are narrated.

    The timeline is encoded once, in order, so there are no joins: separately encoded AAC pieces
    would each carry their own priming and click or drift where they meet. ffmpeg's fast AAC
    coder, mono: narration is one voice, and the default coder takes three times as long for no
    audible gain on speech.
    """

    def __init__(self, path: Path, rate: int, encoder: Encoder):
        self.path = path
        self._log = open(path.with_suffix(".log"), "w+b")
        self._process = subprocess.Popen(
            [
                ffmpeg_exe(),
                "-hide_banner",
                "-v",
                "error",
                "-y",
                "-f",
                "s16le",
                "-ar",
                str(rate),
                "-ac",
                "1",
                "-i",
                "pipe:0",
                "-c:a",
                "aac",
                "-profile:a",
                "aac_low",
                "-aac_coder",
                "fast",
                "-b:a",
                encoder.audio_bitrate,
                "-f",
                "mp4",
                str(path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        # Unbounded: a render that may be up to date streams its narration here before it knows,
        # and must not wait for the encoder (a bounded queue cost 7 s on a 30-minute no-op).
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        broken = False
        # Always drain to the end marker, even once ffmpeg has gone, so nothing queued outlives
        # the encoder and abort's end marker is always taken.
        while (block := self._queue.get()) is not None:
            if broken:
                continue
            try:
                stdin.write(block)
            except (BrokenPipeError, OSError):
                broken = True
        try:
            stdin.close()
        except OSError:
            pass

    def write(self, samples: np.ndarray) -> None:
        self._queue.put(np.ascontiguousarray(samples, dtype="<i2").tobytes())

    def finish(self) -> None:
        self._queue.put(None)
        self._feeder.join()
        code = self._process.wait()
        self._log.seek(0)
        detail = self._log.read().decode("utf-8", "replace").strip().splitlines()
        self._log.close()
        if code != 0:
            raise ffmpeg_failed("encoding the narration", detail, code)

    def abort(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._queue.put(None)
        self._process.wait()
        self._feeder.join(timeout=5)
        self._log.close()
