"""Background music under the narration: looped, faded in and out, ducked while the voice speaks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np

from media.captions import moving_average
from media.loudness import normalize

from .assemble import ffmpeg_exe
from .audio import load_npy, save_npy
from .cache import Cache, cache_key, file_digest
from .errors import RenderError

MUSIC_LUFS = -28.0
"""Loudness of the music bed where nobody speaks (the narration sits at -16)."""
DUCK_DB = -12.0
"""How much the music drops while the voice speaks."""
RAMP = 0.3
"""Seconds the ducking takes to move."""
FADE_IN, FADE_OUT = 1.5, 3.0
"""Seconds of fade at the start and the end of the video."""


def load_music(path: Path, cache: Cache, rate: int) -> tuple[str, np.ndarray]:
    """The music file decoded to mono at `rate`, at MUSIC_LUFS; cached by the file's content."""
    key = cache_key("music", file=file_digest(path), rate=rate, lufs=MUSIC_LUFS)

    def decode(temp: Path) -> None:
        result = subprocess.run(
            [
                ffmpeg_exe(),
                "-nostdin",
                "-v",
                "error",
                "-i",
                str(path),
                "-f",
                "s16le",
                "-ac",
                "1",
                "-ar",
                str(rate),
                "-",
            ],
            capture_output=True,
            check=False,
        )
        samples = np.frombuffer(result.stdout, dtype=np.int16)
        if result.returncode != 0 or len(samples) < rate // 10:
            raise RenderError(
                str(path),
                "the music file could not be decoded",
                "use an audio file such as .mp3, .wav, .ogg or .m4a",
            )
        save_npy(temp, normalize(samples, rate, target=MUSIC_LUFS))

    entry, _ = cache.get_or_make("music", key, ".npy", decode)
    return key, load_npy(entry).astype(np.float32) / 32768.0


class Mixer:
    """Mixes music under the narration block by block, as the timeline is written in order.

    The last FADE_OUT seconds are held back until finish(), since only then is the end known.
    """

    def __init__(self, music: np.ndarray | None, rate: int):
        self.music = music
        self.rate = rate
        self.position = 0
        self._voice = np.zeros(0, dtype=np.float32)
        self._bed = np.zeros(0, dtype=np.float32)

    def push(self, pcm: np.ndarray, speech: np.ndarray) -> np.ndarray:
        if self.music is None:
            return pcm
        count = len(pcm)
        index = (self.position + np.arange(count)) % len(self.music)
        bed = self.music[index] * self._duck(speech)
        start = self.position / self.rate
        times = start + np.arange(count) / self.rate
        bed *= np.clip(times / FADE_IN, 0.0, 1.0)
        self.position += count
        self._voice = np.concatenate([self._voice, pcm.astype(np.float32) / 32768.0])
        self._bed = np.concatenate([self._bed, bed.astype(np.float32)])
        ready = max(0, len(self._voice) - int(FADE_OUT * self.rate))
        out = self._mix(self._voice[:ready], self._bed[:ready])
        self._voice, self._bed = self._voice[ready:], self._bed[ready:]
        return out

    def finish(self) -> np.ndarray:
        if self.music is None or len(self._voice) == 0:
            return np.zeros(0, dtype=np.int16)
        fade = np.linspace(1.0, 0.0, len(self._bed), dtype=np.float32)
        return self._mix(self._voice, self._bed * fade)

    def _duck(self, speech: np.ndarray) -> np.ndarray:
        width = max(1, int(RAMP * self.rate))
        # Widen the speech mask by half a ramp each side, then smooth it: the music is already
        # down when the voice starts and comes back after it stops.
        padded = moving_average(speech.astype(np.float64), width) > 0
        smooth = moving_average(padded.astype(np.float64), width)
        return 1.0 - (1.0 - 10 ** (DUCK_DB / 20)) * np.clip(smooth, 0.0, 1.0)

    @staticmethod
    def _mix(voice: np.ndarray, bed: np.ndarray) -> np.ndarray:
        return np.clip(np.round((voice + bed) * 32768.0), -32768, 32767).astype(np.int16)
