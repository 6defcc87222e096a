"""Narration engines behind one small interface, chosen by a spec such as `piper` or `gtts:fr`.

Each engine is registered once, with its loader, how to write it and whether it needs the
network; `load_voice`, `scriptreel voices`, the `--voice` help and the unknown-voice error are
all derived from that registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.voice.base import Capabilities, SpeechSettings, Voice
from scriptreel.media.voice.kokoro import USAGE, describe_kokoro, load_kokoro

DEFAULT_VOICE = "piper"


def split_spec(spec: str | None) -> tuple[str, int | None]:
    """A spec's loaded part and its speaker id: `piper:MODEL.onnx#12` is the model, speaker 12.

    Two speakers of one model share the loaded part, so the model is loaded once."""
    spec = (spec or DEFAULT_VOICE).strip()
    loaded, mark, speaker = spec.rpartition("#")
    if mark and speaker.isdigit() and loaded:
        return loaded, int(speaker)
    return spec, None


Warn = Callable[[str], None]
Loader = Callable[[str, float, Warn | None], Voice]
"""(the spec after `NAME:`, speed, on_warning) -> a loaded Voice."""


@dataclass(frozen=True)
class VoiceEngine:
    """One registered narration engine."""

    name: str
    """What the user writes before the first colon (`piper`, `gtts`)."""
    load: Loader
    """Makes the voice from the rest of the spec, the speed and a warning callback."""
    usage: str
    """How the spec is written, e.g. `gtts[:LANG[:TLD]][:slow]`."""
    description: str | Callable[[], str]
    """One line for `scriptreel voices` (a callable when it needs an import to say)."""
    offline: bool | None
    """True: works without network; False: needs it; None: either, depending on the network."""
    variants: tuple[tuple[str, str], ...] = ()
    """More ways to write it, each with its own description (e.g. `piper:MODEL.onnx`)."""
    searches: bool = False
    """Its loader takes `near=`: the script's folder, where it looks first for its files."""

    @property
    def where(self) -> str:
        return {True: "offline", False: "online", None: "either"}[self.offline]

    def rows(self) -> list[tuple[str, str, str]]:
        text = self.description() if callable(self.description) else self.description
        return [(self.usage, self.where, text)] + [
            (usage, self.where, extra) for usage, extra in self.variants
        ]


ENGINES: dict[str, VoiceEngine] = {}
"""Registered engines by name, in the order they are listed to the user."""


def register_voice(
    name: str,
    load: Loader,
    usage: str,
    description: str | Callable[[], str],
    offline: bool | None,
    variants: tuple[tuple[str, str], ...] = (),
    searches: bool = False,
) -> VoiceEngine:
    """Add an engine that `load_voice(name)` or `load_voice("name:...")` will load."""
    key = name.lower()
    if not key or ":" in key or key in ENGINES:
        raise ValueError(f"voice engine name {name!r} is empty, has a colon or is taken")
    engine = VoiceEngine(key, load, usage, description, offline, variants, searches)
    ENGINES[key] = engine
    return engine


def unregister_voice(name: str) -> None:
    ENGINES.pop(name.lower(), None)


def _forms() -> list[tuple[str, str]]:
    """(usage, note) for every way of writing a voice, the default marked."""
    forms = []
    for engine in ENGINES.values():
        note = f"{engine.where}, default" if engine.name == DEFAULT_VOICE else ""
        forms.append((engine.usage, note))
        forms += [(usage, "") for usage, _ in engine.variants]
    return forms


def voice_help() -> str:
    """The `--voice` help: every way of writing a voice, e.g. `piper (offline, default), ...`."""
    return ", ".join(f"{usage} ({note})" if note else usage for usage, note in _forms())


def load_voice(
    spec: str | None, speed: float = 1.0, on_warning: Warn | None = None, near: Path | None = None
) -> Voice:
    """The engine a spec names: `piper`, `piper:MODEL.onnx`, `gtts[:LANG[:TLD]][:slow]`, `auto`,
    or any registered engine (a `#ID` speaker id is per call: see split_spec).

    `speed` scales the speaking rate (1.2 is 20% faster). gTTS has only normal and slow speech,
    so it speaks slowly for speeds of 0.75 and below. `near`: the script's folder, searched
    first by engines that find their files by name (`kokoro:af_heart`).
    """
    spec = split_spec(spec)[0]
    name, _, rest = spec.partition(":")
    engine = ENGINES.get(name.lower())
    if engine is None:
        forms = [f"'{usage}'" + (f" ({note})" if note else "") for usage, note in _forms()]
        listed = ", ".join(forms[:-1]) + " or " + forms[-1] if len(forms) > 1 else forms[0]
        raise VoiceSpecError(
            f"unknown voice {spec!r}", f"use {listed}; 'scriptreel voices' lists them"
        )
    if engine.searches:
        return engine.load(rest, speed, on_warning, near=near)
    return engine.load(rest, speed, on_warning)


def describe_voices() -> list[tuple[str, str, str]]:
    """(spec, offline or online or either, description) for `scriptreel voices`."""
    return [row for engine in ENGINES.values() for row in engine.rows()]


def _load_piper(rest: str, speed: float, on_warning: Warn | None) -> Voice:
    from scriptreel.media.voice.piper import PiperEngine, PiperSettings, at_speed

    return PiperEngine.load(Path(rest) if rest else None, at_speed(PiperSettings(), speed))


def _describe_piper() -> str:
    from scriptreel.media.voice.piper import bundled_model

    return f"Piper neural TTS, bundled en_US 'joe' voice (CC0): {bundled_model().name} (default)"


def _load_gtts(rest: str, speed: float, on_warning: Warn | None) -> Voice:
    from scriptreel.media.voice.gtts import SLOW_SPEED, GttsEngine, parse_spec

    lang, tld, slow = parse_spec(rest)
    return GttsEngine(lang=lang, tld=tld, slow=slow or speed <= SLOW_SPEED)


def _describe_gtts() -> str:
    from scriptreel.media.voice.gtts import language_names

    languages = language_names()
    return (
        f"Google Translate voices via gTTS, {len(languages)} languages: "
        + ", ".join(f"{code} ({name})" for code, name in sorted(languages.items())[:12])
        + ", ..."
    )


def _load_auto(rest: str, speed: float, on_warning: Warn | None) -> Voice:
    from scriptreel.media.voice.gtts import reachable

    if reachable():
        return load_voice("gtts" + (":" + rest if rest else ""), speed, on_warning)
    if on_warning:
        on_warning("gTTS is not reachable (no network?): narrating offline with piper")
    return load_voice("piper", speed, on_warning)


register_voice(
    "piper",
    _load_piper,
    "piper",
    _describe_piper,
    offline=True,
    variants=(
        ("piper:MODEL.onnx", "any Piper voice file, with its .onnx.json beside it"),
        ("piper:NAME", "a voice downloaded with python -m piper.download_voices NAME"),
    ),
)
register_voice("gtts", _load_gtts, "gtts[:LANG[:TLD]][:slow]", _describe_gtts, offline=False)
register_voice("kokoro", load_kokoro, USAGE, describe_kokoro, offline=True, searches=True)
register_voice(
    "auto", _load_auto, "auto", "gTTS when Google is reachable, else piper (with a warning)", None
)

__all__ = [
    "DEFAULT_VOICE",
    "ENGINES",
    "Capabilities",
    "SpeechSettings",
    "Voice",
    "VoiceEngine",
    "describe_voices",
    "load_voice",
    "register_voice",
    "split_spec",
    "unregister_voice",
    "voice_help",
]
