"""Word spans estimated from the audio alone, for voices that give no timing of their own."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from scriptreel.media.alignment import WordSpan, share

FRAME = 0.01
"""Seconds per energy frame."""
FLOOR_DB = 30.0
"""Frames this far under the loudest are quiet: between words, or before and after speech."""
VALLEY_DB = 6.0
"""A valley is the quietest frame near a cut and its neighbours up to this much louder."""
REACH = 0.6
"""How far a cut may move to find a pause, as a share of a typical word's length."""
MAX_REACH = 0.15
"""... and at most this many seconds when no pause is near."""
MIN_PAUSE = 2
"""Frames of quiet that make a pause between words."""

_VOWELS = re.compile(r"[aeiouyàáâäæèéêëìíîïòóôöøùúûüœ]+")


def weight(word: str) -> float:
    """How long a word takes to say, roughly: its syllables (vowel groups), plus a little per
    letter; a word with no letters or digits (an emoji, a dash) counts as half a syllable."""
    letters = sum(c.isalnum() for c in word)
    if not letters:
        return 0.5
    syllables = len(_VOWELS.findall(word.lower())) or max(1, letters // 3)
    return syllables + 0.1 * letters


def levels(audio: np.ndarray, hop: int) -> np.ndarray:
    """Energy in dB per frame of `hop` samples (the last partial frame included)."""
    frames = -(-len(audio) // hop)
    padded = np.zeros(frames * hop)
    padded[: len(audio)] = audio.astype(np.float64) / 32768
    return 10 * np.log10((padded.reshape(frames, hop) ** 2).mean(axis=1) + 1e-10)


def estimate_spans(audio: np.ndarray, rate: int, said: Sequence[str]) -> list[WordSpan]:
    """Spans for the words of a sentence laid over its sound by syllable share of the voiced
    time, each cut moved to the quiet valley nearby; every span is marked estimated."""
    hop = max(1, round(rate * FRAME))
    if not said or len(audio) == 0:
        return share(list(said), 0, len(audio))
    level = levels(audio, hop)
    loud = level > level.max() - FLOOR_DB
    voiced = np.flatnonzero(loud)
    if not len(voiced):
        return share(list(said), 0, len(audio))
    first, last = int(voiced[0]), int(voiced[-1]) + 1
    cuts = _cuts(loud[first:last], [weight(w) for w in said])
    edges = _snapped(level[first:last], cuts, round(MAX_REACH / FRAME))
    spans = []
    for index, (start, end) in enumerate(edges):
        low = min((first + start) * hop, len(audio))
        high = min((first + end) * hop, len(audio))
        spans.append(WordSpan(low, max(high, low), estimated=True))
        if index and spans[index - 1].end > low:
            spans[index - 1] = WordSpan(spans[index - 1].start, low, estimated=True)
    return spans


def _cuts(loud: np.ndarray, weights: list[float]) -> list[int]:
    """Frames where one word gives way to the next, by weight share of the loud frames, so a
    long pause at a comma does not count as speech."""
    running = np.cumsum(loud)
    total = running[-1]
    shares = np.cumsum(weights)[:-1] / sum(weights) * total
    return [int(np.searchsorted(running, target, side="left")) + 1 for target in shares]


def pauses(level: np.ndarray) -> list[tuple[int, int]]:
    """Runs of quiet frames, (first, after last), at least MIN_PAUSE frames long."""
    quiet = np.concatenate([[False], level < level.max() - FLOOR_DB, [False]])
    edges = np.flatnonzero(np.diff(quiet.astype(np.int8)))
    runs = zip(edges[::2].tolist(), edges[1::2].tolist())
    return [(a, b) for a, b in runs if b - a >= MIN_PAUSE]


def _to_pauses(cuts: list[int], found: list[tuple[int, int]], penalty: float) -> list[int]:
    """For each cut, the index of the pause it moves to, or -1 to stay (no pause near): pauses
    in order, each used once, least total movement, a cut left unmoved costing `penalty`."""
    count, size = len(cuts), len(found)
    cost = np.full((count + 1, size + 1), np.inf)
    cost[0, :] = 0.0
    for i in range(1, count + 1):
        for j in range(size + 1):
            best = cost[i - 1, j] + penalty
            if j:
                middle = (found[j - 1][0] + found[j - 1][1]) / 2
                best = min(best, cost[i - 1, j - 1] + abs(middle - cuts[i - 1]), cost[i, j - 1])
            cost[i, j] = best
    chosen, j = [-1] * count, size
    for i in range(count, 0, -1):
        while j and cost[i, j] == cost[i, j - 1]:
            j -= 1
        if j:
            middle = (found[j - 1][0] + found[j - 1][1]) / 2
            if cost[i, j] == cost[i - 1, j - 1] + abs(middle - cuts[i - 1]):
                chosen[i - 1] = j - 1
                j -= 1
    return chosen


def _snapped(level: np.ndarray, cuts: list[int], reach_cap: int) -> list[tuple[int, int]]:
    """(start, end) frames per word. A cut near a pause moves to it: the word before ends where
    the pause begins and the next starts where it ends (its onset). Any other cut moves to the
    quietest frame near it (words run together there)."""
    found = pauses(level)
    typical = len(level) / (len(cuts) + 1)
    chosen = _to_pauses(cuts, found, REACH * typical)
    edges: list[tuple[int, int]] = []
    start = 0
    for index, cut in enumerate(cuts):
        if chosen[index] >= 0:
            begin, after = found[chosen[index]]
            edges.append((start, max(begin, start)))
            start = max(after, start)
            continue
        reach = max(1, min(reach_cap, int(typical * REACH / 2)))
        low, high = max(start, cut - reach), min(len(level) - 1, cut + reach)
        quiet = low + int(np.argmin(level[low : high + 1])) if high > low else max(cut, start)
        edges.append((start, quiet))
        start = quiet
    edges.append((start, len(level)))
    return edges
