"""Probe rendered files with the bundled ffmpeg: stream facts and per-packet timings."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from imageio_ffmpeg import get_ffmpeg_exe


@dataclass
class Streams:
    video: str
    audio: str
    chapters: int


def streams(path: Path) -> Streams:
    info = subprocess.run(
        [get_ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True, text=True
    ).stderr
    video = next(line for line in info.splitlines() if "Video:" in line)
    audio = next(line for line in info.splitlines() if "Audio:" in line)
    return Streams(video, audio, info.count("Chapter #"))


def packets(path: Path, stream: str) -> list[tuple[int, int]]:
    """(pts, duration) of each packet of stream `v` or `a`, in the stream's time base."""
    out = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            str(path),
            "-map",
            f"0:{stream}:0",
            "-c",
            "copy",
            "-f",
            "framecrc",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split(",") for line in out.splitlines() if line and not line.startswith("#")]
    return [(int(r[2]), int(r[3])) for r in rows]


def end_time(path: Path, stream: str, timebase: int) -> float:
    rows = packets(path, stream)
    pts, duration = max(rows)
    return (pts + duration) / timebase


def decode_audio(path: Path, rate: int = 48000):
    import numpy as np

    raw = subprocess.run(
        [
            get_ffmpeg_exe(),
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
        check=True,
    ).stdout
    return np.frombuffer(raw, dtype=np.int16).astype(np.float32) / 32768


def frame_png(path: Path, seconds: float, out: Path) -> Path:
    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-ss",
            f"{seconds:.3f}",
            "-i",
            str(path),
            "-frames:v",
            "1",
            str(out),
        ],
        check=True,
    )
    return out


def srt_cues(path: Path) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.splitlines()
        start, end = re.match(r"(\S+) --> (\S+)", lines[1]).groups()
        cues.append((seconds(start), seconds(end), " ".join(lines[2:])))
    return cues
