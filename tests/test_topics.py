"""Transcripts are cut into segments where the subject changes, of 20 to 60 seconds each."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scriptreel.script import estimate_seconds, import_transcript, load_script, parse_plaintext
from scriptreel.script.model import Sentence
from scriptreel.script.topics import LONGEST, SHORTEST, topic_segments
from tests.conftest import SHARED_SAMPLE
from tests.transcript_corpus import RAW_TEXTS, TRANSCRIPTS


def _seconds(segment) -> float:
    return estimate_seconds(segment.narration)


@pytest.mark.parametrize("path", RAW_TEXTS, ids=[p.stem for p in RAW_TEXTS])
def test_segments_fall_within_the_length_range(path):
    script = load_script(path)
    lengths = [_seconds(s) for s in script.numbered]
    if sum(lengths) < SHORTEST * 2:
        assert len(lengths) == 1  # too short to cut at all
    else:
        assert all(SHORTEST <= length <= LONGEST for length in lengths), lengths


@pytest.mark.parametrize("path", RAW_TEXTS, ids=[p.stem for p in RAW_TEXTS])
def test_grouping_keeps_every_sentence_in_order(path):
    script = load_script(path)
    sentences = [s.text for seg in script.numbered for s in seg.sentences]
    imported = [s.text for seg in import_transcript(path).numbered for s in seg.sentences]
    assert sentences == imported and len(sentences) == len(set(sentences))


def test_a_change_of_subject_inside_one_paragraph_is_where_it_is_cut():
    bees = [
        "Honey bees dance to tell their sisters where the flowers are.",
        "The waggle of the dance points the bees toward the flowers.",
        "A longer waggle means the flowers are further from the hive.",
        "Bees that follow the dance fly out to the same flowers.",
        "The hive learns in minutes where the best nectar is found.",
        "Scouts also dance to choose a new home when the hive swarms.",
        "The bees settle on the site that most scouts dance for.",
    ]
    trains = [
        "Steam locomotives burned coal to boil water in a long boiler.",
        "The steam pushed pistons that turned the driving wheels of the locomotive.",
        "A fireman shovelled coal into the firebox of the locomotive all day.",
        "Water for the boiler was taken from towers beside the railway line.",
        "Diesel locomotives replaced steam on most railway lines by the sixties.",
        "Electric trains now run on the busiest railway lines of the country.",
        "The last steam locomotives now pull tourist trains on summer weekends.",
    ]
    paragraph = [Sentence(text, 3) for text in bees + trains]
    groups = topic_segments([paragraph])
    assert [len(g) for g in groups] == [len(bees), len(trains)]


@pytest.mark.parametrize("wanted", [1, 2, 3, 4, 5])
def test_a_number_of_segments_can_be_asked_for(wanted):
    script = import_transcript(TRANSCRIPTS / "lecture-volcanoes.txt", segments=wanted)
    assert len(script.numbered) == wanted
    assert len(parse_plaintext(TRANSCRIPTS / "article-tea.txt", segments=wanted).numbered) == wanted


def test_asking_for_more_segments_than_sentences_gives_one_a_sentence():
    script = import_transcript(Path("t.txt"), "Title\n\nOne thing. Another thing.\n", segments=9)
    assert len(script.numbered) == 2


def test_subtitles_are_grouped_the_same_way():
    script = import_transcript(TRANSCRIPTS / "lecture.srt")
    assert len(script.numbered) == 1 and script.numbered[0].sentences


@pytest.mark.skipif(not SHARED_SAMPLE.exists(), reason="shared sample transcript not present")
def test_the_shared_sample_becomes_five_to_eight_segments_quickly():
    started = time.perf_counter()
    script = load_script(SHARED_SAMPLE)
    took = time.perf_counter() - started
    assert 5 <= len(script.numbered) <= 8
    assert all(SHORTEST <= _seconds(s) <= LONGEST for s in script.numbered)
    assert took < 5.0  # the analysis itself needs well under a second; the old one took minutes


def test_a_very_long_text_is_cut_by_length_in_linear_time():
    # Told apart from quadratic by how the time grows, not by seconds (the machines are shared).
    def parsed(count: int):
        text = "Title\n\n" + "\n\n".join(
            f"Point {i} is made here. And so on." for i in range(count)
        )
        started = time.perf_counter()
        return parse_plaintext(Path("long.txt"), text), time.perf_counter() - started

    _, small = parsed(1000)
    script, large = parsed(4000)
    assert large < 8 * small + 1.0, f"{small:.2f} s for 1000 points, {large:.2f} s for 4000"
    assert all(_seconds(s) <= LONGEST * 1.5 for s in script.numbered)
