"""Still frames for visual beats: a picture with its label and credit; list and quote cards
come from media.beat_cards, call-outs from media.callouts."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from scriptreel.media.beat_cards import list_frame, quote_frame
from scriptreel.media.beat_text import cut, drawable
from scriptreel.media.card import right_to_left
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.framing import fit_picture, open_picture, portrait
from scriptreel.media.grid import Grid
from scriptreel.media.themes import DEFAULT_THEME, Theme

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
    captions: bool = True,
) -> tuple[Image.Image, Image.Image]:
    """(picture, overlay): the picture fitted to `size` times `scale` (RGB), so a push-in up to
    `scale` never enlarges it, and the label and credit on a transparent layer of `size`.

    Raises MediaInputError (naming `where`, e.g. `talk.md:12`) for a picture that cannot be
    used: missing, not a picture, corrupt, or over 40 megapixels (refused before decoding).
    """
    scale = max(1.0, scale)
    big = (round(size[0] * scale), round(size[1] * scale))
    zone = tuple(v * scale for v in Grid(size, captions).picture())
    picture = fit_picture(open_picture(path, big, where), big, fit, theme.background_top, zone)
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
    captions: bool = True,
) -> Image.Image:
    """The picture beat as one RGB frame, magnified `scale` times about its centre; a picture
    shown whole sits in the grid's picture zone (clear of burned captions when `captions`)."""
    picture, overlay = picture_layers(path, size, theme, fit, label, credit, scale, where, captions)
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
    """Where the label's panel goes: the grid's label corner (captions own the bottom)."""
    grid = Grid(size)
    left, top, right, _ = grid.label()
    unit, px = grid.unit, grid.label_px
    font = Styled(chain(theme.title_font, theme.extra_fonts), px)
    text = cut(label, font, (right - left) * (0.8 if portrait(size) else 0.55))
    pad, bar = px * 0.6, max(3, round(unit * 0.008))
    width = round(bar + pad * 2 + font.getlength(text))
    height = round(px * 1.2 + pad * 2)
    x = round(right - width) if right_to_left(label) else round(left)
    return x, round(top), x + width, round(top) + height


def _draw_label(draw: ImageDraw.ImageDraw, size: Size, theme: Theme, label: str) -> None:
    x0, y0, x1, y1 = label_box(size, theme, label)
    unit, px = min(size), Grid(size).label_px
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


def speaker_overlay(
    name: str, role: str, size: Size, theme: Theme = DEFAULT_THEME, captions: bool = True
) -> Image.Image:
    """A lower third in the grid's speaker zone: the name large on a panel with an accent bar,
    what they are under it."""
    grid = Grid(size, captions)
    left, top, right, bottom = grid.speaker()
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    name = drawable(name, chain(theme.title_font, theme.extra_fonts))
    role = drawable(role, chain(theme.text_font, theme.extra_fonts))
    if not name:
        return layer
    name_px = max(11, int(grid.unit * 0.055))
    role_px = max(9, int(grid.unit * 0.034))
    pad, bar = name_px * 0.45, max(3, round(grid.unit * 0.01))
    name_font = Styled(chain(theme.title_font, theme.extra_fonts), name_px)
    role_font = Styled(chain(theme.text_font, theme.extra_fonts), role_px)
    room = right - left - bar - pad * 2
    name, role = cut(name, name_font, room), cut(role, role_font, room) if role else ""
    width = max(name_font.getlength(name), role_font.getlength(role) if role else 0)
    height = name_px * 1.2 + (role_px * 1.4 if role else 0)
    box = (left, bottom - height - pad * 2, left + bar + pad * 2 + width, bottom)
    draw = ImageDraw.Draw(layer)
    draw.rectangle(box, fill=(*theme.background_top, LABEL_ALPHA))
    draw.rectangle((box[0], box[1], box[0] + bar - 1, box[3]), fill=theme.accent)
    x = box[0] + bar + pad
    name_font.draw(draw, (x, box[1] + pad), name, "lt", theme.title_color)
    if role:
        role_font.draw(draw, (x, box[1] + pad + name_px * 1.25), role, "lt", theme.accent)
    return layer


def _draw_credit(draw: ImageDraw.ImageDraw, size: Size, theme: Theme, credit: str) -> None:
    """Small, at the right of the footer row, below where captions reach."""
    left, top, right, bottom = Grid(size).credit()
    px = max(8, int((bottom - top) / 2.05))
    font = Styled(chain(theme.text_font, theme.extra_fonts), px)
    text = cut(credit, font, right - left)
    pad = px * 0.4
    width = font.getlength(text)
    box = (right - width - pad * 2, bottom - px * 1.25 - pad * 2, right, bottom)
    draw.rounded_rectangle(box, radius=max(2, round(pad)), fill=(0, 0, 0, 150))
    font.draw(draw, (right - pad, (box[1] + box[3]) / 2), text, "rm", (236, 236, 236))


__all__ = [
    "label_box",
    "label_overlay",
    "list_frame",
    "picture_frame",
    "picture_layers",
    "quote_frame",
    "speaker_overlay",
]
