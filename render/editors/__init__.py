"""Timelines for video editors: one module per format, each an entry of EDITORS.

A format module declares SUFFIX (the end of its file name beside the video) and
`write(plan, folder) -> str`, the file's text from the edit plan (render/editors/plan.py), or
for a binary file `write_to(plan, folder, path)`; `folder` is where the timeline file goes, for
formats that want absolute references.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from scriptreel.render.errors import UsageError


@dataclass(frozen=True)
class EditorFormat:
    """One timeline format written beside the video."""

    name: str
    """What --export and `export --format` call it."""
    module: str
    """Its module in this package: SUFFIX and write(plan, folder)."""
    describes: str
    """Which editors read it (the help)."""

    @property
    def suffix(self) -> str:
        return import_module(f"{__name__}.{self.module}").SUFFIX

    def missing(self) -> list[str]:
        """The Python packages it needs that are not installed."""
        from importlib.util import find_spec

        needs = import_module(f"{__name__}.{self.module}").NEEDS
        return [name for name in needs if find_spec(name) is None]

    def rates(self) -> tuple[int, ...] | None:
        """The frame rates it can hold, or None for any."""
        return getattr(import_module(f"{__name__}.{self.module}"), "RATES", None)

    def path(self, video: Path) -> Path:
        return video.with_suffix(self.suffix)

    def maker(self, plan, folder: Path):
        """A function writing the format's file to the path it is given."""
        module = import_module(f"{__name__}.{self.module}")
        if hasattr(module, "write_to"):
            return lambda path: module.write_to(plan, folder, path)
        return lambda path: path.write_text(module.write(plan, folder), encoding="utf-8")


EDITORS: tuple[EditorFormat, ...] = (
    EditorFormat("otio", "otio_file", "OpenTimelineIO"),
    EditorFormat("otioz", "otioz", "OpenTimelineIO bundle: the timeline and its media in one file"),
    EditorFormat("mlt", "mlt", "MLT XML: Kdenlive, Shotcut, melt"),
    EditorFormat("xges", "xges", "GStreamer Editing Services: Pitivi, ges-launch"),
    EditorFormat("fcpxml", "fcpxml", "Final Cut Pro X, DaVinci Resolve"),
    EditorFormat("xml", "fcp7", "Final Cut Pro 7 XML: Premiere Pro, Resolve"),
    EditorFormat("edl", "edl", "CMX 3600 EDL: picture cuts only"),
)
"""Every editor format, in the order they are listed."""


def editor_formats(names: str | list[str] | tuple[str, ...] | None, where: str = "--export"):
    """The formats named (comma separated or a list), in the registry's order; an unknown
    name fails, listing the known ones."""
    if not names:
        return ()
    if isinstance(names, str):
        names = names.split(",")
    wanted = {name.strip().lower() for name in names if name.strip()}
    known = {each.name for each in EDITORS}
    for name in sorted(wanted - known):
        listed = ", ".join(each.name for each in EDITORS)
        raise UsageError(where, f"no editor format named {name!r}", f"use one of {listed}")
    chosen = tuple(each for each in EDITORS if each.name in wanted)
    for each in chosen:
        if missing := each.missing():
            raise UsageError(
                where,
                f"the {each.name} format needs {', '.join(missing)}, which "
                f"{'is' if len(missing) == 1 else 'are'} not installed",
                "pip install 'scriptreel[export]'",
            )
    return chosen


def formats_type(text: str) -> tuple[str, ...]:
    """An argparse type: editor format names, each checked against the registry."""
    import argparse

    try:
        return tuple(each.name for each in editor_formats(text))
    except UsageError as exc:
        raise argparse.ArgumentTypeError(f"{exc.problem} — {exc.fix}") from None


FORMATS_HELP = "any of " + ", ".join(each.name for each in EDITORS) + ", comma separated"
"""How --export and `export --format` name the formats, for their help."""
EXPORT_HELP = "also write the timeline for video editors, its media in OUT-media/: " + FORMATS_HELP
"""The help of render's --export."""


def check_rate(formats, fps: int, where: str) -> None:
    """Refuse, before any work, a format that cannot count frames at the render's rate."""
    for each in formats:
        rates = each.rates()
        if rates is not None and fps not in rates:
            raise UsageError(
                where,
                f"the {each.name} format cannot hold {fps} fps",
                f"render at {', '.join(map(str, rates))} fps, or leave {each.name} out",
            )


def timelines_name(video: Path) -> Path:
    """The name the timeline files beside a video are recorded under: talk.editors."""
    return video.with_name(f"{video.stem}.editors")


def media_folder(video: Path) -> Path:
    """The folder of the media the timelines point to: talk-media beside talk.mp4."""
    return video.with_name(video.stem + "-media")
