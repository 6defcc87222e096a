"""How a call-out is drawn over what shows when it lands: one rule for the render's frames and
the storyboard's tiles, so the preview of a moment is the frame of that moment."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import Image

from scriptreel.media.callouts import callout_card
from scriptreel.media.card import CardText
from scriptreel.media.data_callouts import data_callout_frame
from scriptreel.render.beat_kinds import Drawing, spec_of
from scriptreel.script.beats import Beat


def callout_over(
    beat: Beat | None,
    drawing: Drawing,
    card: CardText,
    phrase: str,
    still: Callable[[], Image.Image],
) -> Image.Image:
    """The call-out `phrase` over `beat` (None: over the segment's card), never half covering
    it: over a picture it takes the quiet part or moves the picture aside; over a chart, a
    table, code or a formula the data moves aside (`still` draws it as shown); over the card,
    a list or a quote it replaces them."""
    spec = spec_of(beat) if beat is not None else None
    if spec is not None and spec.with_callout is not None:
        return spec.with_callout(beat, drawing, phrase)
    if spec is not None and spec.still is not None and not (spec.shows_words or spec.shows_items):
        return data_callout_frame(
            still(), phrase, drawing.size, drawing.theme, drawing.title, drawing.captions_below
        )
    under = card if beat is None else CardText(drawing.title)
    return callout_card(under, phrase, drawing.size, drawing.theme, drawing.captions_below)


def shown_under(beats: Sequence[Beat], index: int) -> Beat | None:
    """The beat showing when call-out `index` lands: the last one before it that is drawn as
    a base of its own and has not ended by then (None: the card)."""
    at = beats[index].anchor
    for beat in reversed(beats[:index]):
        if spec_of(beat).over_card:
            continue
        # A beat that ends is shown to the end of its `ends` sentence.
        ended = beat.ends is not None and beat.ends.sentence < at.sentence
        return None if ended else beat
    return None
