"""The frame's grid: where each layer may go, per aspect ratio, as pure arithmetic.

Every drawer asks here for its zone, so layers that share a frame never meet: the label owns
the top corner, burned captions own a band above the footer row, and the stage between them
holds titles, lists, quotes, call-outs, kinetic text and contained pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

Box = tuple[float, float, float, float]
"""left, top, right, bottom in pixels."""

TITLE_SAFE = 0.90
"""Share of width and height that text stays within (SMPTE ST 2046-1 title-safe)."""
ACTION_SAFE = 0.93
"""Share of width and height that pictures and panels stay within (action-safe)."""
PORTRAIT_TOP = 0.12
"""Vertical video: the platform's status and search bars cover the top of the frame."""
PORTRAIT_BOTTOM = 0.20
"""Vertical video: the platform's buttons and description cover the bottom of the frame."""
CAPTION_PX = 0.048
"""Caption type size as a share of the frame's shorter side."""
CAPTION_LINES = 2
"""Lines a burned caption may take (the band is sized for them)."""
CAPTION_LEADING = 1.3
"""Caption line height as a multiple of the caption type size."""


class Shape(Enum):
    """The families of frame the layouts are designed for."""

    LANDSCAPE = "landscape"
    """Wider than about 1.15:1 (16:9 and the like)."""
    PORTRAIT = "portrait"
    """Taller than about 1:1.15 (9:16 phone video)."""
    SQUARE = "square"
    """Close to 1:1."""


class Zone(Enum):
    """The named places of the grid; `Grid.box` gives each one's pixels."""

    SAFE = "safe"
    """Title-safe area: no text outside it."""
    ACTION = "action"
    """Action-safe area: no picture edge or panel outside it."""
    LABEL = "label"
    """The segment's title as a small label, in the top corner."""
    STAGE = "stage"
    """Between the label row and the captions (or footer): the frame's main text."""
    HEADLINE = "headline"
    """Kinetic text of segments without pictures: the stage's middle, large type."""
    PICTURE = "picture"
    """A picture shown whole (fit=contain): below the label, above the captions."""
    CAPTION = "caption"
    """Burned captions: a band above the footer row."""
    SPEAKER = "speaker"
    """A name with what it is, as a lower third: the stage's lower left."""
    FOOTER = "footer"
    """The bottom row: video title, progress, credits."""
    CREDIT = "credit"
    """A picture's credit: the footer row's right half."""


def shape_of(size: tuple[int, int]) -> Shape:
    """The frame's family: portrait and landscape past 1.15:1, square between."""
    width, height = size
    if height > width * 1.15:
        return Shape.PORTRAIT
    if width > height * 1.15:
        return Shape.LANDSCAPE
    return Shape.SQUARE


@dataclass(frozen=True)
class Grid:
    """The zones of one frame size, with or without a band for burned captions."""

    size: tuple[int, int]
    """Frame width and height in pixels."""
    captions: bool = False
    """Burned captions are shown: their band is kept free of everything else."""

    @property
    def unit(self) -> int:
        """The shorter side: type sizes are shares of it, so they suit any shape."""
        return min(self.size)

    @property
    def shape(self) -> Shape:
        return shape_of(self.size)

    @property
    def gap(self) -> float:
        """Space between two zones."""
        return self.unit * 0.025

    @property
    def small_px(self) -> int:
        """Type size of footers, credits and counters."""
        return max(9, int(self.unit * 0.03))

    @property
    def label_px(self) -> int:
        return max(10, int(self.unit * (0.042 if self.shape is Shape.PORTRAIT else 0.036)))

    @property
    def caption_px(self) -> int:
        return max(10, int(self.unit * CAPTION_PX))

    def safe(self) -> Box:
        width, height = self.size
        mx, my = width * (1 - TITLE_SAFE) / 2, height * (1 - TITLE_SAFE) / 2
        if self.shape is Shape.PORTRAIT:
            return mx, height * PORTRAIT_TOP, width - mx, height * (1 - PORTRAIT_BOTTOM)
        return mx, my, width - mx, height - my

    def action(self) -> Box:
        width, height = self.size
        mx, my = width * (1 - ACTION_SAFE) / 2, height * (1 - ACTION_SAFE) / 2
        if self.shape is Shape.PORTRAIT:
            return mx, height * PORTRAIT_TOP, width - mx, height * (1 - PORTRAIT_BOTTOM)
        return mx, my, width - mx, height - my

    def footer(self) -> Box:
        left, _, right, bottom = self.safe()
        return left, bottom - self.small_px * 1.5, right, bottom

    def caption(self) -> Box:
        """The band burned captions sit in, bottom-aligned (two lines and their panel)."""
        left, _, right, _ = self.safe()
        bottom = self.footer()[1] - self.gap
        height = self.caption_px * (CAPTION_LEADING * CAPTION_LINES + 0.9)
        return left, bottom - height, right, bottom

    def label(self) -> Box:
        """The label row: the full safe width, one label's height (the label uses a corner)."""
        left, top, right, _ = self.safe()
        return left, top, right, top + self.label_px * 2.4

    def lowest(self) -> float:
        """Where the stage ends: above the caption band if shown, else above the footer."""
        return (self.caption() if self.captions else self.footer())[1] - self.gap

    def stage(self) -> Box:
        left, _, right, _ = self.safe()
        top = self.label()[3] + self.gap
        # A frame too small for every zone still gets a stage (a thin one), never a negative.
        return left, top, right, max(top + 1, self.lowest())

    def headline(self) -> Box:
        """The stage, a little narrower in landscape so long lines stay readable: kinetic type."""
        left, top, right, bottom = self.stage()
        inset = (right - left) * (0.0 if self.shape is Shape.PORTRAIT else 0.04)
        return left + inset, top, right - inset, bottom

    def picture(self) -> Box:
        left, _, right, _ = self.action()
        _, top, _, bottom = self.stage()
        return left, top, right, bottom

    def speaker(self) -> Box:
        left, top, right, bottom = self.stage()
        share = 0.9 if self.shape is Shape.PORTRAIT else 0.6
        return left, max(top, bottom - self.unit * 0.2), left + (right - left) * share, bottom

    def credit(self) -> Box:
        left, top, right, bottom = self.footer()
        return (left + right) / 2, top, right, bottom

    def box(self, zone: Zone) -> Box:
        """The pixels of a zone."""
        return getattr(self, zone.value)()


def headline_box(size: tuple[int, int], captions: bool = False) -> Box:
    """Where kinetic text of a segment without pictures goes on a frame of `size`."""
    return Grid(size, captions).headline()


def split(box: Box, share: float, across: bool) -> tuple[Box, Box]:
    """The box cut in two: side by side when `across`, else one above the other; the first
    part takes `share` of it."""
    left, top, right, bottom = box
    if across:
        middle = left + (right - left) * share
        return (left, top, middle, bottom), (middle, top, right, bottom)
    middle = top + (bottom - top) * share
    return (left, top, right, middle), (left, middle, right, bottom)


def inset(box: Box, amount: float) -> Box:
    """The box shrunk by `amount` on every side (never turned inside out)."""
    left, top, right, bottom = box
    dx = min(amount, (right - left) / 2)
    dy = min(amount, (bottom - top) / 2)
    return left + dx, top + dy, right - dx, bottom - dy


def overlaps(a: Box, b: Box) -> bool:
    """True when the two boxes share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


__all__ = [
    "ACTION_SAFE",
    "TITLE_SAFE",
    "Box",
    "Grid",
    "Shape",
    "Zone",
    "area",
    "headline_box",
    "inset",
    "overlaps",
    "shape_of",
    "split",
]
