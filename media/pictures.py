"""User pictures checked before they are decoded, and opened no larger than a card needs."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from scriptreel.media.errors import MediaInputError
from scriptreel.media.files import shown

MAX_PIXELS = 40_000_000
"""Largest picture accepted (40 megapixels, e.g. 8000x5000): a 12000x12000 PNG of a few hundred
kilobytes would otherwise take gigabytes of memory to decode."""
MAX_ASPECT = 10
"""Most times longer one side of a picture may be than the other: fitted to cover a frame, a
1x6000 strip would be scaled to a picture of billions of pixels."""
SOFT_SCALE = 1.5
"""A picture or clip shown at more than this many times its own size looks soft: warned of."""
MODES = frozenset(
    {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "RGBX", "RGBa", "CMYK", "YCbCr", "LAB", "HSV"}
)
"""Pillow modes that convert faithfully to RGB; 16-bit and float greyscale would come out white."""
_ROTATED = (5, 6, 7, 8)
"""EXIF orientations that swap width and height."""
_FIX = "save it again as a PNG or JPEG picture"
_SMALLER = "scale it down, e.g. to 3840x2160; a card never needs more"


def _refuse(path: Path, where: str | None, problem: str, fix: str = _FIX) -> MediaInputError:
    name = Path(path).name
    return MediaInputError(f"picture {name!r} {problem}", fix, where or shown(Path(path)))


def _open(path: Path, where: str | None) -> Image.Image:
    """The picture with only its header read, refused when it is too large to decode."""
    too_big = f"has more than {MAX_PIXELS // 1_000_000} megapixels"
    with warnings.catch_warnings():
        # Opening reads the header only; our own limit below is lower than Pillow's warning.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except FileNotFoundError:
            raise _refuse(path, where, "not found", "check the path") from None
        except Image.DecompressionBombError:
            raise _refuse(path, where, too_big, _SMALLER) from None
        except UnidentifiedImageError:
            raise _refuse(path, where, "is not an image Pillow can read") from None
        except (OSError, SyntaxError, ValueError) as exc:
            raise _refuse(path, where, f"cannot be read ({exc})") from None
    width, height = image.size
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        image.close()
        limit = f"is {width}x{height}, more than {MAX_PIXELS // 1_000_000} megapixels"
        raise _refuse(path, where, limit, _SMALLER)
    if max(width, height) > MAX_ASPECT * min(width, height):
        image.close()
        shape = f"is {width}x{height}, more than {MAX_ASPECT} times as long as it is wide"
        raise _refuse(path, where, shape, "crop it closer to the frame's shape")
    if image.mode not in MODES:
        image.close()
        raise _refuse(path, where, f"has pixel mode {image.mode!r}, which cards cannot use")
    return image


def check_picture(path: Path, where: str | None = None) -> tuple[int, int]:
    """The picture's (width, height), after checking it can be used, without decoding it in full.

    Raises MediaInputError (exit 2) when it is not a picture, is truncated or corrupt, has more
    than MAX_PIXELS pixels, or has a pixel mode cards cannot use. `where` names the place in the
    user's input (e.g. `talk.md:3`); by default the picture file itself.
    """
    path = Path(path)
    with _open(path, where) as image:
        size, kind = image.size, image.format
        try:
            image.verify()
        except Exception:  # verify raises many kinds (SyntaxError, struct.error, OSError)
            raise _refuse(path, where, "is truncated or corrupt") from None
    if kind == "JPEG":
        # verify() reads no JPEG data; decoding at 1/8 scale finds a truncated file cheaply.
        with _open(path, where) as image:
            image.draft("RGB", (max(1, size[0] // 8), max(1, size[1] // 8)))
            _load(image, path, where)
    return size


def _load(image: Image.Image, path: Path, where: str | None) -> None:
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise _refuse(path, where, "is truncated or corrupt") from None


def open_picture(
    path: Path, cover: tuple[int, int], mode: str | None = "RGB", where: str | None = None
) -> Image.Image:
    """The picture upright in `mode`, decoded no larger than needed to cover `cover` pixels
    (mode None: RGBA when the picture has transparency, else RGB).

    A JPEG is decoded at a reduced scale (Image.draft); any picture is then reduced by a whole
    factor at once, so a large picture is never kept, converted or filtered at full size. The
    result still covers `cover` (cover-fit), unless the picture itself is smaller. Raises
    MediaInputError like check_picture.
    """
    path = Path(path)
    check_picture(path, where)
    with _open(path, where) as image:
        rotated = image.getexif().get(0x0112, 1) in _ROTATED
        upright = image.size[::-1] if rotated else image.size
        # The scale at which the picture just covers the target, measured upright.
        scale = max(cover[0] / upright[0], cover[1] / upright[1])
        if scale < 1:
            image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        _load(image, path, where)
        width, height = image.size[::-1] if rotated else image.size
        factor = max(1, int(min(width / cover[0], height / cover[1])))
        reduced = image.reduce(factor) if factor > 1 else image.copy()
    upright_picture = ImageOps.exif_transpose(reduced)
    if mode is None:
        clear = upright_picture.mode in ("RGBA", "LA", "PA") or "transparency" in reduced.info
        mode = "RGBA" if clear else "RGB"
    try:
        return upright_picture.convert(mode)
    except (OSError, ValueError) as exc:
        raise _refuse(path, where, f"cannot be converted ({exc})") from None


def shown_scale(source: tuple[int, int], frame: tuple[int, int], fit) -> float:
    """How many times its own size a picture or clip of `source` pixels is shown in `frame`."""
    cover = str(getattr(fit, "value", fit)).lower() == "cover"
    ratios = (frame[0] / max(1, source[0]), frame[1] / max(1, source[1]))
    return max(ratios) if cover else min(ratios)


def soft_warning(name: str, source: tuple[int, int], frame: tuple[int, int], fit) -> str | None:
    """`harbour.mp4 is 640x360, shown at 1280x720: it will look soft`, or None if it is sharp."""
    scale = shown_scale(source, frame, fit)
    if scale <= SOFT_SCALE:
        return None
    shown = f"{round(source[0] * scale)}x{round(source[1] * scale)}"
    return f"{name} is {source[0]}x{source[1]}, shown at {shown}: it will look soft"


__all__ = [
    "MAX_ASPECT",
    "MAX_PIXELS",
    "MODES",
    "SOFT_SCALE",
    "check_picture",
    "open_picture",
    "shown_scale",
    "soft_warning",
]
