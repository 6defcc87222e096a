"""The timeline of one render as a frozen value, built by pure functions from its segments.

Everything a render decided about time (where each segment, sentence, word, caption and beat
falls in the video, its chapters and its music) is worked out here once, and every output
(the captions, the chapter list, the word times, the summary) reads it instead of working it
out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from scriptreel.media.captions import Cue
from scriptreel.media.word_captions import word_groups
from scriptreel.render.timeline import RATE, span
from scriptreel.render.video.frames import WordCaption
from scriptreel.render.video.visuals import SentenceTiming, visual_runs

if TYPE_CHECKING:
    from scriptreel.render.narration import NarratedSegment


@dataclass(frozen=True)
class SegmentSpan:
    """Where one segment sits in the video."""

    index: int
    """Position in the video, 0 first."""
    number: int | None
    """The counter shown on its card; None for the opening and closing cards."""
    title: str
    """Its card title."""
    narration: str
    """Its sentences, as written."""
    start_frame: int
    """Its first frame."""
    frames: int
    """How many frames it lasts."""
    samples: tuple[int, int]
    """First and one-past-last sample of its audio on the video's timeline."""
    lead: int
    """Samples from its first frame to its narration."""


@dataclass(frozen=True)
class TimedSentence:
    """One spoken sentence, in seconds of the video."""

    segment: int
    """Index of its segment."""
    text: str
    """The sentence as written."""
    start: float
    """When the voice starts it."""
    end: float
    """When the voice ends it."""
    speaker: str | None = None
    """Who says it: a name of the cast (None: the script's one voice)."""


@dataclass(frozen=True)
class TimedWord:
    """One narrated word, in seconds of the video (an entry of OUT.words.json)."""

    text: str
    start: float
    end: float
    segment: int
    estimated: bool
    """True when the word's time was estimated from the audio, not given by the voice."""
    speaker: str | None = None
    """Who says it: a name of the cast (None: the script's one voice)."""


@dataclass(frozen=True)
class BeatSpan:
    """Frames of the video during which a beat (picture, clip, list, quote) is on screen."""

    segment: int
    """Index of its segment."""
    beat: int
    """Index of the beat in its segment."""
    kind: str
    """What it is: picture, clip, list or quote."""
    start_frame: int
    """First frame, in the video."""
    frames: int
    """How many frames."""


@dataclass(frozen=True)
class Timeline:
    """What a render decided about time; built once by `build_timeline`."""

    title: str
    """The video's title (its metadata and chapter file)."""
    fps: int
    """Frames per second."""
    segments: tuple[SegmentSpan, ...]
    sentences: tuple[TimedSentence, ...]
    words: tuple[TimedWord, ...]
    cues: tuple[Cue, ...]
    """Captions in the video's time."""
    cue_words: tuple[tuple[float, ...], ...]
    """Per cue, when each of its words starts (empty when its words were not matched)."""
    beats: tuple[BeatSpan, ...]
    chapters: tuple[tuple[float, float, str], ...]
    """(start, end, title) in seconds: one per segment."""
    music: str | None = None
    """The cache key of the background music, if any."""

    @property
    def frames(self) -> int:
        """Frames of the whole video."""
        return sum(s.frames for s in self.segments)

    @property
    def duration(self) -> float:
        """Seconds of video."""
        return self.frames / self.fps

    @property
    def samples(self) -> int:
        """Audio samples of the whole video, at RATE."""
        return self.segments[-1].samples[1] if self.segments else 0


def build_timeline(
    planned: Sequence[NarratedSegment], fps: int, title: str, music: str | None = None
) -> Timeline:
    """The timeline of segments laid out one after another (each knows its start frame)."""
    segments = tuple(_segment_span(index, item, fps) for index, item in enumerate(planned))
    placed = list(zip(planned, segments))
    return Timeline(
        title=title,
        fps=fps,
        segments=segments,
        sentences=tuple(s for p, at in placed for s in _sentences(p, at)),
        words=tuple(w for p, at in placed for w in _words(p, at)),
        cues=tuple(cue.shifted(at.samples[0] / RATE) for p, at in placed for cue in p.cues),
        cue_words=tuple(
            tuple(at.samples[0] / RATE + start for start in starts)
            for p, at in placed
            for starts in p.cue_words
        ),
        beats=tuple(b for p, at in placed for b in _beats(p, at, fps)),
        chapters=tuple((s.samples[0] / RATE, s.samples[1] / RATE, s.title) for s in segments),
        music=music,
    )


def _segment_span(index: int, item: NarratedSegment, fps: int) -> SegmentSpan:
    segment = item.segment
    return SegmentSpan(
        index=index,
        number=segment.number,
        title=segment.title,
        narration=segment.narration,
        start_frame=item.start_frame,
        frames=item.frames,
        samples=span(item.start_frame, item.frames, fps),
        lead=item.lead,
    )


def _sentences(item: NarratedSegment, at: SegmentSpan) -> list[TimedSentence]:
    voice = (at.samples[0] + at.lead) / RATE
    return [
        TimedSentence(
            at.index, said.text, voice + offset / RATE, voice + (offset + n) / RATE, said.speaker
        )
        for said, (offset, n) in zip(item.segment.sentences, item.offsets)
    ]


def _words(item: NarratedSegment, at: SegmentSpan) -> list[TimedWord]:
    voice = (at.samples[0] + at.lead) / RATE
    found = []
    for said, (offset, _), words in zip(item.segment.sentences, item.offsets, item.words):
        sentence = voice + offset / RATE
        for word in words:
            found.append(
                TimedWord(
                    word.text,
                    round(sentence + word.start, 3),
                    round(sentence + word.end, 3),
                    at.index,
                    word.estimated,
                    said.speaker,
                )
            )
    return found


def sentence_timings(item: NarratedSegment) -> list[SentenceTiming]:
    """Where each sentence and its words sit in the segment's narration, in samples."""
    timings = []
    for index, (offset, count) in enumerate(item.offsets):
        words = item.words[index] if index < len(item.words) else []
        starts = tuple(round(word.start * RATE) for word in words) or None
        timings.append(SentenceTiming(offset, count, starts, item.lead))
    return timings


def _beats(item: NarratedSegment, at: SegmentSpan, fps: int) -> list[BeatSpan]:
    """The frames each beat other than a call-out is on screen, in the video's frames."""
    beats = item.segment.beats
    if not beats:
        return []
    found: list[BeatSpan] = []
    for run in visual_runs(beats, sentence_timings(item), item.frames, fps):
        if run.base.is_card():
            continue
        start = at.start_frame + run.start
        last = found[-1] if found else None
        if last and last.beat == run.base.beat and last.start_frame + last.frames == start:
            found[-1] = replace(last, frames=last.frames + run.frames)
        else:
            kind = beats[run.base.beat].kind.value
            found.append(BeatSpan(at.index, run.base.beat, kind, start, run.frames))
    return found


def word_caption_cues(item: NarratedSegment, cast: tuple = ()) -> list:
    """Word-by-word captions as cues: each word of a group lit from its start to the next's, in
    its speaker's colour when the script has a cast."""
    colors = {speaker.name: speaker.color for speaker in cast}
    cues = []
    said = item.segment.sentences
    for sentence, (offset, _), words in zip(said, item.offsets, item.words):
        at = (item.lead + offset) / RATE
        color = colors.get(sentence.speaker)
        for group in word_groups(words):
            texts = tuple(words[i].text for i in group)
            for place, index in enumerate(group):
                start = at + words[index].start
                following = group[place + 1] if place + 1 < len(group) else None
                end = at + (words[following].start if following is not None else words[index].end)
                shown = WordCaption(texts, place, color)
                cues.append(Cue(start, max(end, start + 0.05), shown, sentence.speaker))
    return cues
