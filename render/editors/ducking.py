"""The music bed's level as keyframes: down while the voice speaks, faded in and out, as the
render's mix (render/sound/mixing) shapes it. Pure arithmetic on seconds and frames."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from scriptreel.render.sound.mixing import DUCK_DB, FADE_IN, FADE_OUT, RAMP

FLOOR_DB = -60.0
"""The level written for silence (a fade's first and last keyframe)."""
FADE_POINTS = (0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0)
"""Where in each fade (from its silent end) a keyframe goes: the render fades the amplitude
linearly, an editor the decibels between keyframes, so they are closest where it is quietest."""


def spoken_spans(spans: Sequence[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """The spans with those less than `gap` apart joined: between them the music stays down."""
    joined: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if joined and start - joined[-1][1] < gap:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def music_levels(
    spoken: Sequence[tuple[float, float]], seconds: float, fps: int
) -> tuple[tuple[int, float], ...]:
    """(frame, dB) keyframes of the bed: DUCK_DB while the voice speaks (reached over RAMP
    before it starts, left over RAMP after it stops), faded in over FADE_IN and out over the last
    FADE_OUT seconds; an editor interpolates linearly between them."""
    low = 10 ** (DUCK_DB / 20)
    points: list[tuple[float, float]] = []
    for start, end in spoken_spans(spoken, 2 * RAMP):
        points += [(start - RAMP, 1.0), (start, low), (end, low), (end + RAMP, 1.0)]
    times = {0.0, seconds} | {t for t, _ in points if 0.0 < t < seconds}
    for part in FADE_POINTS:
        times |= {FADE_IN * part, seconds - FADE_OUT * part}
    xs = [t for t, _ in points] or [0.0]
    ys = [g for _, g in points] or [1.0]
    levels: dict[int, float] = {}
    for at in sorted(t for t in times if 0.0 <= t <= seconds):
        fade = min(1.0, at / FADE_IN, (seconds - at) / FADE_OUT)
        gain = float(np.interp(at, xs, ys)) * fade
        decibels = 20 * math.log10(gain) if gain > 0 else FLOOR_DB
        levels.setdefault(round(at * fps), round(max(FLOOR_DB, decibels), 2))
    return tuple(sorted(levels.items()))
