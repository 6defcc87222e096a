"""OpenTimelineIO (.otio): every track, marker and reference, as OTIO's own JSON."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio",)
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".otio"


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    return otio.adapters.write_to_string(otio_timeline(plan), "otio_json") + "\n"
