"""GStreamer Editing Services project (.xges), which Pitivi and ges-launch-1.0 open."""

from __future__ import annotations

from pathlib import Path

from .otio_timeline import otio_timeline
from .plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio", "otio_xges_adapter")
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".xges"


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    # GES finds its assets by URI only: a relative path is not resolved against the project.
    timeline = otio_timeline(plan, url=lambda file: (folder / file).resolve().as_uri())
    return otio.adapters.write_to_string(timeline, "xges")
