"""The chart beat: a table drawn as a bar, line or pie chart that grows in from its word."""

from __future__ import annotations

from scriptreel.media.chart_card import chart_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat
from scriptreel.script.table_beats import GROWTH_STEPS


def _still(beat: Beat, drawing: Drawing, shown: int):
    """The chart `shown` steps of GROWTH_STEPS grown: a few cached stills, not one a frame."""
    return _grown(beat, drawing, shown / GROWTH_STEPS)


def _grows(beat: Beat, drawing: Drawing, shown: int, progress: float):
    """Part way from one step of its growth to the next: its frames as it grows."""
    return _grown(beat, drawing, (shown - 1 + progress) / GROWTH_STEPS)


def _grown(beat: Beat, drawing: Drawing, grown: float):
    return chart_frame(
        beat.chart,
        beat.cells,
        beat.values,
        min(1.0, max(0.0, grown)),
        drawing.size,
        drawing.theme,
        drawing.title,
        drawing.captions_below,
    )


def _board(beat: Beat, drawing: Drawing, card):
    """Fully grown, its numbers written on it."""
    return _still(beat, drawing, GROWTH_STEPS)


def _describe(beat: Beat, where: str):
    series = len(beat.cells[0]) - 1 if beat.chart != "pie" else 1
    return f"{beat.chart} chart, {len(beat.values)} rows, {series} series", None


CHART = register_beat_kind(
    BeatKindSpec(
        "chart",
        describe=_describe,
        board=_board,
        still=_still,
        grows=_grows,
        by_item=True,
        code=(
            "scriptreel.render.beat_kinds.chart",
            "scriptreel.media.chart_card",
            "scriptreel.script.table_beats",
        ),
    )
)
