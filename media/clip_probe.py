"""Video clips probed from their header, and refused before use when they cannot be shown."""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from scriptreel.media.framing import refuse
from scriptreel.media.pictures import MAX_ASPECT, MAX_PIXELS

DEMUXERS = {"mov": "mov", "mp4": "mov", "matroska": "matroska", "webm": "matroska", "gif": "gif"}
"""Container formats a clip may be in (as ffmpeg names them), and the demuxer forced when
reading it. Playlists (HLS, DASH), concat lists and image sequences can name other files or
URLs, so anything else is refused."""
_FIX = "give an .mp4, .mov, .webm, .mkv or .gif video file"


@dataclass(frozen=True)
class ClipInfo:
    """What probing a clip found, without decoding its frames."""

    duration: float
    """Seconds."""
    fps: float
    """Frames per second as the container states it (an average for variable frame rates)."""
    size: tuple[int, int]
    """Width and height as displayed: rotation and non-square pixels applied."""
    rotation: int
    """Degrees the player turns the picture (0, 90, 180 or 270); ffmpeg turns it when decoding."""
    has_audio: bool
    """True when the file has an audio stream."""
    demuxer: str = "mov"
    """The ffmpeg demuxer that reads it."""


def ffmpeg_exe() -> str:
    from imageio_ffmpeg import get_ffmpeg_exe

    return get_ffmpeg_exe()


def input_args(path: Path, demuxer: str | None, start: float = 0.0, length: float | None = None):
    """ffmpeg arguments that open one local file and nothing else."""
    args = ["-protocol_whitelist", "file"]
    if demuxer:
        args += ["-f", demuxer]
    if start > 0:
        args += ["-ss", f"{start:.6f}"]
    if length is not None:
        args += ["-t", f"{length:.6f}"]
    return [*args, "-i", "file:" + str(Path(path).resolve())]


def probe_clip(path: Path, where: str | None = None) -> ClipInfo:
    """The clip's duration, frame rate, displayed size, rotation and audio, read from its header.

    Raises MediaInputError (exit 2, naming `where` or the file) when the file is missing or
    unreadable, is not a video in an accepted container, has no video stream or no length.
    """
    path = Path(path)
    if not path.is_file():
        raise refuse(path, where, "not found", "check the path")
    result = subprocess.run(
        [ffmpeg_exe(), "-nostdin", "-hide_banner", *input_args(path, None)],
        capture_output=True,
        timeout=60,
    )
    return parse_probe(result.stderr.decode("utf-8", "replace"), path, where)


def parse_probe(text: str, path: Path, where: str | None = None) -> ClipInfo:
    """ClipInfo from what `ffmpeg -i FILE` prints (pure, so every branch is testable)."""
    kind = re.search(r"^Input #0, (.+?), from ", text, re.M)
    if not kind:
        raise refuse(path, where, "is not a video file ffmpeg can read", _FIX)
    names = kind[1].split(",")
    demuxer = next((DEMUXERS[name] for name in names if name in DEMUXERS), None)
    if demuxer is None:
        raise refuse(path, where, f"is in a format clips cannot use ({kind[1]})", _FIX)
    video = re.search(r"^\s*Stream #0:\d+\S*: Video: (.*)$", text, re.M)
    if not video or "attached pic" in video[1]:
        raise refuse(path, where, "has no video stream", _FIX)
    size = re.search(r"(?<![\w.])(\d{1,5})x(\d{1,5})(?![\w.])", video[1])
    rate = re.search(r"([\d.]+) fps", video[1]) or re.search(r"([\d.]+)k? tbr", video[1])
    length = re.search(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)", text)
    duration = int(length[1]) * 3600 + int(length[2]) * 60 + float(length[3]) if length else 0.0
    if not size or duration <= 0:
        raise refuse(path, where, "has no frames to show (zero length)", _FIX)
    width, height = int(size[1]), int(size[2])
    aspect = re.search(r"SAR (\d+):(\d+)", video[1])
    if aspect and int(aspect[1]) and int(aspect[2]):
        width = max(1, round(width * int(aspect[1]) / int(aspect[2])))
    turn = re.search(r"(?:rotation of|rotate\s*:)\s*(-?[\d.]+)", text[video.end() :])
    # A display matrix states the turn counter-clockwise, the older rotate tag clockwise.
    sign = -1 if turn and "rotation of" in turn[0] else 1
    rotation = round(sign * float(turn[1])) % 360 if turn else 0
    if rotation in (90, 270):
        width, height = height, width
    _check_size(width, height, path, where)
    return ClipInfo(
        duration,
        float(rate[1]) if rate else 25.0,
        (width, height),
        rotation,
        bool(re.search(r"^\s*Stream #0:\d+\S*: Audio: ", text, re.M)),
        demuxer,
    )


def _check_size(width: int, height: int, path: Path, where: str | None) -> None:
    """Clips are held to the pictures' limits: ffmpeg decodes every frame at its full size."""
    if width * height > MAX_PIXELS:
        raise refuse(
            path,
            where,
            f"is {width}x{height}, more than {MAX_PIXELS // 1_000_000} megapixels",
            "scale it down, e.g. to 3840x2160; a frame never needs more",
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise refuse(
            path,
            where,
            f"is {width}x{height}, more than {MAX_ASPECT} times as long as it is wide",
            "crop it closer to the frame's shape",
        )


def span_frames(length: float, fps: int) -> int:
    """Output frames one pass over `length` seconds of a clip fills (at least one)."""
    return max(1, math.ceil(length * fps - 1e-6))


def source_frame(index: int, per_pass: int | None, loop: bool) -> int:
    """Which frame of a pass output frame `index` shows: wrapped round when looping; else the
    same index, or the pass's last frame once it is over (None: the pass ends where the file
    does, which the reader finds out by itself and holds)."""
    if per_pass is None:
        return index
    return index % per_pass if loop else min(index, per_pass - 1)


def played_span(info: ClipInfo, start: float, end: float | None, path: Path, where) -> float:
    """Seconds of the clip that play, from `start` to `end` or the clip's end."""
    if start < 0 or start >= info.duration:
        raise refuse(
            path,
            where,
            f"is {info.duration:.2f} s long, so it cannot start at {start:g} s",
            f"use a start below {info.duration:.2f}",
        )
    stop = info.duration if end is None else min(end, info.duration)
    if stop <= start:
        raise refuse(
            path, where, f"ends at {end:g} s, before its start at {start:g} s", "swap them"
        )
    return stop - start


__all__ = [
    "ClipInfo",
    "DEMUXERS",
    "ffmpeg_exe",
    "input_args",
    "parse_probe",
    "played_span",
    "probe_clip",
    "source_frame",
    "span_frames",
]
