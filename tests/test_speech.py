"""Text for speech, captions cut to two lines, loudness measured like ffmpeg's ebur128."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from scriptreel.media.captions import (
    LINE_LENGTH,
    Cue,
    caption_chunks,
    caption_lines,
    chapter_list,
    split_times,
    to_vtt,
)
from scriptreel.media.loudness import integrated_lufs, normalize, true_peak_db
from scriptreel.media.speech import spoken, spoken_words, year_words


@pytest.mark.parametrize(
    "text, said",
    [
        ("In 1947 the country was born.", "In nineteen forty-seven the country was born."),
        (
            "Since 2004 and until 2011, drones flew.",
            "Since two thousand four and until twenty eleven, drones flew.",
        ),
        ("It cost $5.2 million.", "It cost 5.2 million dollars."),
        ("A ticket is $1.50 today.", "A ticket is 1 dollar and 50 cents today."),
        ("Prices rose 25% this year.", "Prices rose 25 percent this year."),
        ("Salt & pepper, R&D and AT&T.", "Salt and pepper, R and D and AT and T."),
        (
            "See https://www.example.com/about-us for more.",
            "See example dot com slash about dash us for more.",
        ),
        (
            "Dr. Lee met the U.S. envoy, e.g. at lunch.",
            "Doctor Lee met the U S envoy, for example at lunch.",
        ),
        ("In the 1990s it changed.", "In the nineteen nineties it changed."),
        ("Over 2,011 people came.", "Over 2,011 people came."),
    ],
)
def test_text_is_read_naturally(text, said):
    assert spoken(text) == said


def test_lexicon_and_pause_markers():
    assert spoken("The ISI said no. [pause 1.5s]", {"ISI": "I S I"}) == "The I S I said no."
    assert spoken("AISI is not ISI", {"ISI": "I S I"}) == "AISI is not I S I"


def test_year_words():
    assert [year_words(y) for y in (1900, 1905, 1999, 2000, 2009, 2010, 2099)] == [
        "nineteen hundred",
        "nineteen oh five",
        "nineteen ninety-nine",
        "two thousand",
        "two thousand nine",
        "twenty ten",
        "twenty ninety-nine",
    ]


def test_long_sentences_become_cues_of_two_lines_of_42():
    sentence = (
        "Well, from the birth of the Islamic Republic of Pakistan as an independent country in "
        "1947, the United States has held diplomatic relations with, and supported the new "
        "Muslim nation"
    )
    chunks = caption_chunks(sentence)
    assert len(chunks) >= 2 and " ".join(chunks) == sentence
    for chunk in chunks:
        lines = caption_lines(chunk)
        assert len(lines) <= 2 and all(len(line) <= LINE_LENGTH for line in lines)


def test_split_times_cut_in_the_quiet_between_phrases():
    rate = 48000
    tone = np.sin(np.arange(rate) * 0.1) * 10000
    audio = np.concatenate([tone, np.zeros(rate // 5), tone[: rate // 2]]).astype(np.int16)
    (a0, a1), (b0, b1) = split_times(audio, rate, ["first piece of the words", "second"])
    assert a0 == 0 and b1 == len(audio) and a1 == b0
    assert rate <= a1 <= rate + rate // 5  # inside the silent gap, not at the character share


def test_vtt_and_chapter_list_formats():
    vtt = to_vtt([Cue(0.2, 1.5, "Hello there.")])
    assert vtt.startswith("WEBVTT\n\n00:00:00.200 --> 00:00:01.500\nHello there.")
    assert chapter_list([(0, "Intro"), (65.4, "Next")]) == "00:00 Intro\n01:05 Next\n"
    assert chapter_list([(0, "A"), (3725, "B")]) == "0:00:00 A\n1:02:05 B\n"


def _ebur128(samples: np.ndarray) -> tuple[float, float]:
    from imageio_ffmpeg import get_ffmpeg_exe

    err = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-hide_banner",
            "-f",
            "s16le",
            "-ar",
            "48000",
            "-ac",
            "1",
            "-i",
            "-",
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        input=samples.tobytes(),
        capture_output=True,
    ).stderr.decode()
    summary = err[err.rindex("Summary:") :]
    integrated = float(summary.split("I:")[1].split("LUFS")[0])
    peak = float(summary.split("Peak:")[1].split("dBFS")[0])
    return integrated, peak


def test_loudness_measure_agrees_with_ffmpeg_ebur128():
    rng = np.random.default_rng(1)
    t = np.arange(48000 * 4) / 48000
    signal = (
        np.sin(2 * np.pi * 300 * t) * (0.3 + 0.2 * np.sin(t * 3)) + rng.normal(0, 0.02, len(t))
    ) * 20000
    samples = signal.astype(np.int16)
    integrated, peak = _ebur128(samples)
    assert abs(integrated_lufs(samples) - integrated) < 0.3
    assert abs(true_peak_db(samples) - peak) < 0.5


def test_normalize_reaches_the_target_under_the_peak_ceiling():
    rng = np.random.default_rng(2)
    speechy = rng.normal(0, 1, 48000 * 3) * np.repeat(
        rng.uniform(0, 1, 30) ** 3, 4800
    )  # bursty, high crest
    samples = (speechy / np.abs(speechy).max() * 32000).astype(np.int16)
    out = normalize(samples)
    integrated, peak = _ebur128(out)
    assert abs(integrated + 16) < 0.7 and peak <= -1.0


def test_two_line_captions_are_balanced_without_a_lone_word():
    lines = caption_lines("Since this was around the time of the Cold War,")
    assert len(lines) == 2 and all(len(line.split()) >= 3 for line in lines)
    assert max(map(len, lines)) <= 25  # as even as the words allow


@pytest.mark.parametrize(
    "text, lexicon, expected",
    [
        ("In 1947 it began.", {}, {"1947": ("nineteen", "forty-seven")}),
        ("It cost $5.2 million.", {}, {"$5.2": ("5.2",), "million.": ("million", "dollars.")}),
        ("A ticket is $1.50 today.", {}, {"$1.50": ("1", "dollar", "and", "50", "cents")}),
        ("Dr. Lee met the U.S. envoy.", {}, {"Dr.": ("Doctor",), "U.S.": ("U", "S")}),
        ("Salt & pepper, e.g. R&D.", {}, {"&": ("and",), "e.g.": ("for", "example")}),
        ("The ISI said no.", {"ISI": "I S I"}, {"ISI": ("I", "S", "I"), "said": ("said",)}),
        ("In the 1990s, 25 % rose.", {}, {"1990s,": ("nineteen", "nineties,"), "%": ("percent",)}),
        ('A "well-known" 🌊 trick.', {}, {'"well-known"': ('"well-known"',), "🌊": ("🌊",)}),
        ("Stop.", {}, {"Stop.": ("Stop.",)}),
        ("Go now. [pause 2s]", {}, {"[pause": (), "2s]": ()}),
        ("See www.example.com today.", {}, {"www.example.com": ("example", "dot", "com")}),
    ],
)
def test_each_author_word_knows_the_spoken_words_it_became(text, lexicon, expected):
    said = spoken_words(text, lexicon)
    assert said.text == spoken(text, lexicon)
    assert said.author == tuple(text.split()) and said.said == tuple(said.text.split())
    became = {a: said.said[s:e] for a, (s, e) in zip(said.author, said.sources)}
    for word, words in expected.items():
        assert became[word] == words
    ends = [e for s, e in said.sources]
    assert ends == sorted(ends) and ends[-1] <= len(said.said)  # in order, inside
    covered = [i for s, e in dict.fromkeys(said.sources) for i in range(s, e)]
    assert covered == list(range(len(said.said)))  # every spoken word belongs to one author word


def test_lexicon_entries_of_several_words_map_word_by_word_where_they_can():
    said = spoken_words("The New York office.", {"New York": "Noo Yawk"})
    assert said.text == "The Noo Yawk office." and said.sources == ((0, 1), (1, 2), (2, 3), (3, 4))
    joined = spoken_words("The New York office.", {"New York": "Nyork"})
    assert joined.sources == ((0, 1), (1, 2), (1, 2), (2, 3))  # both author words say "Nyork"
