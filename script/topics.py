"""Group a transcript's sentences into segments where its subject changes (as TextTiling does)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from scriptreel.script.model import Sentence
from scriptreel.script.terms import content_stems
from scriptreel.script.timing import WORDS_PER_SECOND, word_count

SHORTEST, LONGEST = 20.0, 60.0
"""Seconds of narration a segment should have: cut where the subject changes within these."""
PREFERRED = (28.0, 50.0)
"""Seconds inside which a segment's length costs nothing."""
BLOCK_WORDS = 40
"""Words compared either side of a candidate boundary."""
MOST_SENTENCES = 3000
"""Beyond this many sentences (hours of speech) segments are cut by length alone, to stay fast."""

# Rewards and costs in units of "a segment 10 s outside the preferred band".
_DEPTH_WEIGHT = 1.5
_PARAGRAPH_BONUS = 0.6
_MID_PARAGRAPH_COST = 0.8
_SEGMENT_COST = 0.4


def topic_segments(
    paragraphs: Sequence[Sequence[Sentence]], segments: int | None = None
) -> list[list[Sentence]]:
    """Sentences of the paragraphs (in order) grouped into segments of about 20-60 seconds,
    cut at the deepest dips in lexical cohesion, at paragraph ends where possible.

    With `segments`, aim for exactly that many (fewer if there are fewer sentences)."""
    sentences = [s for paragraph in paragraphs for s in paragraph]
    if not sentences:
        return []
    starts = _paragraph_starts(paragraphs)
    counts = [word_count(s.text) for s in sentences]
    if len(sentences) > MOST_SENTENCES:
        return _by_length(sentences, counts, starts, segments)
    rewards = [0.0] + [
        _DEPTH_WEIGHT * depth + (_PARAGRAPH_BONUS if starts[i] else -_MID_PARAGRAPH_COST)
        for i, depth in enumerate(_depths(sentences, counts), 1)
    ]
    total = sum(counts) / WORDS_PER_SECOND
    if segments is None:
        cuts = _best_cuts(counts, rewards, _SEGMENT_COST, _band_cost)
    else:
        cuts = _cuts_for_count(counts, rewards, max(1, min(segments, len(sentences))), total)
    bounds = [0, *cuts, len(sentences)]
    return [sentences[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _paragraph_starts(paragraphs: Sequence[Sequence[Sentence]]) -> list[bool]:
    starts: list[bool] = []
    for paragraph in paragraphs:
        starts.extend(i == 0 for i in range(len(paragraph)))
    return starts


def _depths(sentences: Sequence[Sentence], counts: Sequence[int]) -> list[float]:
    """For each gap between sentences, how deep a valley in cohesion it sits in (0 to 2)."""
    bags = [Counter(content_stems(s.text)) for s in sentences]
    similarity = []
    for gap in range(1, len(sentences)):
        similarity.append(_cosine(_block(bags, counts, gap - 1, -1), _block(bags, counts, gap, 1)))
    # Peaks climbed left and right from each gap, computed in one pass each way.
    left = similarity[:]
    for i in range(1, len(left)):
        if similarity[i - 1] > similarity[i]:
            left[i] = left[i - 1]
    right = similarity[:]
    for i in range(len(right) - 2, -1, -1):
        if similarity[i + 1] > similarity[i]:
            right[i] = right[i + 1]
    return [(left[i] - s) + (right[i] - s) for i, s in enumerate(similarity)]


def _block(bags: Sequence[Counter], counts: Sequence[int], start: int, step: int) -> Counter:
    """Term counts of the sentences from `start` going `step`, until BLOCK_WORDS are taken."""
    block: Counter = Counter()
    taken, index = 0, start
    while 0 <= index < len(bags) and taken < BLOCK_WORDS:
        block.update(bags[index])
        taken += counts[index]
        index += step
    return block


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def _band_cost(seconds: float, low: float = PREFERRED[0], high: float = PREFERRED[1]) -> float:
    """Cost of a segment's length: nothing inside the band, growing fast outside the limits."""
    outside = max(low - seconds, seconds - high, 0.0) / 10.0
    hard = max(SHORTEST - seconds, seconds - LONGEST, 0.0) / 5.0
    return outside * outside + hard * hard * 4


def _best_cuts(counts, rewards, segment_cost, length_cost, longest: float = LONGEST) -> list[int]:
    """Sentence indexes that start segments 2..n, minimising length costs minus cut rewards.

    Dynamic programming over sentences; a segment never spans more than about three times the
    longest length, so the work is linear in the number of sentences."""
    longest_words = 3 * longest * WORDS_PER_SECOND
    best = [0.0] + [math.inf] * len(counts)
    back = [0] * (len(counts) + 1)
    for end in range(1, len(counts) + 1):
        words = 0
        for start in range(end - 1, -1, -1):
            words += counts[start]
            if words > longest_words and start < end - 1:
                break
            cost = best[start] + length_cost(words / WORDS_PER_SECOND) + segment_cost
            if start:
                cost -= rewards[start]
            if cost < best[end]:
                best[end], back[end] = cost, start
    cuts, end = [], len(counts)
    while end:
        end = back[end]
        if end:
            cuts.append(end)
    return cuts[::-1]


def _cuts_for_count(counts, rewards, wanted: int, total: float) -> list[int]:
    """Cuts for `wanted` segments: the segment cost is searched until the count matches."""
    target = total / wanted

    def length_cost(seconds: float) -> float:
        off = (seconds - target) / max(target * 0.35, 1.0)
        return off * off

    low, high = -50.0, 50.0
    closest: list[int] = []
    for _ in range(30):
        middle = (low + high) / 2
        cuts = _best_cuts(counts, rewards, middle, length_cost, max(LONGEST, target))
        if not closest or abs(len(cuts) + 1 - wanted) < abs(len(closest) + 1 - wanted):
            closest = cuts
        if len(cuts) + 1 == wanted:
            return cuts
        if len(cuts) + 1 > wanted:
            low = middle
        else:
            high = middle
    return closest


def _by_length(counts_source, counts, starts, segments) -> list[list[Sentence]]:
    """Segments cut by length alone, at sentence ends, for texts too long to analyse quickly."""
    limit = sum(counts) / segments if segments else sum(PREFERRED) / 2 * WORDS_PER_SECOND
    groups: list[list[Sentence]] = [[]]
    words = 0
    for sentence, count, start in zip(counts_source, counts, starts, strict=True):
        if groups[-1] and words + count > limit and (start or words > limit * 1.5):
            groups.append([])
            words = 0
        groups[-1].append(sentence)
        words += count
    return groups
