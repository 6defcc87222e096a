"""Call-outs chosen from the narration: phrases that mean something on their own (an amount with
what it measures, a year with what happened then, a name with what it is, a key noun phrase),
shown from the word where they are spoken."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .beats import Anchor, Beat, BeatKind
from .facts import FactKind, sentence_facts
from .model import Segment
from .terms import is_sign_off, known_names, sentence_phrases
from .timing import WORDS_PER_SECOND
from .windows import MOST_WORDS, Window, phrase_window, sentence_words

SPACING_SECONDS = 3.0
"""Fewest seconds of speech between the starts of two call-outs."""
MOST_GAP_SECONDS = 5.0
"""Longest stretch of speech without a new call-out, where a key phrase can fill it."""
TITLE_SECONDS = 1.5
"""Speech at a segment's start during which its title is shown alone."""

__all__ = ["MOST_WORDS", "SPACING_SECONDS", "auto_callouts", "callout_span", "with_auto_callouts"]


@dataclass(frozen=True)
class _Choice:
    sentence: int
    window: Window
    kind: FactKind
    at: int
    """Words of the segment spoken before its first word."""

    def overlaps(self, other: _Choice) -> bool:
        a, b = self.window, other.window
        return self.sentence == other.sentence and a.start < b.end and b.start < a.end


def auto_callouts(segment: Segment) -> tuple[Beat, ...]:
    """Call-out beats for a segment's key facts and phrases, each a run of its words that says
    what it is about (never a bare year, number or name): at most one every SPACING_SECONDS,
    and a key phrase wherever MOST_GAP_SECONDS of speech would pass without one."""
    offsets, words = [], 0
    for sentence in segment.sentences:
        offsets.append(words)
        words += len(sentence.text.split())
    candidates = _candidates(segment, offsets)
    spacing = round(SPACING_SECONDS * WORDS_PER_SECOND)
    chosen: list[_Choice] = []
    facts = [c for c in candidates if c.kind is not FactKind.PHRASE]
    for choice in sorted(facts, key=lambda c: (-c.kind.value, -c.window.score, c.at)):
        if choice.at >= TITLE_SECONDS * WORDS_PER_SECOND and _fits(choice, chosen, spacing):
            chosen.append(choice)
    _fill_gaps(chosen, candidates, words, spacing)
    chosen.sort(key=lambda c: c.at)
    return tuple(
        Beat(
            BeatKind.CALLOUT,
            Anchor(c.sentence, c.window.start),
            segment.sentences[c.sentence].line,
            items=(c.window.text,),
            ends=Anchor(c.sentence, 0),
        )
        for c in chosen
    )


def with_auto_callouts(segment: Segment) -> Segment:
    """The segment with call-outs found in its narration, unless it has beats of its own."""
    if segment.beats or not segment.sentences:
        return segment
    return replace(segment, beats=auto_callouts(segment))


def callout_span(text: str, beat: Beat) -> tuple[int, int]:
    """The words (start, end) of a sentence's `text.split()` that a call-out beat shows."""
    count = len(beat.items[0].split()) if beat.items else 1
    return beat.anchor.word, min(len(text.split()), beat.anchor.word + count)


def _candidates(segment: Segment, offsets: list[int]) -> list[_Choice]:
    """Every fact and key phrase of the segment as the window of words it would be shown as."""
    title = segment.title.lower()
    names = known_names(segment.sentences)
    found: list[_Choice] = []
    for index, sentence in enumerate(segment.sentences):
        if is_sign_off(sentence.text):
            continue
        words = sentence_words(sentence.text)
        spans = [(a, b, kind) for a, b, kind in sentence_facts(sentence.text)]
        for phrase in sentence_phrases(sentence, index, names):
            if not (phrase.name and len(phrase.words) > 1):  # names are facts already
                spans.append((phrase.start, phrase.start + len(phrase.words), FactKind.PHRASE))
        # Any word that means something can anchor a key phrase where no noun phrase was found.
        spans += [(i, i + 1, FactKind.PHRASE) for i, word in enumerate(words) if word.meaning]
        for start, end, kind in dict.fromkeys(spans):  # a word is often in two spans
            window = phrase_window(words, start, end, kind)
            if window is not None and window.text.lower() not in title:
                found.append(_Choice(index, window, kind, offsets[index] + window.start))
    return found


def _fits(choice: _Choice, chosen: list[_Choice], spacing: int) -> bool:
    return not any(
        choice.overlaps(other)
        or abs(choice.at - other.at) < spacing
        or choice.window.text.lower() == other.window.text.lower()
        for other in chosen
    )


def _fill_gaps(chosen: list[_Choice], candidates: list[_Choice], total: int, spacing: int) -> None:
    """Add the best candidates inside stretches longer than MOST_GAP_SECONDS, until none is
    left or no candidate fits in what remains."""
    longest = MOST_GAP_SECONDS * WORDS_PER_SECOND
    first = round(TITLE_SECONDS * WORDS_PER_SECOND)
    blocked: set[tuple[int, int]] = set()
    while True:
        marks = sorted(c.at for c in chosen)
        edges = list(zip([0, *marks], [*marks, total]))
        gaps = [(a, b) for a, b in edges if b - a > longest and (a, b) not in blocked]
        if not gaps:
            return
        low, high = max(gaps, key=lambda gap: gap[1] - gap[0])
        # Not before the title has been seen, nor too close to a call-out either side.
        earliest = low + (spacing if marks and low >= marks[0] else first)
        latest = high - (spacing if high < total else 0)
        middle = (low + high) / 2
        inside = [c for c in candidates if earliest <= c.at <= latest and _fits(c, chosen, spacing)]
        if not inside:
            blocked.add((low, high))
            continue
        chosen.append(max(inside, key=lambda c: c.window.score - abs(c.at - middle) / longest))
