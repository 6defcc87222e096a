"""Narration engines behind one small interface, chosen by a spec such as `piper` or `gtts:fr`."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import VoiceSpecError

DEFAULT_VOICE = "piper"


class Voice(Protocol):
    """A loaded narration engine: turns one sentence into mono 16-bit PCM."""

    name: str
    """Engine name as the user writes it (`piper`, `gtts`)."""
    sample_rate: int
    """Samples per second of what synthesize() returns."""
    offline: bool
    """True when the engine needs no network."""

    def identity(self) -> dict:
        """Everything that determines the audio besides the text (for cache keys)."""
        ...

    def synthesize(self, text: str) -> np.ndarray:
        """The sentence spoken, as an int16 array."""
        ...


def load_voice(spec: str | None) -> Voice:
    """The engine a spec names: `piper`, `piper:MODEL.onnx`, `gtts`, `gtts:LANG`, `gtts:LANG:TLD`."""
    spec = (spec or DEFAULT_VOICE).strip()
    engine, _, rest = spec.partition(":")
    engine = engine.lower()
    if engine == "piper":
        from .piper import PiperEngine

        return PiperEngine.load(Path(rest) if rest else None)
    if engine == "gtts":
        from .gtts import GttsEngine

        lang, _, tld = rest.partition(":")
        return GttsEngine(lang=lang or "en", tld=tld or "com")
    raise VoiceSpecError(f"unknown voice {spec!r}", "use 'piper' (offline, default), 'piper:MODEL.onnx' or 'gtts[:LANG[:TLD]]'")
