"""Call-outs chosen from the narration: phrases that mean something on their own (an amount with
what it measures, a year with what happened then, a name with what it is, a key noun phrase),
shown from the word where they are spoken."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.clauses import sentence_words
from scriptreel.script.facts import FactKind, sentence_facts
from scriptreel.script.model import Segment
from scriptreel.script.terms import is_sign_off, known_names, sentence_phrases
from scriptreel.script.timing import WORDS_PER_SECOND
from scriptreel.script.windows import MOST_WORDS, Runs, Window, phrase_window

SPACING_SECONDS = 3.0
"""Fewest seconds of speech between the starts of two call-outs."""
MOST_GAP_SECONDS = 5.0
"""Longest stretch of speech without a new call-out, where a key phrase can fill it."""
CLOSEST_SECONDS = 2.0
"""Fewest seconds between two call-outs' starts where a long stretch can be filled no other
way: a short phrase is read in two seconds, and a still picture for longer tires."""
TITLE_SECONDS = 1.5
"""Speech at a segment's start during which its title is shown alone."""
OPENING_SECONDS = 4.0
"""The same for the opening card, whose title, subtitle and author take longer to read."""

__all__ = [
    "CLOSEST_SECONDS",
    "MOST_WORDS",
    "SPACING_SECONDS",
    "auto_callouts",
    "callout_span",
    "with_auto_callouts",
]


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
    and a key phrase wherever MOST_GAP_SECONDS of speech would pass without one (then as
    close as CLOSEST_SECONDS to the next if nothing else fits)."""
    offsets, words = [], 0
    for sentence in segment.sentences:
        offsets.append(words)
        words += len(sentence.text.split())
    candidates = _candidates(segment, offsets)
    chosen = _Chosen(round(SPACING_SECONDS * WORDS_PER_SECOND))
    hold = TITLE_SECONDS if segment.number is not None else OPENING_SECONDS
    facts = [c for c in candidates if c.kind is not FactKind.PHRASE]
    for choice in sorted(facts, key=lambda c: (-c.kind.value, -c.window.score, c.at)):
        if choice.at >= hold * WORDS_PER_SECOND and chosen.fits(choice):
            chosen.add(choice)
    _fill_gaps(chosen, candidates, words, round(hold * WORDS_PER_SECOND))
    return tuple(
        Beat(
            BeatKind.CALLOUT,
            Anchor(c.sentence, c.window.start),
            segment.sentences[c.sentence].line,
            items=(c.window.text,),
            ends=Anchor(c.sentence, 0),
        )
        for c in chosen.choices
    )


def with_auto_callouts(segment: Segment) -> Segment:
    """The segment with call-outs found in its narration, unless it has beats of its own (a
    picture, clip, list, quote or call-out the author placed)."""
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
        runs = Runs(words)
        spans = [(a, b, kind) for a, b, kind in sentence_facts(sentence.text)]
        for phrase in sentence_phrases(sentence, index, names):
            if not (phrase.name and len(phrase.words) > 1):  # names are facts already
                spans.append((phrase.start, phrase.start + len(phrase.words), FactKind.PHRASE))
        # Any word that means something can anchor a key phrase where no noun phrase was found.
        spans += [(i, i + 1, FactKind.PHRASE) for i, word in enumerate(words) if word.meaning]
        for start, end, kind in dict.fromkeys(spans):  # a word is often in two spans
            # The best run, and the best from the span's own start: shorter, it may fit where
            # the best does not ("cold green water" where "the cold green water" is too close).
            for earliest in (0, start):
                window = phrase_window(runs, start, end, kind, earliest)
                if window is not None and window.text.lower() not in title:
                    found.append(_Choice(index, window, kind, offsets[index] + window.start))
    return found


class _Chosen:
    """The call-outs chosen so far in the order they are spoken, so that a candidate is tested
    against its neighbours only (a long segment has hundreds)."""

    def __init__(self, spacing: int):
        self.spacing = spacing
        self.marks: list[int] = []
        """Where each starts, in order."""
        self.choices: list[_Choice] = []
        self.texts: set[str] = set()

    def fits(self, choice: _Choice, spacing: int | None = None) -> bool:
        """Not the words of another, nor overlapping one, nor closer than `spacing` (by
        default the chosen spacing) to one."""
        spacing = self.spacing if spacing is None else spacing
        if choice.window.text.lower() in self.texts:
            return False
        reach = max(spacing, MOST_WORDS)  # overlapping windows start closer than this
        low = bisect_left(self.marks, choice.at - reach + 1)
        high = bisect_right(self.marks, choice.at + reach - 1)
        return not any(
            choice.overlaps(other) or abs(choice.at - other.at) < spacing
            for other in self.choices[low:high]
        )

    def add(self, choice: _Choice) -> None:
        index = bisect_right(self.marks, choice.at)
        self.marks.insert(index, choice.at)
        self.choices.insert(index, choice)
        self.texts.add(choice.window.text.lower())


def _fill_gaps(chosen: _Chosen, candidates: list[_Choice], total: int, first: int) -> None:
    """Add the best candidates inside stretches longer than MOST_GAP_SECONDS (none in the
    `first` words, while the title is shown alone), until none is left or no candidate fits in
    what remains, even as close as CLOSEST_SECONDS to its neighbours."""
    longest = MOST_GAP_SECONDS * WORDS_PER_SECOND
    ordered = sorted(candidates, key=lambda c: c.at)
    starts = [c.at for c in ordered]
    blocked: set[tuple[int, int]] = set()
    while True:
        marks = chosen.marks
        edges = zip([0, *marks], [*marks, total])
        gaps = [(a, b) for a, b in edges if b - a > longest and (a, b) not in blocked]
        if not gaps:
            return
        low, high = max(gaps, key=lambda gap: gap[1] - gap[0])
        middle = (low + high) / 2
        for spacing in (chosen.spacing, round(CLOSEST_SECONDS * WORDS_PER_SECOND)):
            # Not before the title has been seen, nor too close to a call-out either side.
            earliest = low + (spacing if marks and low >= marks[0] else first)
            latest = high - (spacing if high < total else 0)
            window = ordered[bisect_left(starts, earliest) : bisect_right(starts, latest)]
            inside = [c for c in window if chosen.fits(c, spacing)]
            if inside:
                best = max(inside, key=lambda c: c.window.score - abs(c.at - middle) / longest)
                chosen.add(best)
                break
        else:
            blocked.add((low, high))
