"""OpenTimelineIO bundle (.otioz): the timeline and every media file it uses in one zip, to hand
on as a single file (OTIO's own otioz adapter writes it)."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio",)
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".otioz"


def write_to(plan: EditPlan, folder: Path, path: Path) -> None:
    """Write the bundle to `path` (the media are read from the media folder beside it)."""
    import opentimelineio as otio

    # The adapter collects files by absolute path and refuses to replace one.
    timeline = otio_timeline(plan, url=lambda file: (folder / file).resolve().as_uri())
    path.unlink(missing_ok=True)
    otio.adapters.write_to_file(timeline, str(path), adapter_name="otioz")
