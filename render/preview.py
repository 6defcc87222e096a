"""`scriptreel preview`: every card on one contact sheet, with estimated durations, no narration."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

from media.card import card_text, render_card
from media.fonts import Styled, chain
from media.themes import load_theme
from script import WORDS_PER_SECOND, Script, load_script

from .checks import card_problems
from .errors import UsageError
from .output import write_file
from .settings import DEFAULT_SIZE, RenderSettings
from .timeline import RATE, segment_seconds

THUMB_WIDTH = 480
COLUMNS = 4


def estimate(script: Script) -> list[float]:
    """Seconds each card is likely to stay up, from word counts (no voice needed)."""
    found = []
    for segment in script.segments:
        words = sum(len(s.text.split()) for s in segment.sentences)
        pauses = sum(s.pause_after for s in segment.sentences)
        speech = round((words / WORDS_PER_SECOND + pauses) * RATE)
        numbered = segment.number is not None
        found.append(segment_seconds(speech, bool(words), numbered, RenderSettings.breath))
    return found


def write_preview(
    script_path: Path, output: Path, size, theme_spec, fonts, card: int | None
) -> str:
    script = load_script(script_path)
    size = size or script.settings.size or DEFAULT_SIZE
    theme = load_theme(
        theme_spec or script.settings.theme,
        script.path.parent if not theme_spec else Path.cwd(),
        fonts,
    )
    card_problems(script, size, theme)
    cards = [card_text(script, segment) for segment in script.segments]
    if card is not None:
        if not 0 <= card < len(cards):
            raise UsageError("--card", f"there is no card {card}", f"use 0 to {len(cards) - 1}")
        write_file(
            output, lambda temp: render_card(cards[card], size, theme).save(temp, format="PNG")
        )
        return f"wrote {output}: card {card} {cards[card].title!r} at {size[0]}x{size[1]}"
    seconds = estimate(script)
    thumb = (THUMB_WIDTH, round(THUMB_WIDTH * size[1] / size[0]))
    if thumb[1] > thumb[0]:
        thumb = (round(THUMB_WIDTH * 0.6), round(THUMB_WIDTH * 0.6 * size[1] / size[0]))
    label_h, gap = 34, 16
    columns = min(COLUMNS, len(cards))
    rows = math.ceil(len(cards) / columns)
    sheet = Image.new(
        "RGB",
        (gap + columns * (thumb[0] + gap), gap + rows * (thumb[1] + label_h + gap)),
        (24, 24, 28),
    )
    draw = ImageDraw.Draw(sheet)
    label = Styled(chain(theme.text_font, theme.extra_fonts), 16)
    elapsed = 0.0
    for index, (text, duration) in enumerate(zip(cards, seconds)):
        x = gap + (index % columns) * (thumb[0] + gap)
        y = gap + (index // columns) * (thumb[1] + label_h + gap)
        sheet.paste(render_card(text, size, theme).resize(thumb, Image.LANCZOS), (x, y))
        minutes, secs = divmod(round(elapsed), 60)
        label.draw(
            draw,
            (x, y + thumb[1] + 10),
            f"#{index}  at {minutes}:{secs:02d}  ~{duration:.0f} s",
            "lt",
            (220, 220, 228),
        )
        elapsed += duration
    write_file(output, lambda temp: sheet.save(temp, format="PNG"))
    minutes, secs = divmod(round(elapsed), 60)
    return (
        f"wrote {output}: {len(cards)} cards, about {minutes}:{secs:02d} in all "
        f"(estimated at {WORDS_PER_SECOND * 60:.0f} words a minute)"
    )
