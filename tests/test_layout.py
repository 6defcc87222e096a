"""Text layout stays fast on absurd input and gives the same lines as measuring one character
at a time."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scriptreel.media.card import CardText, layout_card
from scriptreel.media.fonts import Styled, chain
from scriptreel.media.textfit import cut, largest, wrap
from scriptreel.media.themes import DEFAULT_THEME

FONTS = chain(DEFAULT_THEME.title_font)


@pytest.mark.parametrize("number", [None, 3])
def test_a_1600_character_title_without_spaces_lays_out_with_few_measurements(number, monkeypatch):
    # Counted, not timed: a layout that measured every cut point of a 1600-character word
    # would measure thousands of times more.
    calls = []
    measure = Styled.getlength
    monkeypatch.setattr(
        Styled, "getlength", lambda self, text: calls.append(1) or measure(self, text)
    )
    card = CardText("x" * 1600, number, 9, "f" * 1600, "s" * 1600, "b" * 1600)
    layout = layout_card(card, (1920, 1080))
    assert layout.truncated and layout.boxes("title")
    assert len(calls) < 3000  # about 1900 now; scanning cut points one by one takes 4500


def test_a_long_word_breaks_into_hyphenated_lines_that_fit_and_join_back():
    font = Styled(FONTS, 40)
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    lines = wrap(word, font, 300)
    assert len(lines) > 4 and all(font.getlength(line) <= 300 for line in lines)
    assert "".join(line.removesuffix("-") for line in lines) == word
    # Each break is as late as it can be: one more character would not fit.
    for line, following in zip(lines, lines[1:]):
        assert font.getlength(line[:-1] + following[0] + "-") > 300


def test_an_ellipsis_cut_keeps_as_much_as_fits():
    font = Styled(FONTS, 30)
    text = "The sea rises twice a day, and the Moon pulls it along the coast"
    short = cut(text, FONTS, 30, 320)
    assert short.endswith("…") and font.getlength(short) <= 320
    kept = short.removesuffix("…")
    longer = text[: len(kept) + 1].rstrip(" ,;:-") + "…"
    assert font.getlength(longer) > 320 or longer == short


def _linear(fits, low: int, high: int) -> int:
    for n in range(high, low, -1):
        if fits(n):
            return n
    return low


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 50), st.integers(0, 300), st.integers(0, 400))
def test_galloping_search_agrees_with_scanning_every_length(low, span, boundary):
    high = low + span
    fits = lambda n: n <= boundary  # noqa: E731 - true up to a point, false after it
    assert largest(fits, low, high) == _linear(fits, low, high)
