"""Narration: each sentence spoken once, cached, and laid out with its pauses and captions."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from media.captions import Cue, caption_chunks, split_times
from media.loudness import TARGET_LUFS, normalize
from media.speech import spoken
from media.voice import Voice
from script import Segment

from .audio import load_npy, resample, save_npy
from .cache import Cache, Kind
from .keys import entry_key
from .timeline import LEAD, RATE, frames_for, segment_seconds


@dataclass
class NarratedSegment:
    """A segment's narration laid out on its own clock, ready to be placed on the timeline."""

    segment: Segment
    """The segment it narrates."""
    audio: np.ndarray
    """The narration at RATE, pauses included, loudness-normalised per sentence."""
    offsets: list[tuple[int, int]]
    """(start sample within `audio`, sample count) per sentence."""
    cues: list[Cue]
    """Captions, timed from the segment's start."""
    frames: int
    """How many frames its card stays up."""
    made: bool
    """True when any of its sentences was synthesised in this run."""
    narration_keys: list[str]
    """The cache key of each sentence."""
    start_frame: int = 0
    """Where it starts on the video's timeline (set when placed)."""


@dataclass
class Pending:
    """A segment's sentences: each a cached file, or a future of one being made."""

    sources: list[Path | Future] = field(default_factory=list)
    made: list[bool] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


class Narrator:
    """Speaks segments through one voice, reusing every sentence the cache already holds.

    The voice runs on the caller's thread; resampling, normalisation and caching of what it
    said run on `post`, so the voice goes straight on to the next sentence.
    """

    def __init__(
        self,
        voice: Voice,
        cache: Cache,
        post: ThreadPoolExecutor,
        lexicon: dict[str, str],
        pause: float,
        breath: float,
        fps: int,
    ):
        self.voice, self.cache, self.post = voice, cache, post
        self.lexicon, self.pause, self.breath, self.fps = lexicon, pause, breath, fps
        self.identity = voice.identity()

    def key(self, text: str) -> str:
        """The cache key of one sentence as spoken."""
        return entry_key(
            Kind.NARRATION,
            spoken=text,
            voice=self.identity,
            sample_rate=RATE,
            loudness=TARGET_LUFS,
        )

    def speak(self, segment: Segment) -> Pending:
        """Synthesise what the cache lacks; the rest is picked up from the cache."""
        pending = Pending()
        for sentence in segment.sentences:
            text = spoken(sentence.text, self.lexicon)
            key = self.key(text)
            found = self.cache.get(Kind.NARRATION.value, key, ".npy")
            if found is None:
                found = self.post.submit(self._finish, key, self.voice.synthesize(text))
            pending.sources.append(found)
            pending.made.append(isinstance(found, Future))
            pending.keys.append(key)
        return pending

    def _finish(self, key: str, raw: np.ndarray) -> Path:
        """Resample, loudness-normalise and cache one synthesised sentence."""
        samples = normalize(resample(raw, self.voice.sample_rate, RATE), RATE)
        return self.cache.put(
            Kind.NARRATION.value, key, ".npy", lambda temp: save_npy(temp, samples)
        )

    def lay_out(self, segment: Segment, pending: Pending) -> NarratedSegment:
        """The segment's audio, timing and captions, once its sentences are ready."""
        parts: list[np.ndarray] = []
        offsets: list[tuple[int, int]] = []
        position = 0
        last = len(segment.sentences) - 1
        for number, (sentence, source) in enumerate(zip(segment.sentences, pending.sources)):
            audio = load_npy(source.result() if isinstance(source, Future) else source)
            offsets.append((position, len(audio)))
            gap = sentence.pause_after + (self.pause if number < last else 0.0)
            parts += [audio, np.zeros(round(gap * RATE), dtype=np.int16)]
            position += len(audio) + len(parts[-1])
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
        seconds = segment_seconds(
            len(audio), bool(segment.sentences), segment.number is not None, self.breath
        )
        cues = sentence_cues(segment, audio, offsets)
        frames = frames_for(seconds, self.fps)
        return NarratedSegment(
            segment, audio, offsets, cues, frames, any(pending.made), pending.keys
        )


def sentence_cues(segment: Segment, audio: np.ndarray, offsets: list[tuple[int, int]]) -> list[Cue]:
    """Caption cues of a segment, timed from its start: a sentence too long for one cue is cut
    at phrase boundaries, each cut placed where the audio is quietest near it."""
    cues = []
    for sentence, (offset, count) in zip(segment.sentences, offsets):
        chunks = caption_chunks(sentence.text)
        times = split_times(audio[offset : offset + count], RATE, chunks)
        for text, (begin, end) in zip(chunks, times):
            cues.append(Cue(LEAD + (offset + begin) / RATE, LEAD + (offset + end) / RATE, text))
    return cues


def segment_pcm(item: NarratedSegment, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The segment's narration after LEAD seconds, padded with silence to its exact span
    (samples first..last of the timeline), and where in it the voice speaks (for ducking)."""
    pcm = np.zeros(last - first, dtype=np.int16)
    speech = np.zeros(last - first, dtype=bool)
    lead = round(LEAD * RATE)
    pcm[lead : lead + len(item.audio)] = item.audio[: max(0, len(pcm) - lead)]
    for offset, count in item.offsets:
        speech[lead + offset : lead + offset + count] = True
    return pcm, speech
