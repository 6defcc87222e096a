"""A test voice: each sentence becomes a tone burst whose length follows its word count, so
where the narration sits in the final audio can be measured exactly."""

from __future__ import annotations

import numpy as np


class ToneVoice:
    name = "tone"
    sample_rate = 22050
    offline = True

    def __init__(self, seconds_per_word: float = 0.1, frequency: float = 440.0):
        self.seconds_per_word = seconds_per_word
        self.frequency = frequency
        self.spoken: list[str] = []

    def identity(self) -> dict:
        return {
            "engine": self.name,
            "seconds_per_word": self.seconds_per_word,
            "frequency": self.frequency,
        }

    def synthesize(self, text: str) -> np.ndarray:
        self.spoken.append(text)
        count = round(len(text.split()) * self.seconds_per_word * self.sample_rate)
        t = np.arange(count) / self.sample_rate
        return (np.sin(2 * np.pi * self.frequency * t) * 12000).astype(np.int16)
