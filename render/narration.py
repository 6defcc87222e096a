"""Narration: each sentence spoken once, cached, and laid out with its pauses and captions."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from scriptreel.media.alignment import WordSpan, spans_from_json
from scriptreel.media.captions import Cue, caption_chunks, split_times
from scriptreel.media.loudness import TARGET_LUFS
from scriptreel.media.speech import SpokenWords, spoken_words
from scriptreel.media.voice import SpeechSettings, Voice
from scriptreel.media.words import Word, author_words, spoken_spans
from scriptreel.render.machine import give_back_memory
from scriptreel.render.sound.audio import finished_sentence, load_sentence, save_sentence
from scriptreel.render.store.cache import Cache, Kind
from scriptreel.render.store.keys import entry_key
from scriptreel.render.timeline import LEAD, RATE, frames_for, segment_seconds, voice_lead
from scriptreel.render.voice_pool import VoicePool, share_out
from scriptreel.script import Segment


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
    words: list[list[Word]] = field(default_factory=list)
    """Per sentence, the author's words timed from the sentence's start."""
    cue_words: list[list[float]] = field(default_factory=list)
    """Per cue, when each of its words starts, in seconds from the segment's start (empty when
    the cue's words could not be matched to timed words)."""
    start_frame: int = 0
    """Where it starts on the video's timeline (set when placed)."""
    audio_digest: str = ""
    """What `audio` holds (its sentences' cache files, named by their checksums, and where they
    sit), kept once the samples have been sent to the encoder and dropped."""
    lead: int = round(LEAD * RATE)
    """Samples from the segment's first frame to its narration (see timeline.voice_lead)."""


SENTENCE = ".npz"
"""A sentence's cache entry: its samples and word spans in one file (see audio.save_sentence)."""


@dataclass
class Pending:
    """A segment's sentences: each one's cache file, or a future of it."""

    sources: list[Path | Future] = field(default_factory=list)
    made: list[bool] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Speaking:
    """How one speaker is heard: a loaded voice (shared by every speaker of its spec) and the
    settings of each call."""

    voice: Voice
    settings: SpeechSettings | None = None
    """None: the voice as it was loaded (the script's one voice)."""


def sentence_key(text: str, identity: dict, settings: SpeechSettings | None = None) -> str:
    """The cache key of one sentence: what is read, the voice's identity and its per-call
    settings. The render and the estimates both find sentences by it."""
    said = {} if settings is None else {"said": asdict(settings)}
    return entry_key(
        Kind.NARRATION, spoken=text, voice=identity, sample_rate=RATE, loudness=TARGET_LUFS, **said
    )


class Narrator:
    """Speaks segments, each sentence in its speaker's voice, reusing every sentence the cache
    already holds.

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
        speakers: dict[str, Speaking] | None = None,
    ):
        """`voice` speaks sentences of no speaker (and of a speaker `speakers` does not name)."""
        self.voice, self.cache, self.post = voice, cache, post
        self.lexicon, self.pause, self.breath, self.fps = lexicon, pause, breath, fps
        self.speakers: dict[str | None, Speaking] = {None: Speaking(voice), **(speakers or {})}
        self._identities: dict[int, dict] = {}
        self._spoken: dict[str, SpokenWords] = {}
        self.pool: VoicePool | None = None

    def share_out(self, segments: list[Segment], jobs: int | None) -> None:
        """Hand the new sentences of `segments` to helper processes when the machine has the
        cores for more than one (render.voice_pool); call close() when done."""
        self.pool = share_out(self, segments, jobs)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()

    def let_voices_go(self) -> None:
        """Everything is said: the voices' models go, and their memory with them, before the
        last segments are encoded (at 1080p an x264 process holds 150-250 MB, and a Piper
        model with its arena about 400 MB). Only for voices their owner will not use again."""
        for speaking in self.speakers.values():
            if speaking.voice.capabilities.model_load:
                speaking.voice.unload_model()
        give_back_memory()

    def speaking(self, speaker: str | None) -> Speaking:
        return self.speakers.get(speaker) or self.speakers[None]

    def _identity(self, voice: Voice) -> dict:
        if id(voice) not in self._identities:
            self._identities[id(voice)] = voice.identity()
        return self._identities[id(voice)]

    def spoken(self, text: str) -> SpokenWords:
        """The sentence as the voice reads it (worked out once per render: speak and lay_out
        both need it)."""
        if text not in self._spoken:
            self._spoken[text] = spoken_words(text, self.lexicon)
        return self._spoken[text]

    def voice_of(self, speaker: str | None) -> tuple[Voice, SpeechSettings | None]:
        speaking = self.speaking(speaker)
        return speaking.voice, speaking.settings

    def key(self, text: str, speaker: str | None = None) -> str:
        """The cache key of one sentence as spoken by `speaker`: its voice's identity and its
        per-call settings (a speaker's name is not in it, so renaming one reuses its lines)."""
        speaking = self.speaking(speaker)
        return sentence_key(text, self._identity(speaking.voice), speaking.settings)

    def missing(self, text: str, speaker: str | None = None) -> bool:
        """Whether a sentence is not in the cache (by its name only: speaking checks its
        contents)."""
        key = self.key(self.spoken(text).text, speaker)
        return not self.cache.has(Kind.NARRATION, key, SENTENCE)

    def speak(self, segment: Segment) -> Pending:
        """Synthesise what the cache lacks; the rest is picked up from the cache. Each sentence
        is kept with the spans of its spoken words, so captions and beats can follow words."""
        pending = Pending()
        for sentence in segment.sentences:
            text = self.spoken(sentence.text).text
            key = self.key(text, sentence.speaker)
            found: Path | Future | None = self.cache.get(Kind.NARRATION, key, SENTENCE)
            ahead = self.pool.ahead(key) if self.pool is not None and found is None else None
            if ahead is not None:
                rate = self.voice_of(sentence.speaker)[0].sample_rate
                found = self.post.submit(self._finish_ahead, key, rate, ahead)
            elif found is None:
                voice, settings = self.voice_of(sentence.speaker)
                said = spoken_spans(voice, text, settings)
                found = self.post.submit(self._finish, key, voice.sample_rate, *said)
            pending.sources.append(found)
            pending.made.append(isinstance(found, Future))
            pending.keys.append(key)
        return pending

    def _finish_ahead(self, key: str, rate: int, ahead: Future) -> Path:
        """_finish of a sentence a helper process speaks, once it has."""
        return self._finish(key, rate, *ahead.result())

    def _finish(self, key: str, rate: int, raw: np.ndarray, spans: list[WordSpan]) -> Path:
        """Resample (from the voice's `rate`), loudness-normalise and cache one synthesised
        sentence with its word spans (normalising changes only the gain, so the spans keep
        their places)."""
        samples, timed = finished_sentence(raw, spans, rate, RATE)
        return self.cache.put(
            Kind.NARRATION, key, SENTENCE, lambda temp: save_sentence(temp, samples, timed)
        )

    def lay_out(self, segment: Segment, pending: Pending, start_frame: int = 0) -> NarratedSegment:
        """The segment's audio, timing and captions, once its sentences are ready, for a
        segment starting on `start_frame` of the video."""
        parts: list[np.ndarray] = []
        offsets: list[tuple[int, int]] = []
        words: list[list[Word]] = []
        files: list[str] = []
        position = 0
        last = len(segment.sentences) - 1
        for number, (sentence, source) in enumerate(zip(segment.sentences, pending.sources)):
            path = source.result() if isinstance(source, Future) else source
            audio, timed = load_sentence(path)
            files.append(path.name)
            spans = spans_from_json(timed)
            words.append(author_words(self.spoken(sentence.text), spans, RATE))
            offsets.append((position, len(audio)))
            gap = sentence.pause_after + (self.pause if number < last else 0.0)
            parts += [audio, np.zeros(round(gap * RATE), dtype=np.int16)]
            position += len(audio) + len(parts[-1])
        audio = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
        seconds = segment_seconds(
            len(audio), bool(segment.sentences), segment.number is not None, self.breath
        )
        lead = voice_lead(start_frame, self.fps)
        cues, cue_words = sentence_cues(segment, audio, offsets, words, lead)
        frames = frames_for(seconds, self.fps)
        made = any(pending.made)
        return NarratedSegment(
            segment,
            audio,
            offsets,
            cues,
            frames,
            made,
            pending.keys,
            words,
            cue_words,
            start_frame=start_frame,
            audio_digest=hashlib.sha256(repr((files, offsets, len(audio))).encode()).hexdigest(),
            lead=lead,
        )


def warm_up(
    voice: Voice,
    cache: Cache | None,
    segments: list[Segment],
    lexicon: dict[str, str],
    speakers: dict[str, Speaking] | None = None,
):
    """Load the models of the voices that have some sentence to say that is not in the cache
    (None: no cache) on a helper thread, so they load while the cards are being checked; a
    render with nothing new to say never loads one. Returns the thread (join it before
    speaking), or None when no voice has a model to load."""
    narrator = Narrator(voice, cache, None, lexicon, 0.0, 0.0, 1, speakers)
    loading = [s for s in narrator.speakers.values() if s.voice.capabilities.model_load]
    if not loading:
        return None

    def run() -> None:
        sentences = [s for segment in segments for s in segment.sentences]
        loaded: set[int] = set()
        for speaking in loading:
            try:
                mine = [s for s in sentences if narrator.speaking(s.speaker) is speaking]
                new = cache is None or any(narrator.missing(s.text, s.speaker) for s in mine)
                if new and id(speaking.voice) not in loaded:
                    loaded.add(id(speaking.voice))
                    speaking.voice.load_model(True)  # word times need the model with alignments
            except Exception:  # noqa: BLE001 - the voice reports it again, properly, when it speaks
                pass

    thread = threading.Thread(target=run, name="voice-warm-up", daemon=True)
    thread.start()
    return thread


def sentence_cues(
    segment: Segment,
    audio: np.ndarray,
    offsets: list[tuple[int, int]],
    words: list[list[Word]] | None = None,
    lead: int = round(LEAD * RATE),
) -> tuple[list[Cue], list[list[float]]]:
    """Caption cues of a segment, timed from its start, and when each cue's words start.

    A sentence too long for one cue is cut at phrase boundaries; each cue starts on its first
    word and ends where the next begins (the last on its last word's end), from the word times;
    without them, each cut is placed where the audio is quietest near it.
    """
    cues: list[Cue] = []
    cue_words: list[list[float]] = []
    for index, (sentence, (offset, count)) in enumerate(zip(segment.sentences, offsets)):
        chunks = caption_chunks(sentence.text)
        timed = words[index] if words else []
        times = _chunk_times(chunks, timed)
        at = (lead + offset) / RATE
        if times is None:
            pieces = split_times(audio[offset : offset + count], RATE, chunks)
            times = [(begin / RATE, end / RATE) for begin, end in pieces]
            cue_words += [[] for _ in chunks]
        else:
            first = 0
            for chunk in chunks:
                size = len(chunk.split())
                cue_words.append([at + word.start for word in timed[first : first + size]])
                first += size
        for text, (begin, end) in zip(chunks, times):
            cues.append(Cue(at + begin, at + end, text, sentence.speaker))
    return cues, cue_words


def _chunk_times(chunks: list[str], words: list[Word]) -> list[tuple[float, float]] | None:
    """Each chunk from its first word's start to the next chunk's first word (the last to its
    last word's end), in seconds from the sentence's start; None if the words do not match."""
    counts = [len(chunk.split()) for chunk in chunks]
    if not words or sum(counts) != len(words):
        return None
    firsts = [sum(counts[:i]) for i in range(len(chunks))]
    starts = [words[i].start for i in firsts]
    ends = [*starts[1:], words[-1].end]
    return list(zip(starts, ends))


def segment_pcm(item: NarratedSegment, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The segment's narration after its lead, padded with silence to its exact span
    (samples first..last of the timeline), and where in it the voice speaks (for ducking)."""
    pcm = np.zeros(last - first, dtype=np.int16)
    speech = np.zeros(last - first, dtype=bool)
    lead = item.lead
    pcm[lead : lead + len(item.audio)] = item.audio[: max(0, len(pcm) - lead)]
    for offset, count in item.offsets:
        speech[lead + offset : lead + offset + count] = True
    return pcm, speech
