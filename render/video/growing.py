"""Beats that grow into each state (a chart's bars, code typed a line at a time): the first
frames of each new state as a moving piece, drawn frame by frame; with --draft, the end state
at once, as one still like a picture beat."""

from __future__ import annotations

from dataclasses import replace

from scriptreel.render.beat_kinds import Drawing, spec_of
from scriptreel.render.video.frames import Still
from scriptreel.render.video.visuals import Base, Run
from scriptreel.script import Segment

GROW_SECONDS = 0.4
"""How long a beat takes to grow into a new state; cut short when the next state comes sooner."""


def grow_frames(fps: int) -> int:
    """Frames of one growth at `fps`."""
    return max(1, round(GROW_SECONDS * fps))


def eased(progress: float) -> float:
    """Fast at first and settling gently (ease-out cubic), from 0 to 1."""
    progress = min(1.0, max(0.0, progress))
    return 1.0 - (1.0 - progress) ** 3


def grows(segment: Segment, base: Base) -> bool:
    """Whether the base is a state that a beat grows into (a chart, revealed code)."""
    if base.is_card():
        return False
    beat = segment.beats[base.beat]
    return spec_of(beat).grows is not None and bool(beat.item_anchors)


def grown_stills(base: Base, frames: int) -> tuple[tuple[Still, int], ...]:
    """A growing piece's state once grown, for its frames: what an editor's timeline shows in
    its place (a still piece's pictures); nothing for other moving pieces."""
    return ((Still(replace(base, growing=False)), frames),) if base.growing else ()


def growing_runs(runs: list[Run], segment: Segment, fps: int, draft: bool) -> list[Run]:
    """The runs with the first frames of each state a beat grows into marked `growing`; with
    `draft`, every state of such a beat shown as its end state instead."""
    if not any(grows(segment, run.base) for run in runs):
        return runs
    if draft:
        return _merged([_at_end(run, segment) for run in runs])
    window = grow_frames(fps)
    out: list[Run] = []
    began, previous = 0, None
    for run in runs:
        if run.base != previous:
            began, previous = run.start, run.base
        left = began + window - run.start
        # A call-out takes the place of the beat while it shows: nothing to see grow then.
        if not grows(segment, run.base) or left <= 0 or run.callout:
            out.append(run)
            continue
        growing = replace(run.base, growing=True)
        out.append(replace(run, frames=min(left, run.frames), base=growing))
        if run.frames > left:
            out.append(replace(run, start=run.start + left, frames=run.frames - left))
    return out


def _at_end(run: Run, segment: Segment) -> Run:
    if not grows(segment, run.base):
        return run
    beat = segment.beats[run.base.beat]
    return replace(run, base=Base(run.base.beat, len(beat.item_anchors)))


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs that show the same thing as one."""
    out: list[Run] = []
    for run in runs:
        last = out[-1] if out else None
        if last and (last.base, last.callout, last.caption) == (
            run.base,
            run.callout,
            run.caption,
        ):
            out[-1] = replace(last, frames=last.frames + run.frames)
        else:
            out.append(run)
    return out


def growing_clip(beat, base: Base, video, title: str, seconds: float):
    """The MoviePy clip of a beat growing into state `base.shown`, frame by frame, over
    grow_frames (the clip may be cut shorter); each frame drawn once."""
    import numpy as np
    from moviepy import VideoClip

    spec = spec_of(beat)
    where = f"{video.script.path}:{beat.line}"
    drawing = Drawing(video.size, video.theme, title, where, video.burn_captions)
    window, fps = grow_frames(video.fps), video.fps
    drawn: dict[int, np.ndarray] = {}

    def frame(t: float) -> np.ndarray:
        index = min(window - 1, max(0, round(t * fps)))
        if index not in drawn:
            progress = eased((index + 1) / window)
            picture = spec.grows(beat, drawing, base.shown, progress)
            drawn[index] = np.asarray(picture.convert("RGB"))
        return drawn[index]

    return VideoClip(frame, duration=seconds)
