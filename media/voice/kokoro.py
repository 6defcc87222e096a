"""Kokoro-82M narration through kokoro-onnx (the optional extra `scriptreel[kokoro]`).

A spec is `kokoro:VOICE[:LANG][@PLACE]`: VOICE names a voice of the voices file (`af_heart`),
LANG an espeak language code (default: the one the voice's first letter stands for) and PLACE
the model file or the folder holding the two files (default: kokoro_find.find_files' search).
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np

from scriptreel.media.alignment import Phone, WordSpan, phone_words, word_spans
from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.files import file_sha256
from scriptreel.media.voice.base import Capabilities, SpeechSettings
from scriptreel.media.voice.kokoro_find import find_files

SAMPLE_RATE = 24000
"""Kokoro speaks at 24 kHz."""
USAGE = "kokoro:VOICE[:LANG][@PLACE]"
"""How a Kokoro voice is written."""
INSTALL_FIX = 'install the Kokoro engine with: pip install "scriptreel[kokoro]"'
LANGUAGES = {
    "a": "en-us",
    "b": "en-gb",
    "e": "es",
    "f": "fr-fr",
    "h": "hi",
    "i": "it",
    "j": "ja",
    "p": "pt-br",
    "z": "cmn",
}
"""The language each voice's first letter stands for (`af_heart`: American English)."""
SPEEDS = (0.5, 2.0)
"""The slowest and fastest rate the model takes; a call's speed is held within them."""


@dataclass(frozen=True)
class KokoroSpec:
    """What follows `kokoro:` in a voice spec."""

    voice: str
    """A voice in the voices file, e.g. `af_heart`."""
    language: str | None = None
    """An espeak language code; None: the one the voice's first letter names."""
    place: Path | None = None
    """The model file or the folder of both files; None: searched for."""


def parse_spec(rest: str) -> KokoroSpec:
    """`af_heart`, `af_heart:en-gb`, `af_heart@~/models/kokoro` as a KokoroSpec."""
    named, mark, place = rest.partition("@")
    voice, _, language = named.partition(":")
    if not voice.strip() or (mark and not place.strip()):
        raise VoiceSpecError(
            f"voice 'kokoro:{rest}' names no voice" if not voice.strip() else "empty @PLACE",
            f"write it like {USAGE}, e.g. kokoro:af_heart",
        )
    return KokoroSpec(
        voice.strip(), language.strip() or None, Path(place.strip()) if mark else None
    )


def language_of(voice: str) -> str:
    """The language a voice's first letter stands for; American English when unknown."""
    return LANGUAGES.get(voice[:1].lower(), "en-us")


def require_package() -> None:
    """A one-line error with the install command when kokoro-onnx is not installed."""
    try:
        metadata.version("kokoro-onnx")
    except metadata.PackageNotFoundError:
        raise VoiceSpecError(
            "the Kokoro engine (kokoro-onnx) is not installed", INSTALL_FIX
        ) from None


@dataclass
class KokoroEngine:
    """One voice of a Kokoro model; the model is opened on first use, once per process for all
    the voices of its files (see kokoro_model.open_kokoro)."""

    model: Path
    """The .onnx model file."""
    voices: Path
    """The voices file (voices-v1.0.bin) holding `voice`."""
    voice: str
    """The voice's name in the voices file."""
    language: str
    """espeak language code the text is read in, unless a call gives another."""
    speed: float = 1.0
    """Speaking rate of a call that gives none."""
    name: str = "kokoro"
    offline: bool = True
    sample_rate: int = SAMPLE_RATE
    capabilities: Capabilities = Capabilities(word_times=True, model_load=True, model_file=True)
    """Word times from the model's own durations (estimated where it gives none), a model
    worth loading ahead, a patched model file kept in a folder."""
    model_folder: Path | None = None
    """Where the model patched for durations is kept (None: the cache's voice folder)."""

    def __post_init__(self) -> None:
        self._hashes: dict[str, str] = {}

    @classmethod
    def load(cls, spec: KokoroSpec, speed: float = 1.0, near: Path | None = None):
        require_package()
        model, voices = find_files(spec.place, near)
        names = _voice_names(voices)
        if spec.voice not in names:
            shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
            raise VoiceSpecError(
                f"no Kokoro voice {spec.voice!r} in {voices}", f"use one of {shown}"
            )
        return cls(model, voices, spec.voice, spec.language or language_of(spec.voice), speed)

    def identity(self) -> dict:
        return {
            "engine": self.name,
            "engine_version": metadata.version("kokoro-onnx"),
            "model_sha256": self._model_sha256(),
            "voice": self.voice,
            "voice_sha256": self._voice_sha256(),
            "language": self.language,
            "speed": self.speed,
        }

    def synthesize(self, text: str, settings: SpeechSettings | None = None) -> np.ndarray:
        """The sentence spoken, as int16; `settings` for this call only (speed, language)."""
        return self._timed(text, settings)[0]

    def synthesize_words(
        self, text: str, settings: SpeechSettings | None = None
    ) -> tuple[np.ndarray, list[WordSpan]]:
        """The sentence spoken, and the sample span of each white-space separated word from the
        model's phoneme durations (none when the model gives none: they are then estimated)."""
        audio, timings, language = self._timed(text, settings)
        stream = [
            Phone(t.phoneme, round(t.start * self.sample_rate), round(t.end * self.sample_rate))
            for t in timings
        ]
        if not phone_words(stream):  # no durations, or nothing but punctuation was said
            return audio, []
        kokoro = self._loaded()
        said = [kokoro.tokenizer.phonemize(_bare(word), language) for word in text.split()]
        return audio, word_spans(said, stream)

    def load_model(self, alignments: bool = False) -> None:
        """Open the model now (it is otherwise opened on first use)."""
        self._loaded()

    def _timed(self, text: str, settings: SpeechSettings | None):
        speed = self.speed if settings is None else settings.speed
        language = (settings.language if settings else None) or self.language
        kokoro = self._loaded()
        try:
            if not kokoro.tokenizer.phonemize(text, language):
                return np.zeros(self.sample_rate // 10, np.int16), [], language  # nothing said
            audio, rate, timings = kokoro.create_timed(
                text, self.voice, speed=min(max(speed, SPEEDS[0]), SPEEDS[1]), lang=language
            )
        except RuntimeError as exc:
            if "not supported" not in str(exc):
                raise
            raise VoiceSpecError(
                f"espeak-ng has no language {language!r} for Kokoro",
                "give an espeak-ng code after the voice, e.g. kokoro:bf_emma:en-gb",
            ) from None
        pcm = (np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0) * 32767).astype(np.int16)
        return pcm, timings, language

    def unload_model(self) -> None:
        """Nothing to let go here: the opened model is shared by every voice of its files
        (kokoro_model.open_kokoro) and kept for the next render in this process."""

    def _loaded(self):
        from scriptreel.media.voice.kokoro_model import open_kokoro

        return open_kokoro(self.model, self.voices, self._model_sha256(), self.model_folder)

    def _model_sha256(self) -> str:
        if "model" not in self._hashes:
            stat = self.model.stat()
            self._hashes["model"] = _file_hash(self.model, stat.st_size, stat.st_mtime_ns)
        return self._hashes["model"]

    def _voice_sha256(self) -> str:
        """The hash of this voice's style vectors alone: adding voices to the file keeps it."""
        if "voice" not in self._hashes:
            with np.load(self.voices) as styles:
                data = np.ascontiguousarray(styles[self.voice], dtype=np.float32)
            self._hashes["voice"] = hashlib.sha256(data.tobytes()).hexdigest()
        return self._hashes["voice"]


@lru_cache(maxsize=8)
def _file_hash(path: Path, size: int, mtime_ns: int) -> str:
    """The file's SHA-256, read once for all the voices of one model (size and time key it)."""
    return file_sha256(path)


def _voice_names(voices: Path) -> list[str]:
    try:
        with np.load(voices) as styles:
            return sorted(styles.files)
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        raise VoiceSpecError(
            f"Kokoro voices file {voices} is not readable ({exc})",
            "use voices-v1.0.bin from the kokoro-onnx project's releases",
        ) from None


def _bare(word: str) -> str:
    """A word without the punctuation around it, which espeak would read aloud on its own."""
    return word.strip(_PUNCTUATION) or word


_PUNCTUATION = string.punctuation + "“”‘’«»—–…¿¡、。！？"


def load_kokoro(rest: str, speed: float, on_warning=None, near: Path | None = None):
    """The registry's loader: the voice `rest` names, its files found from `near`."""
    return KokoroEngine.load(parse_spec(rest), speed, near)


def describe_kokoro() -> str:
    return (
        "Kokoro-82M (Apache-2.0, extra scriptreel[kokoro]), about 50 voices in 8 languages, "
        "e.g. kokoro:af_heart; the model and voices-v1.0.bin beside the script, in the voices "
        "folder or at @PLACE (a folder or the model file); :LANG reads another language"
    )
