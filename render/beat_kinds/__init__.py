"""The beat kinds, one module each: how a beat is drawn, moves, is checked and is storyboarded.

The script layer declares a kind's syntax, attributes and rank (a `BeatKind` member, its entry
in `RANK`, its parsing); each module here registers the rest in one `BeatKindSpec`, and the
still, moving, check and storyboard code dispatch through `spec_of`. On this side a new kind is
one module imported at the end of this file (and its drawing in media/), plus its test.
"""

from __future__ import annotations

# Each kind's module registers its spec when imported.
from scriptreel.render.beat_kinds import (  # noqa: F401
    callout,
    chart,
    clip,
    code,
    flow,
    formula,
    listing,
    picture,
    quote,
    table,
)
from scriptreel.render.beat_kinds.spec import (
    KINDS,
    BeatKindSpec,
    Board,
    Describe,
    Drawing,
    Still,
    card_code,
    register_beat_kind,
    spec_of,
)

__all__ = [
    "KINDS",
    "BeatKindSpec",
    "Board",
    "Describe",
    "Drawing",
    "Still",
    "card_code",
    "register_beat_kind",
    "spec_of",
]
