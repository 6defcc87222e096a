"""Word spans estimated from the audio alone, for voices that give no timing of their own."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .alignment import WordSpan, share

FRAME = 0.01
"""Seconds per energy frame."""
FLOOR_DB = 30.0
"""Frames this far under the loudest are quiet: between words, or before and after speech."""
VALLEY_DB = 6.0
"""A valley is the quietest frame near a cut and its neighbours up to this much louder."""
REACH = 0.6
"""How far a cut may move to find a valley, as a share of the shorter word beside it."""
MAX_REACH = 0.25
"""... and at most this many seconds."""

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


def _snapped(level: np.ndarray, cuts: list[int], reach_cap: int) -> list[tuple[int, int]]:
    """(start, end) frames per word: each cut moved to the quietest frame near it; the word
    before ends where that valley begins and the next starts where it ends (its onset)."""
    size = len(level)
    bounds = [0, *cuts, size]
    edges: list[tuple[int, int]] = []
    start = 0
    for index, cut in enumerate(cuts):
        shorter = min(cut - bounds[index], bounds[index + 2] - cut)
        reach = max(1, min(reach_cap, int(shorter * REACH)))
        low, high = max(start + 1, cut - reach), min(size - 1, cut + reach, bounds[index + 2] - 1)
        if high <= low:
            edges.append((start, max(cut, start)))
            start = max(cut, start)
            continue
        quiet = low + int(np.argmin(level[low : high + 1]))
        if level[quiet] >= level.max() - FLOOR_DB:  # no pause: cut at the quietest frame
            edges.append((start, quiet))
            start = quiet
            continue
        ceiling = level[quiet] + VALLEY_DB
        begin, end = quiet, quiet
        while begin > low and level[begin - 1] <= ceiling:
            begin -= 1
        while end < high and level[end + 1] <= ceiling:
            end += 1
        edges.append((start, begin))
        start = end + 1
    edges.append((start, size))
    return edges
