"""The picture beat: a still picture under its label, pushed in or out with --motion."""

from __future__ import annotations

from scriptreel.media.beats import picture_frame, picture_layers
from scriptreel.media.callouts import picture_callout_frame
from scriptreel.media.clips import push_clip
from scriptreel.media.pictures import check_picture
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat, Zoom

PUSH = 1.08
"""How far a picture beat pushes in (or pulls out) over its span, with --motion."""


def _still(beat: Beat, drawing: Drawing, shown: int):
    return picture_frame(
        beat.path,
        drawing.size,
        drawing.theme,
        beat.fit,
        drawing.title,
        beat.credit,
        where=drawing.where,
        captions=drawing.captions_below,
    )


def _with_callout(beat: Beat, drawing: Drawing, phrase: str):
    """The call-out in the picture's quiet part, or the picture moved aside for it."""
    return picture_callout_frame(
        beat.path,
        phrase,
        drawing.size,
        drawing.theme,
        beat.fit,
        drawing.title,
        beat.credit,
        drawing.where,
        drawing.captions_below,
    )


def _board(beat: Beat, drawing: Drawing, card):
    return _still(beat, drawing, 0)


def _describe(beat: Beat, where: str):
    size = width, height = check_picture(beat.path, where)
    return f"picture {beat.path.name} ({width}x{height})", size


def _moving(beat: Beat, video, title: str, seconds: float):
    where = f"{video.script.path}:{beat.line}"
    picture, overlay = picture_layers(
        beat.path,
        video.size,
        video.theme,
        beat.fit.value,
        title,
        beat.credit,
        scale=PUSH,
        where=where,
    )
    zoom = (1.0, PUSH) if beat.zoom is Zoom.IN else (PUSH, 1.0)
    return push_clip(picture, overlay, video.size, seconds, *zoom)


def _subject(beat: Beat, video, where: str):
    from scriptreel.media.subject import picture_subject

    return picture_subject(beat.path, video.size, beat.fit.value, None)


PICTURE = register_beat_kind(
    BeatKindSpec(
        "picture",
        describe=_describe,
        board=_board,
        still=_still,
        with_callout=_with_callout,
        moves=lambda beat, motion: motion and beat.zoom is not Zoom.NONE,
        moving=_moving,
        subject=_subject,
        code=("scriptreel.render.beat_kinds.picture",),
    )
)
