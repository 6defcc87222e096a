"""Encode segment chunks and join them with the narration into the final MP4, through ffmpeg."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import RenderError


@dataclass(frozen=True)
class Encoder:
    """Video encoder settings; every chunk of a video uses the same ones, so chunks join by copy."""

    preset: str = "veryfast"
    """x264 speed preset (cards are still pictures: a fast preset loses nothing)."""
    crf: int = 20
    """x264 constant quality; lower is better and larger."""
    audio_bitrate: str = "128k"
    """AAC bitrate of the final narration track (mono speech)."""

    def key(self) -> dict:
        return {**asdict(self), "ffmpeg": ffmpeg_version()}


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    from imageio_ffmpeg import get_ffmpeg_exe

    return get_ffmpeg_exe()


@lru_cache(maxsize=1)
def ffmpeg_version() -> str:
    from imageio_ffmpeg import get_ffmpeg_version

    return get_ffmpeg_version()


def run_ffmpeg(args: list[str], what: str, stdin: bytes | None = None) -> None:
    result = subprocess.run(
        [ffmpeg_exe(), "-nostdin" if stdin is None else "-hide_banner", "-v", "error", "-y", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(
            "ffmpeg",
            f"{what} failed ({detail[-1] if detail else f'exit {result.returncode}'})",
            "rerun with --debug; if it persists, report it with the script",
        )


def _x264_args(frames: int, fps: int, encoder: Encoder) -> list[str]:
    return [
        "-c:v",
        "libx264",
        "-preset",
        encoder.preset,
        "-tune",
        "stillimage",
        "-crf",
        str(encoder.crf),
        "-profile:v",
        "high",
        "-pix_fmt",
        "yuv420p",
        "-bf",
        "0",
        "-g",
        str(max(frames, 1)),
        "-threads",
        "1",
        "-colorspace",
        "bt709",
        "-color_primaries",
        "bt709",
        "-color_trc",
        "bt709",
        "-color_range",
        "tv",
        "-video_track_timescale",
        str(fps * 1000),
        "-frames:v",
        str(frames),
        "-an",
        "-f",
        "mp4",
    ]


_TO_YUV = "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p"


def encode_clip(
    clip, frames: int, fps: int, out: Path, encoder: Encoder, still: bool = False
) -> None:
    """Encode `frames` frames of a MoviePy clip as a video-only H.264 MP4 chunk.

    A still clip is sent to ffmpeg as one frame and repeated by its loop filter, so a still
    costs one frame through the pipe instead of `frames` of them; anything that moves is
    composed by MoviePy frame by frame.
    """
    width, height = clip.size
    source = [
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-framerate",
        str(fps),
        "-i",
        "pipe:0",
    ]
    if still:
        frame = np.ascontiguousarray(clip.get_frame(0)[:, :, :3], dtype=np.uint8)
        loop = f"loop=loop={frames - 1}:size=1:start=0," if frames > 1 else ""
        run_ffmpeg(
            [*source, "-vf", loop + _TO_YUV, *_x264_args(frames, fps, encoder), str(out)],
            "encoding a card",
            stdin=frame.tobytes(),
        )
        return
    process = subprocess.Popen(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-v",
            "error",
            "-y",
            *source,
            "-vf",
            _TO_YUV,
            *_x264_args(frames, fps, encoder),
            str(out),
        ],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    try:
        for index in range(frames):
            process.stdin.write(
                np.ascontiguousarray(
                    clip.get_frame(index / fps)[:, :, :3], dtype=np.uint8
                ).tobytes()
            )
        process.stdin.close()
    except BaseException:
        process.kill()
        process.wait()
        raise
    if process.wait() != 0:
        detail = (
            (process.stderr.read() if process.stderr else b"")
            .decode("utf-8", "replace")
            .strip()
            .splitlines()
        )
        raise RenderError(
            "ffmpeg",
            f"encoding a moving segment failed ({detail[-1] if detail else 'exit %d' % process.returncode})",
            "rerun with --debug; if it persists, report it with the script",
        )


def save_npy(temp: Path, samples: np.ndarray) -> None:
    with open(temp, "wb") as handle:
        np.save(handle, np.asarray(samples), allow_pickle=False)


def load_npy(path: Path) -> np.ndarray:
    """A cached array; a file that passed its checksum but is not an array still fails loudly."""
    return np.load(path, allow_pickle=False)


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    """Band-limited resampling by zero-padding the spectrum (sentences start and end in silence,
    so the FFT's wrap-around does no harm)."""
    if source == target or len(samples) == 0:
        return samples.astype(np.int16, copy=False)
    count = round(len(samples) * target / source)
    spectrum = np.fft.rfft(samples.astype(np.float64))
    bins = count // 2 + 1
    padded = np.zeros(bins, dtype=complex)
    keep = min(bins, len(spectrum))
    padded[:keep] = spectrum[:keep]
    out = np.fft.irfft(padded, count) * (count / len(samples))
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def concat_list(paths: list[Path]) -> str:
    """An ffmpeg concat-demuxer list; a chunk repeated is simply listed again."""
    quoted = ("file '" + str(p).replace("'", "'\\''") + "'\n" for p in paths)
    return "ffconcat version 1.0\n" + "".join(quoted)


class AacStream:
    """One AAC-LC encode of the whole narration, fed segment by segment as they are narrated.

    The timeline is encoded once, in order, so there are no joins: separately encoded AAC pieces
    would each carry their own priming and click or drift where they meet. ffmpeg's fast AAC
    coder, mono: narration is one voice, and the default coder takes three times as long for no
    audible gain on speech.
    """

    def __init__(self, path: Path, rate: int, encoder: Encoder):
        self.path = path
        self._log = open(path.with_suffix(".log"), "w+b")
        self._process = subprocess.Popen(
            [
                ffmpeg_exe(),
                "-hide_banner",
                "-v",
                "error",
                "-y",
                "-f",
                "s16le",
                "-ar",
                str(rate),
                "-ac",
                "1",
                "-i",
                "pipe:0",
                "-c:a",
                "aac",
                "-profile:a",
                "aac_low",
                "-aac_coder",
                "fast",
                "-b:a",
                encoder.audio_bitrate,
                "-f",
                "mp4",
                str(path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._feeder = threading.Thread(target=self._feed, daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (block := self._queue.get()) is not None:
                stdin.write(block)
        except (BrokenPipeError, OSError):
            pass
        finally:
            try:
                stdin.close()
            except OSError:
                pass

    def write(self, samples: np.ndarray) -> None:
        self._queue.put(np.ascontiguousarray(samples, dtype="<i2").tobytes())

    def finish(self) -> None:
        self._queue.put(None)
        self._feeder.join()
        code = self._process.wait()
        self._log.seek(0)
        detail = self._log.read().decode("utf-8", "replace").strip().splitlines()
        self._log.close()
        if code != 0:
            raise RenderError(
                "ffmpeg",
                f"encoding the narration failed ({detail[-1] if detail else f'exit {code}'})",
                "rerun with --debug; if it persists, report it with the script",
            )

    def abort(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._queue.put(None)
        self._process.wait()
        self._feeder.join(timeout=5)
        self._log.close()


def mux(
    list_file: Path,
    audio: Path,
    metadata: Path,
    out: Path,
    duration: float,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Join the video chunks and the encoded narration, both by stream copy, with the title and
    chapters from an ffmetadata file, index first."""
    args = [
        ffmpeg_exe(),
        "-nostdin",
        "-hide_banner",
        "-v",
        "error",
        "-y",
        "-f",
        "concat",
        "-safe",
        "0",
        "-i",
        str(list_file),
        "-i",
        str(audio),
        "-f",
        "ffmetadata",
        "-i",
        str(metadata),
        "-map",
        "0:v:0",
        "-map",
        "1:a:0",
        "-map_metadata",
        "2",
        "-map_chapters",
        "2",
        "-c",
        "copy",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        "-progress",
        "pipe:1",
        "-nostats",
        str(out),
    ]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        for line in process.stdout:
            match = re.match(r"out_time_us=(\d+)", line)
            if match and on_progress and duration > 0:
                on_progress(min(1.0, int(match[1]) / 1e6 / duration))
        stderr = process.stderr.read() if process.stderr else ""
    except BaseException:
        process.kill()  # interrupted: do not leave ffmpeg writing a file nobody will use
        process.wait()
        raise
    if process.wait() != 0:
        lines = stderr.strip().splitlines()
        raise RenderError(
            "ffmpeg",
            f"joining the video failed ({lines[-1] if lines else 'exit %d' % process.returncode})",
            "rerun with --debug; if it persists, report it with the script",
        )
