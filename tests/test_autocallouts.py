"""Call-outs found in raw text: amounts, years and names, at the word where they are spoken."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptreel.script import WORDS_PER_SECOND, import_transcript, load_script
from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.callouts import (
    CLOSEST_SECONDS,
    SPACING_SECONDS,
    auto_callouts,
    callout_span,
    with_auto_callouts,
)
from scriptreel.script.clauses import sentence_words
from scriptreel.script.facts import FactKind, sentence_facts
from scriptreel.script.model import Segment, Sentence
from scriptreel.script.plan import describe_plan
from scriptreel.script.terms import NAME_JOINERS
from scriptreel.script.windows import phrase_window
from tests.transcript_corpus import RAW_TEXTS, TRANSCRIPTS


def _segment(*texts: str, title: str = "Card") -> Segment:
    return Segment(title, tuple(Sentence(t, i + 1) for i, t in enumerate(texts)), 1, 1)


def _phrases(segment: Segment) -> list[str]:
    return [beat.items[0] for beat in auto_callouts(segment)]


def _words_at(sentence: Sentence, beat: Beat) -> str:
    start, end = callout_span(sentence.text, beat)
    return " ".join(sentence.text.split()[start:end])


def _check_anchors(segment: Segment) -> None:
    beats = auto_callouts(segment)
    positions = []
    offsets = [0]
    for sentence in segment.sentences:
        offsets.append(offsets[-1] + len(sentence.text.split()))
    for beat in beats:
        assert beat.kind is BeatKind.CALLOUT and len(beat.items) == 1
        sentence = segment.sentences[beat.anchor.sentence]
        # Every word shown is the sentence's own, from the word it appears on.
        assert beat.items[0] in _words_at(sentence, beat)
        assert beat.ends == Anchor(beat.anchor.sentence, 0)  # held until its sentence ends
        assert beat.line == sentence.line
        positions.append(offsets[beat.anchor.sentence] + beat.anchor.word)
    # SPACING_SECONDS apart, or CLOSEST_SECONDS where a long stretch is filled.
    spacing = round(SPACING_SECONDS * WORDS_PER_SECOND)
    closest = round(CLOSEST_SECONDS * WORDS_PER_SECOND)
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert all(gap >= closest for gap in gaps)
    assert sum(gap < spacing for gap in gaps) <= max(1, len(gaps) // 3)


def is_bare(phrase: str) -> bool:
    """A year, a number or a name alone: no word in it says what the fact is about."""
    words = [w.strip(",.;:'’") for w in phrase.split()]
    telling = [w for w in words if w[:1].islower() and w.lower() not in NAME_JOINERS]
    return len(words) < 2 or not telling


def test_facts_are_shown_with_what_they_are_about():
    segment = _segment(
        "The US is the largest trading partner, buying a quarter of the country's exports.",
        "Everyone agreed that this mattered a great deal to the people on both sides of it.",
        "Trade between them was worth $33 billion in the year the figures were counted again.",
        "Nobody who looked at the numbers closely could say that they had been surprised.",
        "The country became independent in 1947 after the partition of the old British colony.",
        "What followed was a long and uneasy friendship that neither side would name.",
        "Years later the army found Osama bin Laden in a compound near a military academy.",
    )
    phrases = _phrases(segment)
    assert "a quarter of the country's exports" in phrases
    assert any("$33 billion" in p and len(p.split()) >= 4 for p in phrases)
    assert any("1947" in p and "independent" in p for p in phrases)
    assert not any(is_bare(p) for p in phrases), phrases
    assert "Osama bin" not in " | ".join(p for p in phrases if "Laden" not in p)  # names whole
    _check_anchors(segment)


def test_call_outs_are_spaced_and_a_year_is_never_alone():
    segment = _segment("In 1901, 1902 and 1903 prices rose; by 1904 they fell.", "In 1905 more.")
    phrases = _phrases(segment)
    assert not any(is_bare(p) for p in phrases), phrases
    _check_anchors(segment)


def test_a_long_stretch_without_facts_gets_a_key_phrase():
    segment = _segment(
        "The old harbour wall was built from grey stone hauled down from the hills.",
        "Fishermen mended their nets along it every morning before the boats went out.",
        "Children jumped from its far end into the cold green water all summer long.",
    )
    at = [b.anchor for b in auto_callouts(segment)]
    # Nothing in it is a number, a year or a name, yet it is never long without a call-out.
    assert len(at) >= 3
    _check_anchors(segment)


def test_a_fact_already_in_the_title_is_not_shown_again():
    segment = _segment("The Soviet Union invaded in 1979 with a large army.", title="Soviet Union")
    assert all(p.lower() != "soviet union" for p in _phrases(segment))


def test_sign_offs_and_bare_small_numbers_are_not_call_outs():
    segment = _segment("Thanks for watching Seeker Daily in 2024.", "He had 3 ideas and a half.")
    assert not any("Seeker" in p or is_bare(p) for p in _phrases(segment))


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
    assert any("26 metres" in p for p in phrases) and any("1889" in p for p in phrases)
    assert not any(is_bare(p) for p in phrases), phrases


@pytest.mark.parametrize("name", ["lecture.srt", "interview.vtt"])
def test_subtitles_get_call_outs_too(name):
    script = import_transcript(TRANSCRIPTS / name)
    for segment in script.numbered:
        assert segment.beats == auto_callouts(segment)
    if name == "interview.vtt":
        assert any("1961" in b.items[0] for b in script.numbered[0].beats)


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
    # Linear, not quadratic, told apart by how the time grows rather than by a bound in seconds
    # (the machines are shared): four times the text may take at most about four times as long.
    import time

    def took(count: int) -> float:
        text = "Title\n\n" + " ".join(
            f"In {1900 + i % 100} we sold {i} tonnes." for i in range(count)
        )
        started = time.perf_counter()
        import_transcript(Path("n.txt"), text)
        return time.perf_counter() - started

    small, large = took(750), took(3000)
    assert large < 8 * small + 1.0, f"{small:.2f} s for 750 sentences, {large:.2f} s for 3000"


# -- call-outs that read as a whole ---------------------------------------------------------------


def _windows(text: str) -> list[str]:
    """Every call-out the sentence could show: the best run around each fact and each word."""
    words = sentence_words(text)
    spans = [(i, i + 1, FactKind.PHRASE) for i, word in enumerate(words) if word.meaning]
    spans += list(sentence_facts(text))
    return [w.text for span in spans if (w := phrase_window(words, *span)) is not None]


def test_a_call_out_never_ends_on_a_verb_that_takes_what_follows():
    ranked = _windows(
        "When asked, farmers and fishermen rank each other among their fiercest local rivals."
    )
    chose = _windows("Fearing a hard winter, the villagers chose to abandon the northern valley.")
    assert ranked and chose
    assert not [p for p in ranked + chose if p.endswith(("rank", "abandon"))], ranked + chose


def test_a_call_out_holding_a_verb_holds_its_subject():
    rumours = _windows(
        "Rumours like the quiet sale of the harbour in 1998 have raised doubts again."
    )
    funded = _windows(
        "The council held long meetings with, and funded the new fishing cooperative."
    )
    assert rumours and funded
    assert not [p for p in rumours if "have raised" in p and "Rumours" not in p], rumours
    assert not [p for p in funded if "funded" in p and "council" not in p], funded


def test_a_call_out_past_a_comma_finishes_its_clause():
    phrases = _windows("In 1822, Augustin Fresnel designed a lens of glass rings for the coast.")
    assert "In 1822, Augustin Fresnel" not in phrases
    assert "Augustin Fresnel designed a lens of glass rings for the coast" in phrases


def test_a_call_out_keeps_a_noun_with_its_complement():
    rescue = _windows(
        "Stories like the daring rescue of the sailors drifted along the rocky coast."
    )
    accused = _windows("Later that winter the harbour master accused Norwegian trawlers of theft.")
    ships = _windows("Ships along the rocky coast finally had a mark they could trust in a storm.")
    shown = rescue + accused + ships
    assert not [p for p in shown if p.endswith(("rescue", "Norwegian", "finally"))], shown
    assert "Ships along the rocky coast" in ships


def test_two_phrases_run_together_are_not_one_call_out():
    phrases = _windows(
        "Within a decade the small fishing town had doubled its trade in salted cod."
    )
    assert not [p for p in phrases if "decade the" in p], phrases
