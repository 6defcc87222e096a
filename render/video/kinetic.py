"""A text-only segment's runs as kinetic type: each call-out's entrance, rest and settling as
still pictures, each drawn and coded once."""

from __future__ import annotations

from dataclasses import replace

from scriptreel.media.kinetic import STEP_SECONDS, STEPS, KineticState, years_in
from scriptreel.render.timeline import AAC_FRAME, LEAD, RATE
from scriptreel.render.video.growing import growing_runs
from scriptreel.render.video.visuals import Base, Run, SentenceTiming, visual_runs
from scriptreel.script import Segment
from scriptreel.script.beats import BeatKind

SETTLE_SECONDS = 2.0
"""A call-out dims after its sentence when no other comes for this long (the picture moves)."""


def is_text_only(segment: Segment) -> bool:
    """A segment that shows no picture, clip, list or quote: only its call-outs."""
    return (
        segment.image is None
        and bool(segment.beats)
        and all(beat.kind is BeatKind.CALLOUT for beat in segment.beats)
    )


def segment_runs(
    segment: Segment, timings: list[SentenceTiming], frames: int, fps: int, cues, draft=False
):
    """What is on screen when: the beats' runs (growing into their states, or at their end
    states for a `draft`), as kinetic type for a text-only segment."""
    if not is_text_only(segment):
        runs = visual_runs(segment.beats, timings, frames, fps, cues)
        return growing_runs(runs, segment, fps, draft)
    steady = visual_runs(
        segment.beats, steady_timings(timings), frames, fps, steady_cues(cues, timings)
    )
    return kinetic_runs(steady, fps)


def steady_timings(timings: list[SentenceTiming]) -> list[SentenceTiming]:
    """The timings as if the narration started at its earliest possible lead.

    The lead moves by up to half an AAC frame with the segment's place in the video; a text-only
    segment changes its picture so often that some change would move by a frame with it, and an
    edit earlier in the script would rebuild it. From the earliest lead every change is on the
    frame of its word or the one before, never late, wherever the segment falls."""
    earliest = round(LEAD * RATE) - AAC_FRAME // 2
    return [replace(timing, lead=earliest) for timing in timings]


def steady_cues(cues, timings: list[SentenceTiming]) -> list:
    """The burned captions timed as if the narration started at its nominal lead (LEAD), as
    the call-outs are (steady_timings): each still changes on the frame nearest its time, now
    within half an AAC frame (10.7 ms) more of it, and the segment's pictures, call-out steps
    and captions together, are the same wherever an edit moves the segment."""
    if not timings:
        return list(cues)
    shift = (round(LEAD * RATE) - timings[0].lead) / RATE
    return [replace(c, start=max(0.0, c.start + shift), end=max(0.0, c.end + shift)) for c in cues]


def kinetic_runs(runs: list[Run], fps: int) -> list[Run]:
    """The runs with each call-out phrase replaced by the KineticState shown then: a new
    call-out enters over STEPS short pictures and stays until the next one pushes it up (dimmed
    after its sentence if that is a while); years gather on the timeline strip."""
    out: list[Run] = []
    phrase, before, years = "", "", ()
    for run in runs:
        if run.callout and run.callout != phrase:
            before, phrase = phrase, run.callout
            years = tuple(dict.fromkeys((*years, *years_in(phrase))))
            out += _entrance(run, KineticState(phrase, before, 1, True, years), fps)
        elif phrase:
            # After its sentence it dims only if the next call-out is a while away: otherwise
            # the same picture stays, one picture less to draw and code.
            spoken = bool(run.callout) or run.frames < SETTLE_SECONDS * fps
            out.append(replace(run, callout=KineticState(phrase, before, STEPS, spoken, years)))
        else:
            out.append(run)
    return out


def kinetic_states(segment: Segment) -> list[KineticState]:
    """The pictures a text-only segment will show whatever its timing (each call-out's
    entrance, rest and dimmed state), to draw while its narration is spoken."""
    fake: list[Run] = []
    for beat in segment.beats:
        phrase = beat.items[0] if beat.items else ""
        fake += [Run(0, STEPS * 100, Base(), phrase), Run(0, 100, Base(), None)]
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
