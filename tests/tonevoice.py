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


class WordToneVoice(ToneVoice):
    """A tone voice that also says where each word is: one burst per word, after a lead-in
    and separated by silence, so word times can be checked to the sample."""

    lead = 0.05
    """Seconds of silence before the first word (Piper's audio starts quietly too)."""
    gap = 0.06
    """Seconds of silence between words."""

    def word_samples(self, text: str) -> list[tuple[int, int]]:
        """Where each white-space separated word's burst starts and ends."""
        rate, spans = self.sample_rate, []
        position = round(self.lead * rate)
        for word in text.split():
            length = round(self.seconds_per_word * rate * (0.5 + len(word) / 8))
            spans.append((position, position + length))
            position += length + round(self.gap * rate)
        return spans

    def synthesize_words(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        self.spoken.append(text)
        spans = self.word_samples(text)
        end = (spans[-1][1] if spans else 0) + round(self.lead * self.sample_rate)
        audio = np.zeros(end, dtype=np.int16)
        for start, stop in spans:
            t = np.arange(stop - start) / self.sample_rate
            audio[start:stop] = (np.sin(2 * np.pi * self.frequency * t) * 12000).astype(np.int16)
        return audio, spans

    def synthesize(self, text: str) -> np.ndarray:
        return self.synthesize_words(text)[0]


class PlainToneVoice(WordToneVoice):
    """The same bursts from a voice that gives no word timing (like gTTS)."""

    synthesize_words = None  # type: ignore[assignment]

    def synthesize(self, text: str) -> np.ndarray:
        return WordToneVoice.synthesize_words(self, text)[0]
