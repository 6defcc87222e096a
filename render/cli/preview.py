"""`scriptreel preview`: every card and beat on one contact sheet, with the start times a render
would give, without narrating."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PIL import Image, ImageDraw

from scriptreel.media.card import CardText, card_text, render_card
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.kinetic import STEPS, kinetic_frame
from scriptreel.media.themes import Theme
from scriptreel.render.beat_kinds import Drawing, spec_of
from scriptreel.render.cli.checks import card_problems
from scriptreel.render.errors import UsageError
from scriptreel.render.estimates import ScriptTime, script_time
from scriptreel.render.settings import RenderSettings, chosen_size, resolve_theme
from scriptreel.render.store.output import check_place, private_temp
from scriptreel.render.store.publish import Outputs
from scriptreel.render.video.callout_over import callout_over, shown_under
from scriptreel.render.video.kinetic import is_text_only, kinetic_states
from scriptreel.render.video.visuals import CARD_SKIP
from scriptreel.script import Script, Segment, load_script
from scriptreel.script.beats import Beat

THUMB_WIDTH = 480
COLUMNS = 4
SHEET_PIXELS = 40_000_000
"""Largest contact sheet: beyond it the thumbnails shrink (a long script stays one picture)."""
DRAW_WIDTH = 960
"""Tiles of a long storyboard are drawn at most this wide before shrinking (faster)."""


@dataclass(frozen=True)
class Tile:
    """One picture of the storyboard and when it appears."""

    label: str
    """What it is: `#3` for a card, `#3 picture` for a beat."""
    start: float
    """Estimated seconds into the video."""
    draw: Callable[[tuple[int, int]], Image.Image]
    """Draws it at a frame size."""


def estimate(script: Script, timing: ScriptTime | None = None) -> list[float]:
    """Seconds each card stays up: measured where the cache holds the narration, else
    estimated (render/estimates.py)."""
    return [segment.seconds for segment in (timing or script_time(script)).segments]


def tiles(
    script: Script, theme: Theme, timing: ScriptTime | None = None, every_card: bool = False
) -> list[Tile]:
    """Every card the video shows (with `every_card`, also those it skips: the studio's board
    keeps one per segment), then each of its beats, with their start times."""
    timing = timing or script_time(script)
    found = []
    for index, (segment, time) in enumerate(zip(script.segments, timing.segments)):
        card = card_text(script, segment)
        first = next((b for b in segment.beats if not spec_of(b).over_card), None)
        # A beat in the segment's first moment opens it: the video never shows the card.
        if every_card or first is None or time.anchor(first.anchor) - time.start >= CARD_SKIP:
            found.append(Tile(f"#{index}", time.start, _card_drawer(card, theme)))
        kinetic = iter(kinetic_states(segment) if is_text_only(segment) else ())
        at_rest = (state for state in kinetic if state.step == STEPS and state.spoken)
        for number, beat in enumerate(segment.beats):
            drawer = _beat_drawer(script, segment, beat, card, theme)
            if (state := next(at_rest, None)) is not None:  # drawn as the render draws it
                drawer = partial(kinetic_frame, card, state, theme=theme)
            elif spec_of(beat).over_card:  # over what shows then, as the render draws it
                under = shown_under(segment.beats, number)
                drawer = _over_drawer(script, segment, beat, under, card, theme)
            found.append(Tile(f"#{index} {beat.kind.value}", time.anchor(beat.anchor), drawer))
    return found


def _card_drawer(card: CardText, theme: Theme):
    return lambda size: render_card(card, size, theme)


def _beat_drawer(script: Script, segment: Segment, beat: Beat, card: CardText, theme: Theme):
    spec = spec_of(beat)
    where = f"{script.path}:{beat.line}"
    return lambda size: spec.board(beat, Drawing(size, theme, segment.title, where), card)


def _over_drawer(script, segment, beat: Beat, under: Beat | None, card: CardText, theme):
    """A call-out over the beat `under` it (None: over the card), drawn as the render does."""

    def draw(size):
        drawing = _drawing(script, segment, under or beat, size, theme)
        board = (lambda: spec_of(under).board(under, drawing, card)) if under else None
        return callout_over(under, drawing, card, beat.items[0] if beat.items else "", board)

    return draw


def _drawing(script: Script, segment: Segment, beat: Beat, size, theme: Theme) -> Drawing:
    return Drawing(size, theme, segment.title, f"{script.path}:{beat.line}")


def write_preview(
    script_path: Path,
    output: Path,
    size,
    theme_spec,
    fonts,
    card: int | None,
    allow_outside: bool = False,
    force: bool = False,
) -> str:
    """Write the storyboard (or card `card`) to `output`, a PNG; a file there that scriptreel
    did not write is refused unless `force`, as for a render's outputs."""
    check_place(output)
    outputs = Outputs((output,), force)
    outputs.check()
    script = load_script(script_path, allow_outside)
    size = chosen_size(size, script)
    asked = RenderSettings(theme=theme_spec, fonts=tuple(fonts), allow_outside=allow_outside)
    theme = resolve_theme(asked, script)
    card_problems(script, size, theme)
    if card is not None:
        cards = [card_text(script, segment) for segment in script.segments]
        if not 0 <= card < len(cards):
            raise UsageError("--card", f"there is no card {card}", f"use 0 to {len(cards) - 1}")
        _publish(outputs, render_card(cards[card], size, theme))
        return f"wrote {output}: card {card} {cards[card].title!r} at {size[0]}x{size[1]}"
    timing = script_time(script)
    shown = tiles(script, theme, timing)
    sheet = contact_sheet(shown, size, theme)
    _publish(outputs, sheet)
    total = timing.seconds
    minutes, secs = divmod(round(total), 60)
    beats = len(shown) - len(script.segments)
    return (
        f"wrote {output}: {_count(len(script.segments), 'card')} and {_count(beats, 'beat')}, "
        f"about {minutes}:{secs:02d} in all "
        f"({timing.basis()})"
    )


def _publish(outputs: Outputs, picture: Image.Image) -> None:
    """Save the PNG privately, then publish it by the ownership rules (render.publish)."""
    target = outputs.targets[0]
    temp = private_temp(target)
    try:
        picture.save(temp, format="PNG")
        outputs.publish({target: temp}, None)
    finally:
        temp.unlink(missing_ok=True)


def contact_sheet(shown: list[Tile], size: tuple[int, int], theme: Theme) -> Image.Image:
    """The tiles in a grid, labelled with their start times, within SHEET_PIXELS."""
    columns = min(max(COLUMNS, math.ceil(math.sqrt(len(shown)))), len(shown)) or 1
    rows = math.ceil(len(shown) / columns)
    width = THUMB_WIDTH if size[0] >= size[1] else round(THUMB_WIDTH * 0.6)
    # Shrink the thumbnails, their labels and gaps until the sheet fits the pixel budget.
    while True:
        height = round(width * size[1] / size[0])
        label_h, gap = max(10, round(width * 0.07)), max(4, round(width / 30))
        sheet_size = (gap + columns * (width + gap), gap + rows * (height + label_h + gap))
        if sheet_size[0] * sheet_size[1] <= SHEET_PIXELS or width <= 24:
            break
        width = int(width * 0.85)
    thumb = (width, round(width * size[1] / size[0]))
    scale = min(1.0, DRAW_WIDTH / size[0]) if len(shown) > 24 else 1.0
    drawn = (max(64, round(size[0] * scale / 2) * 2), max(64, round(size[1] * scale / 2) * 2))
    sheet = Image.new("RGB", sheet_size, (24, 24, 28))
    draw = ImageDraw.Draw(sheet)
    label = Styled(chain(theme.text_font, theme.extra_fonts), max(8, min(16, label_h - 4)))
    for index, tile in enumerate(shown):
        x = gap + (index % columns) * (thumb[0] + gap)
        y = gap + (index // columns) * (thumb[1] + label_h + gap)
        sheet.paste(tile.draw(drawn).resize(thumb, Image.LANCZOS), (x, y))
        minutes, secs = divmod(round(tile.start), 60)
        text = f"{tile.label}  at {minutes}:{secs:02d}"
        label.draw(draw, (x, y + thumb[1] + 2), text, "lt", (220, 220, 228))
    return sheet


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
