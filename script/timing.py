"""How long narration takes when no voice has spoken it yet: a word rate for rough plans, and a
sentence model calibrated on the default voice for estimates shown to the user."""

from __future__ import annotations

import re

WORDS_PER_SECOND = 2.75
"""Narration pace of the bundled voice (about 165 words a minute), for estimates without a voice."""


def word_count(text: str) -> int:
    """Words in a piece of narration, as a voice would say them (runs of non-space)."""
    return len(text.split())


def estimate_seconds(words: str | int) -> float:
    """Seconds of speech for some text, or for a number of words, at WORDS_PER_SECOND."""
    count = word_count(words) if isinstance(words, str) else words
    return count / WORDS_PER_SECOND


# Measured on the default Piper voice (en_US, medium) over the example script and a transcript
# of 24 sentences: a sentence lasts a fixed start and end, a time per letter or digit as said,
# and a pause per comma, colon, dash or inner full stop (least squares; benchmarks/estimates.py).
SENTENCE_SECONDS = 0.36
"""Seconds of every sentence besides its letters: the voice's silence before and after."""
LETTER_SECONDS = 0.058
"""Seconds per letter or digit of the sentence as the voice reads it."""
BREAK_SECONDS = 0.38
"""Seconds per break inside a sentence (a comma, semicolon, colon, dash or inner stop)."""

_BREAK = re.compile(r"[,;:\u2014\u2013](?=\s)|[.?!](?=\s)")


def word_cost(word: str) -> float:
    """Seconds the voice spends on one written word, its pause after included."""
    letters = sum(c.isalnum() for c in word)
    return letters * LETTER_SECONDS + len(_BREAK.findall(word + " ")) * BREAK_SECONDS


def sentence_seconds(said: str) -> float:
    """Seconds of speech for a sentence as the voice reads it (numbers spelled out)."""
    words = said.split()
    if not words:
        return 0.0
    last = words[-1].rstrip(".?!\u2026")  # the closing stop is in SENTENCE_SECONDS
    return SENTENCE_SECONDS + sum(word_cost(w) for w in words[:-1]) + word_cost(last)


def word_starts(written: str, seconds: float) -> list[float]:
    """Estimated start of each written word from the sentence's start, for a sentence lasting
    `seconds`: half the fixed part first, then each word by its share of the rest."""
    words = written.split()
    costs = [max(word_cost(w), LETTER_SECONDS) for w in words]
    speech = max(0.0, seconds - SENTENCE_SECONDS)
    scale = speech / sum(costs) if costs else 0.0
    starts, at = [], min(seconds, SENTENCE_SECONDS / 2)
    for cost in costs:
        starts.append(at)
        at += cost * scale
    return starts
