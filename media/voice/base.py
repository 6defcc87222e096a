"""The interface every narration engine offers: what it can do and the settings of one call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Capabilities:
    """What an engine can do beyond speaking a sentence, declared once by the engine."""

    word_times: bool = False
    """It has `synthesize_words(text, settings) -> (audio, spans)`: its own word timing."""
    model_load: bool = False
    """It has `load_model(alignments)`: a model worth loading ahead, on a helper thread, and
    `unload_model()`, which lets it go when the voice's owner has nothing more to say."""
    model_file: bool = False
    """It has a settable `model_folder`, where files made from its model are kept."""
    repeatable: bool = False
    """A sentence gives the same samples in any process, whatever it said before, and the
    engine pickles without its loaded model: helper processes may speak its sentences."""


@dataclass(frozen=True)
class SpeechSettings:
    """Per-call settings: one loaded voice speaks any number of speakers with them."""

    speed: float = 1.0
    """Speaking rate: 1.2 is 20% faster."""
    speaker: int | None = None
    """Speaker id of a multi-speaker model (`piper:MODEL.onnx#12`); None: its default."""
    language: str | None = None
    """Language for engines that speak several (gTTS); None: the one it was loaded with."""


class Voice(Protocol):
    """A loaded narration engine: turns one sentence into mono 16-bit PCM."""

    name: str
    """Engine name as the user writes it (`piper`, `gtts`)."""
    sample_rate: int
    """Samples per second of what synthesize() returns."""
    offline: bool
    """True when the engine needs no network."""
    capabilities: Capabilities
    """What else it can do; the methods and attributes each capability names are there."""
    # A multi-speaker engine may also have `speakers: int`, how many speaker ids its model
    # has (0 to speakers - 1), so a speaker id beyond them is an error before anything is spoken.

    def identity(self) -> dict:
        """Everything that determines the audio besides the text and the per-call settings
        (for cache keys)."""
        ...

    def synthesize(self, text: str, settings: SpeechSettings | None = None) -> np.ndarray:
        """The sentence spoken, as an int16 array; None settings: as the voice was loaded."""
        ...
