"""Background music under the narration: looped, faded in and out, ducked while the voice speaks.

Memory stays bounded however long the music is: ffmpeg's 16-bit output is streamed to disk in
blocks while its loudness is measured, then scaled block by block into the cache entry, which the
mixer reads through a memory map a block at a time. Only the first MAX_MUSIC_SECONDS are decoded:
longer music is cut there (a video longer than that loops it), rather than refused.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from scriptreel.media.captions import moving_average
from scriptreel.media.errors import MediaInputError
from scriptreel.media.files import quick_digest
from scriptreel.media.loudness import PEAK_CEILING, LoudnessMeter, normalize, true_peak_db
from scriptreel.render.encode.assemble import ffmpeg_exe
from scriptreel.render.store.cache import Cache, Kind, cache_key
from scriptreel.script.limits import music_problem

MUSIC_LUFS = -28.0
"""Loudness of the music bed where nobody speaks (the narration sits at -16)."""
DUCK_DB = -12.0
"""How much the music drops while the voice speaks."""
RAMP = 0.3
"""Seconds the ducking takes to move."""
FADE_IN, FADE_OUT = 1.5, 3.0
"""Seconds of fade at the start and the end of the video."""
MAX_MUSIC_SECONDS = 30 * 60
"""Music past this is not decoded; it bounds the disk and the time a music file can cost."""
BLOCK = 1 << 16
"""Samples decoded, scaled or mixed at a time (1.4 s at 48 kHz): what bounds the memory."""
AUDIO_FORMATS = ("aac", "aiff", "flac", "matroska", "mov", "mp3", "ogg", "wav")
"""ffmpeg demuxers music may be read with (mov covers .m4a and .mp4, matroska .webm, ogg .opus).
Playlists (hls), lists of files (concat), image sequences and filter graphs are refused: they
would read other files by their path into the video."""
MUSIC_CODE = 2
"""Bump when how music is decoded or scaled changes: every cached bed is then redone."""


def music_file(path: Path) -> os.stat_result:
    """The music file's status, once it is known to be a regular file of a usable size (checked
    again here: the file may have changed since the script was read)."""
    problem = music_problem(path)
    if problem:
        raise _refused(path, problem)
    return path.stat()


def _refused(path: Path, problem: str) -> MediaInputError:
    return MediaInputError(
        f"the music file {problem}",
        "use an audio file (MP3, WAV, Ogg, FLAC, M4A, WebM, AAC or AIFF) in the script's folder",
        str(path),
    )


def load_music(path: Path, cache: Cache, rate: int) -> tuple[str, np.ndarray]:
    """The music decoded to mono int16 at `rate` and MUSIC_LUFS, memory-mapped from the cache.

    A file ffmpeg cannot read as audio, or may not read safely, is a MediaInputError (exit 2).
    The key is the file's size, time and ends (quick_digest), never a read of all of it.
    """
    info = music_file(path)
    try:
        identity = quick_digest(path, info)
    except OSError as exc:
        raise _refused(path, f"cannot be read ({exc.strerror})") from None
    key = cache_key(
        "music",
        file=identity,
        rate=rate,
        lufs=MUSIC_LUFS,
        seconds=MAX_MUSIC_SECONDS,
        formats=AUDIO_FORMATS,
        code=MUSIC_CODE,
    )

    def decode(temp: Path) -> None:
        raw = temp.with_name(temp.name + ".pcm")
        try:
            count, gain_db = _decode_measuring(path, rate, raw)
            _write_scaled(raw, temp, count, 10 ** (gain_db / 20))
        finally:
            raw.unlink(missing_ok=True)

    entry, _ = cache.get_or_make(Kind.MUSIC, key, ".npy", decode)
    return key, np.load(entry, mmap_mode="r", allow_pickle=False)


def _decode_command(path: Path, rate: int) -> list[str]:
    return [
        ffmpeg_exe(),
        "-nostdin",
        "-v",
        "error",
        # Input options: read the file itself only, with a real audio demuxer, up to the cap.
        "-protocol_whitelist",
        "file",
        "-format_whitelist",
        ",".join(AUDIO_FORMATS),
        "-t",
        str(MAX_MUSIC_SECONDS),
        "-i",
        "file:" + str(path),
        "-map",
        "0:a:0",
        "-f",
        "s16le",
        "-ac",
        "1",
        "-ar",
        str(rate),
        "-",
    ]


def _decode_measuring(path: Path, rate: int, raw: Path) -> tuple[int, float]:
    """Decode into `raw` (headerless int16) block by block; the sample count and the gain in dB
    that brings it to MUSIC_LUFS with its true peak under the ceiling."""
    meter = LoudnessMeter(rate)
    peak_db = float("-inf")
    count = 0
    carry = b""
    with tempfile.TemporaryFile() as errors, open(raw, "wb") as out:
        process = subprocess.Popen(
            _decode_command(path, rate), stdout=subprocess.PIPE, stderr=errors
        )
        try:
            while data := process.stdout.read(2 * BLOCK):
                out.write(data)
                data, carry = carry + data, b""
                if len(data) % 2:
                    data, carry = data[:-1], data[-1:]
                block = np.frombuffer(data, dtype="<i2")
                meter.add(block)
                peak_db = max(peak_db, true_peak_db(block))
                count += len(block)
            returncode = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
        errors.seek(0)
        detail = errors.read().decode("utf-8", "replace").strip().splitlines()
    if returncode != 0 or count < rate // 10:
        raise _unreadable(path, detail[-1] if detail else "no audio in it")
    loudness = meter.integrated()
    gain_db = MUSIC_LUFS - loudness if np.isfinite(loudness) else 0.0
    # Only scaled, never limited: a bed whose peaks would pass the ceiling stays a little quieter.
    return count, min(gain_db, PEAK_CEILING - peak_db)


def _unreadable(path: Path, detail: str) -> MediaInputError:
    detail = detail.split("] ", 1)[-1][:120]
    return MediaInputError(
        f"the music file could not be read as audio ({detail})",
        "use an audio file (MP3, WAV, Ogg, FLAC, M4A, WebM, AAC or AIFF); "
        "playlists and lists of files are not read",
        str(path),
    )


def _write_scaled(raw: Path, temp: Path, count: int, gain: float) -> None:
    """Copy the raw samples into an .npy file at `gain`, a block at a time."""
    with open(raw, "rb") as source, open(temp, "wb") as out:
        header = {"descr": "<i2", "fortran_order": False, "shape": (count,)}
        np.lib.format.write_array_header_1_0(out, header)
        while data := source.read(2 * BLOCK):
            block = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
            scaled = np.round(block.astype(np.float64) * gain)
            out.write(np.clip(scaled, -32768, 32767).astype("<i2").tobytes())


class Mixer:
    """Mixes music under the narration block by block, as the timeline is written in order.

    `music` is int16 (as load_music returns it, possibly memory-mapped) or float in -1..1. Each
    push is worked through in blocks of BLOCK samples, and the last FADE_OUT seconds are held
    back until finish(), since only then is the end known: its buffers never grow past that.
    """

    def __init__(self, music: np.ndarray | None, rate: int):
        self.music = music
        self.rate = rate
        self.position = 0
        self._hold = int(FADE_OUT * rate)
        self._voice = np.zeros(0, dtype=np.float32)
        self._bed = np.zeros(0, dtype=np.float32)

    def push(self, pcm: np.ndarray, speech: np.ndarray) -> np.ndarray:
        if self.music is None:
            return pcm
        mixed = [self._push_block(pcm, speech, start) for start in range(0, len(pcm), BLOCK)]
        return np.concatenate(mixed) if mixed else np.zeros(0, dtype=np.int16)

    def finish(self) -> np.ndarray:
        if self.music is None or len(self._voice) == 0:
            return np.zeros(0, dtype=np.int16)
        fade = np.linspace(1.0, 0.0, len(self._bed), dtype=np.float32)
        return self._mix(self._voice, self._bed * fade)

    def _push_block(self, pcm: np.ndarray, speech: np.ndarray, start: int) -> np.ndarray:
        count = min(BLOCK, len(pcm) - start)
        bed = self._music_at(self.position, count) * self._duck_block(speech, start, count)
        times = self.position / self.rate + np.arange(count) / self.rate
        bed *= np.clip(times / FADE_IN, 0.0, 1.0)
        self.position += count
        voice = pcm[start : start + count].astype(np.float32) / 32768.0
        self._voice = np.concatenate([self._voice, voice])
        self._bed = np.concatenate([self._bed, bed.astype(np.float32)])
        ready = max(0, len(self._voice) - self._hold)
        out = self._mix(self._voice[:ready], self._bed[:ready])
        self._voice, self._bed = self._voice[ready:], self._bed[ready:]
        return out

    def _music_at(self, position: int, count: int) -> np.ndarray:
        """`count` samples of the looped music from `position`, as float32 in -1..1."""
        block = np.asarray(self.music[(position + np.arange(count)) % len(self.music)])
        if block.dtype == np.int16:
            return block.astype(np.float32) / 32768.0
        return block.astype(np.float32, copy=False)

    def _duck_block(self, speech: np.ndarray, start: int, count: int) -> np.ndarray:
        """The push's ducking gain at [start, start + count), from the speech around that span
        only: two moving averages reach at most two ramp widths, and the push's own ends are
        edges (zeros beyond), as when the whole push is taken at once."""
        reach = 2 * max(1, int(RAMP * self.rate)) + 2
        low, high = max(0, start - reach), min(len(speech), start + count + reach)
        return self._duck(speech[low:high])[start - low : start - low + count]

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


CLIP_LUFS = -24.0
"""Loudness of a clip's own sound (`audio=mix`) where nobody speaks: under the narration."""


def mix_clip_sound(
    pcm: np.ndarray, speech: np.ndarray, sound: np.ndarray, at: int, rate: int
) -> np.ndarray:
    """The segment's narration with a clip's sound laid in from sample `at`: loudness-normalised
    to CLIP_LUFS and ducked while the voice speaks, as the music bed is."""
    count = max(0, min(len(sound), len(pcm) - at))
    if count == 0 or not np.any(sound[:count]):
        return pcm
    bed = normalize(sound[:count], rate, target=CLIP_LUFS).astype(np.float64)
    gain = Mixer(None, rate)._duck(speech[at : at + count])
    mixed = pcm.astype(np.float64)
    mixed[at : at + count] += bed * gain
    return np.clip(np.round(mixed), -32768, 32767).astype(np.int16)
