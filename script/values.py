"""Parse and range-check the setting values shared by front matter and the command line."""

from __future__ import annotations

import re

MIN_SIDE, MAX_SIDE = 64, 8192
MAX_MACROBLOCKS = 139_264
"""Frame size limit of H.264's highest level (6.2), in 16x16 blocks: players refuse more."""
MIN_FPS, MAX_FPS = 1, 120
MIN_SPEED, MAX_SPEED = 0.5, 2.0
MAX_PAUSE = 10.0

SIZE_PRESETS = {
    "1080p": (1920, 1080),
    "720p": (1280, 720),
    "vertical": (1080, 1920),
    "square": (1080, 1080),
}
"""Names accepted for --size and `size:`."""


class BadValue(ValueError):
    """A setting value out of range or of the wrong form; str() is `problem — fix`."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} — {fix}")


def parse_size(text: str) -> tuple[int, int]:
    """`1280x720` or a preset name as (width, height); BadValue with the accepted forms."""
    if str(text).strip().lower() in SIZE_PRESETS:
        return SIZE_PRESETS[str(text).strip().lower()]
    match = re.fullmatch(r"(\d+)\s*[xX×]\s*(\d+)", str(text).strip())
    if not match:
        raise BadValue(
            f"size {text!r} is not WIDTHxHEIGHT",
            f"write it like 1280x720, or use {', '.join(SIZE_PRESETS)}",
        )
    if max(len(match[1]), len(match[2])) > 6:  # Python refuses ints of over 4300 digits
        raise BadValue(
            f"size {text[:40]!r} is out of range",
            f"each side must be {MIN_SIDE} to {MAX_SIDE} pixels",
        )
    width, height = int(match[1]), int(match[2])
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise BadValue(
                f"size {width}x{height} is out of range",
                f"each side must be {MIN_SIDE} to {MAX_SIDE} pixels",
            )
    blocks = -(-width // 16) * -(-height // 16)
    if blocks > MAX_MACROBLOCKS:
        raise BadValue(
            f"size {width}x{height} is larger than H.264 allows (level 6.2: about 35 megapixels)",
            "use at most 8192x4320, or 7680x4320 (8K UHD)",
        )
    if width % 2 or height % 2:
        even = "x".join(map(str, even_size(width, height)))
        raise BadValue(
            f"size {width}x{height} has an odd side, which H.264 (yuv420p) cannot encode",
            f"use even numbers, e.g. {even}",
        )
    return width, height


def parse_fps(text: str | int) -> int:
    """A whole frame rate from MIN_FPS to MAX_FPS; BadValue with the range otherwise."""
    try:
        fps = int(str(text).strip())
    except ValueError:
        raise BadValue(f"fps {str(text)[:40]!r} is not a whole number", "use e.g. 30") from None
    if not MIN_FPS <= fps <= MAX_FPS:
        raise BadValue(f"fps {fps} is out of range", f"use {MIN_FPS} to {MAX_FPS}")
    return fps


def parse_speed(text: str | float) -> float:
    """A speaking-rate factor from MIN_SPEED to MAX_SPEED."""
    try:
        speed = float(str(text).strip().rstrip("x"))
    except ValueError:
        raise BadValue(f"speed {text!r} is not a number", "use e.g. 1.1 for 10% faster") from None
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise BadValue(f"speed {speed:g} is out of range", f"use {MIN_SPEED:g} to {MAX_SPEED:g}")
    return speed


def parse_pause(text: str | float) -> float:
    """Seconds of silence from 0 to MAX_PAUSE (a trailing `s` is allowed)."""
    try:
        pause = float(str(text).strip().rstrip("s").strip())
    except ValueError:
        raise BadValue(f"pause {text!r} is not a number of seconds", "use e.g. 0.3") from None
    if not 0 <= pause <= MAX_PAUSE:
        raise BadValue(f"pause {pause:g}s is out of range", f"use 0 to {MAX_PAUSE:g} seconds")
    return pause


COMMON_RATIOS = ((16, 9), (9, 16), (1, 1), (4, 3), (3, 4), (4, 5), (21, 9))
"""Frame shapes an odd size is most likely a slip from."""


def even_size(width: int, height: int) -> tuple[int, int]:
    """The nearest size with even sides, keeping a common aspect ratio the size is within 1% of
    (1280x721 gives 1280x720, not 1280x722); else each odd side one pixel larger."""
    found = []
    for across, down in COMMON_RATIOS:
        ratio = across / down
        if abs(width / height - ratio) > 0.01 * ratio:
            continue
        for side in {width - width % 2, width + width % 2}:
            found.append((side, round(side / ratio / 2) * 2))
        for side in {height - height % 2, height + height % 2}:
            found.append((round(side * ratio / 2) * 2, side))
    if not found:
        return width + width % 2, height + height % 2
    return min(found, key=lambda size: (abs(size[0] - width) + abs(size[1] - height), size))
