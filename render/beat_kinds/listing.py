"""The list beat: a bulleted or numbered list that builds up item by item on the card."""

from __future__ import annotations

from scriptreel.media.beats import list_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    return list_frame(
        drawing.title,
        beat.items,
        shown,
        shown - 1,
        drawing.size,
        drawing.theme,
        numbered=beat.numbered,
        room_for_captions=drawing.captions_below,
    )


def _board(beat: Beat, drawing: Drawing, card):
    """Every item shown, none picked out, numbered as written."""
    count = len(beat.items)
    return list_frame(
        drawing.title,
        beat.items,
        count,
        None,
        drawing.size,
        drawing.theme,
        numbered=beat.numbered,
        room_for_captions=drawing.captions_below,
    )


def _describe(beat: Beat, where: str):
    return f"list of {len(beat.items)} items", None


LIST = register_beat_kind(
    BeatKindSpec(
        "list",
        describe=_describe,
        board=_board,
        still=_still,
        by_item=True,
        shows_items=True,
        code=("scriptreel.render.beat_kinds.listing",),
    )
)
