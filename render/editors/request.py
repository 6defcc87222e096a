"""What an editor export is asked for: the formats, and which markers the timelines carry."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from enum import Enum


class Markers(Enum):
    """Which markers the timelines carry."""

    CHAPTERS = "chapters"
    """One per chapter (segment title)."""
    WORDS = "words"
    """The chapters, and one per narrated word at its start."""


@dataclass(frozen=True)
class ExportRequest:
    """The editor formats to write and the export's options."""

    formats: tuple = ()
    """The EditorFormat of each file to write, in the registry's order."""
    markers: Markers = Markers.CHAPTERS

    def __bool__(self) -> bool:
        return bool(self.formats)

    def __iter__(self):
        return iter(self.formats)


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """--export-markers, for render, export and batch."""
    parser.add_argument(
        "--export-markers",
        choices=[each.value for each in Markers],
        default=None,
        help="with editor timelines: a marker per chapter (default), or also one per word",
    )
