"""A burned caption that knows its speaker: drawn in the speaker's colour, with a lower third
naming the speaker where the speaker changes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PIL import Image

from scriptreel.media.beats import speaker_overlay
from scriptreel.media.captions import Cue
from scriptreel.media.card import caption_overlay, paste_visible, visible_part
from scriptreel.media.themes import DEFAULT_THEME, Theme


@dataclass(frozen=True)
class VoicedCaption:
    """What one burned caption of a cast's script shows."""

    text: str
    """The cue's words ("" when only the lower third is burned)."""
    color: str
    """The speaker's colour, `#rrggbb`."""
    name: str = ""
    """The speaker's name for the lower third ("" when the speaker did not just change)."""


LABEL_SECONDS = 2.5
"""How long a speaker's name stays up at least, in whole cues, after the speaker changes."""


def rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def voiced_caption_overlay(
    caption: VoicedCaption, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> Image.Image:
    """The caption in its speaker's colour, and the lower third, on a transparent layer (to
    lay over a moving beat)."""
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    if caption.name:  # its accent bar in the speaker's colour ties it to their captions
        marked = replace(theme, accent=rgb(caption.color))
        layer = speaker_overlay(caption.name, "", size, marked, captions=True)
    if caption.text:
        spoken = caption_overlay(caption.text, size, theme, rgb(caption.color))
        layer = Image.alpha_composite(layer, spoken)
    return layer


def draw_voiced_caption(
    image: Image.Image, caption: VoicedCaption, theme: Theme = DEFAULT_THEME
) -> Image.Image:
    """A copy of the picture with the caption in its speaker's colour, and the lower third."""
    overlay = voiced_caption_overlay(caption, image.size, theme)
    return paste_visible(image, *visible_part(overlay))


def voiced_cues(
    cues: list[Cue], cast: tuple, labels: bool, text: bool, before: str | None = None
) -> list[Cue]:
    """The cues to burn for a script with a cast: each speaker's in its colour, and when
    `labels` asks, a new speaker's first cues (for LABEL_SECONDS) naming them; `before` is who
    spoke last, in the segment before. With `text` False only the names are burned (captions
    off, speaker labels on)."""
    colors = {speaker.name: speaker.color for speaker in cast}
    found, since = [], float("-inf")  # a speaker who goes on from the segment before: no name
    for cue in cues:
        if cue.speaker != before:
            since = cue.start
        # A name held for one short cue flashes by: it stays for the speaker's next cues too,
        # until it has been up LABEL_SECONDS.
        shown_long = cue.start - since >= LABEL_SECONDS
        name = cue.speaker if labels and cue.speaker and not shown_long else ""
        before = cue.speaker
        if cue.speaker not in colors:
            found += [cue] if text else []
        elif text or name:
            shown = VoicedCaption(cue.text if text else "", colors[cue.speaker], name or "")
            found.append(Cue(cue.start, cue.end, shown, cue.speaker))
    return found
