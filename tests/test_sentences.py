"""Sentence splitting: full stops, lost full stops, abbreviations, and the word limit."""

from __future__ import annotations

from script import MAX_WORDS, split_sentences


def test_splits_at_full_stops_and_keeps_abbreviations():
    assert split_sentences("Dr. Lee met the U.S. team. They talked, e.g. about tides! Then left.") == [
        "Dr. Lee met the U.S. team.", "They talked, e.g. about tides!", "Then left."]


def test_recovers_missing_full_stops_before_sentence_starters():
    text = "The two are allied countries The US is the largest partner Yet, events cast doubt"
    assert split_sentences(text) == ["The two are allied countries", "The US is the largest partner", "Yet, events cast doubt"]


def test_does_not_split_at_proper_nouns_inside_a_sentence():
    text = "The capture of Osama bin Laden in Pakistan in 2011 strained ties with India and China"
    assert split_sentences(text) == [text]


def test_long_sentences_split_at_clause_boundaries_under_the_limit():
    words = " ".join(f"word{i}" for i in range(25))
    text = f"{words}, and then {words} which goes on and on {words}"
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p.split()) <= MAX_WORDS for p in parts)
    assert " ".join(parts) == text
    assert parts[0].endswith(",")
