"""The `export` command: a script's timeline for video editors, from the cache, no video."""

from __future__ import annotations

import argparse
import sys

from scriptreel.render.cli.options import add_script_options, settings_from
from scriptreel.render.editors import FORMATS_HELP, formats_type
from scriptreel.render.editors.request import add_export_options


def add_parser(commands) -> None:
    export = commands.add_parser(
        "export",
        help="write the timeline for video editors, without encoding the video",
        description="Write SCRIPT's timeline for video editors beside where its video goes, "
        "with its media in OUT-media/, from the cache (what it lacks is made; no MP4 is "
        "encoded).",
    )
    add_script_options(export)
    export.add_argument(
        "--format",
        dest="export",
        type=formats_type,
        required=True,
        metavar="FORMATS",
        help=FORMATS_HELP,
    )
    add_export_options(export)
    export.add_argument("-q", "--quiet", action="store_true", help="no progress, only errors")
    export.add_argument("--debug", action="store_true", help="show the full traceback on errors")


def run(args: argparse.Namespace) -> int:
    from scriptreel.render.editors.from_cache import export_script
    from scriptreel.render.progress import Progress

    settings = settings_from(args)
    done = export_script(
        args.script, args.output, settings, Progress(quiet=args.quiet), force=args.force
    )
    names = " ".join(path.name for path in done.timelines.values())
    print(
        f"exported: {names} + {done.media.name}/ ({len(done.written)} media files written)",
        file=sys.stderr,
    )
    return 0
