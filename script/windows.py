"""The run of a sentence's words around a fact that says what the fact is about."""

from __future__ import annotations

from dataclasses import dataclass

from scriptreel.script.clauses import EDGE, Word, whole_clause
from scriptreel.script.facts import FactKind
from scriptreel.script.meaning import (
    CLAUSE_ENDS,
    cut_from_its_verb,
    keeps_meaning,
    list_commas,
    list_spans,
)
from scriptreel.script.terms import NAME_JOINERS, STOPWORDS, VERBS

MOST_WORDS = 12
"""Longest call-out, in words: three lines of large type (a whole short clause, with its
"not", its qualifiers and its list)."""

# A call-out may start with these although they say nothing alone: "in 1947", "the attacks".
_LEADS = frozenset(
    """a an the in on at since after before from during until by over nearly almost about
    around some all every its their his her one two three four five six seven eight nine ten
    more most less""".split()
)
_ARTICLES = ("the", "a", "an")
# Words that stand before the noun they qualify: a call-out never ends on one.
_NOT_LAST = frozenset("whole entire only other same such own".split())


@dataclass(frozen=True)
class Window:
    """A call-out's words: `start` to `end` of the sentence's `text.split()`."""

    start: int
    end: int
    text: str
    """The words as written, without punctuation at either end."""
    score: float
    """Higher reads better on its own."""


class Runs:
    """One sentence's words, and what each run of them is apart from the fact it would show,
    worked out once for every fact of the sentence (each tries the same runs)."""

    def __init__(self, words: tuple[Word, ...]):
        self.words = words
        self.spans = list_spans(words)
        self.commas = list_commas(words)
        self._found: dict[tuple[int, int, bool], tuple[int, int, float] | None] = {}
        every = range(len(words))
        self.loose_head = [_loose_head(w) for w in words]
        self.loose_tail = [False] + [_loose_tail(w) for w in words]
        """By the run's end: whether its last word, words[last - 1], may not end it."""
        self.split_start = [_name_cut_at_start(words, i) for i in every]
        self.split_end = [False] + [_name_cut_at_end(words, i + 1) for i in every]

    def run(self, first: int, last: int, amount: bool) -> tuple[int, int, float] | None:
        """(meaning, crossing, shape) of words `first` to `last`, or None if a rule that holds
        for any fact refuses them. `amount`: the run starts on an amount it measures."""
        key = (first, last, amount)
        if key not in self._found:
            self._found[key] = self._judge(first, last, amount)
        return self._found[key]

    def _judge(self, first: int, last: int, amount: bool) -> tuple[int, int, float] | None:
        words, listed = self.words, self.commas
        if last - first < 3 or not whole_clause(words, first, last, listed):
            return None
        if not keeps_meaning(words, first, last, amount, self.spans):
            return None
        inside = words[first:last]
        breaks = [i for i, w in enumerate(inside[:-1]) if w.breaks and first + i not in listed]
        if len(breaks) > 1 or (breaks and min(breaks[0] + 1, len(inside) - breaks[0] - 1) < 2):
            return None  # "end of the war, Pakistan": a word alone across a comma
        if not any(w.meaning and not w.capital for w in inside) and not _name_and_role(inside):
            return None  # "Osama bin Laden", "Egypt, Israel, and Saudi Arabia": names alone
        if not _balanced(_text(inside)):
            return None
        meaning = sum(w.meaning for w in inside)
        return meaning, len(breaks), _shape(words, first, last, meaning, len(breaks))


def phrase_window(
    words: tuple[Word, ...] | Runs, start: int, end: int, kind: FactKind, earliest: int = 0
) -> Window | None:
    """The best run of at most MOST_WORDS words holding words `start` to `end` that means
    something on its own, or None if there is none: a year, a number or a name is never
    alone, and no run starts or ends on a word that leans on what is outside it. None starts
    before word `earliest`. Pass the sentence's Runs when it has several facts."""
    runs = words if isinstance(words, Runs) else Runs(words)
    words = runs.words
    # A fact's own words may start or end it ("a quarter of exports"); a plain phrase's not.
    own = kind is not FactKind.PHRASE
    best: Window | None = None
    for first in range(max(earliest, end - MOST_WORDS), start + 1):
        if (runs.loose_head[first] and (first < start or not own)) or runs.split_start[first]:
            continue
        for last in range(end, min(len(words), first + MOST_WORDS) + 1):
            if (runs.loose_tail[last] and (last > end or not own)) or runs.split_end[last]:
                continue
            score = _score(runs, first, last, (start, end), kind)
            if score is not None and (best is None or score > best.score):
                best = Window(first, last, _text(words[first:last]), score)
    return best


def _score(runs: Runs, first: int, last: int, fact, kind: FactKind) -> float | None:
    words, (start, end) = runs.words, fact
    judged = runs.run(first, last, kind is FactKind.AMOUNT and first == start)
    if judged is None:
        return None
    meaning, _, shape = judged
    around = meaning - sum(w.meaning for w in words[start:end])
    if kind in (FactKind.DATE, FactKind.NAME) and around < 1:
        return None  # "1947", "Osama bin Laden": say what happened, or what they are
    if meaning < {FactKind.PHRASE: 3, FactKind.AMOUNT: 2}.get(kind, 1):
        return None
    if (
        kind is FactKind.DATE
        and start
        and first == start
        and words[start - 1].core.lower() in _LEADS
    ):
        return None  # "In 1990, the US imposed": never "1990, the US imposed"
    verb_cut = kind is not FactKind.AMOUNT and cut_from_its_verb(words, first)
    return shape - 1.2 * verb_cut


def _shape(words, first: int, last: int, meaning: int, crossing: int) -> float:
    """How good a window that passed every rule is: its meaning, less what it crosses, its
    length, its joins and its cut edges, plus whole clauses."""
    inside = words[first:last]
    joined = sum(w.core.lower() in ("and", "or") for w in inside)
    # "the country's | exports": what it owns is left out (a phrase going on after its last
    # word is never a window at all: see whole_clause).
    following = words[last] if last < len(words) and not words[last - 1].breaks else None
    cut_short = following is not None and words[last - 1].owner
    ends_clause = (
        last == len(words) or words[last - 1].breaks or (words[last].core.lower() in CLAUSE_ENDS)
    )
    starts_clause = first == 0 or words[first - 1].breaks
    # "counterterrorism | efforts", "the | US": a noun phrase cut at its start.
    before = words[first - 1] if first and not starts_clause else None
    cut_open = before is not None and (
        before.meaning and not (before.capital or before.verb) or before.core.lower() in _ARTICLES
    )
    return (
        min(meaning, 3)
        - 2.5 * crossing
        - 0.25 * (last - first)
        - 0.8 * joined
        - 1.0 * cut_short
        - 0.6 * cut_open
        + 0.4 * ends_clause
        - 0.3 * (not ends_clause and any(w.verb for w in inside))  # a clause is said whole
        + 0.4 * starts_clause
    )


def _loose_head(word: Word) -> bool:
    """A run never starts on a joining word or a verb, unless the fact itself starts there."""
    lower = word.core.lower()
    return bool(
        not word.core
        or (lower in STOPWORDS and lower not in _LEADS and not word.meaning)
        or lower in VERBS
        or (lower.endswith(("ing", "ed")) and not word.capital)
    )


def _loose_tail(word: Word) -> bool:
    """A run never ends on a function word or an owner, unless the fact itself ends there."""
    lower = word.core.lower()
    return bool(
        (lower in STOPWORDS and not word.meaning)
        or lower in NAME_JOINERS
        or lower in _NOT_LAST
        or lower in VERBS
        or (lower.endswith(("ing", "ed")) and not word.capital)
        or word.owner
        or not word.core
    )


def _name_cut_at_end(words, last: int) -> bool:
    """ "Osama | bin Laden": a run ending before word `last` cuts a name in two."""
    if last >= len(words) or not words[last - 1].capital or words[last - 1].breaks:
        return False
    return words[last].capital or words[last].core.lower() in NAME_JOINERS


def _name_cut_at_start(words, first: int) -> bool:
    head = words[first]
    joins = head.capital or head.core.lower() in NAME_JOINERS
    return first > 1 and joins and words[first - 1].capital and not words[first - 1].breaks


def _name_and_role(inside) -> bool:
    """One name and what it is: "Mohammed Omar of the Taliban" (not two names and a role)."""
    lowers = [w.core.lower() for w in inside]
    role = next((i for i, w in enumerate(lowers) if w in ("of", "from")), 0)
    return role > 1 and inside[0].capital and not any(w in ("and", "or") for w in lowers)


def _text(words: tuple[Word, ...]) -> str:
    """The words as written, without the punctuation at either end."""
    return " ".join(w.raw for w in words).strip(EDGE) or " ".join(w.raw for w in words)


def _balanced(text: str) -> bool:
    """Every quote or bracket opened in the text is closed in it."""
    pairs = ("“”", "()", "«»", "[]")  # not ‘’: ’ is an apostrophe too
    return all(text.count(a) == text.count(b) for a, b in pairs) and text.count('"') % 2 == 0
