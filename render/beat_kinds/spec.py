"""What a beat kind declares (`BeatKindSpec`), and the registry the kinds enter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from scriptreel.media.card import CardText
from scriptreel.media.themes import Theme
from scriptreel.script.beats import Beat


@dataclass(frozen=True)
class Drawing:
    """What every beat's drawing needs besides the beat itself."""

    size: tuple[int, int]
    """Frame size in pixels."""
    theme: Theme
    """Colours and fonts."""
    title: str
    """The segment's card title (a label over pictures, a heading over lists)."""
    where: str
    """`FILE:LINE` of the beat, for errors."""
    captions_below: bool = False
    """Captions are burned into the bottom band: keep out of it."""


Still = Callable[[Beat, Drawing, int], Image.Image]
"""(beat, drawing, items shown) -> the beat's still picture."""
Board = Callable[[Beat, Drawing, CardText], Image.Image]
"""(beat, drawing, the segment's card) -> its storyboard tile."""
Describe = Callable[[Beat, str], tuple[str, tuple[int, int] | None]]
"""(beat, where) -> what `check` says it shows, and its source size when it has one."""


@dataclass(frozen=True)
class BeatKindSpec:
    """Everything the media and render layers know about one kind of beat."""

    name: str
    """The kind's name, as `BeatKind.value` spells it."""
    describe: Describe
    """Its `check` line (a MediaInputError when its file cannot be shown)."""
    board: Board
    """How the storyboard draws it at rest."""
    still: Still | None = None
    """How its still is drawn; None for a kind drawn over another (a call-out)."""
    moves: Callable[[Beat, bool], bool] = lambda beat, motion: False
    """Whether it is a moving piece, given --motion."""
    moving: Callable | None = None
    """(beat, video, title, seconds) -> the MoviePy clip of a moving beat."""
    piece: str = "push"
    """The kind of moving piece it is composed as (a PieceKind value)."""
    subject: Callable | None = None
    """(beat, video, where) -> where the moving beat's subject is, for its call-outs."""
    grows: Callable[[Beat, Drawing, int, float], Image.Image] | None = None
    """(beat, drawing, shown, progress) -> the picture `progress` (0 to 1) of the way from
    state `shown - 1` to `shown`: its moving version (a chart growing, code typed); None for a
    beat whose states change at once."""
    with_callout: Callable[[Beat, Drawing, str], Image.Image] | None = None
    """How a call-out is drawn over it, when not over a plain card (a picture's quiet part)."""
    over_card: bool = False
    """Drawn over whatever shows (a call-out), not as a base of its own."""
    by_item: bool = False
    """Each item starts on its own word (a list builds up, revealed code)."""
    shows_words: bool = False
    """Shows the words being read, so no caption is burned under it (a quote)."""
    shows_items: bool = False
    """Shows its items as they are read: a caption repeating the item read is dropped (a list)."""
    code: tuple[str, ...] = ()
    """Modules whose code shapes its cached still, beside the shared card modules."""


KINDS: dict[str, BeatKindSpec] = {}
"""Registered beat kinds by name."""


def register_beat_kind(spec: BeatKindSpec) -> BeatKindSpec:
    """Add a kind to the registry (once per name)."""
    if spec.name in KINDS:
        raise ValueError(f"beat kind {spec.name!r} is registered twice")
    KINDS[spec.name] = spec
    return spec


def spec_of(beat: Beat) -> BeatKindSpec:
    """The spec of a beat's kind; an unknown kind fails loudly with the known ones listed."""
    name = getattr(beat.kind, "value", beat.kind)
    try:
        return KINDS[name]
    except KeyError:
        known = ", ".join(sorted(KINDS))
        raise LookupError(f"no beat kind {name!r} is registered (known: {known})") from None


def card_code() -> tuple[str, ...]:
    """Modules that shape some kind's still, for the card entries' key."""
    return tuple(dict.fromkeys(name for spec in KINDS.values() for name in spec.code))
