"""Card layout: text measured inside the safe area for every script and shape, shrunk and cut
for long titles, balanced, right to left, and re-flowed for vertical frames."""

from __future__ import annotations

import numpy as np
import pytest

from scriptreel.media.card import CardText, layout_card
from scriptreel.media.fonts import chain, uncovered
from scriptreel.media.themes import DEFAULT_THEME

TITLES = {
    "short": "Tides",
    "long": "Why the tide comes in twice a day and what the Sun has to do with it",
    "very long": " ".join(["An absurdly long heading that never seems to stop"] * 40),
    "one huge word": "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
}
SIZES = [(1920, 1080), (1280, 720), (320, 180), (1080, 1920), (1080, 1080)]
HARD_TITLES = {
    "one letter": "A",
    "long word repeated": "Supercalifragilisticexpialidocious" * 4,
    "greek and cyrillic": "Ωμέγα and Привет in one title",
    "repeated phrase": "Why, why, why " * 30,
    "emoji": "Tides 🌊 and waves",
    "arabic": "لماذا يأتي المد مرتين في اليوم",
    "hebrew": "שלום עולם וגלים",
    "japanese": "潮汐はなぜ一日に二回来るのか",
}
ALL_TITLES = {**TITLES, **HARD_TITLES}
CARD = CardText(
    "Why the tide comes in twice a day",
    3,
    7,
    "How the Moon Moves the Sea",
    subtitle="Gravity and distance",
)
FONTS = chain(DEFAULT_THEME.title_font)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", sorted(ALL_TITLES))
@pytest.mark.parametrize("number", [None, 3])
@pytest.mark.parametrize(
    "footer, subtitle",
    [("A footer that is also quite long " * 3, ""), ("A footer", "A subtitle " * 6)],
)
def test_text_stays_inside_the_safe_area(size, kind, number, footer, subtitle):
    title = ALL_TITLES[kind]
    if uncovered(title.replace("🌊", ""), FONTS):
        pytest.skip(f"no font on this machine covers {title!r}")
    layout = layout_card(CardText(title, number, 12, footer, subtitle=subtitle), size)
    left, top, right, bottom = layout.safe_area()
    for text in layout.texts:
        x0, y0, x1, y1 = text.box
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, (
            text.text,
            text.box,
            layout.safe_area(),
        )


def test_long_titles_shrink_and_absurd_ones_are_cut():
    short = layout_card(CardText(TITLES["short"], 1, 3), (1280, 720))
    long = layout_card(CardText(TITLES["long"], 1, 3), (1280, 720))
    absurd = layout_card(CardText(TITLES["very long"], 1, 3), (1280, 720))
    assert short.title_size >= long.title_size >= absurd.title_size
    assert not long.truncated
    assert absurd.truncated and any(t.text.endswith("…") for t in absurd.texts)


def test_balanced_lines_avoid_a_lone_last_word():
    layout = layout_card(CardText("Why the tide comes in twice a day", 3, 7), (1280, 720))
    title_lines = [t.text for t in layout.texts if t.size == layout.title_size]
    assert len(title_lines) >= 2 and len(title_lines[-1].split()) > 1


def test_emoji_without_an_emoji_font_are_left_out_and_reported():
    layout = layout_card(CardText("Tides 🌊 and waves", 1, 2), (640, 360))
    if not layout.dropped:
        pytest.skip("a colour emoji font is installed here")
    assert layout.dropped == ("🌊",) and all("🌊" not in t.text for t in layout.texts)


def test_vertical_layout_adapts_instead_of_scaling():
    wide = layout_card(CARD, (1920, 1080))
    tall = layout_card(CARD, (1080, 1920))
    wide_y = np.mean([b[1] for b in wide.boxes("title")]) / 1080
    tall_y = np.mean([b[1] for b in tall.boxes("title")]) / 1920
    assert (
        tall_y < wide_y
    )  # the block sits higher on a vertical card, clear of captions and buttons
    assert len(tall.boxes("title")) > len(wide.boxes("title"))  # re-wrapped for the narrow frame


def test_right_to_left_titles_hang_from_the_right_edge():
    title = "שלום עולם וגלים"
    if uncovered(title, chain(DEFAULT_THEME.title_font)):
        pytest.skip("no Hebrew font on this machine")
    layout = layout_card(CardText(title, 1, 2, "Footer"), (1280, 720))
    left, _, right, _ = layout.safe_area()
    box = layout.boxes("title")[0]
    assert right - box[2] < 100 < box[0] - left  # against the right edge, far from the left


def test_cjk_titles_break_between_characters_without_hyphens():
    title = "潮汐はなぜ一日に二回来るのか" * 2
    if uncovered(title, chain(DEFAULT_THEME.title_font)):
        pytest.skip("no CJK font installed on this machine")
    lines = [
        t.text for t in layout_card(CardText(title, 1, 2), (640, 360)).texts if t.role == "title"
    ]
    assert (
        len(lines) > 1 and not any(line.endswith("-") for line in lines) and "".join(lines) == title
    )
