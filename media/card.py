"""Title cards drawn with Pillow: a gradient or picture background, the laid-out text over it,
and captions burnt in; the layout itself lives in media.layout and media.textfit."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from scriptreel.media import contrast, fonts, grid, layout, pictures, textfit
from scriptreel.media.contrast import scrimmed
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.grid import Grid
from scriptreel.media.layout import (
    SAFE_AREA,
    CardLayout,
    CardText,
    TextBox,
    card_text,
    layout_caption,
    layout_card,
    number_box,
)
from scriptreel.media.pictures import open_picture
from scriptreel.media.textfit import MAX_TITLE_LINES, balance, right_to_left, wrap
from scriptreel.media.themes import DEFAULT_THEME, FONTS, RGB, Theme

SOURCES = tuple(
    Path(module.__file__) for module in (contrast, fonts, grid, layout, pictures, textfit)
)
"""Modules besides this one whose code decides a card's pixels (for cache keys)."""

__all__ = [
    "CardLayout",
    "CardText",
    "card_text",
    "DEFAULT_THEME",
    "FONTS",
    "MAX_TITLE_LINES",
    "SAFE_AREA",
    "SOURCES",
    "TextBox",
    "Theme",
    "balance",
    "caption_overlay",
    "draw_caption",
    "paste_visible",
    "visible_part",
    "layout_caption",
    "layout_card",
    "render_background",
    "render_card",
    "render_layers",
    "render_overlay",
    "right_to_left",
    "wrap",
]


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    column.putdata(
        [tuple(round(a + (b - a) * i / 255) for a, b in zip(top, bottom)) for i in range(256)]
    )
    return column.resize(size, Image.BILINEAR)


@lru_cache(maxsize=8)
def _picture(path: Path, stamp: tuple[int, int], size: tuple[int, int], blur: float) -> Image.Image:
    # `stamp` (modification time, bytes) is part of the key so an edited picture is read again
    # by a long-running process (watch, studio).
    picture = open_picture(path, size)
    picture = ImageOps.fit(picture, size, Image.LANCZOS)  # cover: fill the frame, crop the rest
    radius = blur * min(size)
    return picture.filter(ImageFilter.GaussianBlur(radius)) if radius >= 0.5 else picture


def render_background(
    card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> Image.Image:
    """The card's background: the theme gradient, or a picture covered by it enough to read on."""
    gradient = _gradient(size, theme.background_top, theme.background_bottom)
    image = card.image or theme.background_image
    if image is None:
        return gradient
    path = Path(image)
    try:
        stat = path.stat()
    except OSError:
        stat = None  # open_picture reports the missing file with its name
    stamp = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
    # The theme's dim, and more where the picture is too bright (or dark) for the title.
    return scrimmed(_picture(path, stamp, size, theme.blur), gradient, theme.title_color, theme.dim)


def _draw_bars(draw: ImageDraw.ImageDraw, card: CardText, placed: CardLayout, theme) -> None:
    """The accent bar beside (segment) or above (opening) the title, and the progress track."""
    width, height = placed.size
    unit = min(width, height)
    titles = placed.boxes("title")
    if not titles:
        return
    if card.number is None:
        bar_w, bar_h = unit * 0.08, max(3, unit * 0.008)
        y = min(b[1] for b in titles) - unit * 0.06
        box = (width / 2 - bar_w / 2, y, width / 2 + bar_w / 2, y + bar_h)
        draw.rectangle(box, fill=theme.accent)
        return
    bar = max(4, int(unit * 0.012))
    rtl = [t for t in placed.texts if t.role == "title" and t.anchor.startswith("r")]
    x = rtl[0].box[2] + bar * 3 if rtl else Grid(placed.size).safe()[0]
    block = titles + placed.boxes("subtitle")
    top, bottom = min(b[1] for b in titles), max(b[3] for b in block)
    draw.rectangle((x, top, x + bar - 1, bottom), fill=theme.accent)
    if card.total:
        track_h = max(3, int(height * 0.006))
        track = tuple(
            round(a + (b - a) * 0.25) for a, b in zip(theme.background_bottom, theme.muted_color)
        )
        draw.rectangle((0, height - track_h, width, height), fill=track)
        done = round(width * card.number / card.total)
        draw.rectangle((0, height - track_h, done, height), fill=theme.accent)


def _draw_number(draw: ImageDraw.ImageDraw, card: CardText, size, theme: Theme) -> None:
    """The segment number, as large as its zone allows, faint in the accent colour: the card's
    second mass, balancing the title block on the left."""
    rtl = right_to_left(card.title)
    box = number_box(size, card.captions, rtl)
    if card.number is None or box is None:
        return
    left, top, right, bottom = box
    text = f"{card.number:02d}" if card.total < 100 else str(card.number)
    fonts = chain(theme.title_font, theme.extra_fonts)
    px = int(bottom - top)
    if px < 12:
        return
    while px > 12 and Styled(fonts, px).getlength(text) > right - left:
        px = int(px * 0.92)
    faint = (*theme.accent, 56)
    x, anchor = (left, "lm") if rtl else (right, "rm")
    Styled(fonts, px).draw(draw, (x, (top + bottom) / 2), text, anchor, faint)


def render_overlay(
    card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> Image.Image:
    """Everything drawn over the background, on a transparent layer (so motion can move the
    background alone)."""
    placed = layout_card(card, size, theme)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    _draw_bars(draw, card, placed, theme)
    _draw_number(draw, card, size, theme)
    for text in placed.texts:
        Styled(text.fonts, text.size).draw(draw, text.xy, text.text, text.anchor, text.fill)
    if theme.logo:
        _paste_logo(overlay, theme)
    return overlay


def _paste_logo(overlay: Image.Image, theme: Theme) -> None:
    width, height = overlay.size
    target = max(8, int(min(width, height) * theme.logo_size))
    logo = open_picture(theme.logo, (1, target), "RGBA")
    logo = logo.resize((max(1, round(logo.width * target / logo.height)), target), Image.LANCZOS)
    margin_x, margin_y = (
        width * (1 - SAFE_AREA) / 2 + width * 0.02,
        height * (1 - SAFE_AREA) / 2 + height * 0.02,
    )
    x = margin_x if "left" in theme.logo_corner else width - margin_x - logo.width
    y = margin_y if "top" in theme.logo_corner else height - margin_y - logo.height
    overlay.alpha_composite(logo, (int(x), int(y)))


def render_layers(
    card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> tuple[Image.Image, Image.Image]:
    """The background and the transparent overlay, apart (motion moves only the background)."""
    return render_background(card, size, theme), render_overlay(card, size, theme)


def render_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> Image.Image:
    """The card as an RGB image of exactly `size`."""
    background, overlay = render_layers(card, size, theme)
    return Image.alpha_composite(background.convert("RGBA"), overlay).convert("RGB")


def caption_overlay(
    text: str, size: tuple[int, int], theme: Theme = DEFAULT_THEME, color: RGB | None = None
) -> Image.Image:
    """The caption on a transparent layer: white text (or a speaker's `color`) on a translucent
    dark box, readable on any card."""
    placed, box = layout_caption(text, size, theme)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(box, radius=max(4, (box[3] - box[1]) // 6), fill=(0, 0, 0, 190))
    for text_box in placed:
        Styled(text_box.fonts, text_box.size).draw(
            draw, text_box.xy, text_box.text, text_box.anchor, color or text_box.fill
        )
    return layer


def draw_caption(
    image: Image.Image, text: str, theme: Theme = DEFAULT_THEME, color: RGB | None = None
) -> Image.Image:
    """A copy of the card with the caption drawn over it (in `color`, else white)."""
    return paste_visible(image, *_caption_part(text, image.size, theme, color))


@lru_cache(maxsize=8)
def _caption_part(text: str, size: tuple[int, int], theme: Theme, color: RGB | None):
    """The caption's layer where it shows: one caption stays over several pictures in a row
    (a call-out's steps, a kinetic phrase's), so it is laid out and drawn once for them."""
    return visible_part(caption_overlay(text, size, theme, color))


def visible_part(layer: Image.Image) -> tuple[Image.Image | None, tuple | None]:
    """An RGBA layer cut to the box where it is not transparent, and that box (None, None when
    nothing shows)."""
    box = layer.getchannel("A").getbbox()
    return (layer.crop(box), box) if box else (None, None)


def paste_visible(image: Image.Image, part: Image.Image | None, box: tuple | None) -> Image.Image:
    """A copy of `image` as RGB with `part` (from visible_part) composited over it at `box`:
    the same pixels as compositing the whole layer over the whole frame, for the work of the
    box alone."""
    result = image.convert("RGB")
    if part is not None and box is not None:
        region = Image.alpha_composite(image.crop(box).convert("RGBA"), part)
        result.paste(region.convert("RGB"), box[:2])
    return result
