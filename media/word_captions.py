"""Word-by-word captions: a few words at a time, the word being spoken in the accent colour."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PIL import Image, ImageDraw

from scriptreel.media.card import paste_visible
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.grid import Grid
from scriptreel.media.layout import portrait
from scriptreel.media.themes import DEFAULT_THEME, Theme
from scriptreel.media.words import Word

GROUP_WORDS = 4
"""Most words on screen at once (two to five is what short-form viewers read at a glance)."""
GROUP_CHARACTERS = 24
"""Most characters on screen at once, so a group stays one short line."""
_BREAKS = (".", ",", ";", ":", "?", "!", "—", "–")


class CaptionStyle(Enum):
    """How burned-in captions look."""

    LINES = "lines"
    """A cue of up to two lines, as in the .srt (the default)."""
    WORDS = "words"
    """A few words at a time, the word being spoken highlighted."""


def word_groups(words: Sequence[Word]) -> list[list[int]]:
    """Indexes of the words shown together: at most GROUP_WORDS words and GROUP_CHARACTERS
    characters, and a group ends after a word that ends a clause."""
    groups: list[list[int]] = []
    current: list[int] = []
    for index, word in enumerate(words):
        length = sum(len(words[i].text) + 1 for i in current) + len(word.text)
        if current and (len(current) >= GROUP_WORDS or length > GROUP_CHARACTERS):
            groups.append(current)
            current = []
        current.append(index)
        if word.text.endswith(_BREAKS):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def word_caption_overlay(
    texts: Sequence[str],
    current: int,
    size: tuple[int, int],
    theme: Theme = DEFAULT_THEME,
    color: str | None = None,
) -> Image.Image:
    """The group of words on a transparent layer, large, with `current` in the speaker's
    `color` (`#rrggbb`; None: the theme's accent), in the middle of the grid's caption band."""
    part, (left, top, _, _) = _word_caption_part(texts, current, size, theme, color)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    layer.paste(part, (left, top))
    return layer


def _word_caption_part(
    texts: Sequence[str], current: int, size: tuple[int, int], theme: Theme, color: str | None
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The word caption drawn on a layer of the box around it alone (a picture with a caption
    in every few frames is composited there, not over the whole frame), and that box."""
    lit = theme.accent if color is None else tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    width = size[0]
    grid = Grid(size, captions=True)
    band_left, band_top, band_right, band_bottom = grid.caption()
    fonts = chain(theme.title_font, theme.extra_fonts)
    px = max(12, int(grid.unit * (0.075 if portrait(size) else 0.065)))
    line = " ".join(texts)
    limit = (band_right - band_left) * 0.9
    while Styled(fonts, px).getlength(line) > limit and px > 12:
        px = max(12, int(px * 0.9))
    styled = Styled(fonts, px)
    centre_y = (band_top + band_bottom) / 2
    space = styled.getlength(" ")
    x = (width - styled.getlength(line)) / 2
    left, top, right, bottom = styled.bbox((width / 2, centre_y), line, "mm")
    pad = px * 0.35
    box = (left - pad * 1.5, top - pad, right + pad * 1.5, bottom + pad)
    # Whole pixels around the box and the words, with a font size to spare: every pixel drawn
    # is inside, and moving by an even number of pixels draws the same pixels (Python rounds a
    # half to even, so an odd move could round a picture's place the other way).
    margin = px + 2
    area = (
        max(0, (int(box[0]) - margin) // 2 * 2),
        max(0, (int(box[1]) - margin) // 2 * 2),
        min(size[0], int(box[2]) + margin),
        min(size[1], int(box[3]) + margin),
    )
    dx, dy = area[0], area[1]
    layer = Image.new("RGBA", (area[2] - dx, area[3] - dy), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    moved = (box[0] - dx, box[1] - dy, box[2] - dx, box[3] - dy)
    draw.rounded_rectangle(moved, radius=max(4, int(px * 0.3)), fill=(0, 0, 0, 170))
    for index, text in enumerate(texts):
        fill = lit if index == current else (255, 255, 255)
        styled.draw(draw, (x - dx, centre_y - dy), text, "lm", fill)
        x += styled.getlength(text) + space
    return layer, area


def draw_word_caption(
    image: Image.Image,
    texts: Sequence[str],
    current: int,
    theme: Theme = DEFAULT_THEME,
    color: str | None = None,
) -> Image.Image:
    """A copy of the picture with the word group drawn over it (see word_caption_overlay)."""
    return paste_visible(image, *_word_caption_part(texts, current, image.size, theme, color))
