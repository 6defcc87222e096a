"""The plan of a script in a few lines: each segment's title, length and call-outs."""

from __future__ import annotations

from scriptreel.script.beats import BeatKind
from scriptreel.script.model import Script
from scriptreel.script.timing import estimate_seconds


def describe_plan(script: Script) -> list[str]:
    """Lines to print before the first render: for each segment its number, title, estimated
    seconds of speech and what it shows (call-outs by phrase, other beats by kind)."""
    lines = []
    for segment in script.segments:
        if segment.number is None and not segment.sentences:
            continue
        seconds = estimate_seconds(segment.narration) + sum(
            s.pause_after for s in segment.sentences
        )
        label = f"{segment.number}." if segment.number is not None else "-"
        lines.append(f"{label} {segment.title} ({seconds:.0f} s)")
        beats = segment.beats
        callouts = [b.items[0] for b in beats if b.kind is BeatKind.CALLOUT and b.items]
        if callouts:
            lines.append("   call-outs: " + " · ".join(callouts))
        others = [b.kind.value for b in beats if b.kind is not BeatKind.CALLOUT]
        if others:
            lines.append("   shows: " + ", ".join(others))
    return lines
