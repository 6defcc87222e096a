"""Where a line chart's value labels go: beside their points, never over each other.

Pure geometry, so it can be tested without drawing: each label tries places around its point
in a preferred order and takes the first that stays inside the plot and clear of every label
placed before it and of every point; one crossing a line is taken only when nothing else fits,
and a label with no clear place at all is left out rather than drawn over another.
"""

from __future__ import annotations

from dataclasses import dataclass

Box = tuple[float, float, float, float]
"""left, top, right, bottom."""
Point = tuple[float, float]


@dataclass(frozen=True)
class Wanted:
    """A label to place."""

    point: Point
    """The point it labels."""
    size: tuple[float, float]
    """Its text's width and height."""
    below: bool = False
    """Try under the point first (every other series, so close lines keep both)."""


def _around(wanted: Wanted, gap: float) -> list[Point]:
    """Top-left corners to try: above, below, then beside, then further up and down."""
    (x, y), (width, height) = wanted.point, wanted.size
    above, under = y - gap - height, y + gap
    centred, right, left = x - width / 2, x + gap, x - gap - width
    near = [(centred, above), (centred, under)]
    if wanted.below:
        near.reverse()
    side = y - height / 2
    beside = [(right, side), (left, side), (right, above), (right, under), (left, above)]
    further = []
    for step in (1, 2, 3):
        up, down = above - step * height, under + step * height
        further += [(centred, up), (centred, down), (left, up), (right, up), (left, down)]
    return [*near, *beside, (left, under), *further]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, bounds: Box) -> bool:
    return (
        box[0] >= bounds[0] and box[1] >= bounds[1] and box[2] <= bounds[2] and box[3] <= bounds[3]
    )


def _crosses(box: Box, lines: list[tuple[Point, Point]]) -> bool:
    """Whether any line segment passes through the box (sampled along each segment)."""
    for (x0, y0), (x1, y1) in lines:
        for step in range(21):
            t = step / 20
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                return True
    return False


def place_labels(
    wanted: list[Wanted], bounds: Box, dot: float, lines: list[tuple[Point, Point]] = ()
) -> list[Box | None]:
    """Each label's box, in the order given, or None for one that has no clear place."""
    dots = [(x - dot, y - dot, x + dot, y + dot) for x, y in (w.point for w in wanted)]
    placed: list[Box] = []
    out: list[Box | None] = []
    for label in wanted:
        width, height = label.size
        boxes = [(x, y, x + width, y + height) for x, y in _around(label, dot * 1.5)]
        clear = [
            box
            for box in boxes
            if _inside(box, bounds) and not any(_overlaps(box, other) for other in placed + dots)
        ]
        best = next((box for box in clear if not _crosses(box, lines)), None)
        best = best or (clear[0] if clear else None)
        if best is not None:
            placed.append(best)
        out.append(best)
    return out
