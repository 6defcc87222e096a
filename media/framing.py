"""Fitting pictures and video frames into the output frame, and where text may go on it."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image

from scriptreel.media.card import caption_overlay
from scriptreel.media.errors import MediaInputError
from scriptreel.media.grid import Box, Grid
from scriptreel.media.themes import Theme

FITS = ("cover", "contain")
"""How a picture or clip fills the frame: crop to fill it, or show it whole on bars."""
MAX_PIXELS = 40_000_000
"""Largest picture accepted: a 12000x12000 PNG of a few kilobytes would take gigabytes to decode."""
_ROTATED = (5, 6, 7, 8)
"""EXIF orientations that swap width and height."""


def fit_name(fit) -> str:
    """'cover' or 'contain' from the script's Fit enum (its value) or a plain string."""
    name = str(getattr(fit, "value", fit)).lower()
    if name not in FITS:
        raise ValueError(f"fit must be one of {', '.join(FITS)}, not {fit!r}")
    return name


def fitted(source: tuple[int, int], frame: tuple[int, int], fit) -> tuple[int, int, int, int]:
    """(width, height, x, y): the source scaled to cover or fit inside the frame, centred.

    With cover, x or y is negative: that much is cropped off each side.
    """
    ratio = (max if fit_name(fit) == "cover" else min)(frame[0] / source[0], frame[1] / source[1])
    width = max(1, round(source[0] * ratio))
    height = max(1, round(source[1] * ratio))
    return width, height, (frame[0] - width) // 2, (frame[1] - height) // 2


def portrait(size: tuple[int, int]) -> bool:
    """A vertical frame (phone video), laid out differently from landscape and square."""
    return size[1] > size[0] * 1.15


def safe_box(size: tuple[int, int]) -> Box:
    """The title-safe area: left, top, right, bottom (vertical video: clear of the platform's
    bars at the top and buttons at the bottom)."""
    return Grid(size).safe()


@lru_cache(maxsize=16)
def caption_top(size: tuple[int, int], theme: Theme) -> float:
    """The highest a burned caption reaches (two full lines), so nothing else is drawn there."""
    # Measured from the real caption layer, so this follows wherever captions are placed.
    longest = caption_overlay(" ".join(["caption"] * 40), size, theme)
    box = longest.getchannel("A").getbbox()
    return float(box[1]) if box else float(size[1])


def refuse(path: Path, where: str | None, problem: str, fix: str) -> MediaInputError:
    return MediaInputError(f"{Path(path).name!r} {problem}", fix, where or str(path))


def open_picture(path: Path, need: tuple[int, int], where: str | None = None) -> Image.Image:
    """The picture upright, RGBA if it has transparency (so fit_picture lays it on the theme
    colour) else RGB, decoded no larger than needed to cover `need` pixels: the card pictures'
    checked opener."""
    from scriptreel.media.pictures import open_picture as open_checked

    return open_checked(path, need, None, where)


def fit_picture(
    picture: Image.Image,
    size: tuple[int, int],
    fit,
    background: tuple[int, int, int],
    zone: Box | None = None,
) -> Image.Image:
    """The picture cover-cropped to `size`, or shown whole on `background`: centred in `zone`
    (its place in the grid) when given, else in the whole frame."""
    place = (0, 0, *size) if zone is None or fit_name(fit) == "cover" else zone
    left, top = round(place[0]), round(place[1])
    room = (max(1, round(place[2]) - left), max(1, round(place[3]) - top))
    width, height, x, y = fitted(picture.size, room, fit)
    scaled = picture.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
    frame = Image.new("RGB", size, background)
    frame.paste(scaled, (left + x, top + y), scaled if scaled.mode == "RGBA" else None)
    return frame


def fit_into(path: Path, size: tuple[int, int], fit, zone: Box | None) -> Image.Image:
    """The picture file as it is shown on a frame of `size` (on black)."""
    return fit_picture(open_picture(path, size), size, fit, (0, 0, 0), zone)


__all__ = [
    "FITS",
    "MAX_PIXELS",
    "caption_top",
    "fit_name",
    "fit_into",
    "fit_picture",
    "fitted",
    "open_picture",
    "portrait",
    "safe_box",
]
