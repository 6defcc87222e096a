"""Title cards drawn with Pillow: measured, wrapped, balanced, shrunk-to-fit text inside the
safe area, over a gradient or a picture, laid out for the frame's shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageOps

from .fonts import Styled, chain, covers, is_emoji
from .themes import DEFAULT_THEME, FONTS, Theme

SAFE_AREA = 0.90
"""Share of width and height that text must stay within (broadcast title-safe)."""
MAX_TITLE_LINES = 5
"""More lines than this is a paragraph, not a title: it is cut instead of shrunk further."""

__all__ = [
    "CardLayout",
    "CardText",
    "card_text",
    "DEFAULT_THEME",
    "FONTS",
    "SAFE_AREA",
    "TextBox",
    "Theme",
    "balance",
    "draw_caption",
    "layout_caption",
    "layout_card",
    "render_card",
    "render_layers",
    "wrap",
]


@dataclass(frozen=True)
class CardText:
    """Everything a card says and shows."""

    title: str
    """The big text: the segment heading, or the video title on the opening card."""
    number: int | None = None
    """Segment number; None for the opening and closing cards."""
    total: int = 0
    """Number of segments, for the counter and progress bar."""
    footer: str = ""
    """Small text at the bottom (the video title on segment cards)."""
    subtitle: str = ""
    """A line under the title."""
    byline: str = ""
    """Opening card: author and date."""
    image: Path | None = None
    """Picture behind the card."""
    closing: bool = False
    """The closing card (outro)."""


@dataclass(frozen=True)
class TextBox:
    """One placed line of text and the pixel box it covers."""

    text: str
    fonts: tuple[Path, ...]
    size: int
    xy: tuple[float, float]
    anchor: str
    fill: tuple[int, int, int]
    box: tuple[int, int, int, int] = field(default=(0, 0, 0, 0))
    role: str = "text"
    """title, subtitle, counter, footer, byline or caption."""

    @property
    def font_path(self) -> Path:
        return self.fonts[0]


@dataclass(frozen=True)
class CardLayout:
    """Where everything goes on a card of a given size."""

    size: tuple[int, int]
    texts: tuple[TextBox, ...]
    title_size: int
    """Font size the title ended up at after shrinking to fit."""
    truncated: bool
    """True when even the smallest size could not hold the whole title."""
    dropped: tuple[str, ...] = ()
    """Emoji left out because no colour emoji font is installed."""

    def safe_area(self) -> tuple[float, float, float, float]:
        width, height = self.size
        mx, my = width * (1 - SAFE_AREA) / 2, height * (1 - SAFE_AREA) / 2
        return mx, my, width - mx, height - my

    def boxes(self, role: str) -> list[tuple[int, int, int, int]]:
        return [t.box for t in self.texts if t.role == role]


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u3040-\u30ff]")


def card_text(script, segment) -> CardText:
    """What a script's segment shows on its card (the render and the preview agree by using this)."""
    total = len(script.numbered)
    front = script.settings
    if segment.closing:
        return CardText(segment.title, None, total, script.title, closing=True)
    if segment.number is None:
        byline = " · ".join(part for part in (front.author, front.date) if part)
        return CardText(
            segment.title,
            None,
            total,
            f"{total} parts" if total > 1 else "",
            segment.subtitle,
            byline,
            segment.image,
        )
    return CardText(
        segment.title, segment.number, total, script.title, segment.subtitle, image=segment.image
    )


def wrap(text: str, font, width: float) -> list[str]:
    """Lines no wider than `width`, broken at spaces (inside a word only if it alone is too wide)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width and len(current) > 1:
            cut = len(current) - 1
            # Chinese and Japanese break between any two characters, without a hyphen.
            mark = "" if _CJK.match(current[cut - 1]) else "-"
            while cut > 1 and font.getlength(current[:cut] + mark) > width:
                cut -= 1
                mark = "" if _CJK.match(current[cut - 1]) else "-"
            lines.append(current[:cut] + mark)
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def balance(text: str, font, width: float, lines: list[str]) -> list[str]:
    """The same number of lines, made as even as possible (no lone word on the last line)."""
    if len(lines) < 2:
        return lines
    narrowest = max(font.getlength(word) for word in text.split())
    low, high = narrowest, width
    while high - low > 2:
        middle = (low + high) / 2
        if len(wrap(text, font, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, high)


def _fit(
    text: str,
    fonts: tuple[Path, ...],
    width: float,
    height: float,
    largest: int,
    smallest: int,
    max_lines: int = MAX_TITLE_LINES,
) -> tuple[int, list[str], bool]:
    """Largest size whose wrapped lines fit the box; at the floor, cut with an ellipsis."""
    size = largest
    while True:
        font = Styled(fonts, size)
        lines = wrap(text, font, width)
        line_height = size * 1.12
        if (len(lines) * line_height <= height and len(lines) <= max_lines) or size <= smallest:
            break
        size = max(smallest, int(size * 0.92))
    fits = max(1, min(max_lines, int(height // line_height)))
    if len(lines) <= fits:
        return size, balance(text, font, width, lines), False
    lines = lines[:fits]
    lines[-1] = _cut(lines[-1] + " …", fonts, size, width)
    return size, lines, True


def _cut(text: str, fonts: tuple[Path, ...], size: int, width: float) -> str:
    """One line no wider than `width`, ending in an ellipsis if it had to be cut."""
    font = Styled(fonts, size)
    if font.getlength(text) <= width:
        return text
    text = text.rstrip(" …")
    while text and font.getlength(text.rstrip(" ,;:-") + "…") > width:
        text = text[:-1]
    return text.rstrip(" ,;:-") + "…"


def right_to_left(text: str) -> bool:
    """True when the first strongly directional character is right-to-left."""
    import unicodedata

    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _drop_emoji(text: str, fonts: tuple[Path, ...], dropped: list[str]) -> str:
    kept = []
    for char in text:
        if is_emoji(char) and not any(covers(p, char) for p in fonts):
            dropped.append(char)
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def layout_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> CardLayout:
    """Place the card's text for this frame size; the pure half of render_card."""
    width, height = size
    unit = min(width, height)
    portrait = height > width * 1.15
    titles = chain(theme.title_font, theme.extra_fonts)
    texts = chain(theme.text_font, theme.extra_fonts)
    dropped: list[str] = []
    title = _drop_emoji(card.title, titles, dropped)
    subtitle = _drop_emoji(card.subtitle, texts, dropped)
    left, top = width * (0.08 if portrait else 0.09), height * (0.08 if portrait else 0.10)
    right, bottom = width - left, height - top
    placed: list[TextBox] = []
    probe = ImageDraw.Draw(Image.new("1", (1, 1)))

    def place(
        text: str,
        fonts: tuple[Path, ...],
        px: int,
        xy: tuple[float, float],
        anchor: str,
        fill,
        role: str,
    ) -> None:
        box = (
            Styled(fonts, px).bbox(xy, text, anchor)
            if text
            else probe.textbbox(xy, "", anchor=anchor)
        )
        placed.append(
            TextBox(text, fonts, px, xy, anchor, fill, tuple(int(round(v)) for v in box), role)
        )

    small = max(10, int(unit * 0.03))
    sub_px = max(11, int(unit * (0.05 if portrait else 0.042)))
    if card.number is None:
        # Opening and closing cards: centred title, subtitle and byline under it.
        box_w, box_h = right - left, (bottom - top) * 0.6
        px, lines, cut = _fit(
            title,
            titles,
            box_w,
            box_h,
            int(unit * (0.13 if portrait else 0.115)),
            max(12, int(unit * 0.05)),
        )
        sub_lines = wrap(subtitle, Styled(texts, sub_px), box_w)[:2] if subtitle else []
        extra = [card.byline] if card.byline else []
        line_h, sub_h = px * 1.12, sub_px * 1.35
        block = (
            len(lines) * line_h
            + (len(sub_lines) + len(extra)) * sub_h
            + (sub_px * 0.6 if sub_lines or extra else 0)
        )
        y = height * (0.45 if portrait else 0.5) - block / 2 + line_h / 2
        for line in lines:
            place(line, titles, px, (width / 2, y), "mm", theme.title_color, "title")
            y += line_h
        y += sub_px * 0.6 - line_h / 2 + sub_h / 2
        for line in sub_lines:
            place(
                _cut(line, texts, sub_px, box_w),
                texts,
                sub_px,
                (width / 2, y),
                "mm",
                theme.muted_color,
                "subtitle",
            )
            y += sub_h
        for line in extra:
            place(
                _cut(line, texts, small, box_w),
                texts,
                small,
                (width / 2, y),
                "mm",
                theme.accent,
                "byline",
            )
            y += sub_h
        if card.footer:
            place(
                _cut(card.footer, texts, small, box_w),
                texts,
                small,
                (width / 2, bottom),
                "ms",
                theme.muted_color,
                "footer",
            )
        return CardLayout(size, tuple(placed), px, cut, tuple(dropped))

    bar = max(4, int(unit * 0.012))
    # A right-to-left title (Arabic, Hebrew) hangs from the right edge, its bar on the right.
    rtl = right_to_left(title)
    text_left = left + bar * 4
    edge, side = (right - bar * 4, "r") if rtl else (text_left, "l")
    counter = f"{card.number:02d}" if card.total < 100 else str(card.number)
    kicker_px = max(12, int(unit * (0.07 if portrait else 0.05)))
    footer_space = small * 3
    box_w = right - text_left
    sub_lines_max = 2 if subtitle else 0
    box_h = (
        (bottom - top) * (0.55 if portrait else 1.0)
        - kicker_px * 2
        - footer_space
        - sub_lines_max * sub_px * 1.35
    )
    px, lines, cut = _fit(
        title,
        titles,
        box_w,
        box_h,
        int(unit * (0.12 if portrait else 0.10)),
        max(12, int(unit * 0.045)),
    )
    sub_lines = (
        [
            _cut(line, texts, sub_px, box_w)
            for line in wrap(subtitle, Styled(texts, sub_px), box_w)[:2]
        ]
        if subtitle
        else []
    )
    line_h = px * 1.12
    block_h = (
        kicker_px * 1.6
        + len(lines) * line_h
        + (sub_px * 0.5 + len(sub_lines) * sub_px * 1.35 if sub_lines else 0)
    )
    # Landscape: the block sits in the middle. Portrait: in the upper part, leaving room below
    # for captions and the platform's own buttons.
    anchor_y = height * 0.40 if portrait else top + (bottom - footer_space - top) / 2
    y0 = max(top, anchor_y - block_h / 2)
    place(counter, titles, kicker_px, (edge, y0), side + "t", theme.accent, "counter")
    y = y0 + kicker_px * 1.6
    for line in lines:
        place(line, titles, px, (edge, y), side + "t", theme.title_color, "title")
        y += line_h
    y += sub_px * 0.5
    for line in sub_lines:
        place(line, texts, sub_px, (edge, y), side + "t", theme.muted_color, "subtitle")
        y += sub_px * 1.35
    if card.footer:
        place(
            _cut(card.footer, texts, small, (right - left) * 0.7),
            texts,
            small,
            (left, bottom),
            "ls",
            theme.muted_color,
            "footer",
        )
    if card.total:
        place(
            f"{card.number} of {card.total}",
            texts,
            small,
            (right, bottom),
            "rs",
            theme.muted_color,
            "footer",
        )
    return CardLayout(size, tuple(placed), px, cut, tuple(dropped))


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    column.putdata(
        [tuple(round(a + (b - a) * i / 255) for a, b in zip(top, bottom)) for i in range(256)]
    )
    return column.resize(size, Image.BILINEAR)


@lru_cache(maxsize=8)
def _picture(path: Path, size: tuple[int, int], blur: float) -> Image.Image:
    with Image.open(path) as source:
        picture = ImageOps.exif_transpose(source).convert("RGB")
    picture = ImageOps.fit(picture, size, Image.LANCZOS)  # cover: fill the frame, crop the overflow
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
    return Image.blend(_picture(Path(image), size, theme.blur), gradient, theme.dim)


def render_overlay(
    card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> Image.Image:
    """Everything drawn over the background, on a transparent layer (so motion can move the
    background alone)."""
    layout = layout_card(card, size, theme)
    width, height = size
    unit = min(width, height)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    titles = layout.boxes("title")
    if card.number is None and titles:
        bar_w, bar_h = unit * 0.08, max(3, unit * 0.008)
        y = min(b[1] for b in titles) - unit * 0.06
        draw.rectangle(
            (width / 2 - bar_w / 2, y, width / 2 + bar_w / 2, y + bar_h), fill=theme.accent
        )
    elif titles:
        bar = max(4, int(unit * 0.012))
        x = width * (0.08 if height > width * 1.15 else 0.09)
        if any(t.anchor.startswith("r") for t in layout.texts if t.role == "title"):
            x = width - x - bar + 1
        block = titles + layout.boxes("subtitle")
        draw.rectangle(
            (x, min(b[1] for b in titles), x + bar - 1, max(b[3] for b in block)), fill=theme.accent
        )
        if card.total:
            track_h = max(3, int(height * 0.006))
            track = tuple(
                round(a + (b - a) * 0.25)
                for a, b in zip(theme.background_bottom, theme.muted_color)
            )
            draw.rectangle((0, height - track_h, width, height), fill=track)
            draw.rectangle(
                (0, height - track_h, round(width * card.number / card.total), height),
                fill=theme.accent,
            )
    for text in layout.texts:
        Styled(text.fonts, text.size).draw(draw, text.xy, text.text, text.anchor, text.fill)
    if theme.logo:
        _paste_logo(overlay, theme)
    return overlay


def _paste_logo(overlay: Image.Image, theme: Theme) -> None:
    width, height = overlay.size
    with Image.open(theme.logo) as source:
        logo = source.convert("RGBA")
    target = max(8, int(min(width, height) * theme.logo_size))
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
    return render_background(card, size, theme), render_overlay(card, size, theme)


def render_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> Image.Image:
    """The card as an RGB image of exactly `size`."""
    background, overlay = render_layers(card, size, theme)
    return Image.alpha_composite(background.convert("RGBA"), overlay).convert("RGB")


def layout_caption(
    text: str, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> tuple[list[TextBox], tuple[int, int, int, int]]:
    """Caption lines near the bottom of the safe area, and the box drawn behind them."""
    width, height = size
    unit = min(width, height)
    fonts = chain(theme.text_font, theme.extra_fonts)
    px = max(10, int(unit * 0.048))
    limit = width * SAFE_AREA * 0.86
    while True:
        lines = wrap(text, Styled(fonts, px), limit)
        if len(lines) <= 2 or px <= 10:
            break
        px = max(10, int(px * 0.9))
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = _cut(lines[1] + " …", fonts, px, limit)
    else:
        lines = balance(text, Styled(fonts, px), limit, lines)
    line_h = px * 1.3
    # Above the footer line of segment cards (portrait: above the lower fifth), inside the safe area.
    bottom = height * (0.80 if height > width * 1.15 else 0.90) - max(10, int(unit * 0.03)) * 2.2
    placed = []
    for i, line in enumerate(lines):
        xy = (width / 2, bottom - (len(lines) - 1 - i) * line_h)
        box = Styled(fonts, px).bbox(xy, line, "md")
        placed.append(
            TextBox(
                line,
                fonts,
                px,
                xy,
                "md",
                (255, 255, 255),
                tuple(int(round(v)) for v in box),
                "caption",
            )
        )
    pad = px * 0.45
    left = min(t.box[0] for t in placed) - pad * 1.5
    right = max(t.box[2] for t in placed) + pad * 1.5
    top = min(t.box[1] for t in placed) - pad
    low = max(t.box[3] for t in placed) + pad
    return placed, (int(left), int(top), int(right), int(low))


def caption_overlay(text: str, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> Image.Image:
    """The caption on a transparent layer: white text on a translucent dark box, readable on any card."""
    placed, box = layout_caption(text, size, theme)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rounded_rectangle(box, radius=max(4, (box[3] - box[1]) // 6), fill=(0, 0, 0, 190))
    for text_box in placed:
        Styled(text_box.fonts, text_box.size).draw(
            draw, text_box.xy, text_box.text, text_box.anchor, text_box.fill
        )
    return layer


def draw_caption(image: Image.Image, text: str, theme: Theme = DEFAULT_THEME) -> Image.Image:
    """A copy of the card with the caption drawn over it."""
    return Image.alpha_composite(
        image.convert("RGBA"), caption_overlay(text, image.size, theme)
    ).convert("RGB")
