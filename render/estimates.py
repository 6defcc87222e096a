"""How long a script plays and when each word is heard: the narration's real lengths and word
times where the cache holds them, a calibrated estimate for the rest (script/timing.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scriptreel.media.alignment import spans_from_json
from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.speech import spoken_words
from scriptreel.media.voice import load_voice
from scriptreel.media.words import author_words
from scriptreel.render.narration import SENTENCE, sentence_key
from scriptreel.render.settings import RenderSettings, resolve_choices, voice_spec
from scriptreel.render.sound.audio import load_sentence
from scriptreel.render.store.cache import Cache, Kind, default_root
from scriptreel.render.timeline import ENDING, RATE, frames_for, segment_seconds, voice_lead
from scriptreel.render.voice_files import find_voice
from scriptreel.script import Script
from scriptreel.script.beats import Anchor
from scriptreel.script.timing import sentence_seconds, word_starts


@dataclass(frozen=True)
class SentenceTime:
    """One sentence: how long it lasts and when each of its written words starts."""

    seconds: float
    """Seconds of its audio (without the pause after it)."""
    words: tuple[float, ...]
    """Start of each written word, in seconds from the sentence's start."""
    measured: bool
    """True when taken from the voice's cached audio, False when estimated."""


@dataclass(frozen=True)
class SegmentTime:
    """One segment on the video's timeline."""

    start: float
    """Seconds into the video where its card appears."""
    seconds: float
    """Seconds its card stays up (whole frames, the video's ending included)."""
    lead: float
    """Seconds from its card to its voice."""
    sentences: tuple[SentenceTime, ...]
    """Each sentence, in order."""
    offsets: tuple[float, ...]
    """Where each sentence starts, in seconds after the lead."""

    def anchor(self, anchor: Anchor) -> float:
        """Seconds into the video at which an anchored word is heard (as render/video/visuals.py
        places a beat: past the last sentence is the segment's end)."""
        if anchor.sentence >= len(self.sentences):
            return self.start + self.seconds
        words = self.sentences[anchor.sentence].words
        within = words[anchor.word] if anchor.word < len(words) else 0.0
        return self.start + self.lead + self.offsets[anchor.sentence] + within


@dataclass(frozen=True)
class ScriptTime:
    """Every segment of a script on the timeline, and how much of it was measured."""

    segments: tuple[SegmentTime, ...]
    measured: int
    """Sentences whose length came from the cache."""
    sentences: int
    """Sentences in all."""

    @property
    def seconds(self) -> float:
        """The video's length."""
        return sum(segment.seconds for segment in self.segments)

    def basis(self) -> str:
        """How the times were found, in a few words for a summary line."""
        if self.sentences and self.measured == self.sentences:
            return "from the cached narration"
        if self.measured:
            return f"{self.measured} of {self.sentences} sentences cached, the rest estimated"
        return "estimated"


def script_time(
    script: Script, settings: RenderSettings | None = None, cached: bool = True
) -> ScriptTime:
    """The script's timing as a render with these settings would lay it out. Sentences the
    cache holds for the voice are read from it (`cached=False`: estimate everything)."""
    settings = settings or RenderSettings()
    choices = resolve_choices(settings, script)
    lookup = _lookup(settings, script, choices.speed) if cached else None
    found, frame, measured, count = [], 0, 0, 0
    for index, segment in enumerate(script.segments):
        times = tuple(_sentence(lookup, choices.lexicon, s.text) for s in segment.sentences)
        measured += sum(t.measured for t in times)
        count += len(times)
        offsets, position = [], 0.0
        for number, (sentence, time) in enumerate(zip(segment.sentences, times)):
            offsets.append(position)
            gap = sentence.pause_after + (choices.pause if number < len(times) - 1 else 0.0)
            position += time.seconds + round(gap * RATE) / RATE
        seconds = segment_seconds(
            round(position * RATE), bool(times), segment.number is not None, settings.breath
        )
        frames = frames_for(seconds, choices.fps)
        if index == len(script.segments) - 1 and times:
            frames += frames_for(ENDING, choices.fps)
        lead = voice_lead(frame, choices.fps) / RATE
        found.append(
            SegmentTime(frame / choices.fps, frames / choices.fps, lead, times, tuple(offsets))
        )
        frame += frames
    return ScriptTime(tuple(found), measured, count)


def _sentence(lookup, lexicon: dict[str, str], text: str) -> SentenceTime:
    said = spoken_words(text, lexicon)
    path = lookup(said.text) if lookup is not None else None
    if path is not None:
        try:
            audio, timed = load_sentence(path)
            words = author_words(said, spans_from_json(timed), RATE)
            return SentenceTime(len(audio) / RATE, tuple(w.start for w in words), True)
        except (OSError, ValueError, KeyError, json.JSONDecodeError):
            pass  # a damaged entry: the render makes it again; estimate meanwhile
    seconds = sentence_seconds(said.text)
    return SentenceTime(seconds, tuple(word_starts(text, seconds)), False)


def _lookup(settings: RenderSettings, script: Script, speed: float):
    """A function from spoken text to its cached sentence file (or None); None when the voice
    cannot be loaded (then everything is estimated)."""
    spec = settings.voice
    if spec is not None and not isinstance(spec, str):
        identity = spec.identity()
    else:
        try:
            found = find_voice(voice_spec(spec, script), script.path.parent)
        except VoiceSpecError:
            return None
        identity = _identity(found, speed, script.path.parent)
    if identity is None:
        return None
    cache = Cache(default_root())

    def find(text: str):
        return cache.get(Kind.NARRATION, sentence_key(text, identity), SENTENCE)

    return find


@lru_cache(maxsize=8)
def _identity(spec: str, speed: float, near: Path) -> dict | None:
    # Loading a voice reads (and hashes) its model: once per voice for a studio's many checks.
    try:
        return load_voice(spec, speed, on_warning=lambda _m: None, near=near).identity()
    except Exception:  # noqa: BLE001 - a voice that cannot load leaves the estimate to words
        return None
