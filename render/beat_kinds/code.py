"""The code beat: a fenced code block shown as a highlighted code card from its word."""

from __future__ import annotations

from scriptreel.media.code_card import code_frame
from scriptreel.render.beat_kinds.spec import BeatKindSpec, Drawing, register_beat_kind
from scriptreel.script.beats import Beat


def _still(beat: Beat, drawing: Drawing, shown: int):
    """The block, or with `{reveal=lines}` its first `shown` lines."""
    return _typed(beat, drawing, shown, 1.0)


def _grows(beat: Beat, drawing: Drawing, shown: int, progress: float):
    """Revealed code as line `shown` is typed: `progress` of its characters written."""
    return _typed(beat, drawing, shown, progress)


def _typed(beat: Beat, drawing: Drawing, shown: int, typed: float):
    return code_frame(
        beat.items,
        beat.language,
        beat.highlight,
        drawing.size,
        drawing.theme,
        drawing.title,
        drawing.captions_below,
        revealed=shown if beat.reveal else None,
        typed=typed,
    )


def _board(beat: Beat, drawing: Drawing, card):
    """The whole block, as it is once revealed."""
    return _still(beat, drawing, len(beat.items))


def _describe(beat: Beat, where: str):
    language = beat.language or "plain text"
    lines = "line" if len(beat.highlight) == 1 else "lines"
    lit = f", {lines} {_spans(beat.highlight)} highlighted" if beat.highlight else ""
    reveal = ", revealed line by line" if beat.reveal else ""
    return f"code, {language}, {len(beat.items)} lines{lit}{reveal}", None


def _spans(lines: tuple[int, ...]) -> str:
    """3, 4, 5, 8 as `3-5, 8`."""
    spans: list[list[int]] = []
    for line in lines:
        if spans and line == spans[-1][1] + 1:
            spans[-1][1] = line
        else:
            spans.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


CODE = register_beat_kind(
    BeatKindSpec(
        "code",
        describe=_describe,
        board=_board,
        still=_still,
        grows=_grows,
        by_item=True,
        code=("scriptreel.render.beat_kinds.code", "scriptreel.media.code_card"),
    )
)
