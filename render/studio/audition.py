"""Audition: one segment's narration, or one speaker's voice, as a WAV without any video."""

from __future__ import annotations

import io
import threading
import wave
from pathlib import Path

import numpy as np

from scriptreel.media.speech import spoken
from scriptreel.media.voice import SpeechSettings
from scriptreel.render.cast_voices import VoiceBook
from scriptreel.render.narration import Speaking
from scriptreel.render.sound.audio import resample
from scriptreel.script import Segment


class Voices:
    """Loaded voices by spec: loading Piper takes a while and holds its model, so it is done
    once per spec, and the speed is given with each sentence instead. A voice named by its file
    is found beside the script (`folder`) first, as a render finds it."""

    def __init__(self, folder: Path | None = None) -> None:
        self.lock = threading.Lock()
        """Held while a voice is loaded or looked up: auditions run on several threads."""
        self.book = VoiceBook(near=folder)

    def get(self, voice):
        if voice is not None and not isinstance(voice, str):
            return voice  # a Voice object given by the caller (tests, the Python API)
        with self.lock:
            return self.book.speaking(voice or "piper", 1.0).voice


def narration_wav(
    segment: Segment,
    voice,
    lexicon: dict[str, str],
    pause: float,
    speed: float | None = None,
    speakers: dict[str, Speaking] | None = None,
) -> bytes:
    """The segment's sentences as spoken, with the pauses between them, as 16-bit mono WAV.

    `speed` is passed with each sentence (None: the voice speaks as it was loaded); a sentence
    of a speaker in `speakers` is said in their voice and settings instead.
    """
    settings = SpeechSettings(speed=speed) if speed is not None and speed != 1.0 else None
    plain, speakers = Speaking(voice, settings), speakers or {}
    said = [
        (spoken(s.text, lexicon), pause + s.pause_after, speakers.get(s.speaker or "", plain))
        for s in segment.sentences
    ]
    return spoken_wav(said, voice.sample_rate)


def spoken_wav(said: list[tuple[str, float, Speaking]], rate: int) -> bytes:
    """Each (text, seconds of silence after it, who says it) spoken, as WAV at `rate` (voices
    of other rates resampled to it)."""
    parts: list[np.ndarray] = []
    for text, silence, heard in said:
        voice, settings = heard.voice, heard.settings
        audio = voice.synthesize(text) if settings is None else voice.synthesize(text, settings)
        audio = resample(np.asarray(audio, dtype=np.int16), voice.sample_rate, rate)
        parts += [audio, np.zeros(round(silence * rate), np.int16)]
    samples = np.concatenate(parts) if parts else np.zeros(round(0.5 * rate), dtype=np.int16)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()
