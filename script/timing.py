"""How long narration takes, estimated from its word count when no voice has spoken it yet."""

from __future__ import annotations

WORDS_PER_SECOND = 2.75
"""Narration pace of the bundled voice (about 165 words a minute), for estimates without a voice."""


def word_count(text: str) -> int:
    """Words in a piece of narration, as a voice would say them (runs of non-space)."""
    return len(text.split())


def estimate_seconds(words: str | int) -> float:
    """Seconds of speech for some text, or for a number of words, at WORDS_PER_SECOND."""
    count = word_count(words) if isinstance(words, str) else words
    return count / WORDS_PER_SECOND
