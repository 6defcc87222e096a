"""`scriptreel studio`: a local web page to write a script, see its cards, hear it and render it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scriptreel.script import parse_size


def _size(text: str):
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(commands) -> None:
    """Add `studio` and its options to the CLI's subcommands."""
    from scriptreel.render.cli.options import add_outside_option

    studio = commands.add_parser(
        "studio",
        help="edit, preview, audition and render a script in the browser",
        description=(
            "Open a local web page with the script in an editor, its cards as a storyboard, the "
            "latest render in a player and a render on every save. Only this computer can open "
            "it: the address printed at start carries a secret token."
        ),
    )
    studio.add_argument(
        "script",
        type=Path,
        metavar="SCRIPT",
        help="the script: Markdown (.md) or plain text (.txt)",
    )
    studio.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.mp4",
        help="output video (default: SCRIPT with .mp4)",
    )
    _add_look(studio)
    studio.add_argument(
        "--port", type=int, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)"
    )
    studio.add_argument(
        "--no-browser", action="store_true", help="print the address but do not open a browser"
    )
    studio.add_argument(
        "--no-auto", action="store_true", help="render only with the Render button, not on save"
    )
    add_outside_option(studio)
    studio.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def _add_look(studio: argparse.ArgumentParser) -> None:
    """--size, --theme and --voice: where the page's choices start."""
    studio.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="frame size, even numbers, or 1080p, 720p, vertical, square (default: the script's)",
    )
    studio.add_argument(
        "--theme",
        metavar="NAME",
        help="card theme: midnight, paper, citrus, forest, or a .toml file",
    )
    studio.add_argument(
        "--voice",
        action="append",
        metavar="SPEC",
        help="piper (offline, default), piper:MODEL.onnx, piper:NAME, gtts, kokoro:VOICE, auto",
    )


def settings_of(args: argparse.Namespace):
    """Where the page's choices start: every --voice given counts, NAME=SPEC for one speaker of
    the cast and the last plain one for the script."""
    from scriptreel.render import RenderSettings
    from scriptreel.render.cast_voices import split_overrides

    voices, cast_voices = split_overrides(args.voice or [])
    return RenderSettings(
        size=args.size,
        theme=args.theme,
        voice=voices[-1] if voices else None,
        cast_voices=cast_voices,
        allow_outside=args.allow_outside,
    )


def run(args: argparse.Namespace) -> int:
    """Serve the studio until Ctrl-C; 0 when stopped, 2 for a script or port problem."""
    from scriptreel.render import UsageError
    from scriptreel.render.studio.launch import open_browser, remove_launcher
    from scriptreel.render.studio.server import StudioServer
    from scriptreel.render.studio.session import Session

    if not args.script.is_file():
        raise UsageError(str(args.script), "no such file", "check the path")
    if not 0 <= args.port <= 65535:
        raise UsageError("--port", f"port {args.port} is out of range", "use 1024 to 65535, or 0")
    session = Session(args.script, args.output, settings_of(args), render_on_save=not args.no_auto)
    try:
        server = StudioServer(session, args.port)
    except OSError as exc:
        raise UsageError(
            f"--port {args.port}", f"cannot listen there ({exc.strerror})", "pick another port"
        ) from None
    sys.stderr.write(f"studio for {args.script} at {server.url}\n(Ctrl-C to stop)\n")
    sys.stderr.flush()
    launcher = None if args.no_browser else open_browser(server.url)
    try:
        server.serve()
    finally:
        remove_launcher(launcher)
    sys.stderr.write("studio stopped\n")
    return 0
