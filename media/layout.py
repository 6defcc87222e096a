"""Where a card's text goes: what a card says, and its lines placed for the frame's shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw

from scriptreel.media.fonts import Styled, chain, covers, is_emoji
from scriptreel.media.grid import CAPTION_LEADING, TITLE_SAFE, Grid, Shape
from scriptreel.media.textfit import LINE_SPACING, balance, cut, fit, right_to_left, wrap
from scriptreel.media.themes import DEFAULT_THEME, Theme

SAFE_AREA = TITLE_SAFE
"""Share of width and height that text must stay within (broadcast title-safe)."""
SUBTITLE_SPACING = 1.35
"""Subtitle and byline line height as a multiple of their font size."""
NUMBER_SPLIT = 0.7
"""Landscape segment cards: share of the stage's width for the title; the big number has the
rest."""
NUMBER_GAP = 0.07
"""Landscape segment cards: share of the stage's width kept clear between the title and the
big number, so a long title's last word never reads as one with it ("alive01")."""


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
    captions: bool = False
    """Captions are burned over the card: its text keeps out of their band."""


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
        return Grid(self.size).safe()

    def boxes(self, role: str) -> list[tuple[int, int, int, int]]:
        return [t.box for t in self.texts if t.role == role]


def card_text(script, segment) -> CardText:
    """What a script's segment shows on its card (render and preview agree by using this)."""
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


def portrait(size: tuple[int, int]) -> bool:
    """True for frames clearly taller than wide, which get their own layout."""
    return size[1] > size[0] * 1.15


def _drop_emoji(text: str, fonts: tuple[Path, ...], dropped: list[str]) -> str:
    kept = []
    for char in text:
        if is_emoji(char) and not any(covers(p, char) for p in fonts):
            dropped.append(char)
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def _box(fonts: tuple[Path, ...], px: int, xy, text: str, anchor: str) -> tuple[int, ...]:
    if text:
        box = Styled(fonts, px).bbox(xy, text, anchor)
    else:
        box = ImageDraw.Draw(Image.new("1", (1, 1))).textbbox(xy, "", anchor=anchor)
    return tuple(int(round(v)) for v in box)


class _Card:
    """The state shared while one card is laid out: frame, grid, fonts and placed lines."""

    def __init__(self, card: CardText, size: tuple[int, int], theme: Theme):
        self.card, self.size, self.theme = card, size, theme
        self.grid = Grid(size, card.captions)
        self.unit = self.grid.unit
        self.tall = portrait(size)
        self.titles = chain(theme.title_font, theme.extra_fonts)
        self.texts = chain(theme.text_font, theme.extra_fonts)
        self.dropped: list[str] = []
        self.title = _drop_emoji(card.title, self.titles, self.dropped)
        self.subtitle = _drop_emoji(card.subtitle, self.texts, self.dropped)
        # A card has no label: its text may use the stage and the label row above it.
        self.left, _, self.right, self.bottom = self.grid.stage()
        self.top = self.grid.safe()[1]
        self.small = self.grid.small_px
        self.sub_px = max(11, int(self.unit * (0.055 if self.tall else 0.046)))
        self.placed: list[TextBox] = []

    def place(self, text, fonts, px, xy, anchor, fill, role) -> None:
        box = _box(fonts, px, xy, text, anchor)
        self.placed.append(TextBox(text, fonts, px, xy, anchor, fill, box, role))

    def done(self, px: int, truncated: bool) -> CardLayout:
        return CardLayout(self.size, tuple(self.placed), px, truncated, tuple(self.dropped))


def _layout_opening(c: _Card) -> CardLayout:
    """Opening and closing cards: title, subtitle and byline centred in the stage."""
    width = c.size[0]
    theme, unit, sub_px = c.theme, c.unit, c.sub_px
    box_w = c.right - c.left
    sub_lines = wrap(c.subtitle, Styled(c.texts, sub_px), box_w, 2) if c.subtitle else []
    extra = [c.card.byline] if c.card.byline else []
    sub_h = sub_px * SUBTITLE_SPACING
    below = (len(sub_lines) + len(extra)) * sub_h + (sub_px * 0.8 if sub_lines or extra else 0)
    box_h = (c.bottom - c.top) * 0.9 - below
    largest_px = int(unit * (0.15 if c.tall else 0.14))
    px, lines, truncated = fit(
        c.title, c.titles, box_w, box_h, largest_px, max(12, int(unit * 0.05))
    )
    line_h = px * LINE_SPACING
    block = len(lines) * line_h + below
    y = (c.top + c.bottom) / 2 - block / 2 + line_h / 2
    for line in lines:
        c.place(line, c.titles, px, (width / 2, y), "mm", theme.title_color, "title")
        y += line_h
    y += sub_px * 0.8 - line_h / 2 + sub_h / 2
    for line in sub_lines:
        line = cut(line, c.texts, sub_px, box_w)
        c.place(line, c.texts, sub_px, (width / 2, y), "mm", theme.muted_color, "subtitle")
        y += sub_h
    for line in extra:
        line = cut(line, c.texts, sub_px, box_w)
        c.place(line, c.texts, sub_px, (width / 2, y), "mm", theme.accent, "byline")
        y += sub_h
    if c.card.footer:
        footer = cut(c.card.footer, c.texts, c.small, box_w)
        bottom = c.grid.footer()[3] - c.small * 0.3  # the baseline, above the descenders
        c.place(footer, c.texts, c.small, (width / 2, bottom), "ms", theme.muted_color, "footer")
    return c.done(px, truncated)


def _layout_segment(c: _Card) -> CardLayout:
    """Segment cards: counter, title and subtitle in a block beside the accent bar, in the
    stage's left part (landscape; the right holds the big segment number) or all of it."""
    theme, unit, sub_px = c.theme, c.unit, c.sub_px
    bar = max(4, int(unit * 0.012))
    rtl = right_to_left(c.title)
    left, right = c.left, c.right
    # The big number takes one side (the end the title's lines do not start from).
    if number_box(c.size) is not None:
        split = (c.right - c.left) * (NUMBER_SPLIT - NUMBER_GAP)
        left, right = (c.right - split, c.right) if rtl else (c.left, c.left + split)
    # A right-to-left title (Arabic, Hebrew) hangs from the right edge, its bar on the right.
    text_left = left + bar * 4
    edge, side = (right - bar * 4, "r") if rtl else (text_left, "l")
    kicker_px = max(12, int(unit * (0.07 if c.tall else 0.055)))
    box_w = right - text_left - (bar * 4 if rtl else 0)
    box_h = (
        (c.bottom - c.top)
        - kicker_px * 1.6
        - (2 if c.subtitle else 0) * sub_px * SUBTITLE_SPACING
        - sub_px
    )
    largest_px, smallest_px = int(unit * (0.15 if c.tall else 0.13)), max(12, int(unit * 0.045))
    px, lines, truncated = fit(c.title, c.titles, box_w, box_h, largest_px, smallest_px)
    sub_lines = [
        cut(line, c.texts, sub_px, box_w)
        for line in (wrap(c.subtitle, Styled(c.texts, sub_px), box_w, 2) if c.subtitle else [])
    ]
    line_h = px * LINE_SPACING
    block_h = (
        kicker_px * 1.6
        + len(lines) * line_h
        + (sub_px * 0.5 + len(sub_lines) * sub_px * SUBTITLE_SPACING if sub_lines else 0)
    )
    # Vertical frames: the block a little above the middle, where the eye lands first.
    middle = c.top + (c.bottom - c.top) * (0.42 if c.tall else 0.5)
    y0 = max(c.top, middle - block_h / 2)
    counter = f"{c.card.number:02d}" if c.card.total < 100 else str(c.card.number)
    part = f"PART {counter}" if c.card.total else counter
    c.place(part, c.titles, kicker_px, (edge, y0), side + "t", theme.accent, "counter")
    y = y0 + kicker_px * 1.6
    for line in lines:
        c.place(line, c.titles, px, (edge, y), side + "t", theme.title_color, "title")
        y += line_h
    y += sub_px * 0.5
    for line in sub_lines:
        c.place(line, c.texts, sub_px, (edge, y), side + "t", theme.muted_color, "subtitle")
        y += sub_px * SUBTITLE_SPACING
    _place_footers(c)
    return c.done(px, truncated)


def number_box(
    size: tuple[int, int], captions: bool = False, rtl: bool = False
) -> tuple[float, ...] | None:
    """Where a segment card draws its big segment number on a landscape frame: the stage's
    right part, or its left part beside a right-to-left title."""
    grid = Grid(size, captions)
    if grid.shape is not Shape.LANDSCAPE:
        return None
    left, _, right, bottom = grid.stage()
    top = grid.safe()[1]
    if rtl:
        return left, top, right - (right - left) * NUMBER_SPLIT, bottom
    return left + (right - left) * NUMBER_SPLIT, top, right, bottom


def _place_footers(c: _Card) -> None:
    muted = c.theme.muted_color
    left, _, right, bottom = c.grid.footer()
    bottom -= c.small * 0.3  # the baseline, above the descenders
    if c.card.footer:
        footer = cut(c.card.footer, c.texts, c.small, (right - left) * 0.7)
        c.place(footer, c.texts, c.small, (left, bottom), "ls", muted, "footer")
    if c.card.total:
        progress = f"{c.card.number} of {c.card.total}"
        c.place(progress, c.texts, c.small, (right, bottom), "rs", muted, "footer")


def layout_card(card: CardText, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> CardLayout:
    """Place the card's text for this frame size; the pure half of render_card."""
    state = _Card(card, size, theme)
    return _layout_opening(state) if card.number is None else _layout_segment(state)


def layout_caption(
    text: str, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> tuple[list[TextBox], tuple[int, int, int, int]]:
    """Caption lines bottom-aligned in the grid's caption band, and the box drawn behind them."""
    grid = Grid(size, captions=True)
    band_left, band_top, band_right, band_bottom = grid.caption()
    fonts = chain(theme.text_font, theme.extra_fonts)
    px = grid.caption_px
    limit = (band_right - band_left) * 0.9
    while True:
        lines = wrap(text, Styled(fonts, px), limit, 3)
        if len(lines) <= 2 or px <= 10:
            break
        px = max(10, int(px * 0.9))
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = cut(lines[1] + " …", fonts, px, limit)
    else:
        lines = balance(text, Styled(fonts, px), limit, lines)
    line_h = px * CAPTION_LEADING
    pad = px * 0.45
    bottom = band_bottom - pad - px * 0.3
    placed = []
    for i, line in enumerate(lines):
        xy = (size[0] / 2, bottom - (len(lines) - 1 - i) * line_h)
        box = tuple(int(round(v)) for v in Styled(fonts, px).bbox(xy, line, "md"))
        placed.append(TextBox(line, fonts, px, xy, "md", (255, 255, 255), box, "caption"))
    left = min(t.box[0] for t in placed) - pad * 1.5
    right = max(t.box[2] for t in placed) + pad * 1.5
    top = min(t.box[1] for t in placed) - pad
    low = max(t.box[3] for t in placed) + pad
    return placed, (int(left), int(max(top, band_top)), int(right), int(low))


__all__ = [
    "SAFE_AREA",
    "CardLayout",
    "CardText",
    "TextBox",
    "card_text",
    "layout_caption",
    "layout_card",
    "number_box",
    "portrait",
]
