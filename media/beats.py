"""Still frames for visual beats: a picture with its label and credit, and call-out phrases;
list and quote cards come from media.beat_cards."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .beat_cards import list_frame, quote_frame
from .beat_text import cut, drawable, fit_lines
from .card import right_to_left
from .fonts import Styled, chain
from .framing import caption_top, fit_picture, open_picture, portrait, safe_box
from .themes import DEFAULT_THEME, Theme

Size = tuple[int, int]
LABEL_ALPHA = 215
"""Opacity of the panel behind the label and the call-out: readable on any picture."""


def picture_layers(
    path: Path,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    fit="cover",
    label: str = "",
    credit: str = "",
    scale: float = 1.0,
    where: str | None = None,
) -> tuple[Image.Image, Image.Image]:
    """(picture, overlay): the picture fitted to `size` times `scale` (RGB), so a push-in up to
    `scale` never enlarges it, and the label and credit on a transparent layer of `size`.

    Raises MediaInputError (naming `where`, e.g. `talk.md:12`) for a picture that cannot be
    used: missing, not a picture, corrupt, or over 40 megapixels (refused before decoding).
    """
    scale = max(1.0, scale)
    big = (round(size[0] * scale), round(size[1] * scale))
    picture = fit_picture(open_picture(path, big, where), big, fit, theme.background_top)
    return picture, label_overlay(size, theme, label, credit)


def picture_frame(
    path: Path,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    fit="cover",
    label: str = "",
    credit: str = "",
    scale: float = 1.0,
    where: str | None = None,
) -> Image.Image:
    """The picture beat as one RGB frame, magnified `scale` times about its centre."""
    picture, overlay = picture_layers(path, size, theme, fit, label, credit, scale, where)
    left, top = (picture.width - size[0]) // 2, (picture.height - size[1]) // 2
    view = picture.crop((left, top, left + size[0], top + size[1])).convert("RGBA")
    return Image.alpha_composite(view, overlay).convert("RGB")


def label_overlay(size: Size, theme: Theme, label: str = "", credit: str = "") -> Image.Image:
    """The segment title as a small corner label and the credit line, on a transparent layer."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    label = drawable(label, chain(theme.title_font, theme.extra_fonts))
    credit = drawable(credit, chain(theme.text_font, theme.extra_fonts))
    if label:
        _draw_label(draw, size, theme, label)
    if credit:
        _draw_credit(draw, size, theme, credit)
    return layer


def label_box(size: Size, theme: Theme, label: str) -> tuple[int, int, int, int]:
    """Where the label's panel goes: a top corner of the safe area (captions own the bottom)."""
    left, top, right, _ = safe_box(size)
    unit = min(size)
    px = max(10, int(unit * (0.042 if portrait(size) else 0.036)))
    if portrait(size):
        top = max(top, size[1] * 0.07)  # below the platform's status and search bar
    font = Styled(chain(theme.title_font, theme.extra_fonts), px)
    text = cut(label, font, (right - left) * (0.8 if portrait(size) else 0.55))
    pad, bar = px * 0.6, max(3, round(unit * 0.008))
    width = round(bar + pad * 2 + font.getlength(text))
    height = round(px * 1.2 + pad * 2)
    x = round(right - width) if right_to_left(label) else round(left)
    return x, round(top), x + width, round(top) + height


def _draw_label(draw: ImageDraw.ImageDraw, size: Size, theme: Theme, label: str) -> None:
    x0, y0, x1, y1 = label_box(size, theme, label)
    unit = min(size)
    px = max(10, int(unit * (0.042 if portrait(size) else 0.036)))
    font = Styled(chain(theme.title_font, theme.extra_fonts), px)
    pad, bar = px * 0.6, max(3, round(unit * 0.008))
    rtl = right_to_left(label)
    text = cut(label, font, x1 - x0 - bar - pad * 2 + 1)
    draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=(*theme.background_top, LABEL_ALPHA))
    bar_x = x1 - bar if rtl else x0
    draw.rectangle((bar_x, y0, bar_x + bar - 1, y1 - 1), fill=theme.accent)
    middle = (y0 + y1) / 2
    if rtl:
        font.draw(draw, (x1 - bar - pad, middle), text, "rm", theme.title_color)
    else:
        font.draw(draw, (x0 + bar + pad, middle), text, "lm", theme.title_color)


def _draw_credit(draw: ImageDraw.ImageDraw, size: Size, theme: Theme, credit: str) -> None:
    """Small, bottom right inside the safe area, below where captions reach."""
    left, _, right, bottom = safe_box(size)
    px = max(9, int(min(size) * 0.024))
    font = Styled(chain(theme.text_font, theme.extra_fonts), px)
    text = cut(credit, font, (right - left) * 0.5)
    pad = px * 0.4
    width = font.getlength(text)
    box = (right - width - pad * 2, bottom - px * 1.25 - pad * 2, right, bottom)
    draw.rounded_rectangle(box, radius=max(2, round(pad)), fill=(0, 0, 0, 150))
    font.draw(draw, (right - pad, (box[1] + box[3]) / 2), text, "rm", (236, 236, 236))


def callout_overlay(
    phrase: str, size: Size, theme: Theme = DEFAULT_THEME, label: str = ""
) -> Image.Image:
    """The phrase large on a transparent layer, between the label (if any) and the captions.

    Pass the beat's `label` when the frame under it has one, so the call-out keeps clear of it.
    """
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    phrase = drawable(phrase, chain(theme.title_font, theme.extra_fonts))
    if not phrase:
        return layer
    left, top, right, _ = safe_box(size)
    unit = min(size)
    label = drawable(label, chain(theme.title_font, theme.extra_fonts))
    if label:
        top = label_box(size, theme, label)[3] + unit * 0.03
    bottom = caption_top(size, theme) - unit * 0.04
    fonts = chain(theme.title_font, theme.extra_fonts)
    pad = unit * 0.045
    width = (right - left) * (0.9 if portrait(size) else 0.8) - pad * 2
    px, lines = fit_lines(
        phrase,
        fonts,
        width,
        (bottom - top) * 0.8 - pad * 2,
        (int(unit * (0.12 if portrait(size) else 0.11)), max(12, int(unit * 0.05))),
        max_lines=3,
    )
    font = Styled(fonts, px)
    line_h = px * 1.15
    block_w = max(font.getlength(line) for line in lines)
    block_h = line_h * len(lines)
    middle_y = (top + bottom) / 2
    box = (
        size[0] / 2 - block_w / 2 - pad,
        middle_y - block_h / 2 - pad,
        size[0] / 2 + block_w / 2 + pad,
        middle_y + block_h / 2 + pad,
    )
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(box, radius=round(pad * 0.6), fill=(*theme.background_top, LABEL_ALPHA))
    bar = max(3, round(unit * 0.008))
    draw.rectangle((box[0] + pad, box[3] - bar * 2, box[2] - pad, box[3] - bar - 1), theme.accent)
    y = middle_y - block_h / 2 + line_h / 2 - bar
    for line in lines:
        font.draw(draw, (size[0] / 2, y), line, "mm", theme.title_color)
        y += line_h
    return layer


def draw_callout(
    image: Image.Image, phrase: str, theme: Theme = DEFAULT_THEME, label: str = ""
) -> Image.Image:
    """A copy of the frame with the call-out drawn over it (RGB)."""
    layer = callout_overlay(phrase, image.size, theme, label)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


__all__ = [
    "callout_overlay",
    "draw_callout",
    "label_box",
    "label_overlay",
    "list_frame",
    "picture_frame",
    "picture_layers",
    "quote_frame",
]


def callout_card(card, phrase: str, size: Size, theme: Theme = DEFAULT_THEME) -> Image.Image:
    """A call-out over a segment's card: the big title would sit under the phrase, so while the
    call-out is up the card steps back to its background with the title as a small label."""
    from .card import render_background

    background = render_background(card, size, theme).convert("RGBA")
    label = label_overlay(size, theme, card.title)
    image = Image.alpha_composite(background, label).convert("RGB")
    return draw_callout(image, phrase, theme, label=card.title)
