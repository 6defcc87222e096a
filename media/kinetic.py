"""Kinetic type for a segment without pictures: the call-out being spoken set large and slid in
on its word, the one before it stepped back above it, numbers counting up, the years said so
far on a timeline strip, and a name with what it is as a lower third."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw

from scriptreel.media.beat_text import cut, drawable, fit_lines
from scriptreel.media.beats import label_overlay
from scriptreel.media.card import render_background
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.framing import portrait
from scriptreel.media.grid import Grid
from scriptreel.media.layout import CardText
from scriptreel.media.textfit import balance
from scriptreel.media.themes import DEFAULT_THEME, Theme
from scriptreel.script.facts import FactKind, sentence_facts

Size = tuple[int, int]
STEPS = 3
"""Pictures of a call-out's entrance; the last is the call-out at rest."""
STEP_SECONDS = 0.1
"""How long each entrance picture is shown (three make a 0.3 s slide and fade)."""
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d(?:s)?\b")
_ROLE_WORDS = frozenset("of from at".split())
_NUMBER = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")  # never ends on a comma: "In 1979, one"


@dataclass(frozen=True)
class KineticState:
    """What the kinetic layer shows at one moment of a segment."""

    phrase: str = ""
    """The call-out being shown, as written."""
    before: str = ""
    """The call-out before it, drawn small and dimmed above it."""
    step: int = STEPS
    """Entrance picture of `phrase`, 1 to STEPS (at rest)."""
    spoken: bool = True
    """False once its sentence has ended a while before the next call-out, or behind a lower
    third: drawn dimmer."""
    years: tuple[str, ...] = ()
    """The timeline strip: years said so far in the segment, the last the latest."""


def years_in(phrase: str) -> tuple[str, ...]:
    """The years a call-out mentions, as written ("1947", "1980s")."""
    return tuple(_YEAR.findall(phrase))


def name_and_role(phrase: str) -> tuple[str, str] | None:
    """(name, what it is) when a call-out starts with a name followed by words that say what
    it is ("Mohammed Omar" / "of the Taliban"): shown as a lower third."""
    words = phrase.split()
    for start, end, kind in sentence_facts("The " + phrase):
        role = words[end - 1 :]
        # Only "of/from/at ..." says what the name is; "Saudi Arabia over the next decades" not.
        if kind is FactKind.NAME and start == 1 and role and role[0] in _ROLE_WORDS:
            return " ".join(words[: end - 1]), " ".join(role)
    return None


def kinetic_frame(
    card: CardText,
    state: KineticState,
    size: Size,
    theme: Theme = DEFAULT_THEME,
    room_for_captions: bool = False,
) -> Image.Image:
    """One RGB frame of the kinetic layer over the card's background, its title as a label."""
    # The grid's zone for kinetic text: title-safe, below the label row, above the footer, and
    # above the caption band while captions are burned; a lower third takes its speaker zone.
    grid = Grid(size, room_for_captions)
    left, top, right, bottom = grid.headline()
    unit = grid.unit
    if state.years:
        bottom -= unit * 0.13
    lower = name_and_role(state.phrase) if state.phrase else None
    if lower:
        # The lower third comes up over the call-out before it, which stays, stepped back.
        # From the speaker zone's corner, as wide as the name needs within the headline zone.
        under = _under(card, size, theme, room_for_captions, state.years, "")
        speaker = grid.speaker()
        layer, panel_top = _lower_third(size, theme, *lower, (speaker[0], top, right, bottom))
        behind = None
        if state.before:
            stepped_back = KineticState(state.before, spoken=False)
            behind = _phrase_layer(size, theme, stepped_back, (left, top, right, panel_top))
        return _composed(under, [behind, _entering(layer, state.step, unit)])
    under = _under(card, size, theme, room_for_captions, state.years, state.before)
    if state.before:
        top += unit * 0.1
    if not state.phrase:
        return _composed(under, [])
    layer = _phrase_layer(size, theme, state, (left, top, right, bottom))
    return _composed(under, [_entering(layer, state.step, unit)])


@lru_cache(maxsize=4)
def _backdrop(card: CardText, size: Size, theme: Theme) -> Image.Image:
    """The card's background with its title as a corner label (RGBA), drawn once a segment."""
    background = render_background(card, size, theme).convert("RGBA")
    return Image.alpha_composite(background, label_overlay(size, theme, card.title))


@lru_cache(maxsize=2)  # the same under every picture of a call-out: its entrance and rest
def _under(
    card: CardText, size: Size, theme: Theme, room: bool, years: tuple[str, ...], before: str
) -> tuple[Image.Image, Image.Image]:
    """What lies under the call-out being shown: the backdrop with the timeline strip and the
    call-out before drawn on it, in RGBA and in RGB."""
    image = _backdrop(card, size, theme).copy()
    grid = Grid(size, room)
    left, top, right, bottom = grid.headline()
    unit = grid.unit
    if years:
        bottom -= unit * 0.13
        _timeline(image, years, (left, bottom, right, bottom + unit * 0.13), theme)
    if before:
        _draw_before(image, before, theme, (left, top, right), unit)
    return image, image.convert("RGB")


def _composed(under: tuple[Image.Image, Image.Image], sprites: list[Sprite]) -> Image.Image:
    """The sprites composited in order over what lies under them, as a new RGB image.

    Compositing works pixel by pixel, so only the region the sprites cover is composited and
    converted; everywhere else the frame is the one under them."""
    rgba, rgb = under
    image = rgb.copy()
    drawn = [sprite for sprite in sprites if sprite is not None]
    if not drawn:
        return image
    left = min(x for _, (x, _) in drawn)
    top = min(y for _, (_, y) in drawn)
    right = max(x + part.width for part, (x, _) in drawn)
    bottom = max(y + part.height for part, (_, y) in drawn)
    patch = rgba.crop((left, top, right, bottom))
    for part, (x, y) in drawn:
        patch.alpha_composite(part, (x - left, y - top))
    image.paste(patch.convert("RGB"), (left, top))
    return image


def _phrase_layer(size: Size, theme: Theme, state: KineticState, box) -> Sprite:
    """The phrase large, left-aligned beside an accent bar, numbers in the accent colour and
    counted up while it enters."""
    left, top, right, bottom = box
    unit = min(size)
    fonts = chain(theme.title_font, theme.extra_fonts)
    indent = max(3, round(unit * 0.012)) * 4
    largest = int(unit * (0.13 if portrait(size) else 0.115))
    # Laid out once at rest, so the lines do not move while the numbers count up.
    px, lines = _fitted(
        drawable(state.phrase, fonts), fonts, right - left - indent, bottom - top, largest, unit
    )
    lines = tuple(_counted(line, state.step / STEPS) for line in lines)
    return _drawn_phrase(size, theme, lines, px, state.spoken, box)


@lru_cache(maxsize=8)  # a call-out's entrance and rest differ only in where and how opaque
def _drawn_phrase(
    size: Size, theme: Theme, lines: tuple[str, ...], px: int, spoken: bool, box
) -> Sprite:
    """Lines of a phrase in size `px`, drawn as `_phrase_layer` places them."""
    left, top, _, bottom = box
    unit = min(size)
    fonts = chain(theme.title_font, theme.extra_fonts)
    bar = max(3, round(unit * 0.012))
    indent = bar * 4
    font = Styled(fonts, px)
    line_h = px * 1.18
    y = top + max(0.0, (bottom - top - line_h * len(lines)) / 2)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle(
        (left, y + px * 0.1, left + bar - 1, y + line_h * len(lines) - px * 0.1), theme.accent
    )
    colour = theme.title_color if spoken else _mix(theme.title_color, theme.muted_color)
    space = font.getlength(" ")
    for line in lines:
        x = left + indent
        for word in line.split(" "):
            fill = theme.accent if any(c.isdigit() for c in word) else colour
            font.draw(draw, (x, y + line_h / 2), word, "lm", fill)
            x += font.getlength(word) + space
        y += line_h
    return _trimmed(layer)


def _draw_before(image: Image.Image, before: str, theme: Theme, where, unit: int) -> None:
    """The call-out before, small and dimmed above the current one: shrunk to fit its line, or
    left out when even the smallest size is too wide (cut, it could lose a number)."""
    left, top, right = where
    fonts = chain(theme.title_font, theme.extra_fonts)
    text = drawable(before, fonts)
    px = _before_size(text, fonts, right - left, unit)
    if px is not None:
        dim = _mix(theme.muted_color, theme.background_top)
        Styled(fonts, px).draw(ImageDraw.Draw(image), (left, top), text, "lt", dim)


@lru_cache(maxsize=16)  # the call-out before is drawn under each picture of the next one
def _before_size(text: str, fonts, width: float, unit: int) -> int | None:
    """The size the call-out before is drawn in: shrunk until it fits, None if it never does."""
    px, smallest = max(10, int(unit * 0.045)), max(8, int(unit * 0.03))
    while px > smallest and Styled(fonts, px).getlength(text) > width:
        px -= 1
    return px if Styled(fonts, px).getlength(text) <= width else None


@lru_cache(maxsize=64)  # each call-out is drawn entering, at rest and dimmed: measured once
def _fitted(phrase: str, fonts, width: float, height: float, largest: int, unit: int):
    smallest = int(unit * 0.05)

    # No word is split inside (a name read "Afghan-Paki- / stan"): the type shrinks until the
    # widest word fits its line, down to the smallest size.
    def too_wide(px: int) -> bool:
        return any(Styled(fonts, px).getlength(word) > width for word in phrase.split())

    while largest > smallest and too_wide(largest):
        largest = max(smallest, int(largest * 0.95))
    if too_wide(largest):
        phrase = phrase.replace("-", "- ")  # at the smallest size, break at its own hyphens
    px, lines = fit_lines(phrase, fonts, width, height, (largest, smallest), 4)
    if " ".join(lines) == phrase:  # even lines, no lone word on the last ("stretch of its | own")
        lines = balance(phrase, Styled(fonts, px), width, list(lines))
    return px, tuple(line.replace("- ", "-") for line in lines)


@lru_cache(maxsize=2)  # drawn once for its entrance pictures and its rest
def _lower_third(size: Size, theme: Theme, name: str, role: str, box):
    """A name and what it is on a panel at the bottom left of the box (the panel within its
    width), and the panel's top."""
    left, _, right, bottom = box
    unit = min(size)
    fonts = chain(theme.title_font, theme.extra_fonts)
    big = Styled(fonts, max(12, int(unit * 0.075)))
    small = Styled(chain(theme.text_font, theme.extra_fonts), max(10, int(unit * 0.05)))
    pad = unit * 0.03
    width = right - left - pad * 3
    name = cut(drawable(name, fonts), big, width)
    role = cut(drawable(role, fonts), small, width)
    panel_w = max(big.getlength(name), small.getlength(role)) + pad * 3
    panel_h = unit * 0.075 * 1.2 + unit * 0.05 * 1.3 + pad * 2
    top = bottom - panel_h
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    draw.rectangle((left, top, left + panel_w, bottom), (*theme.background_top, 235))
    draw.rectangle((left, top, left + max(3, round(unit * 0.012)), bottom), theme.accent)
    big.draw(draw, (left + pad * 1.5, top + pad), name, "lt", theme.title_color)
    small.draw(draw, (left + pad * 1.5, bottom - pad), role, "lb", theme.accent)
    return _trimmed(layer), top - unit * 0.03


def _timeline(image: Image.Image, years: tuple[str, ...], box, theme: Theme) -> None:
    """A line with a tick per year said so far, in time order, evenly spaced, the one said last
    in the accent colour."""
    left, top, right, bottom = box
    unit = min(image.size)
    draw = ImageDraw.Draw(image)
    middle = top + (bottom - top) * 0.35
    draw.line((left, middle, right, middle), fill=theme.muted_color, width=max(1, unit // 240))
    font = Styled(chain(theme.text_font, theme.extra_fonts), max(9, int(unit * 0.04)))
    said = years[-1]
    shown = sorted(years[-6:], key=lambda year: int(year[:4]))
    step = (right - left) / max(len(shown), 1)
    for index, year in enumerate(shown):
        x = left + step * (index + 0.5)
        latest = year == said
        radius = unit * (0.014 if latest else 0.009)
        fill = theme.accent if latest else theme.muted_color
        draw.ellipse((x - radius, middle - radius, x + radius, middle + radius), fill=fill)
        font.draw(draw, (x, middle + unit * 0.025), year, "mt", fill)


Sprite = tuple[Image.Image, tuple[int, int]] | None
"""What a transparent layer has drawn: the part of it inside its bounding box and where that
part goes, or None when nothing is drawn. Cached sprites are shared: never changed in place."""


def _trimmed(layer: Image.Image) -> Sprite:
    box = layer.getbbox()
    return None if box is None else (layer.crop(box), box[:2])


def _entering(sprite: Sprite, step: int, unit: int) -> Sprite:
    """The sprite as it is at entrance picture `step`: faded and slid in from the right."""
    if step >= STEPS or sprite is None:
        return sprite
    share = max(step, 0) / STEPS
    part, (x, y) = sprite[0].copy(), sprite[1]
    part.putalpha(part.getchannel("A").point([round(a * share) for a in range(256)]))
    return part, (x + round((1 - share) * unit * 0.08), y)


def _counted(phrase: str, share: float) -> str:
    """The phrase with its numbers (not its years) at `share` of their value, as written."""
    if share >= 1:
        return phrase

    def scaled(found: re.Match) -> str:
        text = found[0]
        if _YEAR.fullmatch(text):
            return text
        decimals = len(text.split(".")[1]) if "." in text else 0
        value = float(text.replace(",", "")) * share
        shown = f"{value:,.{decimals}f}" if "," in text else f"{value:.{decimals}f}"
        return shown

    return _NUMBER.sub(scaled, phrase)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int]) -> tuple[int, int, int]:
    return tuple((x + y) // 2 for x, y in zip(a, b, strict=True))
