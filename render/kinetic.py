"""A text-only segment's runs as kinetic type: each call-out's entrance, rest and settling as
still pictures, each drawn and coded once."""

from __future__ import annotations

from dataclasses import replace

from media.kinetic import STEP_SECONDS, STEPS, KineticState, years_in
from script import Segment
from script.beats import BeatKind

from .visuals import Base, Run


def is_text_only(segment: Segment) -> bool:
    """A segment that shows no picture, clip, list or quote: only its call-outs."""
    return (
        segment.image is None
        and bool(segment.beats)
        and all(beat.kind is BeatKind.CALLOUT for beat in segment.beats)
    )


def kinetic_runs(runs: list[Run], fps: int) -> list[Run]:
    """The runs with each call-out phrase replaced by the KineticState shown then: a new
    call-out enters over STEPS short pictures, stays, and dims when its sentence ends until the
    next one pushes it up; years gather on the timeline strip."""
    out: list[Run] = []
    phrase, before, years = "", "", ()
    for run in runs:
        if run.callout and run.callout != phrase:
            before, phrase = phrase, run.callout
            years = tuple(dict.fromkeys((*years, *years_in(phrase))))
            out += _entrance(run, KineticState(phrase, before, 1, True, years), fps)
        elif phrase:
            state = KineticState(phrase, before, STEPS, bool(run.callout), years)
            out.append(replace(run, callout=state))
        else:
            out.append(run)
    return out


def kinetic_states(segment: Segment) -> list[KineticState]:
    """The pictures a text-only segment will show whatever its timing (each call-out's
    entrance, rest and settled state), to draw while its narration is spoken."""
    fake: list[Run] = []
    for beat in segment.beats:
        phrase = beat.items[0] if beat.items else ""
        fake += [Run(0, STEPS * 100, Base(), phrase), Run(0, 1, Base(), None)]
    return [run.callout for run in kinetic_runs(fake, 10) if run.callout is not None]


def _entrance(run: Run, state: KineticState, fps: int) -> list[Run]:
    """The run split into the call-out's entrance pictures and its rest."""
    step_frames = max(1, round(STEP_SECONDS * fps))
    out, start, left = [], run.start, run.frames
    for step in range(1, STEPS):
        if left <= step_frames:
            break
        out.append(replace(run, start=start, frames=step_frames, callout=replace(state, step=step)))
        start, left = start + step_frames, left - step_frames
    out.append(replace(run, start=start, frames=left, callout=replace(state, step=STEPS)))
    return out
