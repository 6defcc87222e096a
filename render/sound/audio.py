"""The narration as audio: cached sentence arrays and resampling (sound/aac.py encodes it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from scriptreel.media.alignment import WordSpan, rescaled, spans_json
from scriptreel.media.loudness import normalize


def save_sentence(temp: Path, samples: np.ndarray, spans: str) -> None:
    """A sentence's samples and its word spans (JSON) in one file, so they are written, read and
    verified together: Piper is not deterministic, and two renders speaking one new sentence at
    once must never pair one's audio with the other's word times."""
    words = np.frombuffer(spans.encode("utf-8"), dtype=np.uint8)
    with open(temp, "wb") as handle:
        np.savez(handle, samples=np.asarray(samples), words=words)


def load_sentence(path: Path) -> tuple[np.ndarray, str]:
    """A cached sentence: its samples and its word spans as JSON. A file that passed its checksum
    but is not such a pair still fails loudly."""
    with np.load(path, allow_pickle=False) as data:
        return data["samples"], data["words"].tobytes().decode("utf-8")


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


def finished_sentence(
    raw: np.ndarray, spans: list[WordSpan], source: int, rate: int
) -> tuple[np.ndarray, str]:
    """A synthesised sentence as the cache keeps it: resampled to `rate` and loudness-normalised
    (only the gain changes, so the word spans keep their places), and its word spans in samples
    at `rate`, as JSON."""
    samples = normalize(resample(raw, source, rate), rate)
    return samples, spans_json(rescaled(spans, source, rate))
