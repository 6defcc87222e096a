"""Timed overlays (call-outs, captions) over a moving beat, drawn only where they have pixels.

The frames are those MoviePy's CompositeVideoClip gives for the same layers, to the byte (an
ImageClip's mask keeps alpha as a fraction, which scales back to the same 8 bits, and Pillow's
alpha_composite blends both). But a frame with no overlay showing is the beat's frame itself, and
an overlay is blended over the box around its visible pixels only, not over a whole frame made
transparent first (outside that box alpha_composite would give the frame back unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Overlay:
    """One transparent layer shown over part of a moving beat."""

    start: float
    """When it appears, in seconds from the beat's start."""
    end: float
    """When it is gone (the first time it is no longer shown)."""
    box: tuple[int, int, int, int]
    """Left, top, right, bottom of its visible pixels in the frame."""
    picture: Image.Image
    """Its RGBA pixels inside `box`."""

    def shown(self, t: float) -> bool:
        # MoviePy's test of whether a clip is playing at `t`, on the same floats.
        return t >= self.start and t < self.end


def overlay(layer: Image.Image, first: int, frames: int, fps: int) -> Overlay | None:
    """An RGBA `layer` of the frame's size shown from frame `first` for `frames` frames; None
    when it has no visible pixel."""
    picture = layer.convert("RGBA")
    box = picture.getchannel("A").getbbox()
    if box is None:
        return None
    start = first / fps
    end = start + frames / fps  # as with_start, then with_duration, set a clip's end
    return Overlay(start, end, box, picture.crop(box))


def compose(frame: np.ndarray, overlays: list[Overlay], t: float) -> np.ndarray:
    """The RGB `frame` at time `t` with every overlay shown then blended over it, in order;
    `frame` itself when none is shown (it is never written to)."""
    shown = [layer for layer in overlays if layer.shown(t)]
    if not shown:
        return frame[:, :, :3]
    result = np.array(frame[:, :, :3], dtype=np.uint8)
    for layer in shown:
        left, top, right, bottom = layer.box
        under = Image.fromarray(result[top:bottom, left:right]).convert("RGBA")
        blended = Image.alpha_composite(under, layer.picture)
        result[top:bottom, left:right] = np.asarray(blended)[:, :, :3]
    return result


def layered_clip(base, overlays: list[Overlay], seconds: float):
    """A MoviePy clip of `seconds`: `base`'s frames with the overlays over them. Closing it
    closes `base`."""
    from moviepy import VideoClip

    def frame(t: float) -> np.ndarray:
        return compose(np.asarray(base.get_frame(t)).astype("uint8", copy=False), overlays, t)

    result = VideoClip(frame, duration=seconds)
    result.close = base.close
    return result
