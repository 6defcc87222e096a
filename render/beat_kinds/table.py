"""The table beat: a Markdown table shown as a table card whose rows build up on their words."""

from __future__ import annotations

from scriptreel.media.table_card import table_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    """The header and the first `shown` rows."""
    return table_frame(
        beat.cells, shown, drawing.size, drawing.theme, drawing.title, drawing.captions_below
    )


def _board(beat: Beat, drawing: Drawing, card):
    """Every row, as the table ends up."""
    return _still(beat, drawing, len(beat.cells) - 1)


def _describe(beat: Beat, where: str):
    rows, columns = len(beat.cells) - 1, len(beat.cells[0])
    return f"table, {rows} rows of {columns} columns, a row a sentence", None


TABLE = register_beat_kind(
    BeatKindSpec(
        "table",
        describe=_describe,
        board=_board,
        still=_still,
        by_item=True,
        code=(
            "scriptreel.render.beat_kinds.table",
            "scriptreel.media.table_card",
            "scriptreel.script.table_beats",
        ),
    )
)
