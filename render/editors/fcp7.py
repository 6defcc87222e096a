"""Final Cut Pro 7 XML (.xml), which Premiere Pro and DaVinci Resolve import."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio", "otio_fcp_adapter")
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".xml"
RATES = (24, 25, 30, 48, 50, 60)
"""Frame rates its timecode can count in (the adapter refuses others)."""


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    return otio.adapters.write_to_string(otio_timeline(plan), "fcp_xml")
