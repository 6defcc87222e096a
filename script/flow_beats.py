"""Flows as beats: a `{flow} A -> B -> C` line, read as its steps and shown as boxes joined by
arrows, each box from the first word of its step."""

from __future__ import annotations

import re
from pathlib import Path

from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.errors import ScriptError

MOST_STEPS = 6
"""More steps than this would not be readable as boxes in one frame."""
_FLOW = re.compile(r"^\s*\{\s*flow\s*\}\s*(.*?)\s*$")
_ARROW = re.compile(r"\s*(?:->|→)\s*")


def flow_of(raw: str) -> str | None:
    """The steps of a `{flow} ...` line, as written, else None."""
    found = _FLOW.match(raw)
    return found[1] if found else None


def flow_steps(path: Path, line: int, text: str) -> tuple[str, ...]:
    """The steps between the arrows; too few, too many or an empty one is an error."""
    steps = tuple(step.strip() for step in _ARROW.split(text))
    if len(steps) < 2 or not all(steps) or len(steps) > MOST_STEPS:
        raise ScriptError(
            path,
            line,
            f"a flow needs 2 to {MOST_STEPS} steps, each with words, between arrows",
            "write {flow} The Moon pulls -> Water bulges -> Two tides a day",
        )
    return steps


def spoken(steps: tuple[str, ...]) -> str:
    """What is read for the flow: its steps in order, as one sentence."""
    return ", ".join(step.rstrip(".,;:!?") for step in steps) + "."


def flow_beat(line: int, steps: tuple[str, ...], anchor: Anchor) -> Beat:
    """The flow beat at its sentence's `anchor`, each step from its first word in it."""
    anchors, word = [], anchor.word
    for step in steps:
        anchors.append(Anchor(anchor.sentence, word))
        word += len(step.split())
    return Beat(BeatKind.FLOW, anchor, line, items=steps, item_anchors=tuple(anchors))
