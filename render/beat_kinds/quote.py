"""The quote beat: a blockquote shown as a quote card while it is read."""

from __future__ import annotations

from scriptreel.media.beats import quote_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    return quote_frame(
        beat.items, beat.attribution, drawing.size, drawing.theme, drawing.captions_below
    )


def _board(beat: Beat, drawing: Drawing, card):
    return quote_frame(beat.items, beat.attribution, drawing.size, drawing.theme)


def _describe(beat: Beat, where: str):
    return "quote" + (f" by {beat.attribution}" if beat.attribution else ""), None


QUOTE = register_beat_kind(
    BeatKindSpec(
        "quote",
        describe=_describe,
        board=_board,
        still=_still,
        shows_words=True,
        code=("scriptreel.render.beat_kinds.quote",),
    )
)
