"""Benchmark inputs: the shared 4-minute transcript, or generated scripts of original sentences.

Generated sentences are combined from word lists by a seeded generator and never repeat, so
the narration cache cannot make a long script cheaper than its length.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

SAMPLE = Path("/work/shared/samples/raw-transcript-us-pakistan.txt")
EXTRA_SENTENCE = " This sentence was added to measure an edit."
WORDS_PER_MINUTE = 160
"""About how fast the bundled voice speaks."""

_SUBJECTS = (
    "The harbour pilot",
    "A retired surveyor",
    "The night ferry",
    "Our field team",
    "The village council",
    "An old lighthouse",
    "The river delta",
    "A young botanist",
    "The mountain railway",
    "Every weather station",
    "The city archive",
    "A lone cyclist",
    "The school orchestra",
    "An early satellite",
    "The copper mine",
    "A patient beekeeper",
)
_VERBS = (
    "measured",
    "recorded",
    "described",
    "questioned",
    "rebuilt",
    "followed",
    "mapped",
    "photographed",
    "counted",
    "explained",
    "tested",
    "remembered",
    "compared",
    "guarded",
)
_OBJECTS = (
    "the slow drift of the dunes",
    "a forgotten trade route",
    "the cost of winter grain",
    "the shape of the northern coast",
    "a quarrel over fishing rights",
    "the first paved road",
    "the sound of distant engines",
    "a ledger of unpaid debts",
    "the height of spring floods",
    "a map drawn on sailcloth",
    "the colour of volcanic ash",
    "the path of migrating geese",
)
_TAILS = (
    "before the storm season began",
    "long after the market had closed",
    "while the tide was still rising",
    "during a summer of unusual heat",
    "with nothing but a pencil and a compass",
    "in spite of a broken radio",
    "for reasons nobody wrote down",
    "as the last train left the valley",
    "under a sky full of smoke",
    "on the morning the bridge reopened",
)


def generated_script(folder: Path, minutes: float, seed: int = 7) -> Path:
    """A Markdown script of about `minutes` of narration, no sentence said twice."""
    chooser = random.Random(seed)
    words_needed, said, lines = minutes * WORDS_PER_MINUTE, set(), []
    lines += [f"# A Generated Survey of {minutes:g} Minutes", "", "An opening line to begin.", ""]
    words, part = 0, 0
    while words < words_needed:
        part += 1
        lines += [f"## Part {part}: {chooser.choice(_OBJECTS).capitalize()}", ""]
        for _ in range(3):
            sentences = []
            for _ in range(chooser.randint(2, 4)):
                while True:
                    parts = [chooser.choice(w) for w in (_SUBJECTS, _VERBS, _OBJECTS, _TAILS)]
                    year = chooser.randint(1820, 1990)
                    sentence = f"{parts[0]} {parts[1]} {parts[2]} in {year}, {parts[3]}."
                    if sentence not in said:
                        break
                said.add(sentence)
                sentences.append(sentence)
                words += len(sentence.split())
            lines += [" ".join(sentences), ""]
    target = folder / f"generated-{minutes:g}min.md"
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


def transcript_script(folder: Path) -> Path:
    """About four minutes: the shared transcript if present, else a generated script."""
    if SAMPLE.exists():
        target = folder / "transcript-4min.txt"
        shutil.copy(SAMPLE, target)
        return target
    return generated_script(folder, 4.0, seed=4)


def edited_copy(script: Path) -> Path:
    """The same script with one sentence added to an early paragraph, so every later segment
    moves on the timeline (the costly case for anything position-dependent)."""
    text = script.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    index = next(
        i
        for i, b in enumerate(blocks)
        if i > 2 and b.strip() and not b.lstrip().startswith(("#", "-", "<"))
    )
    blocks[index] = blocks[index].rstrip() + EXTRA_SENTENCE
    target = script.with_name("edited-" + script.name)
    target.write_text("\n\n".join(blocks), encoding="utf-8")
    return target
