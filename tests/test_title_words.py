"""A title word too wide for its line: smaller type first, then a break at its own hyphen."""

from __future__ import annotations

from scriptreel.media.fonts import Styled, chain
from scriptreel.media.textfit import fit, wrap
from scriptreel.media.themes import DEFAULT_THEME

FONTS = chain(DEFAULT_THEME.title_font)


def test_type_shrinks_before_a_word_is_split():
    width = Styled(FONTS, 60).getlength("Harbour-Lighthouse") * 0.8
    size, lines, _ = fit("Harbour-Lighthouse keepers", FONTS, width, 400, 60, 12)
    assert "Harbour-Lighthouse" in lines and size < 60


def test_at_the_smallest_size_a_word_breaks_at_its_own_hyphen():
    font = Styled(FONTS, 40)
    width = font.getlength("Harbour-Light")
    assert wrap("Harbour-Lighthouse", font, width) == ["Harbour-", "Lighthouse"]
