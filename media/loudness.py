"""Loudness by ITU-R BS.1770 (integrated LUFS, gated) and true peak, in numpy."""

from __future__ import annotations

import numpy as np

TARGET_LUFS = -16.0
"""Integrated loudness of the narration (the usual target for online video and podcasts)."""
PEAK_CEILING = -1.5
"""True-peak ceiling in dBTP before AAC encoding, leaving room for the codec's overshoot."""

# BS.1770 K-weighting at 48 kHz: a high-shelf pre-filter, then the RLB high-pass.
_SHELF = ([1.53512485958697, -2.69169618940638, 1.19839281085285], [1.0, -1.69065929318241, 0.73248077421585])
_HIGHPASS = ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])


def _k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """The signal with the K-weighting magnitude response applied (zero phase, via FFT).

    Loudness depends only on energy per 400 ms block, so the filter's phase does not matter.
    """
    if rate != 48000:
        raise ValueError("loudness is measured on the 48 kHz timeline")
    count = len(samples)
    size = 1 << max(1, int(np.ceil(np.log2(count + 1))))
    spectrum = np.fft.rfft(samples, size)
    z = np.exp(-1j * np.pi * np.linspace(0, 1, len(spectrum)))
    response = np.ones(len(spectrum), dtype=complex)
    for b, a in (_SHELF, _HIGHPASS):
        response *= np.polyval(b[::-1], z) / np.polyval(a[::-1], z)
    return np.fft.irfft(spectrum * np.abs(response), size)[:count]


def integrated_lufs(samples: np.ndarray, rate: int = 48000) -> float:
    """Gated integrated loudness of mono audio (int16 or float in -1..1); -inf for silence."""
    signal = samples.astype(np.float64) / (32768.0 if samples.dtype == np.int16 else 1.0)
    if len(signal) == 0:
        return float("-inf")
    weighted = _k_weighted(signal, rate) ** 2
    block, step = int(0.4 * rate), int(0.1 * rate)
    if len(weighted) < block:
        powers = np.array([weighted.mean()])
    else:
        cumulative = np.concatenate([[0.0], np.cumsum(weighted)])
        starts = np.arange(0, len(weighted) - block + 1, step)
        powers = (cumulative[starts + block] - cumulative[starts]) / block
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(powers)
    gated = powers[levels > -70.0]
    if len(gated) == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
    final = powers[(levels > -70.0) & (levels > relative)]
    return float(-0.691 + 10 * np.log10(final.mean()))


def true_peak_db(samples: np.ndarray) -> float:
    """Peak of the signal oversampled 4x (BS.1770 true peak), in dB relative to full scale."""
    signal = samples.astype(np.float64) / (32768.0 if samples.dtype == np.int16 else 1.0)
    if len(signal) == 0:
        return float("-inf")
    spectrum = np.fft.rfft(signal)
    count = len(signal) * 4
    padded = np.zeros(count // 2 + 1, dtype=complex)
    padded[: len(spectrum)] = spectrum
    peak = np.abs(np.fft.irfft(padded, count) * 4).max()
    return float(20 * np.log10(peak)) if peak > 0 else float("-inf")


def normalize(samples: np.ndarray, rate: int = 48000, target: float = TARGET_LUFS, ceiling: float = PEAK_CEILING) -> np.ndarray:
    """int16 audio brought to `target` LUFS, turned down further if its true peak would pass `ceiling`."""
    loudness = integrated_lufs(samples, rate)
    if not np.isfinite(loudness):
        return samples
    gain = target - loudness
    gain = min(gain, ceiling - true_peak_db(samples))
    scaled = samples.astype(np.float64) * 10 ** (gain / 20)
    return np.clip(np.round(scaled), -32768, 32767).astype(np.int16)
