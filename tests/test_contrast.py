"""A title over a picture reads: 4.5:1 or more against every pixel behind its letters, in
every built-in theme, whatever the picture (measured on the drawn pixels)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scriptreel.media.card import render_background, render_card
from scriptreel.media.contrast import READABLE, contrast
from scriptreel.media.layout import CardText
from scriptreel.media.themes import BUILT_IN

SIZE = (320, 180)


def _picture(tmp_path, kind: str):
    image = Image.new("RGB", (400, 225), (255, 255, 255) if kind == "white" else (0, 0, 0))
    if kind == "stripes":  # bright bars under part of the letters, dark under the rest
        draw = ImageDraw.Draw(image)
        for x in range(0, 400, 30):
            draw.rectangle((x, 0, x + 14, 225), fill=(255, 250, 235))
    path = tmp_path / f"{kind}.png"
    image.save(path)
    return path


def _letters(card: CardText, theme) -> list[tuple[int, int]]:
    """Where the title's letters are: pixels of the title colour on the plain card."""
    plain = np.asarray(render_card(CardText(card.title, card.number, card.total), SIZE, theme))
    near = np.abs(plain[..., :3].astype(int) - theme.title_color).sum(axis=2) < 24
    return [(int(x), int(y)) for y, x in zip(*np.nonzero(near))]


@pytest.mark.parametrize("theme", sorted(BUILT_IN))
@pytest.mark.parametrize("kind", ["white", "black", "stripes"])
def test_a_title_reads_on_any_picture(tmp_path, theme, kind):
    theme = BUILT_IN[theme]
    card = CardText("Harbour lights", 2, 5, image=_picture(tmp_path, kind))
    letters = _letters(card, theme)
    assert len(letters) > 50
    behind = render_background(card, SIZE, theme).convert("RGB")
    colours = {behind.getpixel(xy) for xy in letters}
    worst = min(contrast(theme.title_color, colour) for colour in colours)
    assert worst >= READABLE, f"{worst:.2f}:1 behind the title"


def test_a_dark_picture_is_not_dimmed_more_than_the_theme_asks(tmp_path):
    theme = BUILT_IN["midnight"]  # light titles: a black picture already reads
    card = CardText("Harbour lights", image=_picture(tmp_path, "stripes"))
    dark = CardText("Harbour lights", image=_picture(tmp_path, "black"))
    bright = render_background(card, SIZE, theme).convert("L").getextrema()[1]
    shade = render_background(dark, SIZE, theme).convert("L").getextrema()[1]
    assert shade < bright  # the scrim grows only for the bright one
