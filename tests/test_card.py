"""Title cards: exact size, text measured inside the safe area, shrink and cut for long titles."""

from __future__ import annotations

import pytest

from media.card import CardText, layout_card, render_card

TITLES = {
    "short": "Tides",
    "long": "Why the tide comes in twice a day and what the Sun has to do with it",
    "very long": " ".join(["An absurdly long heading that never seems to stop"] * 40),
    "one huge word": "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
}
SIZES = [(1920, 1080), (1280, 720), (320, 180), (1080, 1920), (1080, 1080)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", sorted(TITLES))
@pytest.mark.parametrize("number", [None, 3])
def test_text_stays_inside_the_safe_area(size, kind, number):
    layout = layout_card(
        CardText(TITLES[kind], number, 12, "A footer that is also quite long " * 3), size
    )
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
    assert len(title_lines) == 2 and len(title_lines[-1].split()) > 1


@pytest.mark.parametrize("number", [None, 2])
def test_rendered_card_has_the_frame_size_and_drawn_text(number):
    image = render_card(CardText("Hello world", number, 4, "Footer"), (640, 360))
    assert image.size == (640, 360) and image.mode == "RGB"
    # Title text is near-white on a dark background: some pixels must be bright.
    assert max(max(p) for p in image.getdata()) > 230
