"""The call-out beat: a `**bold phrase**` drawn large over whatever shows, to its sentence's end."""

from __future__ import annotations

from scriptreel.media.callouts import callout_card
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def phrase(beat: Beat) -> str:
    """The words a call-out shows."""
    return beat.items[0] if beat.items else ""


def _board(beat: Beat, drawing: Drawing, card):
    return callout_card(card, phrase(beat), drawing.size, drawing.theme, drawing.captions_below)


def _describe(beat: Beat, where: str):
    return f"call-out {phrase(beat)!r}", None


CALLOUT = register_beat_kind(
    BeatKindSpec(
        "callout",
        describe=_describe,
        board=_board,
        over_card=True,
        code=("scriptreel.render.beat_kinds.callout",),
    )
)
