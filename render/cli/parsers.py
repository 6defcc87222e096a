"""The built-in commands' parsers: render and watch, init, check and preview, and the listings."""

from __future__ import annotations

import argparse
from pathlib import Path

from scriptreel.render.cli.options import (
    add_outside_option,
    add_script_options,
    counted,
    size_type,
)
from scriptreel.render.editors import EXPORT_HELP, formats_type
from scriptreel.render.editors.request import add_export_options
from scriptreel.render.store.prune import add_cache_parser


def add_render_parser(commands) -> None:
    render = commands.add_parser(
        "render",
        help="render a script to an MP4 with captions",
        description="Render SCRIPT to an MP4 with .srt, .vtt, .chapters.txt and .words.json "
        "beside it.",
    )
    add_script_options(render, lists=True)
    add = render.add_argument
    add(
        "--jobs",
        type=counted("jobs", 1, 64),
        metavar="N",
        help="cores to plan for: N-1 card encoders, at least one, run beside the voice, "
        "which speaks in one process per 2 cores (default: all cores)",
    )
    add(
        "--no-cache",
        action="store_true",
        help="render from scratch, without reading or writing the cache",
    )
    add("--export", type=formats_type, metavar="FORMATS", help=EXPORT_HELP)
    add_export_options(render)
    add("--json", action="store_true", help="print a JSON summary on stdout when done")
    add(
        "--words",
        action="store_true",
        help="with --json: include every word with its start and end (as in OUT.words.json)",
    )
    add("-q", "--quiet", action="store_true", help="no progress, only errors and the summary")
    add("--debug", action="store_true", help="show the full traceback on errors")
    watch = commands.add_parser(
        "watch",
        help="re-render whenever the script is saved",
        description="Render SCRIPT, then render again on every save until Ctrl-C.",
    )
    add_script_options(watch)
    watch.add_argument("--debug", action="store_true", help="show the full traceback on errors")


def add_script_tool_parsers(commands) -> None:
    """init, check and preview: working on a script without narrating it."""
    for command in (_add_init(commands), _add_check(commands), _add_preview(commands)):
        command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def _add_init(commands) -> argparse.ArgumentParser:
    init = commands.add_parser(
        "init",
        help="turn a raw transcript into an editable Markdown script",
        description="Import SOURCE (.txt transcript, .srt or .vtt subtitles, bulleted notes) as a "
        "Markdown script with segments by topic, titles and call-outs.",
    )
    add = init.add_argument
    add("source", type=Path, metavar="SOURCE", help="the transcript: .txt, .srt or .vtt")
    add(
        "-o",
        "--output",
        type=Path,
        metavar="SCRIPT.md",
        help="where to write the script (default: SOURCE with .md)",
    )
    add(
        "--segments",
        type=counted("segments", 1, 500),
        metavar="N",
        help="how many segments to make (default: where the subject changes, 20 to 60 s each)",
    )
    add("--force", action="store_true", help="replace the output if it exists")
    return init


def _add_check(commands) -> argparse.ArgumentParser:
    check = commands.add_parser(
        "check",
        help="validate and lint a script without rendering",
        description="Report problems and every beat in SCRIPT as FILE:LINE messages: exit 2 on "
        "errors, 0 otherwise.",
    )
    check.add_argument("script", type=Path, metavar="SCRIPT", help="the script to check")
    check.add_argument(
        "--size",
        type=size_type,
        metavar="WxH",
        help="card size to check titles against (default: the script's, else 1920x1080)",
    )
    add_outside_option(check)
    return check


def _add_preview(commands) -> argparse.ArgumentParser:
    preview = commands.add_parser(
        "preview",
        help="a storyboard of every card and beat, without narrating",
        description="Write a contact sheet of every card and beat with estimated start times; "
        "no narration is synthesized. --card N writes one card at full size.",
    )
    add = preview.add_argument
    add("script", type=Path, metavar="SCRIPT", help="the script")
    add(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.png",
        help="where to write the PNG (default: SCRIPT.storyboard.png)",
    )
    add("--card", type=int, metavar="N", help="write only card N (0 is the opening card, if any)")
    add(
        "--size",
        type=size_type,
        metavar="WxH",
        help="card size (default: the script's, else 1920x1080)",
    )
    add("--theme", metavar="NAME", help="card theme, as for render")
    add(
        "--font",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="extra font, as for render",
    )
    add_outside_option(preview)
    add("--force", action="store_true", help="replace a PNG there that scriptreel did not write")
    return preview


def add_listing_parsers(commands) -> None:
    """themes, voices and cache."""
    commands.add_parser(
        "themes", help="list the built-in card themes", description="List the built-in card themes."
    )
    commands.add_parser(
        "voices",
        help="list the narration engines and voices",
        description="List the narration engines and voices, and which work offline.",
    )
    add_cache_parser(commands)
    for name in ("themes", "voices", "cache"):
        commands.choices[name].add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
