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


def load_voice(spec: str | None, speed: float = 1.0, on_warning=None) -> Voice:
    """The engine a spec names: `piper`, `piper:MODEL.onnx`, `gtts[:LANG[:TLD]][:slow]`, `auto`.

    `speed` scales the speaking rate (1.2 is 20% faster). gTTS has only normal and slow speech,
    so it speaks slowly for speeds of 0.75 and below.
    """
    spec = (spec or DEFAULT_VOICE).strip()
    engine, _, rest = spec.partition(":")
    engine = engine.lower()
    if engine == "auto":
        from .gtts import reachable

        if reachable():
            return load_voice("gtts" + (":" + rest if rest else ""), speed, on_warning)
        if on_warning:
            on_warning("gTTS is not reachable (no network?): narrating offline with piper")
        return load_voice("piper", speed, on_warning)
    if engine == "piper":
        from .piper import PiperEngine, PiperSettings

        settings = PiperSettings(length_scale=round(1.0 / speed, 4) if speed != 1.0 else None)
        return PiperEngine.load(Path(rest) if rest else None, settings)
    if engine == "gtts":
        from .gtts import GttsEngine

        parts = [p for p in rest.split(":") if p]
        slow = "slow" in parts or speed <= 0.75
        parts = [p for p in parts if p != "slow"]
        lang = parts[0] if parts else "en"
        tld = parts[1] if len(parts) > 1 else "com"
        return GttsEngine(lang=lang, tld=tld, slow=slow)
    raise VoiceSpecError(
        f"unknown voice {spec!r}",
        "use 'piper' (offline, default), 'piper:MODEL.onnx', 'gtts[:LANG[:TLD]]' or 'auto'; 'scriptreel voices' lists them",
    )


def describe_voices() -> list[tuple[str, str, str]]:
    """(spec, offline or online, description) for `scriptreel voices`."""
    from .gtts import language_names
    from .piper import bundled_model

    languages = language_names()
    return [
        (
            "piper",
            "offline",
            f"Piper neural TTS, bundled en_US 'joe' voice (CC0): {bundled_model().name} (default)",
        ),
        ("piper:PATH.onnx", "offline", "any Piper voice file, with its .onnx.json beside it"),
        (
            "gtts[:LANG[:TLD]][:slow]",
            "online",
            f"Google Translate voices via gTTS, {len(languages)} languages: "
            + ", ".join(f"{code} ({name})" for code, name in sorted(languages.items())[:12])
            + ", ...",
        ),
        ("auto", "either", "gTTS when Google is reachable, else piper (with a warning)"),
    ]
