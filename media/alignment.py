"""Sample spans of spoken words from a voice's per-phoneme durations (pure arithmetic)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

STRESS = frozenset("ˈˌ")
"""Stress marks: they belong to the word around them but are not sounds to match."""


@dataclass(frozen=True)
class WordSpan:
    """Where one spoken word sounds in its sentence's audio."""

    start: int
    """First sample of the word."""
    end: int
    """The sample after its last."""
    estimated: bool = False
    """True when placed by estimate rather than from the voice's own timing."""


@dataclass(frozen=True)
class Phone:
    """One phoneme symbol as the voice spoke it."""

    symbol: str
    """The symbol; a space, punctuation or Piper's ^ and $ separate words."""
    start: int
    """First sample."""
    end: int
    """The sample after its last."""


def phones(symbols: Sequence[str], samples: Sequence[int], offset: int = 0) -> list[Phone]:
    """Phones laid end to end from their sample counts, the first at `offset`."""
    found: list[Phone] = []
    for symbol, count in zip(symbols, samples):
        found.append(Phone(symbol, offset, offset + int(count)))
        offset += int(count)
    return found


def in_word(symbol: str) -> bool:
    """True for letters, length and stress marks and combining accents: parts of a word."""
    return bool(symbol) and unicodedata.category(symbol[0])[0] in "LM"


def sounds(symbols: str) -> str:
    """The symbols that carry sound, for matching (no stress, spaces or punctuation)."""
    return "".join(s for s in symbols if in_word(s) and s not in STRESS)


def phone_words(stream: Sequence[Phone]) -> list[list[Phone]]:
    """The phones grouped into words: runs of word symbols between separators."""
    words: list[list[Phone]] = [[]]
    for phone in stream:
        if in_word(phone.symbol):
            words[-1].append(phone)
        elif words[-1]:
            words.append([])
    return [word for word in words if word]


def word_spans(said: Sequence[str], stream: Sequence[Phone]) -> list[WordSpan]:
    """The span of each spoken word, given each word's phonemes on its own (`said`, spaces
    between the phoneme words one written word became) and the sentence as the voice spoke it.

    When the counts agree word for word, every span is the voice's own. Otherwise (the voice
    joined or split words differently in context) the sounds are matched one by one; a word
    that cannot be matched is estimated inside the gap its matched neighbours leave.
    """
    words = phone_words(stream)
    counts = [len(w.split()) for w in said]
    if sum(counts) == len(words):
        spans: list[WordSpan | None] = []
        first = 0
        for count in counts:
            part = words[first : first + count]
            spans.append(WordSpan(part[0][0].start, part[-1][-1].end) if part else None)
            first += count
    else:
        spans = _gaps_by_count(counts, _matched(said, words), words)
    bounds = (words[0][0].start, words[-1][-1].end) if words else (0, 0)
    return _fill(said, spans, bounds)


def _matched(said: Sequence[str], words: list[list[Phone]]) -> list[WordSpan | None]:
    """Spans of the written words whose sounds match at least half of theirs, snapped out to
    the edges of the phoneme words they alone occupy."""
    heard = [(phone, number) for number, word in enumerate(words) for phone in word]
    heard = [(phone, number) for phone, number in heard if phone.symbol not in STRESS]
    wanted = [(char, index) for index, word in enumerate(said) for char in sounds(word)]
    hits: dict[int, list[int]] = {}
    matcher = SequenceMatcher(
        None,
        "".join(c for c, _ in wanted),
        "".join(p.symbol for p, _ in heard),
        autojunk=False,
    )
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            hits.setdefault(wanted[a + k][1], []).append(b + k)
    claims: dict[int, set[int]] = {}
    for index, found in hits.items():
        for position in found:
            claims.setdefault(heard[position][1], set()).add(index)
    spans: list[WordSpan | None] = []
    for index, word in enumerate(said):
        found = hits.get(index, [])
        if len(found) * 2 < max(len(sounds(word)), 1):
            spans.append(None)
            continue
        first, last = heard[found[0]], heard[found[-1]]
        start = words[first[1]][0].start if claims[first[1]] == {index} else first[0].start
        end = words[last[1]][-1].end if claims[last[1]] == {index} else last[0].end
        spans.append(WordSpan(start, end))
    return spans


def _gaps_by_count(
    counts: list[int], spans: list[WordSpan | None], words: list[list[Phone]]
) -> list[WordSpan | None]:
    """Unmatched runs of written words that fill the phoneme words of their gap word for word
    (the voice said them differently in context, not fewer or more) take those words."""
    spans = list(spans)
    index = 0
    while index < len(spans):
        stop = index
        while stop < len(spans) and spans[stop] is None:
            stop += 1
        if stop > index:
            low = spans[index - 1].end if index else -1
            high = spans[stop].start if stop < len(spans) else words[-1][-1].end + 1
            free = [w for w in words if w[0].start >= low and w[-1].end <= high]
            if sum(counts[index:stop]) == len(free):
                for at in range(index, stop):
                    part, free = free[: counts[at]], free[counts[at] :]
                    spans[at] = WordSpan(part[0][0].start, part[-1][-1].end) if part else None
        index = stop + 1
    return spans


def _fill(
    said: Sequence[str], spans: list[WordSpan | None], bounds: tuple[int, int]
) -> list[WordSpan]:
    """Missing spans estimated by sound share inside the gap between their known neighbours."""
    result: list[WordSpan] = []
    index = 0
    while index < len(spans):
        if spans[index] is not None:
            result.append(spans[index])
            index += 1
            continue
        stop = index
        while stop < len(spans) and spans[stop] is None:
            stop += 1
        low = result[-1].end if result else bounds[0]
        high = spans[stop].start if stop < len(spans) else bounds[1]
        result += share(said[index:stop], max(low, bounds[0]), max(high, low))
        index = stop
    return result


def share(said: Sequence[str], low: int, high: int) -> list[WordSpan]:
    """Estimated spans for words laid over [low, high) in proportion to their sounds."""
    weights = [len(sounds(word)) or (0 if not word.strip() else 1) for word in said]
    total = sum(weights) or len(said)
    if not sum(weights):
        weights = [1] * len(said)
    edges = [low]
    running = 0
    for weight in weights:
        running += weight
        edges.append(low + (high - low) * running // total)
    return [WordSpan(a, b, estimated=True) for a, b in zip(edges, edges[1:])]


def rescaled(spans: Sequence[WordSpan], source: int, target: int) -> list[WordSpan]:
    """Spans of audio resampled from `source` to `target` samples per second."""
    return [
        WordSpan(s.start * target // source, s.end * target // source, s.estimated) for s in spans
    ]


def spans_json(spans: Sequence[WordSpan]) -> str:
    """Spans for a sidecar beside the narration they time: [[start, end, estimated], ...]."""
    return json.dumps([[s.start, s.end, s.estimated] for s in spans])


def spans_from_json(text: str) -> list[WordSpan]:
    return [WordSpan(int(a), int(b), bool(e)) for a, b, e in json.loads(text)]
