"""ffmpeg for video: encode a segment's chunks, join them, mux them with the narration."""

from __future__ import annotations

import re
import subprocess
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
    audio_quality: str = "2"
    """ffmpeg's AAC VBR quality (-q:a) of the narration track: 2 is about 130 kb/s on speech."""

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


def ffmpeg_failed(what: str, detail: list[str], code: int) -> RenderError:
    """The error for an ffmpeg run that failed: its last line of output says why."""
    reason = detail[-1] if detail else f"exit {code}"
    return RenderError(
        "ffmpeg",
        f"{what} failed ({reason})",
        "rerun with --debug; if it persists, report it with the script",
    )


def run_ffmpeg(args: list[str], what: str, stdin: bytes | None = None) -> None:
    result = subprocess.run(
        [ffmpeg_exe(), "-nostdin" if stdin is None else "-hide_banner", "-v", "error", "-y", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ffmpeg_failed(what, detail, result.returncode)


def _x264_args(frames: int, fps: int, encoder: Encoder, gop: int | None = None) -> list[str]:
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
        str(max(gop or frames, 1)),
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


# setparams tags the frames themselves: ffmpeg's encoder takes colour primaries and transfer
# from the frames, so the -color_* options alone leave them "unknown" in the stream.
_TO_YUV = (
    "scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p,"
    "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
)


def encode_sequence(
    pictures: list[tuple[Path, int]], fps: int, out: Path, encoder: Encoder, work: Path
) -> None:
    """Encode still pictures shown one after another, each for a number of frames, in one run.

    For pictures that change every few frames (word-by-word captions), one encode beats one per
    picture: ffmpeg reads each PNG once, converts it to YUV once, and repeats it to the frame.
    Durations are written from whole-frame cumulative times, so no picture drifts by a frame.
    """
    listing = work / f"{out.name}.ffconcat"
    lines, elapsed = ["ffconcat version 1.0"], 0
    for path, frames in pictures:
        begin, elapsed = elapsed, elapsed + frames
        duration = round(elapsed / fps, 6) - round(begin / fps, 6)
        quoted = str(path).replace("'", "'\\''")
        lines += [f"file '{quoted}'", f"duration {duration:.6f}"]
    lines.append(lines[-2])  # the concat demuxer ignores the last entry's duration otherwise
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        source = ["-f", "concat", "-safe", "0", "-i", str(listing)]
        convert = f"{_TO_YUV},fps={fps}:round=near"
        args = [*source, "-vf", convert, *_x264_args(elapsed, fps, encoder, gop=fps), str(out)]
        run_ffmpeg(args, "encoding word captions")
    finally:
        listing.unlink(missing_ok=True)


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
        raise ffmpeg_failed("encoding a moving segment", detail, process.returncode)


def concat_list(paths: list[Path]) -> str:
    """An ffmpeg concat-demuxer list; a chunk repeated is simply listed again."""
    quoted = ("file '" + str(p).replace("'", "'\\''") + "'\n" for p in paths)
    return "ffconcat version 1.0\n" + "".join(quoted)


def mux(
    list_file: Path,
    audio: Path,
    metadata: Path,
    out: Path,
    duration: float,
    on_progress: Callable[[float], None] | None = None,
    audio_options: tuple[list[str], list[str]] = ([], []),
) -> None:
    """Join the video chunks and the encoded narration, both by stream copy, with the title and
    chapters from an ffmetadata file, index first. `audio_options` are ffmpeg options for the
    narration: those that read it (before its -i) and those for its stream in the output."""
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
        *audio_options[0],
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
        *audio_options[1],
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
        raise ffmpeg_failed("joining the video", stderr.strip().splitlines(), process.returncode)
