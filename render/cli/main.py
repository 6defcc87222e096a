"""The `scriptreel` command: parse, run the command, and turn every failure into one line."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from difflib import get_close_matches
from pathlib import Path

from scriptreel.render.cli.options import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    Parser,
    fail,
)
from scriptreel.render.cli.parsers import (
    add_listing_parsers,
    add_render_parser,
    add_script_tool_parsers,
)
from scriptreel.render.errors import DISK_FULL, disk_full
from scriptreel.script import ScriptreelError
from scriptreel.script.formats import format_for

EXIT_TERMINATED = 128 + signal.SIGTERM
"""Exit code after SIGTERM, as shells report a process that SIGTERM ended (143)."""

PLUGGED_COMMANDS: tuple[str, ...] = ("batch", "studio", "export", "guide")
"""Commands that live in a module of their own (named in _PLUGS): each module has
`add_parser(commands)`, which adds the subcommand and its options, and `run(args) -> int`."""

_PLUGS = {
    "batch": "scriptreel.render.batch.command",
    "studio": "scriptreel.render.studio",
    "export": "scriptreel.render.cli.export",
    "guide": "scriptreel.render.cli.guide",
}


def build_parser() -> Parser:
    parser = Parser(
        prog="scriptreel", description="Turn a written script into a narrated explainer video."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    add_render_parser(commands)
    add_script_tool_parsers(commands)
    add_listing_parsers(commands)
    for name in PLUGGED_COMMANDS:
        _plugged(name).add_parser(commands)
    parser.set_defaults(known_commands=tuple(commands.choices))
    return parser


def _plugged(name: str):
    from importlib import import_module

    return import_module(_PLUGS[name])


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("scriptreel")
    except metadata.PackageNotFoundError:
        return "dev"


def _run(args) -> int:
    from scriptreel.render.cli import commands

    if args.command in PLUGGED_COMMANDS:
        return _plugged(args.command).run(args)
    if args.command == "watch":
        return commands.watch(args, _debug(args))
    if args.command in ("themes", "voices"):
        return getattr(commands, args.command)()
    return getattr(commands, args.command)(args)


def _debug(args) -> bool:
    return getattr(args, "debug", False) or bool(os.environ.get("SCRIPTREEL_DEBUG"))


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is so that it cleans up as after Ctrl-C."""


def _terminate(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second one must not cut the clean-up
    _interrupt_workers()
    raise Terminated()


def _interrupt_workers() -> None:
    """Send worker processes (batch) what Ctrl-C at a terminal sends them, so they stop and
    clean up rather than finish and publish while this process waits for them."""
    processes = sys.modules.get("multiprocessing")
    for child in processes.active_children() if processes else []:
        try:
            os.kill(child.pid, signal.SIGINT)
        except OSError:
            pass


def main(argv: list[str] | None = None) -> int:
    # A shell starts background jobs with Ctrl-C ignored, and Python then never raises
    # KeyboardInterrupt: take the default back so an interrupt always cleans up and exits 130.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    _suggest_command(parser, sys.argv[1:] if argv is None else argv)
    args = _parsed(parser, argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args)
    except KeyboardInterrupt as exc:
        if _debug(args):
            raise
        what = "terminated" if isinstance(exc, Terminated) else "interrupted"
        sys.stderr.write(f"\n{what}: nothing was written; the cache is intact\n")
        return EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    except ScriptreelError as exc:
        if _debug(args):
            raise
        fail(exc.one_line(), exc.exit_code)
    except Exception as exc:  # the last line of defence: never a traceback without --debug
        if _debug(args):
            raise
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            fail(disk_full(str(exc.filename or "a file"), exc).one_line(), EXIT_USAGE)
        fail(
            f"internal error: {type(exc).__name__}: {exc} — "
            "rerun with --debug and report the traceback",
            EXIT_FAILED,
        )


def _suggest_command(parser: Parser, argv: list[str]) -> None:
    """`scriptreel talk.md` names a script where a command belongs: say how to render it;
    `scriptreel rendr` is a slip: name the command meant."""
    first = next((word for word in argv if not word.startswith("-")), None)
    known = parser.get_default("known_commands")
    if first is None or first in known:
        return
    if format_for(Path(first)) is not None or Path(first).is_file():
        fail(
            f"{first}: '{first}' is not a command"
            f" — to make its video, run: scriptreel render {shlex.quote(first)}",
            EXIT_USAGE,
        )
    if meant := get_close_matches(first, known, n=1):
        fail(
            f"'{first}' is not a command — did you mean '{meant[0]}'? see 'scriptreel --help'",
            EXIT_USAGE,
        )


def _parsed(parser: Parser, argv: list[str] | None):
    """The parsed arguments; an unknown option fails naming the closest one the command has."""
    args, unknown = parser.parse_known_args(argv)
    if not unknown:
        return args
    command = parser._subparsers._group_actions[0].choices.get(args.command, parser)
    flags = [flag for action in command._actions for flag in action.option_strings]
    typed = next((word for word in unknown if word.startswith("-")), "").split("=")[0]
    meant = get_close_matches(typed, flags, n=1) if typed else []
    hint = f"did you mean {meant[0]}? " if meant else ""
    fail(
        f"unrecognized arguments: {' '.join(unknown)} — {hint}see '{command.prog} --help'",
        EXIT_USAGE,
    )


if __name__ == "__main__":
    raise SystemExit(main())
