"""Call-outs found in raw text: amounts, years and names, at the word where they are spoken."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from script import WORDS_PER_SECOND, import_transcript, load_script
from script.beats import Anchor, Beat, BeatKind
from script.callouts import SPACING_SECONDS, auto_callouts, with_auto_callouts
from script.model import Segment, Sentence
from script.plan import describe_plan
from tests.transcript_corpus import RAW_TEXTS, TRANSCRIPTS


def _segment(*texts: str, title: str = "Card") -> Segment:
    return Segment(title, tuple(Sentence(t, i + 1) for i, t in enumerate(texts)), 1, 1)


def _phrases(segment: Segment) -> list[str]:
    return [beat.items[0] for beat in auto_callouts(segment)]


def _check_anchors(segment: Segment) -> None:
    beats = auto_callouts(segment)
    positions = []
    offsets = [0]
    for sentence in segment.sentences:
        offsets.append(offsets[-1] + len(sentence.text.split()))
    for beat in beats:
        assert beat.kind is BeatKind.CALLOUT and len(beat.items) == 1
        sentence = segment.sentences[beat.anchor.sentence]
        words = sentence.text.split()
        first = beat.items[0].split()[0]
        assert first in words[beat.anchor.word], (first, words[beat.anchor.word])
        assert beat.ends == Anchor(beat.anchor.sentence, 0)  # held until its sentence ends
        assert beat.line == sentence.line
        positions.append(offsets[beat.anchor.sentence] + beat.anchor.word)
    assert len({b.anchor.sentence for b in beats}) == len(beats)  # one a sentence at most
    spacing = SPACING_SECONDS * WORDS_PER_SECOND
    assert all(b - a >= spacing for a, b in zip(positions, positions[1:], strict=False))


def test_amounts_years_and_names_are_found():
    segment = _segment(
        "The US is the largest trading partner, buying a quarter of the country's exports.",
        "Everyone agreed that this mattered a great deal to the people on both sides of it.",
        "Trade between them was worth $33 billion in the year the figures were counted again.",
        "Nobody who looked at the numbers closely could say that they had been surprised.",
        "Ships were lifted about 26 metres to an artificial lake and lowered on the far side.",
        "The country became independent in 1947 after the partition of the old British colony.",
        "What followed was a long and uneasy friendship that neither side would name.",
        "Years later the army found Osama bin Laden in a compound near a military academy.",
    )
    assert _phrases(segment) == [
        "a quarter of the country's exports",
        "$33 billion",
        "26 metres",
        "1947",
        "Osama bin Laden",
    ]
    _check_anchors(segment)


def test_call_outs_are_spaced_at_least_six_seconds_apart():
    segment = _segment("In 1901, 1902 and 1903 prices rose; by 1904 they fell.", "In 1905 more.")
    beats = auto_callouts(segment)
    assert [b.items[0] for b in beats] == ["1901"]
    _check_anchors(segment)


def test_a_fact_already_in_the_title_is_not_shown_again():
    segment = _segment("The Soviet Union invaded in 1979 with a large army.", title="Soviet Union")
    assert _phrases(segment) == ["1979"]


def test_sign_offs_and_bare_small_numbers_are_not_call_outs():
    segment = _segment("Thanks for watching Seeker Daily in 2024.", "He had 3 ideas and a half.")
    assert _phrases(segment) == []


def test_a_segment_with_its_own_beats_keeps_them():
    own = Beat(BeatKind.CALLOUT, Anchor(0, 0), 1, items=("mine",), ends=Anchor(0, 0))
    segment = Segment("Card", (Sentence("In 1947 it began.", 1),), 1, 1, beats=(own,))
    assert with_auto_callouts(segment).beats == (own,)


@pytest.mark.parametrize("path", RAW_TEXTS, ids=[p.stem for p in RAW_TEXTS])
def test_text_input_gets_call_outs_anchored_at_their_words(path):
    script = load_script(path)
    for segment in script.numbered:
        assert segment.beats == auto_callouts(segment)
        _check_anchors(segment)


def test_text_with_facts_gets_call_outs_by_default():
    script = load_script(TRANSCRIPTS / "raw-canal.txt")
    phrases = [b.items[0] for s in script.numbered for b in s.beats]
    assert "26 metres" in phrases and "13,000 miles" in phrases and "1889" in phrases


@pytest.mark.parametrize("name", ["lecture.srt", "interview.vtt"])
def test_subtitles_get_call_outs_too(name):
    script = import_transcript(TRANSCRIPTS / name)
    for segment in script.numbered:
        assert segment.beats == auto_callouts(segment)
    if name == "interview.vtt":
        assert [b.items[0] for b in script.numbered[0].beats] == ["1961"]


def test_the_plan_shows_titles_lengths_and_call_outs():
    script = load_script(TRANSCRIPTS / "raw-canal.txt")
    lines = describe_plan(script)
    first = script.numbered[0]
    assert lines[0].startswith(f"1. {first.title} (") and lines[0].endswith(" s)")
    assert lines[1].startswith("   call-outs: ") and first.beats[0].items[0] in lines[1]
    assert sum(line[:1].isdigit() for line in lines) == len(script.numbered)


TEXT = st.lists(
    st.sampled_from(list("ab 19$%,.'’-\n") + ["1947", " of ", " bin ", "Osama ", "Laden"]),
    max_size=120,
).map("".join)


@settings(max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=6))
def test_any_sentences_give_well_anchored_call_outs(texts):
    sentences = [t for t in texts if t.split()]
    if sentences:
        _check_anchors(_segment(*sentences))


def test_parsing_a_text_with_many_numbers_stays_quick():
    import time

    text = "Title\n\n" + " ".join(f"In {1900 + i % 100} we sold {i} tonnes." for i in range(3000))
    started = time.perf_counter()
    import_transcript(Path("n.txt"), text)
    assert time.perf_counter() - started < 5.0
