"""Card titles that name what each segment is about, from its most distinctive phrases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scriptreel.script.model import Sentence
from scriptreel.script.terms import (
    BACK_REFERENCES,
    Phrase,
    distinctiveness,
    is_sign_off,
    known_names,
    sentence_phrases,
    stem,
    tokens,
)
from scriptreel.script.text import short_title

MOST_WORDS, FEWEST_WORDS = 6, 2
"""A title has two to six words."""
MOST_CHARS = 60
"""Longest title in characters: a card shows it in one or two lines."""

# Words that may join two phrases into one subject: "war in Afghanistan", "aid and sanctions".
_JOINERS = frozenset("of in and against".split())
_ADJECTIVE_ENDINGS = (
    "ous",
    "ful",
    "ive",
    "ial",
    "ate",
    "ent",
    "ant",
    "less",
    "able",
    "ible",
    "ing",
)


@dataclass(frozen=True)
class _Candidate:
    words: tuple[str, ...]
    score: float
    stems: frozenset[str]


def segment_titles(groups: Sequence[Sequence[Sentence]]) -> list[str]:
    """A title for each group of sentences, naming what sets it apart from the others: two to
    six words, sentence case, never starting with a conjunction, pronoun or reference back."""
    names = known_names([s for group in groups for s in group])
    weights = distinctiveness(groups)
    titles: list[str] = []
    used: set[str] = set()
    for number, (group, weight) in enumerate(zip(groups, weights, strict=True), 1):
        candidates = ranked_phrases(group, weight, names)
        title = _compose(candidates, used) or f"Part {number}"
        used.add(title.lower())
        titles.append(title)
    return titles


def ranked_phrases(
    group: Sequence[Sentence], weight: dict[str, float], names: frozenset[str]
) -> list[_Candidate]:
    """Names and noun phrases of a segment, the most distinctive first."""
    found: dict[tuple[str, ...], list] = {}
    for index, sentence in enumerate(group):
        if is_sign_off(sentence.text):
            continue
        phrases = list(sentence_phrases(sentence, index, names))
        heads = [_head(p) for p in phrases if not p.name and len(p.words) > 2]
        for phrase in [*phrases, *heads, *_joined(phrases, sentence.text.split())]:
            entry = found.setdefault(phrase.key, [phrase, 0])
            entry[1] += 1
    ranked = []
    for phrase, seen in found.values():
        stems = frozenset(_parts(phrase.words))
        score = sum(weight.get(s, 0.0) for s in stems)
        if not phrase.name and phrase.words[0].lower().endswith(_ADJECTIVE_ENDINGS):
            score -= weight.get(stem(phrase.words[0]), 0.0)  # "immediate", "numerous"
        score *= 1 + 0.25 * (seen - 1)
        score *= 1.2 if phrase.name else 1.0
        score *= 1.15 if phrase.sentence < 2 else 1.0  # a segment's topic is often said early
        score *= 0.7 if len(phrase.words) == 1 else 1.0
        if not phrase.name:
            score *= 0.7 ** max(0, len(phrase.words) - 2)  # "numerous controversial drone strikes"
        if score > 0 and len(phrase.words) <= MOST_WORDS:
            ranked.append(_Candidate(phrase.words, score, stems))
    ranked.sort(key=lambda c: -c.score)
    return ranked


def _parts(words: Sequence[str]) -> list[str]:
    return [
        stem(p) for w in words for p in w.split("-") if len(p) > 2 and p.lower() not in _JOINERS
    ]


def _head(phrase: Phrase) -> Phrase:
    """The last two words of a noun-phrase-like run: its head noun and what qualifies it."""
    return Phrase(phrase.words[-2:], phrase.sentence, phrase.start + len(phrase.words) - 2, False)


def _joined(phrases: Sequence[Phrase], words: Sequence[str]) -> list[Phrase]:
    """Adjacent phrases with a joining word between them, as one longer phrase."""
    longest: dict[int, Phrase] = {}
    for phrase in phrases:  # a name and the noun phrase it starts: join the whole phrase
        if len(phrase.words) > len(longest.get(phrase.start, phrase).words) or (
            phrase.start not in longest
        ):
            longest[phrase.start] = phrase
    phrases = sorted(longest.values(), key=lambda p: p.start)
    out = []
    for a, b in zip(phrases, phrases[1:], strict=False):
        gap = words[a.start + len(a.words) : b.start]
        if not gap or len(gap) > 2 or gap[0].lower() not in _JOINERS:
            continue
        if len(gap) == 2 and gap[1].lower() != "the":
            continue
        if words[b.start + len(b.words) - 1][-1:] == "," and not b.name:
            continue  # "history of territorial, cultural and ...": the list goes on
        joined = (*a.words, *(w.lower() for w in gap), *b.words)
        if len(joined) <= 5:
            out.append(Phrase(joined, a.sentence, a.start, a.name and b.name))
    return out


def _compose(candidates: Sequence[_Candidate], used: set[str]) -> str:
    """The title from the best candidates: the best phrase alone if it has two words or more,
    else joined with the next best that shares no word with it."""
    for first, best in enumerate(candidates[:6]):
        others = [
            c
            for c in candidates[first + 1 :]
            if not c.stems & best.stems and not _JOINERS.intersection(c.words)
        ]
        second = others[0] if others else None
        words = list(best.words)
        if second and len(words) == 1 and len(second.words) < MOST_WORDS - 1:
            words += ["and", *second.words]
        title = _sentence_case(words)
        if len(title.split()) >= FEWEST_WORDS and title.lower() not in used:
            return title
    return ""


def _sentence_case(words: Sequence[str]) -> str:
    while words and words[0].lower() in BACK_REFERENCES:
        words = words[1:]
    words = list(words[:MOST_WORDS])
    if not words:
        return ""
    title = " ".join(words)
    title = title[:1].upper() + title[1:]
    return short_title(title, MOST_CHARS)


def starts_badly(title: str) -> bool:
    """True if a title starts with a conjunction, a pronoun or a reference back."""
    first = tokens(title)[:1]
    return bool(first) and first[0].lower in BACK_REFERENCES
