"""Caption cues from narration timings: SubRip, WebVTT, and chapter lists."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import numpy as np

LINE_LENGTH = 42
"""Characters per caption line (common broadcast guidance)."""
MAX_LINES = 2
"""Lines per caption."""

_CONJUNCTIONS = frozenset(
    "and but or so because which who while whereas although though that when where after before since including".split()
)


@dataclass(frozen=True)
class Cue:
    """One caption on screen."""

    start: float
    """Seconds from the start of the video (or of the segment, for per-segment cues)."""
    end: float
    """Seconds, like start."""
    text: str
    """The words as the author wrote them."""

    def shifted(self, seconds: float) -> Cue:
        return Cue(self.start + seconds, self.end + seconds, self.text)


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
        # Prefer a phrase boundary that leaves a useful first piece, else the longest piece that fits.
        score = (1000 if len(left) < 30 else -100 if phrase else 0) - len(left)
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


def to_srt(cues: list[Cue]) -> str:
    blocks = [
        f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n"
        + "\n".join(caption_lines(c.text))
        + "\n"
        for n, c in enumerate(cues, 1)
    ]
    return "\n".join(blocks)


def to_vtt(cues: list[Cue]) -> str:
    blocks = [
        f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n"
        + "\n".join(caption_lines(c.text))
        + "\n"
        for c in cues
    ]
    return "WEBVTT\n\n" + "\n".join(blocks)


def chapter_list(chapters: list[tuple[float, str]]) -> str:
    """`00:00 Title` lines, the form video sites read from a description."""
    hours = chapters and chapters[-1][0] >= 3600
    lines = []
    for start, title in chapters:
        whole = int(start)
        h, rest = divmod(whole, 3600)
        m, s = divmod(rest, 60)
        lines.append(f"{h}:{m:02d}:{s:02d} {title}" if hours else f"{m:02d}:{s:02d} {title}")
    return "\n".join(lines) + "\n"
