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


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    return otio.adapters.write_to_string(otio_timeline(plan, clip_markers=True), "fcpx_xml")
