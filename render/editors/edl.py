"""CMX 3600 edit decision list (.edl): the picture cuts of V1, one event per picture."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio", "otio_cmx3600_adapter")
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".edl"
RATES = (24, 25, 30, 48, 50, 60)
"""Frame rates its SMPTE timecode can count in."""


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    # An EDL is one track of cuts: the overlays and the sounds do not fit it.
    return otio.adapters.write_to_string(
        otio_timeline(plan, ("V1",), clip_markers=True, words=False), "cmx_3600"
    )
