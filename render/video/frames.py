"""Still pictures of a segment: its card or a beat's state, with a call-out and a caption on top.

Each still is drawn once, cached as a PNG under a key of exactly what it shows, and encoded by
the still fast path (or, for word-by-word captions, joined with its neighbours in one encode).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path

from PIL import Image

from scriptreel.media.card import CardText, draw_caption, render_card
from scriptreel.media.kinetic import KineticState, kinetic_frame
from scriptreel.media.speaker_caption import VoicedCaption, draw_voiced_caption
from scriptreel.media.themes import Theme
from scriptreel.render.beat_kinds import Drawing, spec_of
from scriptreel.render.store.cache import Cache, Kind
from scriptreel.render.store.keys import entry_key, portable
from scriptreel.render.video.callout_over import callout_over
from scriptreel.render.video.visuals import Base
from scriptreel.script import Segment
from scriptreel.script.beats import Beat


@dataclass(frozen=True)
class WordCaption:
    """A word-by-word caption: the group of words on screen and which one is being spoken."""

    words: tuple[str, ...]
    """The words shown together."""
    current: int
    """Index in `words` of the word being spoken (drawn in the accent colour)."""
    color: str | None = None
    """The speaker's colour for the word being spoken, `#rrggbb` (None: the theme's accent)."""
    name: str = ""
    """The speaker's name for the lower third (`speaker_labels`), "" when none is shown."""

    def label(self) -> VoicedCaption | None:
        """The lower third naming the speaker, drawn with the words; None when none is shown."""
        return VoicedCaption("", self.color or "#ffffff", self.name) if self.name else None


@dataclass(frozen=True)
class Still:
    """Everything one still picture shows."""

    base: Base
    """The card, or a beat in one of its states."""
    callout: str | KineticState | None = None
    """A call-out phrase drawn large, or the kinetic type of a text-only segment, if any."""
    caption: str | WordCaption | None = None
    """A burned-in caption: a cue's text, or a word group."""


def caption_key(caption) -> object:
    """A caption as it enters a cache key."""
    return asdict(caption) if is_dataclass(caption) else caption


class StillMaker:
    """Draws and caches the stills of one segment."""

    def __init__(
        self,
        cache: Cache,
        segment: Segment,
        card: CardText,
        card_key: str,
        theme: Theme,
        size: tuple[int, int],
        where: str,
        captions_below: bool,
    ):
        self.cache, self.segment, self.card, self.card_key = cache, segment, card, card_key
        self.theme, self.size, self.where = theme, size, where
        self.captions_below = captions_below
        self._drawn: tuple[tuple[Base, str | None], Image.Image] | None = None

    def base_key(self, base: Base) -> str:
        if base.is_card():
            return self.card_key
        beat = self.segment.beats[base.beat]
        described = {k: v for k, v in asdict(beat).items() if k not in ("line", "anchor")}
        return entry_key(
            Kind.CARD,
            beat=portable(described),
            shown=base.shown,
            label=self.segment.title,
            size=list(self.size),
            theme=portable(asdict(self.theme)),
            captions_below=self.captions_below,
        )

    def key(self, still: Still) -> str:
        base = self.base_key(still.base)
        if still.callout is None and still.caption is None:
            return base
        caption = asdict(still.caption) if is_dataclass(still.caption) else still.caption
        callout = still.callout
        if isinstance(callout, KineticState):
            callout = {"kinetic": asdict(callout)}
        return entry_key(Kind.CARD, base=base, callout=callout, caption=caption)

    def path(self, still: Still) -> tuple[Path, bool]:
        """The still's PNG in the cache, and whether it was drawn now."""
        # The fastest zlib level: these PNGs are read back once or twice, and a segment with
        # burned captions has one per caption (level 6 took a third longer for 25% less).
        return self.cache.get_or_make(
            Kind.CARD,
            self.key(still),
            ".png",
            lambda temp: self.draw(still).save(temp, "PNG", compress_level=1),
        )

    def draw(self, still: Still) -> Image.Image:
        image = self._under_caption(still.base, still.callout)
        if isinstance(still.caption, WordCaption):
            from scriptreel.media.word_captions import draw_word_caption

            caption = still.caption
            if caption.label():
                image = draw_voiced_caption(image, caption.label(), self.theme)
            image = draw_word_caption(
                image, caption.words, caption.current, self.theme, caption.color
            )
        elif isinstance(still.caption, VoicedCaption):
            image = draw_voiced_caption(image, still.caption, self.theme)
        elif still.caption:
            image = draw_caption(image, still.caption, self.theme)
        return image

    def _under_caption(self, base: Base, callout: str | None) -> Image.Image:
        """The picture under the caption, drawn once for the stills in a row that differ only
        in their caption (one per sentence or word); captions are drawn on a copy."""
        if self._drawn is None or self._drawn[0] != (base, callout):
            if isinstance(callout, KineticState):
                image = kinetic_frame(
                    self.card, callout, self.size, self.theme, self.captions_below
                )
            else:
                image = self._with_callout(base, callout) if callout else self._base(base)
            self._drawn = ((base, callout), image)
        return self._drawn[1]

    def _with_callout(self, base: Base, callout: str) -> Image.Image:
        """The call-out over what shows (see callout_over)."""
        beat = None if base.is_card() else self.segment.beats[base.beat]
        drawing = (
            self._drawing(beat)
            if beat is not None
            else Drawing(self.size, self.theme, self.segment.title, self.where, self.captions_below)
        )
        return callout_over(beat, drawing, self.card, callout, lambda: self._base(base))

    def _base(self, base: Base) -> Image.Image:
        if base.is_card():
            return render_card(self.card, self.size, self.theme)
        beat: Beat = self.segment.beats[base.beat]
        spec = spec_of(beat)
        if spec.still is None:
            raise ValueError(f"a {spec.name} beat has no still picture")
        return spec.still(beat, self._drawing(beat), base.shown)

    def _drawing(self, beat: Beat) -> Drawing:
        where = f"{self.where}:{beat.line}"
        return Drawing(self.size, self.theme, self.segment.title, where, self.captions_below)
