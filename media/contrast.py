"""Contrast between text and what is behind it, as WCAG 2 measures it, and the scrim that
brings a picture behind a title up to it."""

from __future__ import annotations

from PIL import Image

RGB = tuple[int, int, int]
READABLE = 4.5
"""Least contrast of a title against any pixel behind it (WCAG 2's ratio for body text)."""
_STEPS = 20
"""How finely the scrim's strength is searched, from the theme's own dim to a plain card."""


def luminance(colour: RGB) -> float:
    """Relative luminance of an sRGB colour (0 black to 1 white)."""

    def linear(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: RGB, b: RGB) -> float:
    """The contrast ratio of two colours, 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _worst(picture: Image.Image, light_text: bool) -> RGB:
    """The pixel light text reads worst on (every channel at its brightest), or dark text (at
    its darkest): a bound that holds for every pixel of the picture."""
    extremes = picture.convert("RGB").getextrema()
    return tuple(high if light_text else low for low, high in extremes)


def scrimmed(picture: Image.Image, plain: Image.Image, text: RGB, dim: float) -> Image.Image:
    """The picture covered by the plain background: by `dim` at least, and more until `text`
    reads at READABLE:1 on every pixel (a bright photo under white type, a dark one under
    black type). Both images have one size."""
    light_text = contrast(text, (255, 255, 255)) < contrast(text, (0, 0, 0))
    worst = _worst(picture, light_text)
    plain_worst = _worst(plain, light_text)
    share = dim
    for step in range(_STEPS + 1):
        share = dim + (1 - dim) * step / _STEPS
        mixed = tuple(round(p * (1 - share) + q * share) for p, q in zip(worst, plain_worst))
        if contrast(text, mixed) >= READABLE:
            break
    return Image.blend(picture.convert("RGB"), plain.convert("RGB"), share)
