"""Loudness by ITU-R BS.1770 (integrated LUFS, gated) and true peak, in numpy."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

TARGET_LUFS = -16.0
"""Integrated loudness of the narration (the usual target for online video and podcasts)."""
PEAK_CEILING = -1.5
"""True-peak ceiling in dBTP before AAC encoding, leaving room for the codec's overshoot."""

# BS.1770 K-weighting at 48 kHz: a high-shelf pre-filter, then the RLB high-pass.
_SHELF = (
    [1.53512485958697, -2.69169618940638, 1.19839281085285],
    [1.0, -1.69065929318241, 0.73248077421585],
)
_HIGHPASS = ([1.0, -2.0, 1.0], [1.0, -1.99004745483398, 0.99007225036621])


def _fast_size(count: int) -> int:
    """The smallest even 2^a * 3^b * 5^c at least `count` (FFT sizes with large prime factors
    are slow)."""
    best = 1 << max(1, (count - 1).bit_length())
    three = 1
    while three < best:
        five = three
        while five < best:
            size = five
            while size < count:
                size *= 2
            if size % 2 == 0:
                best = min(best, size)
            five *= 5
        three *= 3
    return best


@lru_cache(maxsize=32)
def _k_response(size: int) -> np.ndarray:
    """|H| of the K-weighting filter at the rfft bins of a `size`-point transform."""
    z = np.exp(-1j * np.pi * np.linspace(0, 1, size // 2 + 1))
    response = np.ones(len(z), dtype=complex)
    for b, a in (_SHELF, _HIGHPASS):
        response *= np.polyval(b[::-1], z) / np.polyval(a[::-1], z)
    return np.abs(response).astype(np.float32)


def _k_weighted(samples: np.ndarray, rate: int) -> np.ndarray:
    """The signal with the K-weighting magnitude response applied (zero phase, via FFT).

    Loudness depends only on energy per 400 ms block, so the filter's phase does not matter.
    """
    if rate != 48000:
        raise ValueError("loudness is measured on the 48 kHz timeline")
    size = _fast_size(len(samples))
    return np.fft.irfft(np.fft.rfft(samples.astype(np.float32), size) * _k_response(size), size)[
        : len(samples)
    ]


def step_powers(signal: np.ndarray, rate: int) -> np.ndarray:
    """Mean K-weighted power of each 100 ms step, from one FFT per step (Parseval).

    The K-weighting filter's response is a few milliseconds long, so filtering each step on its
    own changes the measured loudness by hundredths of a LU, at a fraction of the cost of one
    transform of the whole signal.
    """
    step = int(0.1 * rate)
    count = len(signal) // step
    if count == 0:
        return np.array([np.mean(_k_weighted(signal, rate) ** 2)]) if len(signal) else np.zeros(0)
    frames = signal[: count * step].reshape(count, step).astype(np.float32)
    spectrum = np.abs(np.fft.rfft(frames, axis=1)) ** 2 * _k_response(step) ** 2
    # Parseval for a real transform: DC and Nyquist count once, the other bins twice.
    weights = np.full(spectrum.shape[1], 2.0)
    weights[0] = 1.0
    if step % 2 == 0:
        weights[-1] = 1.0
    return (spectrum @ weights) / step**2


def integrated_lufs(samples: np.ndarray, rate: int = 48000) -> float:
    """Gated integrated loudness of mono audio (int16 or float in -1..1); -inf for silence."""
    signal = samples.astype(np.float64) / (32768.0 if samples.dtype == np.int16 else 1.0)
    if len(signal) == 0:
        return float("-inf")
    if rate != 48000:
        raise ValueError("loudness is measured on the 48 kHz timeline")
    return gated_loudness(step_powers(signal, rate))


def gated_loudness(steps: np.ndarray) -> float:
    """BS.1770 gating over K-weighted powers of 100 ms steps: 400 ms blocks overlapping by 75%,
    an absolute gate at -70 LUFS and a relative one 10 LU below what passed it."""
    if len(steps) == 0:
        return float("-inf")
    if len(steps) < 4:
        powers = np.array([steps.mean()])
    else:
        # 400 ms blocks overlapping by 75%: four consecutive 100 ms steps each.
        cumulative = np.concatenate([[0.0], np.cumsum(steps)])
        powers = (cumulative[4:] - cumulative[:-4]) / 4
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(powers)
    gated = powers[levels > -70.0]
    if len(gated) == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10.0
    final = powers[(levels > -70.0) & (levels > relative)]
    return float(-0.691 + 10 * np.log10(final.mean()))


def true_peak_db(samples: np.ndarray) -> float:
    """Peak of the signal oversampled 4x (BS.1770 true peak), in dB relative to full scale.

    Only the neighbourhoods of the highest samples are oversampled: an inter-sample peak sits
    next to a high sample.
    """
    signal = samples.astype(np.float64) / (32768.0 if samples.dtype == np.int16 else 1.0)
    if len(signal) == 0:
        return float("-inf")
    peak = float(np.abs(signal).max())
    half = 32
    magnitude = np.abs(signal)
    if len(signal) > 2 * half:
        # All windows at once: rows of 64 samples around the 48 highest samples, upsampled 4x.
        centres = np.clip(np.argpartition(magnitude, -48)[-48:], half, len(signal) - half)
        windows = (
            signal[centres[:, None] + np.arange(-half, half)[None, :]]
            * np.hanning(2 * half) ** 0.25
        )
        spectrum = np.fft.rfft(windows, axis=1)
        up = np.zeros((len(centres), 4 * half + 1), dtype=complex)
        up[:, : spectrum.shape[1]] = spectrum
        peak = max(peak, float(np.abs(np.fft.irfft(up, 8 * half, axis=1) * 4).max()))
    return float(20 * np.log10(peak)) if peak > 0 else float("-inf")


def running_min(values: np.ndarray, width: int) -> np.ndarray:
    """Minimum over the centred window of `2 * width + 1` samples (van Herk / Gil-Werman, O(n))."""
    span = 2 * width + 1
    count = len(values)
    padded = np.concatenate(
        [np.full(width, np.inf), values, np.full(width + (-(count + 2 * width) % span), np.inf)]
    )
    blocks = padded.reshape(-1, span)
    prefix = np.minimum.accumulate(blocks, axis=1).ravel()
    suffix = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[:count], prefix[span - 1 : span - 1 + count])


def limit(signal: np.ndarray, ceiling_db: float, rate: int = 48000) -> np.ndarray:
    """A look-ahead peak limiter: the gain dips smoothly around each peak that would pass the
    ceiling."""
    ceiling = 10 ** (ceiling_db / 20)
    needed = np.minimum(1.0, ceiling / np.maximum(np.abs(signal), 1e-12))
    if needed.min() >= 1.0:
        return signal
    width = max(1, int(0.004 * rate))
    floor = running_min(needed, width)
    # A moving average of the windowed minimum never rises above the gain any sample needs.
    cumulative = np.concatenate(
        [
            [0.0],
            np.cumsum(np.concatenate([np.ones(width // 2), floor, np.ones(width - width // 2)])),
        ]
    )
    gain = (cumulative[width : width + len(signal)] - cumulative[: len(signal)]) / width
    return signal * np.minimum(gain, floor.max())


def normalize(
    samples: np.ndarray,
    rate: int = 48000,
    target: float = TARGET_LUFS,
    ceiling: float = PEAK_CEILING,
) -> np.ndarray:
    """int16 audio brought to `target` LUFS with its true peak held under `ceiling` dBTP.

    Speech peaks sit far above its loudness, so reaching the target takes a peak limiter, not
    just gain; loudness is measured again after limiting and the gain corrected once.
    """
    signal = samples.astype(np.float64) / 32768.0
    loudness = integrated_lufs(signal, rate)
    if not np.isfinite(loudness):
        return samples
    gain = target - loudness
    for _ in range(2):
        # Limiting takes loudness off the peaks: the second pass asks for that much more gain.
        limited = limit(signal * 10 ** (gain / 20), ceiling - 0.5, rate)
        shortfall = target - integrated_lufs(limited, rate)
        gain += shortfall
    # What is still missing comes back as plain gain, within the 0.5 dB of room left under the
    # ceiling (the true-peak check below has the last word).
    signal = limited * 10 ** (min(0.5, max(0.0, shortfall)) / 20)
    peak = true_peak_db(signal)
    if peak > ceiling:
        signal *= 10 ** ((ceiling - peak) / 20)
    return np.clip(np.round(signal * 32768.0), -32768, 32767).astype(np.int16)


class LoudnessMeter:
    """Feed int16 blocks of any length with add(); integrated() gives the gated LUFS so far."""

    def __init__(self, rate: int = 48000):
        if rate != 48000:
            raise ValueError("loudness is measured on the 48 kHz timeline")
        self.rate = rate
        self._step = int(0.1 * rate)
        self._carry = np.zeros(0, dtype=np.float32)
        self._powers: list[np.ndarray] = []

    def add(self, block: np.ndarray) -> None:
        signal = np.concatenate([self._carry, block.astype(np.float32) / 32768.0])
        whole = len(signal) // self._step * self._step
        if whole:
            self._powers.append(step_powers(signal[:whole], self.rate))
        self._carry = signal[whole:]

    def integrated(self) -> float:
        """Gated integrated loudness of the whole 100 ms steps added; -inf for silence.

        The gating is integrated_lufs's: 400 ms blocks overlapping by 75%, an absolute gate at
        -70 LUFS and a relative one 10 LU below the loudness of what passed it.
        """
        steps = np.concatenate(self._powers) if self._powers else np.zeros(0)
        return gated_loudness(steps)
