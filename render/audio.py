"""The narration as audio: cached sentence arrays and resampling (render/aac.py encodes it)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from media.alignment import WordSpan, rescaled, spans_json
from media.loudness import normalize


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


def finished_sentence(
    raw: np.ndarray, spans: list[WordSpan], source: int, rate: int
) -> tuple[np.ndarray, str]:
    """A synthesised sentence as the cache keeps it: resampled to `rate` and loudness-normalised
    (only the gain changes, so the word spans keep their places), and its word spans in samples
    at `rate`, as JSON."""
    samples = normalize(resample(raw, source, rate), rate)
    return samples, spans_json(rescaled(spans, source, rate))
