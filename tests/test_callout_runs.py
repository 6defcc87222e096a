"""A sentence's runs are judged once for all its facts: sharing them never changes a call-out."""

from __future__ import annotations

import re
from pathlib import Path

from scriptreel.script.clauses import sentence_words
from scriptreel.script.facts import FactKind, sentence_facts
from scriptreel.script.windows import Runs, phrase_window

TRANSCRIPT = Path(__file__).resolve().parent / "transcripts" / "raw-harbour-towns.txt"


def _sentences(count: int) -> list[str]:
    text = " ".join(TRANSCRIPT.read_text(encoding="utf-8").split())
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4][:count]


def test_shared_runs_choose_what_fresh_words_choose():
    compared = 0
    for text in _sentences(12):
        words = sentence_words(text)
        spans = [(a, b) for a, b, _ in sentence_facts(text)]
        spans += [(i, i + 1) for i in range(0, len(words), 3)]
        runs = Runs(words)
        # Every kind on every span, amounts last, so a run judged for one kind is reused for
        # another (an amount at the run's start is judged apart).
        for kind in sorted(FactKind, key=lambda k: k is FactKind.AMOUNT):
            for start, end in spans:
                for earliest in (0, start):
                    shared = phrase_window(runs, start, end, kind, earliest)
                    assert shared == phrase_window(words, start, end, kind, earliest), text
                    compared += shared is not None
    assert compared > 30


def test_an_amount_at_the_start_of_its_run_is_judged_apart():
    text = "The tolls cost Brant nearly 40 percent of its winter income."
    words = sentence_words(text)
    runs = Runs(words)
    at = next(i for i, w in enumerate(words) if w.core == "40")
    for first in range(at - 2, at + 1):
        for last in range(at + 3, len(words) + 1):
            assert runs.run(first, last, True) == Runs(words).run(first, last, True)
            assert runs.run(first, last, False) == Runs(words).run(first, last, False)
