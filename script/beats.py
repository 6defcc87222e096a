"""Visual beats: what the author placed in a segment to show while it is narrated."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model imports this module: the segment type is for annotations only
    from scriptreel.script.model import Segment

CLIP_SUFFIXES = (".mp4", ".mov", ".webm", ".mkv", ".gif")
"""File types shown as video clips; any other picture file is a still picture."""


class BeatKind(Enum):
    """What a beat shows."""

    PICTURE = "picture"
    """A still picture (`![alt](map.png){fit=cover zoom=in credit="..."}`)."""
    CLIP = "clip"
    """A video clip or GIF (`![](harbour.mp4){start=12.5 end=20 audio=mute loop=true}`)."""
    LIST = "list"
    """A bulleted or numbered list that builds up item by item on the segment's card."""
    QUOTE = "quote"
    """A blockquote shown as a quote card while it is read."""
    CALLOUT = "callout"
    """A `**bold phrase**` shown large from the moment it is spoken to the sentence's end."""
    CODE = "code"
    """A fenced code block (```` ```python {highlight=3-5} ````) shown, not spoken."""
    TABLE = "table"
    """A Markdown table shown as a table card whose rows build up, not spoken."""
    CHART = "chart"
    """A table followed by `{chart=bar|line|pie}`, drawn as a chart that grows in."""
    FORMULA = "formula"
    """A `$$ ... $$` line drawn as a formula, not spoken unless its `{say="..."}` is."""
    FLOW = "flow"
    """A `{flow} A -> B -> C` line: read as its steps, drawn as boxes joined by arrows."""


RANK = {
    BeatKind.PICTURE: 0,
    BeatKind.CLIP: 0,
    BeatKind.LIST: 1,
    BeatKind.QUOTE: 1,
    BeatKind.CODE: 1,
    BeatKind.TABLE: 1,
    BeatKind.CHART: 1,
    BeatKind.FORMULA: 1,
    BeatKind.FLOW: 1,
    BeatKind.CALLOUT: 2,
}
"""Beats at the same word: a picture first, then the list, quote or code it introduces, then a
call-out drawn over them."""


def rank(kind: BeatKind) -> int:
    """Where a kind goes among beats at one word; a kind without a rank fails loudly."""
    try:
        return RANK[kind]
    except KeyError:
        known = ", ".join(k.value for k in RANK)
        raise LookupError(f"beat kind {kind!r} has no rank (ranked: {known})") from None


class Fit(Enum):
    """How a picture or clip fills the frame."""

    COVER = "cover"
    """Fill the frame, cropping what does not fit."""
    CONTAIN = "contain"
    """Show all of it, on the theme's background."""


class Zoom(Enum):
    """Slow camera move on a picture (with --motion)."""

    IN = "in"
    OUT = "out"
    NONE = "none"


class ClipAudio(Enum):
    """What happens to a clip's own sound."""

    MUTE = "mute"
    """Silent (the default)."""
    MIX = "mix"
    """Mixed under the narration, ducked while the voice speaks."""


@dataclass(frozen=True)
class Anchor:
    """Where a beat starts: a word of the segment's narration."""

    sentence: int
    """Index of the sentence in the segment (0 first); len(sentences) means the segment's end."""
    word: int = 0
    """Index of the word in that sentence, counting words as `sentence.text.split()` does."""


@dataclass(frozen=True)
class Beat:
    """One visual beat of a segment, from its anchor until the next beat or the segment's end."""

    kind: BeatKind
    """What it shows."""
    anchor: Anchor
    """The word it starts on."""
    line: int
    """Line of the script where it was written."""
    path: Path | None = None
    """The picture or clip file (resolved against the script's folder)."""
    alt: str = ""
    """Alt text of a picture (never narrated)."""
    fit: Fit = Fit.COVER
    """How a picture or clip fills the frame."""
    zoom: Zoom = Zoom.IN
    """Camera move on a picture, with --motion."""
    credit: str = ""
    """A credit line drawn small in a corner."""
    start: float = 0.0
    """Clip: seconds into the file where it starts playing."""
    end: float | None = None
    """Clip: seconds into the file where it stops (None: its end)."""
    audio: ClipAudio = ClipAudio.MUTE
    """Clip: its own sound."""
    loop: bool = False
    """Clip: loop when shorter than its span, instead of holding its last frame."""
    items: tuple[str, ...] = ()
    """List: the items as written; quote: its lines; callout: the phrase; formula: its TeX."""
    item_anchors: tuple[Anchor, ...] = ()
    """List: where each item starts being read; revealed code: where each line appears."""
    attribution: str = ""
    """Quote: who said it (from a last line starting with an em dash or --)."""
    ends: Anchor | None = field(default=None)
    """Where the beat stops if before the next beat (a quote or call-out: its last sentence)."""
    numbered: bool = False
    """List: written as a numbered list (`1.`), not a bulleted one."""
    language: str = ""
    """Code: the language after the fence (`python`), for its highlighting."""
    highlight: tuple[int, ...] = ()
    """Code: the lines (1 first) picked out, from `{highlight=3-5}`."""
    reveal: bool = False
    """Code: its lines appear one by one across the narration that follows (`{reveal=lines}`);
    `item_anchors` says where each appears."""
    cells: tuple[tuple[str, ...], ...] = ()
    """Table or chart: its cells as written, the header row first."""
    chart: str = ""
    """Chart: `bar`, `line` or `pie`."""
    values: tuple[tuple[float, ...], ...] = ()
    """Chart: each row's numbers, after its label."""


def is_callout(beat: Beat) -> bool:
    """A call-out: shown or dropped as a group by the `callouts` setting."""
    return beat.kind is BeatKind.CALLOUT


def callouts_of(segment: Segment) -> tuple[Beat, ...]:
    """Call-out beats for the segment's `**bold**` phrases, whatever the `callouts` setting."""
    return segment.callouts


def with_callouts(segment: Segment) -> tuple[Beat, ...]:
    """The segment's beats with its call-outs among them, in order of their anchors (for
    --callouts when the front matter does not set it)."""
    extra = [beat for beat in segment.callouts if beat not in segment.beats]
    return tuple(
        sorted(
            [*segment.beats, *extra],
            key=lambda b: (b.anchor.sentence, b.anchor.word, b.kind is BeatKind.CALLOUT),
        )
    )
