"""A test voice: each sentence becomes a tone burst whose length follows its word count, so
where the narration sits in the final audio can be measured exactly."""

from __future__ import annotations

import numpy as np

from scriptreel.media.voice import Capabilities


class ToneVoice:
    name = "tone"
    sample_rate = 22050
    offline = True
    capabilities = Capabilities()

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

    def seconds(self, settings) -> float:
        """Seconds per word for one call: a faster speed says each word in less time."""
        return self.seconds_per_word / (settings.speed if settings else 1.0)

    def synthesize(self, text: str, settings=None) -> np.ndarray:
        self.spoken.append(text)
        count = round(len(text.split()) * self.seconds(settings) * self.sample_rate)
        t = np.arange(count) / self.sample_rate
        return (np.sin(2 * np.pi * self.frequency * t) * 12000).astype(np.int16)


class WordToneVoice(ToneVoice):
    """A tone voice that also says where each word is: one burst per word, after a lead-in
    and separated by silence, so word times can be checked to the sample."""

    lead = 0.05
    """Seconds of silence before the first word (Piper's audio starts quietly too)."""
    gap = 0.06
    """Seconds of silence between words."""
    capabilities = Capabilities(word_times=True)

    def word_samples(self, text: str, settings=None) -> list[tuple[int, int]]:
        """Where each white-space separated word's burst starts and ends."""
        rate, spans = self.sample_rate, []
        position = round(self.lead * rate)
        for word in text.split():
            length = round(self.seconds(settings) * rate * (0.5 + len(word) / 8))
            spans.append((position, position + length))
            position += length + round(self.gap * rate)
        return spans

    def synthesize_words(self, text: str, settings=None) -> tuple[np.ndarray, list]:
        self.spoken.append(text)
        spans = self.word_samples(text, settings)
        end = (spans[-1][1] if spans else 0) + round(self.lead * self.sample_rate)
        audio = np.zeros(end, dtype=np.int16)
        for start, stop in spans:
            t = np.arange(stop - start) / self.sample_rate
            audio[start:stop] = (np.sin(2 * np.pi * self.frequency * t) * 12000).astype(np.int16)
        return audio, spans

    def synthesize(self, text: str, settings=None) -> np.ndarray:
        return self.synthesize_words(text, settings)[0]


class PlainToneVoice(WordToneVoice):
    """The same bursts from a voice that gives no word timing (like gTTS)."""

    capabilities = Capabilities()
