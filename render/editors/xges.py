"""GStreamer Editing Services project (.xges), which Pitivi and ges-launch-1.0 open."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from scriptreel.render.editors.otio_timeline import otio_timeline
from scriptreel.render.editors.plan import EditPlan

NEEDS: tuple[str, ...] = ("opentimelineio", "otio_xges_adapter")
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".xges"
VIDEO_TRACK = "4"
"""GES_TRACK_TYPE_VIDEO."""


def write(plan: EditPlan, folder: Path) -> str:
    import opentimelineio as otio

    # GES finds its assets by URI only: a relative path is not resolved against the project.
    timeline = otio_timeline(plan, url=lambda file: (folder / file).resolve().as_uri())
    return _with_frame(otio.adapters.write_to_string(timeline, "xges"), plan)


def _with_frame(text: str, plan: EditPlan) -> str:
    """The project with its video track held to the render's size, frame rate and colorimetry
    (the adapter writes 30 fps and no size, whatever the timeline's)."""
    root = ET.fromstring(text)
    width, height = plan.size
    caps = rf"video/x-raw\,\ width\=\(int\){width}\,\ height\=\(int\){height}"
    caps += rf"\,\ framerate\=\(fraction\){plan.fps}/1"
    # A fixed colorimetry: left open, GES takes the first asset's (an H.264 movie's differs
    # from a PNG's), and its frames then come out lighter or darker than the video's. With
    # this one its frames match the video's for every kind of first asset (measured).
    caps += r"\,\ colorimetry\=\(string\)bt601"
    for track in root.iter("track"):
        if track.get("track-type") == VIDEO_TRACK:
            track.set(
                "properties",
                f'properties, mixing=(boolean)true, restriction-caps=(string)"{caps}";',
            )
    return '<?xml version="1.0" ?>\n' + ET.tostring(root, "unicode") + "\n"
