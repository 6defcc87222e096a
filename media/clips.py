"""Video clips for visual beats, streamed from ffmpeg at the output's size and frame rate one
frame at a time, their sound for mixing, and a slow push-in over a still picture."""

from __future__ import annotations

import math
import subprocess
from functools import lru_cache
from pathlib import Path

import numpy as np

from scriptreel.media.clip_probe import (
    ClipInfo,
    ffmpeg_exe,
    input_args,
    played_span,
    probe_clip,
    source_frame,
    span_frames,
)
from scriptreel.media.framing import fit_name, refuse


def frame_filters(size: tuple[int, int], fps: int, fit, background) -> str:
    """Any frame rate (variable too) to `fps`, scaled to cover or fit `size`."""
    width, height = size
    # round=up: output frame n shows the last source frame at or before n/fps, as on screen.
    steps = [f"fps=fps={fps}:start_time=0:round=up", "scale=iw*sar:ih:flags=lanczos", "setsar=1"]
    if fit_name(fit) == "cover":
        # Cropped to the frame's shape before scaling, so no frame larger than the source or
        # the output is ever made; Lanczos keeps an enlarged clip as sharp as it can be.
        steps += [
            f"crop=w='min(iw,ih*{width}/{height})':h='min(ih,iw*{height}/{width})'",
            f"scale={width}:{height}:flags=lanczos",
        ]
    else:
        colour = "0x{:02x}{:02x}{:02x}".format(*background)
        steps += [
            f"scale={width}:{height}:force_original_aspect_ratio=decrease:flags=lanczos",
            f"pad={width}:{height}:-1:-1:color={colour}",
        ]
    return ",".join(steps)


class _Pass:
    """One pass over the played part of a clip, decoded by ffmpeg to raw frames of the output
    size and rate and read one frame at a time (so memory holds a frame, never the clip)."""

    def __init__(self, command: list[str], size: tuple[int, int]):
        self.command = command
        self.frame_bytes = size[0] * size[1] * 3
        self.shape = (size[1], size[0], 3)
        self.process: subprocess.Popen | None = None
        self.position = 0
        """Index of the next frame the pass will give."""
        self.ended = False
        """The pass has given all its frames; later indexes hold the last one."""
        self.last: np.ndarray | None = None

    def frame(self, index: int) -> np.ndarray:
        """Frame `index` of the pass; the last frame once the pass has ended."""
        if index < self.position - 1 or (self.process is None and not self.ended):
            self._restart()
        while self.position <= index and not self.ended:
            data = self.process.stdout.read(self.frame_bytes)
            if len(data) < self.frame_bytes:
                self.close()
                self.ended = True
                break
            self.last = np.frombuffer(data, np.uint8).reshape(self.shape)
            self.position += 1
        if self.last is None:
            raise RuntimeError("ffmpeg gave no frames for the clip: " + " ".join(self.command))
        return self.last

    def _restart(self) -> None:
        self.close()
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.position, self.ended, self.last = 0, False, None

    def close(self) -> None:
        """Stop the ffmpeg process; a later frame starts it again."""
        if self.process is not None:
            self.process.kill()
            self.process.stdout.close()
            self.process.wait()
        self.process = None

    def __del__(self) -> None:
        # A clip dropped without close() must not leave ffmpeg running.
        try:
            self.close()
        except Exception:
            pass


def _prepared(overlay) -> tuple[np.ndarray, np.ndarray, tuple[slice, slice]] | None:
    """An RGBA overlay as (colour times alpha, 255 minus alpha, where it has pixels), worked out
    once per clip; None when it has no visible pixel."""
    if overlay is None:
        return None
    rgba = overlay.convert("RGBA")
    box = rgba.getchannel("A").getbbox()
    if box is None:
        return None
    left, top, right, bottom = box
    layer = np.asarray(rgba, np.uint16)[top:bottom, left:right]
    alpha = layer[:, :, 3:4]
    return layer[:, :, :3] * alpha + 127, 255 - alpha, (slice(top, bottom), slice(left, right))


def _composite(frame: np.ndarray, layer) -> np.ndarray:
    """The overlay (label, credit, call-out) drawn over an RGB frame, as a new frame. Only its
    box is worked out: where alpha is 0, (value * 255 + 127) // 255 gives the value back."""
    if layer is None:
        return frame
    colour, keep, (rows, columns) = layer
    result = frame.copy()
    under = frame[rows, columns].astype(np.uint16)
    result[rows, columns] = ((under * keep + colour) // 255).astype(np.uint8)
    return result


def clip_for_span(
    path: Path,
    span_seconds: float,
    size: tuple[int, int],
    fps: int,
    fit="cover",
    start: float = 0.0,
    end: float | None = None,
    loop: bool = False,
    theme_background: tuple[int, int, int] = (0, 0, 0),
    overlay=None,
    where: str | None = None,
):
    """A MoviePy clip of exactly `span_seconds` at `size` and `fps`: the file from `start` to
    `end` (or its end), then its last frame held, or the same part again with `loop`.

    Any frame rate (variable too) is converted to `fps`; a rotated phone clip comes out
    upright; `cover` crops to fill, `contain` shows the whole picture on `theme_background`.
    `overlay` (an RGBA PIL image of `size`) is drawn over every frame. Frames are decoded on
    demand, one at a time; close the clip when done (it holds an ffmpeg process).
    Raises MediaInputError for a file that cannot be used, or a start past its end.
    """
    info = probe_clip(path, where)
    length = played_span(info, start, end, Path(path), where)
    # A loop repeats whole output frames of the stated length, in step with clip_audio.
    per_pass = span_frames(length, fps) if loop or end is not None else None
    command = [
        ffmpeg_exe(),
        *("-nostdin", "-v", "error"),
        # To the file's end, no -t: a container's stated duration may leave out the last frame.
        *input_args(path, info.demuxer, start, None if end is None else length),
        *("-an", "-sn", "-dn", "-vf", frame_filters(size, fps, fit, theme_background)),
        *("-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"),
    ]
    reader = _Pass(command, size)
    layer = _prepared(overlay)

    def frame_at(t: float) -> np.ndarray:
        index = round(t * fps)
        return _composite(reader.frame(source_frame(index, per_pass, loop)), layer)

    return _streamed_clip()(frame_at, span_seconds, reader).with_fps(fps)


@lru_cache(maxsize=1)
def _streamed_clip():
    """A VideoClip that stops its ffmpeg process when closed (MoviePy is imported when used)."""
    from moviepy import VideoClip

    class StreamedClip(VideoClip):
        def __init__(self, frame_function, duration: float, reader: _Pass):
            super().__init__(frame_function, duration=duration)
            self.reader = reader

        def close(self) -> None:
            self.reader.close()
            super().close()

    return StreamedClip


def push_clip(
    picture,
    overlay,
    size: tuple[int, int],
    seconds: float,
    zoom_from: float = 1.0,
    zoom_to: float = 1.08,
):
    """A slow push-in (zoom_to > zoom_from) or pull-out over a still picture, under a fixed
    overlay: a MoviePy clip of `seconds`. `picture` is picture_layers' background, rendered
    max(zoom_from, zoom_to) times the frame size, so no frame enlarges it."""
    from moviepy import VideoClip
    from PIL import Image

    rgb = picture.convert("RGB")
    layer = _prepared(overlay)
    centre_x, centre_y = rgb.width / 2, rgb.height / 2

    def frame_at(t: float) -> np.ndarray:
        share = min(1.0, max(0.0, t / seconds)) if seconds > 0 else 1.0
        zoom = max(zoom_from, zoom_to) / (zoom_from + (zoom_to - zoom_from) * share)
        half_w, half_h = size[0] * zoom / 2, size[1] * zoom / 2
        box = (
            max(0.0, centre_x - half_w),
            max(0.0, centre_y - half_h),
            min(rgb.width, centre_x + half_w),
            min(rgb.height, centre_y + half_h),
        )
        view = rgb.resize(size, Image.BILINEAR, box=box)
        return _composite(np.asarray(view), layer)

    return VideoClip(frame_at, duration=seconds)


def clip_audio(
    path: Path,
    start: float,
    end: float | None,
    span_seconds: float,
    rate: int = 48000,
    loop: bool = False,
    fps: int = 30,
    where: str | None = None,
) -> np.ndarray:
    """The clip's sound for `audio=mix`: int16 mono at `rate`, exactly `span_seconds` long.

    Only the played part is decoded. It loops in step with the picture (one pass lasts the
    pass's whole output frames at `fps`), or is followed by silence while the last frame holds.
    A clip without sound gives silence.
    """
    info = probe_clip(path, where)
    length = played_span(info, start, end, Path(path), where)
    total = round(span_seconds * rate)
    if not info.has_audio or total <= 0:
        return np.zeros(max(0, total), np.int16)
    period = round(span_frames(length, fps) / fps * rate) if loop else total
    wanted = min(period, total)
    result = subprocess.run(
        [
            ffmpeg_exe(),
            "-nostdin",
            "-v",
            "error",
            *input_args(path, info.demuxer, start, min(length, wanted / rate)),
            *("-vn", "-sn", "-dn", "-ac", "1", "-ar", str(rate), "-f", "s16le", "pipe:1"),
        ],
        capture_output=True,
        timeout=600,
    )
    if result.returncode:
        raise refuse(Path(path), where, "has sound that cannot be decoded", "use audio=mute")
    once = np.frombuffer(result.stdout[: wanted * 2], np.int16)
    once = np.pad(once, (0, wanted - len(once)))
    if loop and wanted < total:
        return np.tile(once, math.ceil(total / wanted))[:total].copy()
    return np.pad(once, (0, total - len(once)))


__all__ = [
    "ClipInfo",
    "clip_audio",
    "clip_for_span",
    "frame_filters",
    "probe_clip",
    "push_clip",
]
