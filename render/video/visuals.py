"""What is on screen when, within a segment: the card, its beats, call-outs and captions.

Pure arithmetic: from the beats' anchors (a sentence and a word), the sentences' places in the
segment's audio and, when the voice gave them, the words' start times, it computes runs of
frames during which the picture does not change its parts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scriptreel.media.captions import Cue
from scriptreel.render.beat_kinds import spec_of
from scriptreel.render.timeline import CAPTION_BRIDGE, LEAD, RATE
from scriptreel.script import Segment
from scriptreel.script.beats import Anchor, Beat

CARD_SKIP = 0.5
"""Seconds: a segment whose first beat lands sooner than this starts on the beat, not its card."""


@dataclass(frozen=True)
class Base:
    """The picture under everything else: the card, or a beat in one of its states."""

    beat: int | None = None
    """Index of the beat in the segment's beats; None for the segment's card."""
    shown: int = 0
    """List beats: how many items are visible."""
    growing: bool = False
    """The beat is still growing into this state from the one before (a moving piece)."""

    def is_card(self) -> bool:
        return self.beat is None


@dataclass(frozen=True)
class Run:
    """Frames of a segment over which the base, the call-out and the caption stay the same."""

    start: int
    """First frame, counted from the segment's start."""
    frames: int
    """How many frames."""
    base: Base
    """What is under everything."""
    callout: str | None = None
    """A call-out phrase drawn large, if any."""
    caption: str | None = None
    """The burned-in caption, if any."""


@dataclass(frozen=True)
class SentenceTiming:
    """Where a sentence sits in the segment's audio, and its words if the voice said where."""

    offset: int
    """First sample of the sentence in the segment's narration (after its lead)."""
    count: int
    """Samples the sentence lasts."""
    words: tuple[int, ...] | None = None
    """Start sample of each word within the sentence, when known."""
    lead: int = round(LEAD * RATE)
    """Samples from the segment's start to its narration (timeline.voice_lead)."""


def anchor_seconds(anchor: Anchor, timings: Sequence[SentenceTiming], end: float) -> float:
    """Seconds from the segment's start at which the anchored word is spoken.

    A word without a known time starts with its sentence; an anchor past the last sentence
    is the segment's end.
    """
    if anchor.sentence >= len(timings):
        return end
    timing = timings[anchor.sentence]
    within = 0
    if timing.words and anchor.word < len(timing.words):
        within = timing.words[anchor.word]
    return (timing.lead + timing.offset + within) / RATE


def anchor_end_seconds(anchor: Anchor, timings: Sequence[SentenceTiming], end: float) -> float:
    """Seconds at which the anchored sentence ends (for beats that last to a sentence's end)."""
    if anchor.sentence >= len(timings):
        return end
    timing = timings[anchor.sentence]
    return (timing.lead + timing.offset + timing.count) / RATE


def _marks(
    beats: Sequence[Beat], timings: Sequence[SentenceTiming], seconds: float
) -> tuple[list[tuple[float, Base]], list[tuple[float, float, str]]]:
    """Base changes (time, base) in order, and call-outs (start, end, phrase)."""
    bases: list[tuple[float, Base]] = [(0.0, Base())]
    callouts: list[tuple[float, float, str]] = []
    for index, beat in enumerate(beats):
        start = anchor_seconds(beat.anchor, timings, seconds)
        spec = spec_of(beat)
        if spec.over_card:
            stop = anchor_end_seconds(beat.ends or beat.anchor, timings, seconds)
            callouts.append((start, stop, beat.items[0] if beat.items else ""))
            continue
        if spec.by_item:
            anchors = beat.item_anchors or (beat.anchor,)
            for shown, item_anchor in enumerate(anchors, 1):
                at = anchor_seconds(item_anchor, timings, seconds)
                bases.append((at, Base(index, shown)))
        else:
            bases.append((start, Base(index)))
        if beat.ends is not None:
            bases.append((anchor_end_seconds(beat.ends, timings, seconds), Base()))
    bases.sort(key=lambda mark: mark[0])
    if len(bases) > 1 and not bases[1][1].is_card() and bases[1][0] < CARD_SKIP:
        # A card shown for a blink before a picture reads as a flash: the beat starts the
        # segment instead (a picture or clip keeps the title as its corner label).
        bases = [(0.0, bases[1][1]), *bases[2:]]
    # A call-out gives way to the next one, even within its sentence.
    callouts.sort(key=lambda span: span[0])
    callouts = [
        (start, min(stop, following[0]) if following else stop, text)
        for (start, stop, text), following in zip(callouts, [*callouts[1:], None])
    ]
    return bases, callouts


def visual_runs(
    beats: Sequence[Beat],
    timings: Sequence[SentenceTiming],
    frames: int,
    fps: int,
    cues: Sequence[Cue] = (),
) -> list[Run]:
    """Runs of frames tiling the segment: each change of base, call-out or caption starts a
    new run. A beat or call-out starts on the frame during which its word's onset falls (so it
    is never late to its word); a caption on the frame nearest its start. No caption is burned
    while a quote card shows the words being read."""
    seconds = frames / fps
    bases, callouts = _marks(beats, timings, seconds)
    captions = _caption_spans(cues)
    # Every change as (frame, ...) once, so the runs and the cuts agree to the frame.
    bases = [(_onset_frame(at, fps, frames), base) for at, base in bases]
    callouts = [
        (_onset_frame(a, fps, frames), _onset_frame(b, fps, frames), t) for a, b, t in callouts
    ]
    captions = [(_frame(a, fps, frames), _frame(b, fps, frames), t) for a, b, t in captions]
    cuts = {0, frames}
    for at, _ in bases:
        cuts.add(at)
    for start, stop, _ in [*callouts, *captions]:
        cuts |= {start, stop}
    edges = sorted(cuts)
    runs: list[Run] = []
    for first, last in zip(edges, edges[1:]):
        if last <= first:
            continue
        base = _active_base(bases, first)
        callout = _active_span(callouts, first)
        caption = _active_span(captions, first)
        if caption is not None and _shows_its_words(base, beats, caption):
            caption = None
        if runs and (runs[-1].base, runs[-1].callout, runs[-1].caption) == (
            base,
            callout,
            caption,
        ):
            previous = runs[-1]
            runs[-1] = Run(previous.start, previous.frames + last - first, base, callout, caption)
        else:
            runs.append(Run(first, last - first, base, callout, caption))
    return runs


def _spoken_text(caption) -> str:
    """The words a caption shows: its text, or a word-by-word caption's group of words."""
    if isinstance(caption, str):
        return caption
    words = getattr(caption, "words", None)
    return " ".join(words) if words is not None else getattr(caption, "text", "")


def _shows_its_words(base: Base, beats: Sequence[Beat], caption) -> bool:
    """A quote card shows every word being read, and a list the item being read: a caption
    under them would say the same words twice. Other sentences spoken over a list keep theirs."""
    if base.is_card():
        return False
    beat = beats[base.beat]
    spec = spec_of(beat)
    if spec.shows_words:
        return True
    if not spec.shows_items:
        return False
    said = _letters(_spoken_text(caption))
    return bool(said) and any(said in _letters(item) for item in beat.items)


def _letters(text: str) -> str:
    """Text reduced to its words, so a caption cut from a sentence matches the item it came
    from whatever its line breaks, punctuation or emphasis."""
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _frame(seconds: float, fps: int, frames: int) -> int:
    """The frame nearest to a moment."""
    return min(frames, max(0, round(seconds * fps)))


def _onset_frame(seconds: float, fps: int, frames: int) -> int:
    """The frame being shown when a moment comes (1e-6: a moment exactly on a frame's start
    belongs to that frame despite floating point)."""
    return min(frames, max(0, math.floor(seconds * fps + 1e-6)))


def _active_base(bases: list[tuple[int, Base]], frame: int) -> Base:
    active = bases[0][1]
    for at, base in bases:
        if at <= frame:
            active = base
    return active


def _active_span(spans: Sequence[tuple[int, int, object]], frame: int):
    for start, stop, text in spans:
        if start <= frame < stop:
            return text
    return None


def _caption_spans(cues: Sequence[Cue]) -> list[tuple[float, float, str]]:
    """Caption spans, each held across a gap shorter than CAPTION_BRIDGE (no flicker)."""
    spans = []
    for cue, following in zip(cues, [*cues[1:], None]):
        bridged = following is not None and following.start - cue.end < CAPTION_BRIDGE
        spans.append((cue.start, following.start if bridged else cue.end, cue.text))
    return spans


def moving_groups(runs: list[Run], segment: Segment, motion: bool) -> list:
    """Runs in order: a still run as itself, consecutive runs of one moving beat as a list."""
    grouped: list = []
    for run in runs:
        beat = None if run.base.is_card() else segment.beats[run.base.beat]
        moves = beat is not None and (run.base.growing or spec_of(beat).moves(beat, motion))
        if not moves:
            grouped.append(run)
        elif grouped and isinstance(grouped[-1], list) and grouped[-1][0].base == run.base:
            grouped[-1].append(run)
        else:
            grouped.append([run])
    return grouped
