"""Fitting pictures and video frames into the output frame, and where text may go on it."""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .card import SAFE_AREA, caption_overlay
from .errors import MediaInputError
from .themes import Theme

FITS = ("cover", "contain")
"""How a picture or clip fills the frame: crop to fill it, or show it whole on bars."""
MAX_PIXELS = 40_000_000
"""Largest picture accepted: a 12000x12000 PNG of a few kilobytes would take gigabytes to decode."""
_ROTATED = (5, 6, 7, 8)
"""EXIF orientations that swap width and height."""
Box = tuple[float, float, float, float]


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
    """The title-safe area: left, top, right, bottom."""
    mx, my = size[0] * (1 - SAFE_AREA) / 2, size[1] * (1 - SAFE_AREA) / 2
    return mx, my, size[0] - mx, size[1] - my


@lru_cache(maxsize=16)
def caption_top(size: tuple[int, int], theme: Theme) -> float:
    """The highest a burned caption reaches (two full lines), so nothing else is drawn there."""
    # Measured from the real caption layer, so this follows wherever captions are placed.
    longest = caption_overlay(" ".join(["caption"] * 40), size, theme)
    box = longest.getchannel("A").getbbox()
    return float(box[1]) if box else float(size[1])


def refuse(path: Path, where: str | None, problem: str, fix: str) -> MediaInputError:
    return MediaInputError(f"{Path(path).name!r} {problem}", fix, where or str(path))


def _header(path: Path, where: str | None) -> Image.Image:
    """The picture with only its header read; refused when too large to decode."""
    fix = "save it again as a PNG or JPEG picture"
    with warnings.catch_warnings():
        # Opening reads the header only; our own limit below is lower than Pillow's.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except FileNotFoundError:
            raise refuse(path, where, "not found", "check the path") from None
        except Image.DecompressionBombError:
            raise refuse(path, where, "is too large to decode", "scale it down") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise refuse(path, where, "is not a picture that can be read", fix) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise refuse(
            path,
            where,
            f"is {width}x{height}, more than {MAX_PIXELS // 1_000_000} megapixels",
            "scale it down, e.g. to 3840x2160; a video frame never needs more",
        )
    return image


def open_picture(path: Path, need: tuple[int, int], where: str | None = None) -> Image.Image:
    """The picture upright in RGB (RGBA if transparent), decoded no larger than needed to
    cover `need` pixels.

    The size is checked before any pixel is decoded; a big JPEG is decoded at a reduced scale
    (draft) and any picture is reduced by a whole factor before conversion.
    """
    with _header(Path(path), where) as image:
        rotated = image.getexif().get(0x0112, 1) in _ROTATED
        upright = image.size[::-1] if rotated else image.size
        scale = max(need[0] / upright[0], need[1] / upright[1])
        if scale < 1:
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        try:
            image.load()
            width, height = image.size[::-1] if rotated else image.size
            factor = max(1, int(min(width / need[0], height / need[1])))
            picture = image.reduce(factor) if factor > 1 else image.copy()
        except (OSError, SyntaxError, ValueError):
            raise refuse(
                path, where, "is truncated or corrupt", "save it again as a PNG or JPEG"
            ) from None
    picture = ImageOps.exif_transpose(picture)
    # Transparent pictures keep their alpha so fit_picture lays them on the theme colour.
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    return picture.convert("RGBA" if transparent else "RGB")


def fit_picture(
    picture: Image.Image, size: tuple[int, int], fit, background: tuple[int, int, int]
) -> Image.Image:
    """The picture cover-cropped to `size`, or letterboxed whole on `background`."""
    width, height, x, y = fitted(picture.size, size, fit)
    scaled = picture.resize((width, height), Image.LANCZOS, reducing_gap=3.0)
    frame = Image.new("RGB", size, background)
    frame.paste(scaled, (x, y), scaled if scaled.mode == "RGBA" else None)
    return frame


__all__ = [
    "FITS",
    "MAX_PIXELS",
    "caption_top",
    "fit_name",
    "fit_picture",
    "fitted",
    "open_picture",
    "portrait",
    "safe_box",
]
