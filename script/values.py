"""Parse and range-check the setting values shared by front matter and the command line."""

from __future__ import annotations

import re

MIN_SIDE, MAX_SIDE = 64, 7680
MIN_FPS, MAX_FPS = 1, 120


SIZE_PRESETS = {
    "1080p": (1920, 1080),
    "720p": (1280, 720),
    "vertical": (1080, 1920),
    "square": (1080, 1080),
}
"""Names accepted for --size and `size:`."""


def parse_size(text: str) -> tuple[int, int]:
    """`1280x720` or a preset name as (width, height); ValueError with the accepted forms otherwise."""
    if str(text).strip().lower() in SIZE_PRESETS:
        return SIZE_PRESETS[str(text).strip().lower()]
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", str(text))
    if not match:
        raise ValueError(
            f"size {text!r} is not WIDTHxHEIGHT — write it like 1280x720, or use {', '.join(SIZE_PRESETS)}"
        )
    width, height = int(match[1]), int(match[2])
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ValueError(
                f"size {width}x{height} is out of range — each side must be {MIN_SIDE} to {MAX_SIDE} pixels"
            )
    if width % 2 or height % 2:
        even = f"{width + width % 2}x{height + height % 2}"
        raise ValueError(
            f"size {width}x{height} has an odd side, which H.264 (yuv420p) cannot encode — use even numbers, e.g. {even}"
        )
    return width, height


def parse_fps(text: str | int) -> int:
    """A whole frame rate from MIN_FPS to MAX_FPS; ValueError with the range otherwise."""
    try:
        fps = int(str(text).strip())
    except ValueError:
        raise ValueError(f"fps {text!r} is not a whole number — use e.g. 30") from None
    if not MIN_FPS <= fps <= MAX_FPS:
        raise ValueError(f"fps {fps} is out of range — use {MIN_FPS} to {MAX_FPS}")
    return fps


MIN_SPEED, MAX_SPEED = 0.5, 2.0
MAX_PAUSE = 10.0


def parse_speed(text: str | float) -> float:
    """A speaking-rate factor from MIN_SPEED to MAX_SPEED."""
    try:
        speed = float(str(text).strip().rstrip("x"))
    except ValueError:
        raise ValueError(f"speed {text!r} is not a number — use e.g. 1.1 for 10% faster") from None
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed {speed:g} is out of range — use {MIN_SPEED:g} to {MAX_SPEED:g}")
    return speed


def parse_pause(text: str | float) -> float:
    """Seconds of silence from 0 to MAX_PAUSE (a trailing `s` is allowed)."""
    try:
        pause = float(str(text).strip().rstrip("s").strip())
    except ValueError:
        raise ValueError(f"pause {text!r} is not a number of seconds — use e.g. 0.3") from None
    if not 0 <= pause <= MAX_PAUSE:
        raise ValueError(f"pause {pause:g}s is out of range — use 0 to {MAX_PAUSE:g} seconds")
    return pause
