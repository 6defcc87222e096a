"""Facts in a sentence's words: amounts with their unit, years and dates, multi-word names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from scriptreel.script.terms import PUNCT_BREAK, STOPWORDS, Token, tokens

MOST_WORDS = 6
"""Longest fact, in words."""


class FactKind(Enum):
    """What a fact is; a higher rank is preferred as a call-out."""

    AMOUNT = 3
    """A number or amount with its unit: "$33 billion", "a quarter of exports"."""
    DATE = 2
    """A year or a date: "1947", "the 1980s", "September 11th"."""
    NAME = 1
    """Two or more capitalised words: "Osama bin Laden"."""
    PHRASE = 0
    """A key noun phrase with no number or name of its own."""


_NUMBER = re.compile(r"[$€£¥]?\d[\d,]{0,15}(?:\.\d{1,6})?(?:%|[kKmMbB]n?)?")
_YEAR = re.compile(r"(?:1[0-9]|20)\d\d(?:s)?")
_SCALES = frozenset("hundred thousand million billion trillion".split())
_FRACTIONS = frozenset("half third thirds quarter quarters fifth fifths tenth tenths".split())
_COUNTS = frozenset(
    "a one two three four five six seven eight nine ten twelve twenty thirty forty fifty "
    "hundreds thousands millions billions dozens".split()
)
_SIZES = frozenset("large small huge vast growing great tiny".split())
_SHARES = frozenset("number majority minority handful share proportion fraction".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_UNITS_AFTER_YEAR = frozenset("people miles metres meters km kilometres feet tons tonnes".split())


def sentence_facts(text: str) -> Iterable[tuple[int, int, FactKind]]:
    """(start, end, kind) of each fact in a sentence's words (as `text.split()` counts them)."""
    raw = text.split()
    # Only punctuation ends a fact: "a quarter of Pakistan's exports" runs on past the 's.
    words = [
        Token(t.text, t.index, w.rstrip("\"'”’»")[-1:] in PUNCT_BREAK)
        for t, w in zip(tokens(text), raw, strict=True)
    ]
    lower = [t.lower for t in words]
    owners = frozenset(
        i for i, w in enumerate(raw) if w.rstrip(",;:.!?…\"'”’)").endswith(("'s", "’s"))
    )
    position = 0
    while position < len(words):
        span = _amount(words, lower, position, owners) or _date(words, lower, position)
        span = span or _name(words, position)
        if span:
            yield span[0], span[1], FactKind(span[2])
            position = span[1]
        else:
            position += 1


def _amount(words, lower, i, owners) -> tuple[int, int, int] | None:
    """ "$33 billion", "26 metres", "5 percent of the world's trade", "a quarter of exports"."""
    end = i
    if _NUMBER.fullmatch(words[i].text) and not _is_year(words, lower, i):
        end = i + 1
    elif lower[i] in _COUNTS and i + 2 < len(words) and lower[i + 1] in _FRACTIONS | _SCALES:
        end = i + 2
        if lower[i + 1] in _FRACTIONS and (lower[end] != "of" or words[end - 1].breaks):
            return None  # "a decade and a half", "a third set": not an amount of something
    elif _share(lower, i):
        end = i + 2 + (lower[i + 1] in _SIZES)  # "a large number", "the majority"
    else:
        return None
    while end < len(words) and lower[end] in _SCALES and not words[end - 1].breaks:
        end += 1
    if end < len(words) and not words[end - 1].breaks:
        unit = lower[end]
        if unit in ("percent", "per") or (unit.isalpha() and unit not in STOPWORDS):
            end += 2 if unit == "per" and end + 1 < len(words) else 1
            if end < len(words) and not words[end - 1].breaks and _noun_goes_on(lower, end - 1):
                end += 1  # "50,000 worker bees"
    if end < len(words) and lower[end] == "of" and not words[end - 1].breaks:
        of = end
        end = _of_phrase(words, lower, of, owners)
        end = of if end - i > MOST_WORDS else end  # too long for a card: the amount alone
        if lower[i + 1] in _FRACTIONS and end == i + 2:
            return None
    if lower[end - 1] in _SHARES:
        return None  # "a number": of what is not said
    small = lower[i][:1].isdigit() and not re.search(r"[$€£¥%]|\d\d", lower[i])
    if small and end - i <= 2 and lower[min(i + 1, len(lower) - 1)] not in ("percent", "per"):
        return None  # "3 ideas": a small count says little on its own
    return i, end, 3


def _share(lower, i) -> bool:
    """ "a large number of civilians", "the majority of voters": a share of something."""
    if lower[i] not in ("a", "an", "the"):
        return False
    noun = i + 1 + (i + 1 < len(lower) and lower[i + 1] in _SIZES)
    return noun + 1 < len(lower) and lower[noun] in _SHARES and lower[noun + 1] == "of"


def _of_phrase(words, lower, of: int, owners: frozenset[int]) -> int:
    """The end of "of [the] [owner's] noun" after an amount, or `of` itself if there is none."""
    end = of + 1
    while end < len(words) and end - of <= 4 and not words[end - 1].breaks:
        if lower[end] in ("the", "a", "an", "its", "their", "all") or end in owners:
            end += 1  # "of the world's sea trade": the owner leads to the noun
        elif words[end].capitalised or lower[end].isalpha() and lower[end] not in STOPWORDS:
            while end + 1 < len(words) and not words[end].breaks and _noun_goes_on(lower, end):
                end += 1  # "sea trade"
            return end + 1
        else:
            break
    return of


def _noun_goes_on(lower, end: int) -> bool:
    return lower[end + 1].isalpha() and lower[end + 1] not in STOPWORDS and len(lower[end + 1]) > 2


def _is_year(words, lower, i) -> bool:
    if not _YEAR.fullmatch(words[i].text):
        return False
    return i + 1 >= len(words) or words[i].breaks or lower[i + 1] not in _UNITS_AFTER_YEAR


def _date(words, lower, i) -> tuple[int, int, int] | None:
    """ "1947", "the 1980s", "September 11th", "March 3, 2020"."""
    if _is_year(words, lower, i):
        return i, i + 1, 2
    if lower[i] in _MONTHS and i + 1 < len(words) and words[i].capitalised:
        if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", lower[i + 1]):
            end = i + 2
            if end < len(words) and _YEAR.fullmatch(words[end].text):
                end += 1
            return i, end, 2
    return None


def _name(words, i) -> tuple[int, int, int] | None:
    """A run of two or more capitalised words, not at the sentence's start: "Osama bin Laden"."""
    if i == 0 or not words[i].capitalised or words[i].lower in STOPWORDS:
        return None
    end = i + 1
    while end < len(words) and not words[end - 1].breaks:
        if words[end].capitalised and words[end].text[:1].isalpha():
            end += 1
        elif words[end].lower in ("bin", "de", "al", "van", "von", "da") and (
            end + 1 < len(words) and words[end + 1].capitalised
        ):
            end += 1
        else:
            break
    return (i, end, 1) if 2 <= end - i <= MOST_WORDS else None
