"""Encode segment chunks and join them with the narration into the final MP4, through ffmpeg."""

from __future__ import annotations

import re
import subprocess
import wave
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np

from .errors import RenderError


@dataclass(frozen=True)
class Encoder:
    """Video encoder settings; every chunk of a video uses the same ones, so chunks join by copy."""

    preset: str = "veryfast"
    """x264 speed preset (cards are still pictures: a fast preset loses nothing)."""
    crf: int = 20
    """x264 constant quality; lower is better and larger."""
    audio_bitrate: str = "192k"
    """AAC bitrate of the final narration track."""

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
    result = subprocess.run([ffmpeg_exe(), "-nostdin" if stdin is None else "-hide_banner", "-v", "error", "-y", *args],
                            input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("ffmpeg", f"{what} failed ({detail[-1] if detail else f'exit {result.returncode}'})",
                          "rerun with --debug; if it persists, report it with the script")


def _x264_args(frames: int, fps: int, encoder: Encoder) -> list[str]:
    return [
        "-c:v", "libx264", "-preset", encoder.preset, "-tune", "stillimage", "-crf", str(encoder.crf),
        "-profile:v", "high", "-pix_fmt", "yuv420p", "-bf", "0", "-g", str(max(frames, 1)),
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
        "-video_track_timescale", str(fps * 1000), "-frames:v", str(frames), "-an", "-f", "mp4",
    ]


_TO_YUV = "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p"


def encode_clip(clip, frames: int, fps: int, out: Path, encoder: Encoder) -> None:
    """Encode `frames` frames of a MoviePy clip as a video-only H.264 MP4 chunk.

    A still clip (an ImageClip) is sent to ffmpeg as one frame and repeated by its loop filter,
    so a still costs one frame through the pipe instead of `frames` of them.
    """
    from moviepy import ImageClip

    width, height = clip.size
    source = ["-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(fps), "-i", "pipe:0"]
    if isinstance(clip, ImageClip):
        frame = np.ascontiguousarray(clip.get_frame(0)[:, :, :3], dtype=np.uint8)
        loop = f"loop=loop={frames - 1}:size=1:start=0," if frames > 1 else ""
        run_ffmpeg([*source, "-vf", loop + _TO_YUV, *_x264_args(frames, fps, encoder), str(out)],
                   "encoding a card", stdin=frame.tobytes())
        return
    data = b"".join(np.ascontiguousarray(clip.get_frame(i / fps)[:, :, :3], dtype=np.uint8).tobytes() for i in range(frames))
    run_ffmpeg([*source, "-vf", _TO_YUV, *_x264_args(frames, fps, encoder), str(out)], "encoding a segment", stdin=data)


def write_wav(path: Path, samples: np.ndarray, sample_rate: int) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())


def concat_list(paths: list[Path]) -> str:
    """An ffmpeg concat-demuxer list; a chunk repeated is simply listed again."""
    quoted = ("file '" + str(p).replace("'", "'\\''") + "'\n" for p in paths)
    return "ffconcat version 1.0\n" + "".join(quoted)


def mux(list_file: Path, audio: Path, out: Path, duration: float, title: str, encoder: Encoder,
        on_progress: Callable[[float], None] | None = None) -> None:
    """Join the chunks by stream copy and encode the narration to AAC-LC 48 kHz once."""
    args = [
        ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-y",
        "-f", "concat", "-safe", "0", "-i", str(list_file), "-i", str(audio),
        "-map", "0:v:0", "-map", "1:a:0", "-c:v", "copy",
        "-c:a", "aac", "-profile:a", "aac_low", "-b:a", encoder.audio_bitrate, "-ar", "48000", "-ac", "2",
        "-metadata", f"title={title}", "-movflags", "+faststart", "-f", "mp4",
        "-progress", "pipe:1", "-nostats", str(out),
    ]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        match = re.match(r"out_time_us=(\d+)", line)
        if match and on_progress and duration > 0:
            on_progress(min(1.0, int(match[1]) / 1e6 / duration))
    stderr = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        lines = stderr.strip().splitlines()
        raise RenderError("ffmpeg", f"joining the video failed ({lines[-1] if lines else 'exit %d' % process.returncode})",
                          "rerun with --debug; if it persists, report it with the script")
