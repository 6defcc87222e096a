"""The clip beat: a video clip or GIF played over its span under its label."""

from __future__ import annotations

from PIL import Image

from scriptreel.media.beats import label_overlay
from scriptreel.media.clip_probe import played_span, probe_clip
from scriptreel.media.clips import clip_for_span
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _moving(beat: Beat, video, title: str, seconds: float):
    overlay = label_overlay(video.size, video.theme, title, beat.credit)
    return clip_for_span(
        beat.path,
        seconds,
        video.size,
        video.fps,
        beat.fit.value,
        beat.start,
        beat.end,
        beat.loop,
        video.theme.background_top,
        overlay=overlay,
        where=f"{video.script.path}:{beat.line}",
    )


def _board(beat: Beat, drawing: Drawing, card) -> Image.Image:
    """Its first frame (at its `start`), under its label."""
    overlay = label_overlay(drawing.size, drawing.theme, drawing.title, beat.credit)
    clip = clip_for_span(
        beat.path,
        0.1,
        drawing.size,
        10,
        beat.fit.value,
        beat.start,
        beat.end,
        False,
        drawing.theme.background_top,
        overlay=overlay,
        where=drawing.where,
    )
    try:
        return Image.fromarray(clip.get_frame(0)[:, :, :3])
    finally:
        clip.close()


def _describe(beat: Beat, where: str):
    info = probe_clip(beat.path, where)
    length = played_span(info, beat.start, beat.end, beat.path, where)
    size = f"{info.size[0]}x{info.size[1]} at {info.fps:g} fps"
    return f"clip {beat.path.name} ({length:.1f} s of {info.duration:.1f} s, {size})", info.size


def _subject(beat: Beat, video, where: str):
    from scriptreel.media.subject import clip_subject

    return clip_subject(beat.path, video.size, beat.fit.value, beat.start, beat.end, where)


CLIP = register_beat_kind(
    BeatKindSpec(
        "clip",
        describe=_describe,
        board=_board,
        moves=lambda beat, motion: True,
        moving=_moving,
        piece="clip",
        subject=_subject,
        code=("scriptreel.render.beat_kinds.clip",),
    )
)
