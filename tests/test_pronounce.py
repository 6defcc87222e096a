"""The pronounce lexicon is applied once, and sentences are cut to length as they are said."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptreel.media.speech import spoken, spoken_words
from scriptreel.script import ScriptError, parse_markdown
from scriptreel.script.pronounce import MAX_SAY_WORDS, expand
from scriptreel.script.sentences import MAX_CHARS, MAX_WORD_CHARS, MAX_WORDS


def _script(front: str, body: str):
    return parse_markdown(Path("p.md"), f"---\n{front}\n---\n## A\n\n{body}\n")


def _said(script) -> list[str]:
    lexicon = dict(script.settings.pronounce)
    return [spoken(s.text, lexicon) for seg in script.segments for s in seg.sentences]


def test_chained_pronounce_entries_are_not_expanded_again():
    lexicon = {"a": "b b", "b": "c c", "c": "a a"}
    assert expand("a b c", lexicon) == "b b c c a a"
    assert spoken("Say a now.", lexicon) == "Say b b now."


def test_pronounce_chains_doubling_each_time_stay_two_words():
    entries = "\n".join(f"  w{i}: w{i + 1} w{i + 1}" for i in range(8))
    said = _said(_script(f"pronounce:\n{entries}", "Say w0 now."))
    assert said == ["Say w1 w1 now."]


def test_the_longest_entry_wins_where_entries_overlap():
    lexicon = {"New York": "noo york", "New York City": "the big apple"}
    assert spoken("I love New York City.", lexicon) == "I love the big apple."


def test_sentences_are_cut_by_the_words_said_not_the_words_written():
    say = " ".join(["word"] * MAX_SAY_WORDS)
    written = " ".join(["ISI"] * 20)
    script = _script(f'pronounce: {{ISI: "{say}"}}', f"The {written} here.")
    said = _said(script)
    assert len(said) > 1 and all(len(s.split()) <= MAX_WORDS for s in said)
    # Captions keep the author's words: only what the voice reads was expanded.
    assert " ".join(s.text for s in script.segments[0].sentences) == f"The {written} here."


def test_sentences_are_cut_by_characters():
    long_words = " ".join(["extraordinarily"] * 29)
    said = _said(_script("title: T", f"Some {long_words}."))
    assert len(said) > 1 and all(len(s) <= MAX_CHARS for s in said)


def test_a_word_too_long_to_say_is_one_line_at_its_line():
    with pytest.raises(ScriptError) as refused:
        parse_markdown(Path("p.md"), "## A\n\nFirst.\n\nSay " + "a" * 20000 + " now.\n")
    assert refused.value.line == 5 and f"at most {MAX_WORD_CHARS}" in refused.value.problem


def test_a_long_address_is_still_said():
    address = "https://www.example.org/" + "/".join(["tides"] * 20)
    assert len(address) < MAX_WORD_CHARS
    script = parse_markdown(Path("p.md"), f"## A\n\nRead {address} today.\n")
    assert "example dot org" in _said(script)[0]


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("ISI: " + " ".join(["again"] * 3000), "says 3000 words"),
        ("ISI: " + "a" * 500, "says 500 characters"),
        ("a" * 500 + ": A", "is written in 500 characters"),
    ],
)
def test_a_pronounce_entry_saying_too_much_is_refused_at_its_line(entry, problem):
    with pytest.raises(ScriptError) as refused:
        _script(f"pronounce:\n  {entry}", "Words.")
    assert refused.value.line == 3 and problem in refused.value.problem


def test_too_many_pronounce_entries_are_refused():
    entries = "\n".join(f"  w{i}: x" for i in range(501))
    with pytest.raises(ScriptError) as refused:
        _script(f"pronounce:\n{entries}", "Words.")
    assert "at most 500" in refused.value.problem


def test_each_author_word_still_knows_its_spoken_words():
    said = spoken_words("The ISI met.", {"ISI": "I S I"})
    assert said.said == ("The", "I", "S", "I", "met.")
    assert said.sources[1] == (1, 4)
