"""An editor export of a rendered (or cached) timeline: plan it, then publish its files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scriptreel.render.editors import media_folder
from scriptreel.render.editors.collect import collect
from scriptreel.render.editors.publish import Exported, publish
from scriptreel.render.editors.request import ExportRequest, Markers


def export_editors(
    timeline,
    planned: Sequence,
    video,
    out: Path,
    request: ExportRequest,
    music=None,
    force: bool = False,
) -> Exported:
    """Write the media folder and each format's timeline beside `out` (the video's path)."""
    folder = media_folder(out).name
    words = request.markers is Markers.WORDS
    plan, makers = collect(timeline, planned, video, video.cache, folder, music, words)
    return publish(plan, makers, request.formats, out, force)


def check_export(settings, script, out: Path, force: bool, fps: int) -> ExportRequest:
    """The editor formats asked for (command line, else front matter) and the export's options,
    refused before any work if one would replace a user's file or cannot hold the frame rate."""
    from scriptreel.render.editors import check_rate, editor_formats
    from scriptreel.render.editors.publish import check_targets

    asked = settings.export or getattr(script.settings, "export", None) or ()
    where = "--export" if settings.export else str(script.path)
    formats = editor_formats(tuple(asked), where)
    check_rate(formats, fps, where)
    check_targets(out, formats, force)
    return ExportRequest(formats, Markers(settings.export_markers or Markers.CHAPTERS.value))
