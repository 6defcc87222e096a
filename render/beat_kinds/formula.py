"""The formula beat: a `$$ ... $$` line drawn by matplotlib's mathtext from its word."""

from __future__ import annotations

from scriptreel.media.formula_card import formula_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    return formula_frame(
        beat.items[0], drawing.size, drawing.theme, drawing.title, drawing.captions_below
    )


def _board(beat: Beat, drawing: Drawing, card):
    return _still(beat, drawing, 1)


def _describe(beat: Beat, where: str):
    tex = beat.items[0]
    return f"formula {tex[:40]}{'…' if len(tex) > 40 else ''}", None


FORMULA = register_beat_kind(
    BeatKindSpec(
        "formula",
        describe=_describe,
        board=_board,
        still=_still,
        code=(
            "scriptreel.render.beat_kinds.formula",
            "scriptreel.media.formula_card",
            "scriptreel.script.formula_beats",
        ),
    )
)
