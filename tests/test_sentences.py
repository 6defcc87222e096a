"""Sentence splitting: full stops, lost full stops, abbreviations, and the word limit."""

from __future__ import annotations

from pathlib import Path

from scriptreel.script import MAX_WORDS, split_sentences


def test_splits_at_full_stops_and_keeps_abbreviations():
    assert split_sentences(
        "Dr. Lee met the U.S. team. They talked, e.g. about tides! Then left."
    ) == ["Dr. Lee met the U.S. team.", "They talked, e.g. about tides!", "Then left."]


def test_recovers_missing_full_stops_before_sentence_starters_and_puts_them_back():
    text = "The two are allied countries The US is the largest partner Yet, events cast doubt"
    assert split_sentences(text) == [
        "The two are allied countries.",
        "The US is the largest partner.",
        "Yet, events cast doubt.",
    ]


def test_does_not_split_at_proper_nouns_inside_a_sentence():
    text = "The capture of Osama bin Laden in Pakistan in 2011 strained ties with India and China"
    assert split_sentences(text) == [text + "."]


def test_long_sentences_split_at_clause_boundaries_under_the_limit():
    words = " ".join(f"word{i}" for i in range(25))
    text = f"{words}, and then {words} which goes on and on {words}"
    parts = split_sentences(text)
    assert len(parts) > 1
    assert all(len(p.split()) <= MAX_WORDS for p in parts)
    assert " ".join(parts) == text + "."  # the paragraph's lost final full stop is put back
    assert parts[0].endswith(",")  # a cut for length is not a sentence end: no full stop


def test_recovers_a_subject_that_starts_a_sentence_after_a_lost_full_stop():
    assert split_sentences("a necessary ally Pakistan had long supported them") == [
        "a necessary ally.",
        "Pakistan had long supported them.",
    ]
    # ...but not after a preposition: "in Pakistan in 2011 have" stays one sentence.
    text = "events in Pakistan in 2011 have cast doubt"
    assert split_sentences(text) == [text + "."]


def test_sentence_recovery_on_a_raw_transcript():

    from scriptreel.script import load_script

    # An original raw transcript with its full stops lost, as pasted from a video page.
    source = Path(__file__).parent / "transcripts" / "raw-canal.txt"
    sentences = [s.text for segment in load_script(source).segments for s in segment.sentences]
    assert all(len(s.split()) <= MAX_WORDS for s in sentences)
    starts = {s.split()[0] + " " + s.split()[1] for s in sentences}
    for recovered in ("The trip", "In 1881", "Yet, tropical", "The new", "In 1977", "Since then"):
        assert recovered in starts, recovered
    # Proper nouns inside a sentence never start one.
    assert not any(
        s.startswith(("San Francisco", "South America", "Panama", "Suez")) for s in sentences
    )


def test_paragraph_sentences_put_pauses_after_the_sentence_before_them():
    from pathlib import Path

    from scriptreel.script import paragraph_sentences

    found = paragraph_sentences("[pause] One. Two [pause 1.5s] three. [pause]", 7, Path("p.txt"))
    assert [(s.text, s.line, s.pause_after) for s in found] == [
        ("One.", 7, 0.0),
        ("Two", 7, 1.5),
        ("three.", 7, 1.0),
    ]


def test_paragraph_sentences_remove_markup_only_between_markers():
    from pathlib import Path

    from scriptreel.script import paragraph_sentences, plain_words

    found = paragraph_sentences("A *b* [pause 2s][pause 1s] c.", 1, Path("p.md"), plain_words)
    assert [(s.text, s.pause_after) for s in found] == [("A b", 3.0), ("c.", 0.0)]


def test_estimates_come_from_one_words_per_second():
    from scriptreel.script import WORDS_PER_SECOND, estimate_seconds, word_count

    assert word_count("one two  three\nfour") == 4
    assert estimate_seconds("one two three four") == estimate_seconds(4) == 4 / WORDS_PER_SECOND


def test_sentences_on_a_paragraphs_second_line_carry_that_line(tmp_path):
    from scriptreel.script import parse_markdown

    text = (
        "# T\n\n## One\n\nFirst one *here*. Second one\ngoes on. Third [pause 1s]\n"
        "is on this line. **Fourth.**\n"
    )
    script = parse_markdown(tmp_path / "t.md", text)
    assert [(s.text, s.line) for s in script.segments[-1].sentences] == [
        ("First one here.", 5),
        ("Second one goes on.", 5),
        ("Third", 6),
        ("is on this line.", 7),
        ("Fourth.", 7),
    ]
