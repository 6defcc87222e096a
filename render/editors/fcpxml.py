"""Final Cut Pro X XML (.fcpxml), which Final Cut Pro and DaVinci Resolve import."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio", "otio_fcpx_xml_adapter")
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".fcpxml"
RATES = (24, 25, 30, 50, 60)
"""Frame rates its timecode can count in (the adapter refuses others)."""


_QUOTES = str.maketrans({"'": "\u2019", '"': "\u201d"})
"""The adapter finds clips by name in an XPath predicate, which a straight quote would end:
names keep their typographic quotes instead ("Earth's" reads "Earth’s")."""


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    timeline = otio_timeline(plan, clip_markers=True)
    for item in timeline.find_children():
        item.name = item.name.translate(_QUOTES)
    return otio.adapters.write_to_string(timeline, "fcpx_xml")
