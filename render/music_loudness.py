"""BS.1770 integrated loudness measured block by block, for audio too long to hold whole."""

from __future__ import annotations

import numpy as np

# The K-weighted power of each 100 ms step: the same measurement media.loudness makes of a whole
# signal, so a streamed measurement matches integrated_lufs to the last step.
from media.loudness import gated_loudness, step_powers


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
