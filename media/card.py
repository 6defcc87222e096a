"""Title cards drawn with Pillow: measured, wrapped, shrunk-to-fit text inside the safe area."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).parent / "fonts"

SAFE_AREA = 0.90
"""Share of width and height that text must stay within (broadcast title-safe)."""


@dataclass(frozen=True)
class Theme:
    """Colours and fonts of a card."""

    background_top: tuple[int, int, int] = (12, 19, 38)
    """Gradient colour at the top edge."""
    background_bottom: tuple[int, int, int] = (27, 39, 66)
    """Gradient colour at the bottom edge."""
    title_color: tuple[int, int, int] = (246, 247, 251)
    """Card title."""
    muted_color: tuple[int, int, int] = (148, 163, 190)
    """Footer and secondary text."""
    accent: tuple[int, int, int] = (255, 186, 73)
    """Bar, counter and progress colour."""
    title_font: Path = FONTS / "InterDisplay-Bold.otf"
    """Font for titles."""
    text_font: Path = FONTS / "Inter-Medium.otf"
    """Font for the counter and footer."""


DEFAULT_THEME = Theme()


@dataclass(frozen=True)
class CardText:
    """Everything a card says."""

    title: str
    """The big text: the segment heading, or the video title on the opening card."""
    number: int | None = None
    """Segment number; None draws the opening card."""
    total: int = 0
    """Number of segments, for the counter and progress bar."""
    footer: str = ""
    """Small text at the bottom (the video title on segment cards)."""


@dataclass(frozen=True)
class TextBox:
    """One placed run of text and the pixel box it covers."""

    text: str
    font_path: Path
    size: int
    xy: tuple[float, float]
    anchor: str
    fill: tuple[int, int, int]
    box: tuple[int, int, int, int] = field(default=(0, 0, 0, 0))


@dataclass(frozen=True)
class CardLayout:
    """Where everything goes on a card of a given size."""

    size: tuple[int, int]
    texts: tuple[TextBox, ...]
    title_size: int
    """Font size the title ended up at after shrinking to fit."""
    truncated: bool
    """True when even the smallest size could not hold the whole title."""

    def safe_area(self) -> tuple[float, float, float, float]:
        width, height = self.size
        mx, my = width * (1 - SAFE_AREA) / 2, height * (1 - SAFE_AREA) / 2
        return mx, my, width - mx, height - my


@lru_cache(maxsize=64)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
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
            while cut > 1 and font.getlength(current[:cut] + "-") > width:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    return lines


def balance(text: str, font: ImageFont.FreeTypeFont, width: float, lines: list[str]) -> list[str]:
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


MAX_TITLE_LINES = 5
"""More lines than this is a paragraph, not a title: it is cut instead of shrunk further."""


def _fit_title(text: str, path: Path, width: float, height: float, largest: int, smallest: int) -> tuple[int, list[str], bool]:
    """Largest size whose wrapped lines fit the box; at the floor, cut with an ellipsis."""
    size = largest
    while True:
        font = _font(path, size)
        lines = wrap(text, font, width)
        line_height = size * 1.12
        if (len(lines) * line_height <= height and len(lines) <= MAX_TITLE_LINES) or size <= smallest:
            break
        size = max(smallest, int(size * 0.92))
    fits = max(1, min(MAX_TITLE_LINES, int(height // line_height)))
    if len(lines) <= fits:
        return size, balance(text, font, width, lines), False
    lines = lines[:fits]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1].rstrip()
    lines[-1] = last.rstrip(" ,;:-") + "…"
    return size, lines, True


def layout_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> CardLayout:
    """Place the card's text for this frame size; the pure half of render_card."""
    width, height = size
    unit = min(width, height)
    left, top = width * 0.09, height * 0.10
    right, bottom = width - left, height - top
    placed: list[TextBox] = []

    def place(text: str, path: Path, px: int, xy: tuple[float, float], anchor: str, fill) -> None:
        box = ImageDraw.Draw(Image.new("1", (1, 1))).textbbox(xy, text, font=_font(path, px), anchor=anchor)
        placed.append(TextBox(text, path, px, xy, anchor, fill, tuple(int(round(v)) for v in box)))

    small = max(10, int(unit * 0.03))
    if card.number is None:
        box_w, box_h = right - left, (bottom - top) * 0.72
        px, lines, cut = _fit_title(card.title, theme.title_font, box_w, box_h, int(unit * 0.115), max(12, int(unit * 0.05)))
        line_h = px * 1.12
        y = height / 2 - (len(lines) - 1) * line_h / 2
        for i, line in enumerate(lines):
            place(line, theme.title_font, px, (width / 2, y + i * line_h), "mm", theme.title_color)
        if card.footer:
            place(_cut(card.footer, theme.text_font, small, box_w), theme.text_font, small, (width / 2, bottom), "ms", theme.muted_color)
        return CardLayout(size, tuple(placed), px, cut)

    bar = max(4, int(unit * 0.012))
    text_left = left + bar * 4
    counter = f"{card.number:02d}" if card.total < 100 else str(card.number)
    kicker_px = max(12, int(unit * 0.05))
    footer_space = small * 3
    box_w = right - text_left
    box_h = (bottom - top) - kicker_px * 2 - footer_space
    px, lines, cut = _fit_title(card.title, theme.title_font, box_w, box_h, int(unit * 0.10), max(12, int(unit * 0.045)))
    line_h = px * 1.12
    block_h = kicker_px * 1.6 + len(lines) * line_h
    y0 = top + (bottom - footer_space - top - block_h) / 2
    place(counter, theme.title_font, kicker_px, (text_left, y0), "lt", theme.accent)
    for i, line in enumerate(lines):
        place(line, theme.title_font, px, (text_left, y0 + kicker_px * 1.6 + i * line_h), "lt", theme.title_color)
    if card.footer:
        place(_cut(card.footer, theme.text_font, small, (right - left) * 0.7), theme.text_font, small, (left, bottom), "ls", theme.muted_color)
    if card.total:
        place(f"{card.number} of {card.total}", theme.text_font, small, (right, bottom), "rs", theme.muted_color)
    return CardLayout(size, tuple(placed), px, cut)


def _cut(text: str, path: Path, size: int, width: float) -> str:
    """One line no wider than `width`, ending in an ellipsis if it had to be cut."""
    font = _font(path, size)
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text.rstrip() + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    column = Image.new("RGB", (1, 256))
    column.putdata([tuple(round(a + (b - a) * i / 255) for a, b in zip(top, bottom)) for i in range(256)])
    return column.resize(size, Image.BILINEAR)


def render_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> Image.Image:
    """The card as an RGB image of exactly `size`."""
    layout = layout_card(card, size, theme)
    width, height = size
    unit = min(width, height)
    image = _gradient(size, theme.background_top, theme.background_bottom)
    draw = ImageDraw.Draw(image)
    if card.number is None:
        titles = [t for t in layout.texts if t.font_path == theme.title_font]
        bar_w, bar_h = unit * 0.08, max(3, unit * 0.008)
        top = min(t.box[1] for t in titles) - unit * 0.06
        draw.rectangle((width / 2 - bar_w / 2, top, width / 2 + bar_w / 2, top + bar_h), fill=theme.accent)
    else:
        title_boxes = [t.box for t in layout.texts if t.font_path == theme.title_font]
        bar = max(4, int(unit * 0.012))
        x = width * 0.09
        draw.rectangle((x, min(b[1] for b in title_boxes), x + bar - 1, max(b[3] for b in title_boxes)), fill=theme.accent)
        if card.total:
            track_h = max(3, int(height * 0.006))
            draw.rectangle((0, height - track_h, width, height), fill=_mix(theme.background_bottom, theme.muted_color, 0.25))
            draw.rectangle((0, height - track_h, round(width * card.number / card.total), height), fill=theme.accent)
    for text in layout.texts:
        draw.text(text.xy, text.text, font=_font(text.font_path, text.size), anchor=text.anchor, fill=text.fill)
    return image


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b))


def layout_caption(text: str, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> tuple[list[TextBox], tuple[int, int, int, int]]:
    """Caption lines near the bottom of the safe area, and the box drawn behind them."""
    width, height = size
    unit = min(width, height)
    px = max(10, int(unit * 0.048))
    limit = width * SAFE_AREA * 0.86
    while True:
        lines = wrap(text, _font(theme.text_font, px), limit)
        if len(lines) <= 2 or px <= 10:
            break
        px = max(10, int(px * 0.9))
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = _cut(lines[1] + " …", theme.text_font, px, limit)
    else:
        lines = balance(text, _font(theme.text_font, px), limit, lines)
    line_h = px * 1.3
    # Above the footer line of segment cards, inside the safe area.
    bottom = height * 0.90 - max(10, int(unit * 0.03)) * 2.2
    placed = []
    probe = ImageDraw.Draw(Image.new("1", (1, 1)))
    for i, line in enumerate(lines):
        y = bottom - (len(lines) - 1 - i) * line_h
        xy = (width / 2, y)
        box = probe.textbbox(xy, line, font=_font(theme.text_font, px), anchor="md")
        placed.append(TextBox(line, theme.text_font, px, xy, "md", (255, 255, 255), tuple(int(round(v)) for v in box)))
    pad = px * 0.45
    left = min(t.box[0] for t in placed) - pad * 1.5
    right = max(t.box[2] for t in placed) + pad * 1.5
    top = min(t.box[1] for t in placed) - pad
    low = max(t.box[3] for t in placed) + pad
    return placed, (int(left), int(top), int(right), int(low))


def draw_caption(image: Image.Image, text: str, theme: Theme = DEFAULT_THEME) -> Image.Image:
    """A copy of the card with the caption drawn on a translucent dark box, readable on any card."""
    placed, box = layout_caption(text, image.size, theme)
    out = image.convert("RGBA")
    shade = Image.new("RGBA", out.size, (0, 0, 0, 0))
    ImageDraw.Draw(shade).rounded_rectangle(box, radius=max(4, (box[3] - box[1]) // 6), fill=(0, 0, 0, 190))
    out = Image.alpha_composite(out, shade)
    draw = ImageDraw.Draw(out)
    for text_box in placed:
        draw.text(text_box.xy, text_box.text, font=_font(text_box.font_path, text_box.size), anchor=text_box.anchor, fill=text_box.fill)
    return out.convert("RGB")
