"""The flow beat: steps as boxes joined by arrows, each box coming in on its first word."""

from __future__ import annotations

from scriptreel.media.flow_card import flow_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    """The first `shown` steps."""
    return _entering(beat, drawing, shown, 1.0)


def _entering(beat: Beat, drawing: Drawing, shown: int, progress: float):
    """Step `shown` coming in: its arrow drawn out and its box faded up by `progress`."""
    size, theme = drawing.size, drawing.theme
    return flow_frame(
        beat.items, shown, size, theme, drawing.title, drawing.captions_below, progress
    )


def _board(beat: Beat, drawing: Drawing, card):
    """Every step, as the flow ends up."""
    return _still(beat, drawing, len(beat.items))


def _describe(beat: Beat, where: str):
    return f"flow of {len(beat.items)} steps, each from its first word", None


FLOW = register_beat_kind(
    BeatKindSpec(
        "flow",
        describe=_describe,
        board=_board,
        still=_still,
        grows=_entering,
        by_item=True,
        code=("scriptreel.render.beat_kinds.flow", "scriptreel.media.flow_card"),
    )
)
