"""The formula card: a `$$ ... $$` formula drawn by matplotlib's mathtext, fitted to the stage."""

from __future__ import annotations

import io

from PIL import Image

from scriptreel.media.beats import label_overlay
from scriptreel.media.card import CardText, render_background
from scriptreel.media.grid import Grid
from scriptreel.media.themes import Theme

LARGEST = 0.16
"""Largest type size as a share of the frame's shorter side: a short formula is not shouted."""
DRAWN_AT = 96
"""Type size the formula is drawn at before it is scaled to its zone (sharp when shrunk)."""

Size = tuple[int, int]


def formula_picture(tex: str, colour: tuple[int, int, int], px: int) -> Image.Image:
    """The formula alone, in `colour` on transparency, its type `px` pixels."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(1, 1), dpi=72)
    hex_colour = "#{:02x}{:02x}{:02x}".format(*colour)
    figure.text(0, 0, f"${tex}$", fontsize=px, color=hex_colour)
    buffer = io.BytesIO()
    # At 72 dots an inch a point is a pixel; the margin keeps big operators' limits whole.
    figure.savefig(
        buffer, dpi=72, format="png", transparent=True, bbox_inches="tight", pad_inches=px / 144
    )
    buffer.seek(0)
    return Image.open(buffer).convert("RGBA")


def formula_frame(
    tex: str, size: Size, theme: Theme, title: str = "", captions: bool = False
) -> Image.Image:
    """The formula in the title colour, as large as the stage lets it be up to LARGEST, centred
    in the picture zone."""
    grid = Grid(size, captions)
    image = render_background(CardText(""), size, theme).convert("RGBA")
    left, top, right, bottom = grid.picture()
    room = (right - left - 2 * grid.gap, bottom - top - 2 * grid.gap)
    drawn = formula_picture(tex, theme.title_color, DRAWN_AT)
    scale = min(grid.unit * LARGEST / DRAWN_AT, room[0] / drawn.width, room[1] / drawn.height)
    if scale > 1.0:  # drawn again at its size rather than blown up
        drawn = formula_picture(tex, theme.title_color, max(1, round(DRAWN_AT * scale)))
    else:
        fitted = (max(1, round(drawn.width * scale)), max(1, round(drawn.height * scale)))
        drawn = drawn.resize(fitted, Image.LANCZOS)
    at = (
        round(left + (right - left - drawn.width) / 2),
        round(top + (bottom - top - drawn.height) / 2),
    )
    image.alpha_composite(drawn, at)
    image = Image.alpha_composite(image, label_overlay(size, theme, title))
    return image.convert("RGB")
