"""Word times: spans from phoneme durations, estimates from audio, author words from both."""

from __future__ import annotations

import numpy as np
import pytest

from scriptreel.media.alignment import Phone, WordSpan, phones, word_spans
from scriptreel.media.estimate import estimate_spans
from scriptreel.media.speech import spoken, spoken_words
from scriptreel.media.words import (
    Word,
    author_words,
    estimate_word_times,
    narrate_words,
    spans_at,
    words_from_json,
    words_json,
)
from tests.tonevoice import PlainToneVoice, WordToneVoice


def _stream(text: str, sizes: dict[str, int] | None = None) -> list[Phone]:
    """Phones for a phoneme string, each symbol 100 samples (or as given), between ^ and $."""
    symbols = ["^", *text, "$"]
    return phones(symbols, [(sizes or {}).get(s, 100) for s in symbols])


def test_spans_come_from_the_phoneme_words_when_counts_agree():
    stream = _stream("ðə sˈiː ɹˈaɪzᵻz.")
    spans = word_spans(["ðə", "sˈiː", "ɹˈaɪzᵻz"], stream)
    assert spans == [WordSpan(100, 300), WordSpan(400, 800), WordSpan(900, 1600)]


def test_a_written_word_said_as_several_spans_all_of_them():
    stream = _stream("ɪt kˈɔst fˈaɪv pɔɪnt tˈuː.")
    spans = word_spans(["ɪt", "kˈɔst", "fˈaɪv pɔɪnt tˈuː"], stream)
    assert spans[2] == WordSpan(1000, 2600) and not spans[2].estimated


def test_words_the_voice_joined_are_split_where_their_sounds_meet():
    stream = _stream("ðə wˈɛlnˈoʊn tɹˈɪk")  # "well known" said as one word
    spans = word_spans(["ðə", "wˈɛl", "nˈoʊn", "tɹˈɪk"], stream)
    assert spans[1] == WordSpan(400, 800) and spans[2] == WordSpan(800, 1300)
    assert spans[3].start == 1400 and not any(s.estimated for s in spans)


def test_a_word_that_cannot_be_matched_is_estimated_inside_its_neighbours():
    stream = _stream("ðə kˈæt zzzzzz sˈæt ɒn")
    spans = word_spans(["ðə", "kˈæt", "mˈæθɛmˈætɪks", "ænd", "sˈæt", "ɒn"], stream)
    assert [s.estimated for s in spans] == [False, False, True, True, False, False]
    assert spans[1].end <= spans[2].start <= spans[2].end <= spans[3].start
    assert spans[3].end <= spans[4].start  # never outside the matched neighbours
    assert spans[2].end > spans[2].start and spans[3].end > spans[3].start


def test_tone_voice_word_times_are_exact_to_the_sample():
    voice = WordToneVoice()
    text = "The tide comes in twice a day."
    audio, words = narrate_words(voice, text)
    assert [w.text for w in words] == text.split()
    assert spans_at(words, voice.sample_rate) == voice.word_samples(text)
    assert not any(w.estimated for w in words) and words[-1].end * voice.sample_rate < len(audio)


def test_a_year_on_screen_spans_every_spoken_word_of_it():
    voice = WordToneVoice()
    text = "In 1947 it began."
    _, words = narrate_words(voice, text)
    said = voice.word_samples(spoken(text))  # In nineteen forty-seven it began.
    assert [w.text for w in words] == ["In", "1947", "it", "began."]
    assert spans_at(words, voice.sample_rate)[1] == (said[1][0], said[2][1])


def test_a_one_word_sentence_and_words_with_nothing_to_say():
    voice = WordToneVoice()
    _, words = narrate_words(voice, "Stop.")
    assert spans_at(words, voice.sample_rate) == voice.word_samples("Stop.")
    said = spoken_words("Go now. [pause 2s]")
    timed = author_words(said, [WordSpan(100, 200), WordSpan(300, 400)], 1000)
    assert [(w.text, w.start, w.end, w.estimated) for w in timed[2:]] == [
        ("[pause", 0.4, 0.4, True),
        ("2s]", 0.4, 0.4, True),
    ]


def test_author_words_read_as_one_share_the_time_by_length():
    said = spoken_words("The New York office.", {"New York": "Nyork"})
    timed = author_words(said, [WordSpan(0, 10), WordSpan(10, 80), WordSpan(90, 100)], 10)
    assert [(w.text, w.start, w.end) for w in timed] == [
        ("The", 0.0, 1.0),
        ("New", 1.0, 4.0),
        ("York", 4.0, 8.0),
        ("office.", 9.0, 10.0),
    ]
    assert timed[1].estimated and timed[2].estimated and not timed[0].estimated


def test_estimates_find_the_quiet_between_words_and_say_so():
    voice = PlainToneVoice()
    text = "one seven three elephants go home"
    audio, words = narrate_words(voice, text)
    truth = voice.word_samples(text)
    hop = round(voice.sample_rate * 0.01)
    assert all(w.estimated for w in words)
    for (start, end), (true_start, true_end) in zip(spans_at(words, voice.sample_rate), truth):
        assert abs(start - true_start) <= hop and abs(end - true_end) <= hop


def test_estimates_stay_in_order_inside_the_audio_without_pauses():
    rate = 16000
    t = np.arange(rate * 2) / rate
    audio = (np.sin(2 * np.pi * 200 * t) * 8000 * (1.2 + np.sin(2 * np.pi * 3 * t))).astype(
        np.int16
    )
    words = estimate_word_times(audio, rate, "a steady hum with no gaps at all".split())
    starts = [w.start for w in words]
    assert starts == sorted(starts) and all(w.start <= w.end for w in words)
    assert words[0].start >= 0 and words[-1].end <= len(audio) / rate


def test_silence_and_empty_sentences_do_not_break_estimates():
    assert estimate_spans(np.zeros(0, dtype=np.int16), 16000, ["a"]) == [WordSpan(0, 0, True)]
    spans = estimate_spans(np.zeros(1600, dtype=np.int16), 16000, ["a", "b"])
    assert spans[0].start == 0 and spans[-1].end == 1600


def test_words_survive_the_cache_sidecar():
    words = [Word("1947", 0.1, 0.9), Word("—", 0.9, 0.9, True)]
    assert words_from_json(words_json(words)) == words


@pytest.fixture(scope="module")
def piper():
    from scriptreel.media.voice.piper import PiperEngine

    engine = PiperEngine.load(None)
    engine.load_model(alignments=True)
    return engine


@pytest.mark.parametrize(
    "text",
    ["In 1947 Dr. Lee paid $5.2 million for the well-known pier.", "Stop.", 'Hi — a "big" 🌊!'],
)
def test_piper_word_times_are_ordered_inside_the_audio_and_not_empty(piper, text):
    audio, words = narrate_words(piper, text)
    assert [w.text for w in words] == text.split()
    rate = piper.sample_rate
    sounding = [w for w in words if w.text != "—"]
    assert all(w.end > w.start for w in sounding)
    assert all(a.end <= b.start for a, b in zip(words, words[1:]))
    assert words[0].start > 0 and words[-1].end < len(audio) / rate  # inside the silences
    assert sum(w.estimated for w in sounding) <= 1  # only where the voice ran words together


def test_piper_plain_synthesis_still_works(piper):
    audio = piper.synthesize("The tide comes in.")
    assert audio.dtype == np.int16 and len(audio) > piper.sample_rate // 2


def test_piper_without_alignments_falls_back_to_estimates(piper, monkeypatch):
    from types import SimpleNamespace

    voice = PlainToneVoice(frequency=220.0)
    text = "one two three four"
    tone = voice.synthesize(text)
    chunk = SimpleNamespace(audio_int16_array=tone, phoneme_alignments=None)
    monkeypatch.setattr(piper, "_chunks", lambda text, alignments, settings=None: [chunk])
    audio, spans = piper.synthesize_words(text)
    assert np.array_equal(audio, tone) and len(spans) == 4 and all(s.estimated for s in spans)


def test_spans_follow_the_audio_to_48000_and_through_the_sidecar():
    from scriptreel.media.alignment import rescaled, spans_from_json, spans_json

    spans = [WordSpan(2205, 4410), WordSpan(4410, 22050, True)]
    moved = rescaled(spans, 22050, 48000)
    assert moved == [WordSpan(4800, 9600), WordSpan(9600, 48000, True)]
    assert spans_from_json(spans_json(moved)) == moved
    said = spoken_words("In 1947 it began.")
    timed = author_words(said, [WordSpan(i * 4800, i * 4800 + 4000) for i in range(5)], 48000)
    assert [(w.text, w.start, w.end) for w in timed][1] == ("1947", 0.1, 13600 / 48000)
