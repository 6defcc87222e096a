"""Audition: one segment's narration as a WAV, spoken by the chosen voice, without any video."""

from __future__ import annotations

import functools
import io
import threading
import wave

import numpy as np

from scriptreel.media.speech import spoken
from scriptreel.media.voice import SpeechSettings, load_voice
from scriptreel.script import Segment


class Voices:
    """Loaded voices by spec: loading Piper takes a while and holds its model, so it is done
    once per spec, and the speed is given with each sentence instead."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[str, object] = {}

    def get(self, voice):
        if voice is not None and not isinstance(voice, str):
            return voice  # a Voice object given by the caller (tests, the Python API)
        key = voice or "piper"
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = load_voice(voice)
            return self._loaded[key]


def narration_wav(
    segment: Segment, voice, lexicon: dict[str, str], pause: float, speed: float | None = None
) -> bytes:
    """The segment's sentences as spoken, with the pauses between them, as 16-bit mono WAV.

    `speed` is passed with each sentence (None: the voice speaks as it was loaded).
    """
    rate = voice.sample_rate
    speak = voice.synthesize
    if speed is not None and speed != 1.0:
        speak = functools.partial(voice.synthesize, settings=SpeechSettings(speed=speed))
    parts: list[np.ndarray] = []
    for sentence in segment.sentences:
        audio = np.asarray(speak(spoken(sentence.text, lexicon)), dtype=np.int16)
        silence = np.zeros(round((pause + sentence.pause_after) * rate), dtype=np.int16)
        parts += [audio, silence]
    samples = np.concatenate(parts) if parts else np.zeros(round(0.5 * rate), dtype=np.int16)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples.tobytes())
    return buffer.getvalue()
