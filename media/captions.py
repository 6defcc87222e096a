"""Caption cues from narration timings: SubRip, WebVTT, and chapter lists."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LINE_LENGTH = 42
"""Characters per caption line (common broadcast guidance)."""
MAX_LINES = 2
"""Lines per caption."""

_CONJUNCTIONS = frozenset(
    "and but or so because which who while whereas although though that when where after before"
    " since including".split()
)
_PREPOSITIONS = frozenset(
    "than to of in on at by for from with without into onto over under between about against"
    " through during toward towards across along around".split()
)
MIN_CHAPTER = 10.0
"""Seconds: video sites ignore a chapter list with a shorter chapter in it."""
MIN_CHAPTERS = 3
"""Video sites ignore a chapter list with fewer chapters than this."""


@dataclass(frozen=True)
class Cue:
    """One caption on screen."""

    start: float
    """Seconds from the start of the video (or of the segment, for per-segment cues)."""
    end: float
    """Seconds, like start."""
    text: str
    """The words as the author wrote them."""
    speaker: str | None = None
    """Who says them: a name of the script's cast (None: the script's one voice)."""

    def shifted(self, seconds: float) -> Cue:
        return Cue(self.start + seconds, self.end + seconds, self.text, self.speaker)


def caption_lines(text: str) -> list[str]:
    """The cue's lines; two lines are balanced so a lone word never hangs on the second."""
    lines = textwrap.wrap(text, LINE_LENGTH) or [text]
    if len(lines) != 2:
        return lines
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    fitting = [pair for pair in splits if max(map(len, pair)) <= LINE_LENGTH]
    return list(min(fitting, key=lambda pair: max(map(len, pair)))) if fitting else lines


def fits(text: str) -> bool:
    return len(caption_lines(text)) <= MAX_LINES


def caption_chunks(text: str) -> list[str]:
    """The sentence cut at phrase boundaries into pieces that fit two lines of 42 characters."""
    if fits(text):
        return [text]
    words = text.split()
    best: tuple[float, int] | None = None
    for cut in range(1, len(words)):
        left = " ".join(words[:cut])
        if not fits(left):
            break
        phrase = (
            bool(re.search(r"[,;:—–)]$", words[cut - 1])) or words[cut].lower() in _CONJUNCTIONS
        )
        # Before a preposition is a weaker boundary, but better than inside a noun phrase
        # ("harder than Earth's | centre" reads badly; "harder | than Earth's centre" does not).
        weak = words[cut].lower() in _PREPOSITIONS and not words[cut - 1].endswith("'s")
        # Prefer a phrase boundary leaving a useful first piece, else the longest piece that fits.
        bonus = -100 if phrase else -60 if weak else 0
        score = (1000 if len(left) < 30 else bonus) - len(left)
        if best is None or score < best[0]:
            best = (score, cut)
    cut = best[1] if best else 1
    return [" ".join(words[:cut])] + caption_chunks(" ".join(words[cut:]))


def moving_average(values: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average in O(n) (np.convolve is O(n * width), slow for long windows)."""
    padded = np.concatenate([np.zeros(width // 2), values, np.zeros(width - width // 2)])
    cumulative = np.concatenate([[0.0], np.cumsum(padded, dtype=np.float64)])
    return (cumulative[width : width + len(values)] - cumulative[: len(values)]) / width


def split_times(audio: np.ndarray, rate: int, pieces: list[str]) -> list[tuple[int, int]]:
    """Sample spans of each piece within a sentence's audio.

    A first guess comes from the share of characters; each cut then moves to the quietest 20 ms
    of the audio within 0.4 s of the guess, where the voice pauses between phrases.
    """
    total = len(audio)
    if len(pieces) == 1:
        return [(0, total)]
    # Energy in 5 ms blocks, smoothed over 20 ms: fine enough to find a pause, and cheap.
    block = max(1, rate // 200)
    count = total // block
    blocks = (
        (audio[: count * block].astype(np.float64) ** 2).reshape(count, block).mean(axis=1)
        if count
        else np.zeros(1)
    )
    energy = moving_average(blocks, 4)
    scale = energy.max() or 1.0
    reach = int(0.4 * rate)
    shortest = min(int(0.3 * rate), total // (2 * len(pieces)))
    lengths = np.cumsum([len(p) + 1 for p in pieces])
    cuts = [0]
    for number, share in enumerate(lengths[:-1] / lengths[-1], 1):
        guess = int(share * total)
        low = max(cuts[-1] + shortest, guess - reach)
        high = min(total - shortest * (len(pieces) - number), guess + reach)
        first, last = -(-low // block), high // block
        if last <= first or last > len(energy):
            cuts.append(min(max(guess, cuts[-1] + 1), total - 1))
            continue
        span = np.arange(first, last) * block
        # The quietest point wins; between equally quiet points, the one nearest the guess.
        score = energy[first:last] / scale + 0.05 * np.abs(span - guess) / reach
        cuts.append(int(span[np.argmin(score)] + block // 2))
    cuts.append(total)
    return list(zip(cuts[:-1], cuts[1:]))


def _stamp(seconds: float, separator: str) -> str:
    millis = max(0, round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _words(text: str) -> str:
    """Cue text on one line of single spaces: a blank line inside a cue would end it early."""
    return " ".join(text.split())


def _srt_line(line: str) -> str:
    # A line holding `-->` reads as a timing line to SubRip parsers; an arrow of one dash doesn't.
    return re.sub(r"-{2,}>", "->", line)


def _vtt_line(line: str) -> str:
    # WebVTT cue text is markup: `<` opens a tag and `&` an entity, so both are escaped (and `>`,
    # which also keeps `-->` out of the cue).
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_srt(cues: list[Cue]) -> str:
    """SubRip text: numbered cues, cue text that cannot break the file, empty cues left out.

    SubRip has no speakers: as subtitlers do, a cue where the speaker changes starts with the
    new speaker's name in capitals and a colon (`ANA: Why twice?`)."""
    spoken = [(c, _words(c.text)) for c in cues if _words(c.text)]
    blocks, speaker = [], None
    for n, (c, text) in enumerate(spoken, 1):
        lines = [_srt_line(line) for line in caption_lines(text)]
        if c.speaker and c.speaker != speaker:
            lines[0] = f"{_srt_line(c.speaker.upper())}: {lines[0]}"
        speaker = c.speaker
        blocks.append(
            f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n" + "\n".join(lines) + "\n"
        )
    return "\n".join(blocks)


def to_vtt(cues: list[Cue], word_starts: Sequence[Sequence[float]] | None = None) -> str:
    """WebVTT text: cue text escaped as the format requires, empty cues left out.

    A cue with a speaker starts with a voice span, `<v Ana>`. With `word_starts` (per cue, the
    start of each of its words, in seconds), each word after the first is preceded by its
    WebVTT timestamp tag (`<00:00:01.500>`), which players that support it use to light up the
    words as they are spoken (karaoke style).
    """
    blocks = []
    for index, cue in enumerate(cues):
        text = _words(cue.text)
        if not text:
            continue
        starts = list(word_starts[index]) if word_starts else []
        lines = [_vtt_line(line) for line in caption_lines(text)]
        if len(starts) == len(text.split()):
            lines = _timed_lines(lines, starts)
        if cue.speaker:  # a voice span: players may show or style who speaks
            lines[0] = f"<v {_vtt_line(cue.speaker)}>{lines[0]}"
        stamp = f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}"
        blocks.append(stamp + "\n" + "\n".join(lines) + "\n")
    return "WEBVTT\n\n" + "\n".join(blocks)


def _timed_lines(lines: list[str], starts: list[float]) -> list[str]:
    """Lines with a timestamp tag before every word but the first."""
    timed, index = [], 0
    for line in lines:
        words = []
        for word in line.split(" "):
            words.append(word if index == 0 else f"<{_stamp(starts[index], '.')}>{word}")
            index += 1
        timed.append(" ".join(words))
    return timed


Chapter = tuple[float, float, str]
"""(start, end, title), in seconds from the start of the video."""


def merge_short_chapters(
    chapters: Sequence[tuple[float, float, str] | tuple[float, str]],
    shortest: float = MIN_CHAPTER,
) -> list[Chapter]:
    """Chapters of at least `shortest` seconds, the first starting at 0, for a video site.

    A chapter shorter than that is merged into the next one, which keeps its own title and takes
    the earlier start: a 3 s opening card becomes part of the first real chapter, whose title is
    the one worth showing. A run of short chapters at the end joins the last long one instead.
    Pairs (start, title) are accepted too: each ends where the next starts, the last never
    counts as short. The result may still have fewer than MIN_CHAPTERS chapters.
    """
    spans = [
        (float(c[0]), float(c[1]), c[2])
        if len(c) == 3
        else (float(c[0]), float(chapters[i + 1][0]) if i + 1 < len(chapters) else math.inf, c[1])
        for i, c in enumerate(chapters)
    ]
    merged: list[Chapter] = []
    pending: float | None = None
    for start, end, title in spans:
        start = start if pending is None else pending
        if end - start < shortest:
            pending = start
            continue
        merged.append((start, end, title))
        pending = None
    if pending is not None and spans:
        if merged:
            merged[-1] = (merged[-1][0], spans[-1][1], merged[-1][2])
        else:
            merged.append((pending, spans[-1][1], spans[-1][2]))
    if merged:
        merged[0] = (0.0, merged[0][1], merged[0][2])
    return merged


def chapter_list(chapters: Sequence[tuple[float, float, str] | tuple[float, str]]) -> str:
    """`00:00 Title` lines, the form video sites read from a description.

    Chapters shorter than MIN_CHAPTER are merged first (see merge_short_chapters), so the list
    starts at 00:00 and every chapter is long enough. Fewer than MIN_CHAPTERS chapters are still
    written; a caller that only wants a list video sites accept checks
    `len(merge_short_chapters(chapters)) >= MIN_CHAPTERS`.
    """
    kept = merge_short_chapters(chapters)
    hours = bool(kept) and kept[-1][0] >= 3600
    lines = []
    for start, _, title in kept:
        h, rest = divmod(int(start), 3600)
        m, s = divmod(rest, 60)
        lines.append(f"{h}:{m:02d}:{s:02d} {title}" if hours else f"{m:02d}:{s:02d} {title}")
    return "\n".join(lines) + "\n"
