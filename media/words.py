"""When each of the author's words is heard in a narrated sentence."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scriptreel.media.alignment import WordSpan
from scriptreel.media.estimate import estimate_spans
from scriptreel.media.speech import SpokenWords, spoken_words


@dataclass(frozen=True)
class Word:
    """One word as the author wrote it, and when it is heard."""

    text: str
    """The word as written (white-space separated, punctuation kept), as captions show it."""
    start: float
    """Seconds from the start of the sentence's audio."""
    end: float
    """Seconds, like start; equal to start for a word with nothing to say (a dash)."""
    estimated: bool = False
    """True when the time was estimated rather than taken from the voice's own timing."""

    def shifted(self, seconds: float) -> Word:
        return Word(self.text, self.start + seconds, self.end + seconds, self.estimated)


def narrate_words(voice, text: str, lexicon: dict[str, str] | None = None, settings=None):
    """The sentence narrated by `voice`, and its author words timed in that audio.

    Returns (int16 audio at voice.sample_rate, list[Word]). Voices that declare word times
    (Piper) give their own timing, spans being WordSpan or (start, end) samples; for any other
    voice the words are estimated from the audio. `settings`: the call's SpeechSettings.
    """
    said = spoken_words(text, lexicon)
    audio, spans = spoken_spans(voice, said.text, settings)
    return audio, author_words(said, spans, voice.sample_rate)


def spoken_spans(voice, text: str, settings=None) -> tuple[np.ndarray, list[WordSpan]]:
    """The voice's audio for the spoken text and a span per white-space separated word, with
    the call's SpeechSettings (None: as the voice was loaded)."""
    words = text.split()
    if voice.capabilities.word_times:
        audio, spans = voice.synthesize_words(text, settings)
        if len(spans) == len(words):
            return audio, [s if isinstance(s, WordSpan) else WordSpan(*s) for s in spans]
    else:
        audio = voice.synthesize(text, settings)
    return audio, estimate_spans(audio, voice.sample_rate, words)


def author_words(said: SpokenWords, spans: Sequence[WordSpan], rate: int) -> list[Word]:
    """The author's words timed from the spans of the spoken words they became. Words that
    became spoken words together share that time by length; a word with nothing to say sits
    at the end of the word before it."""
    words: list[Word] = []
    index = 0
    while index < len(said.author):
        first, end = said.sources[index]
        stop = index + 1
        while stop < len(said.author) and said.sources[stop] == (first, end) and first < end:
            stop += 1
        if first == end:
            at = words[-1].end if words else (spans[first].start / rate if spans else 0.0)
            words.append(Word(said.author[index], at, at, estimated=True))
        else:
            low, high = spans[first].start, spans[end - 1].end
            guessed = any(s.estimated for s in spans[first:end]) or stop - index > 1
            for text, a, b in _by_length(said.author[index:stop], low, high):
                words.append(Word(text, a / rate, b / rate, guessed))
        index = stop
    return words


def _by_length(texts: Sequence[str], low: int, high: int) -> list[tuple[str, int, int]]:
    total = sum(len(t) for t in texts)
    edges = [low]
    running = 0
    for text in texts:
        running += len(text)
        edges.append(low + (high - low) * running // total)
    return list(zip(texts, edges, edges[1:]))


def estimate_word_times(audio: np.ndarray, rate: int, words: Sequence[str]) -> list[Word]:
    """Words laid over audio with no timing of its own (gTTS, any voice): by syllable share of
    the voiced time, each cut moved to the quiet between words; all marked estimated."""
    spans = estimate_spans(audio, rate, words)
    return [Word(w, s.start / rate, s.end / rate, True) for w, s in zip(words, spans)]


def spans_at(words: Sequence[Word], rate: int) -> list[tuple[int, int]]:
    """Sample spans of the words at `rate` (e.g. 48000 after resampling), rounded to samples."""
    return [(round(w.start * rate), round(w.end * rate)) for w in words]


def words_json(words: Sequence[Word]) -> str:
    """The words for a cache sidecar: seconds, so resampling the audio leaves them true."""
    return json.dumps([[w.text, round(w.start, 5), round(w.end, 5), w.estimated] for w in words])


def words_from_json(text: str) -> list[Word]:
    return [Word(str(t), float(a), float(b), bool(e)) for t, a, b, e in json.loads(text)]
