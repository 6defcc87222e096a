"""The `scriptreel` command: a thin layer over render_video and the cache."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from media.voice import voice_help
from media.word_captions import CaptionStyle
from script import ScriptreelError, parse_fps, parse_pause, parse_size, parse_speed

from .errors import UsageError

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")
        fail(message if " — " in message else f"{message} — see '{self.prog} --help'", EXIT_USAGE)


def fail(message: str, code: int) -> NoReturn:
    """The one way out on failure: one line on stderr, then exit."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def _checked(parse):
    """An argparse type from one of the script layer's value parsers, keeping its message."""

    def convert(text: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__.removeprefix("parse_")
    return convert


_size, _fps, _speed, _pause = map(_checked, (parse_size, parse_fps, parse_speed, parse_pause))


def _segments(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 500:
        raise argparse.ArgumentTypeError(f"segments {text!r} is out of range — use 1 to 500")
    return int(text)


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"jobs {text!r} is out of range — use 1 to 64")
    return int(text)


def _add_output_options(command: argparse.ArgumentParser, lists: bool = False) -> None:
    """The script and what to make of it: shared by render and watch (render takes lists)."""
    from .variants import parse_size_list, parse_variant_list

    size = _checked(parse_size_list) if lists else _size
    many = _checked(parse_variant_list) if lists else None
    each = ", or several separated by commas: one video each" if lists else ""
    command.add_argument(
        "script",
        type=Path,
        metavar="SCRIPT",
        help="the script: Markdown (.md) or a plain transcript (.txt)",
    )
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.mp4",
        help="output video (default: SCRIPT with .mp4)",
    )
    command.add_argument(
        "--size",
        type=size,
        metavar="WxH",
        help="frame size, even numbers, or 1080p, 720p, vertical, square (default 1920x1080)"
        + each,
    )
    command.add_argument(
        "--fps", type=_fps, metavar="N", help="frames per second, 1 to 120 (default 30)"
    )
    command.add_argument(
        "--voice",
        type=many,
        metavar="SPEC",
        help=voice_help() + each,
    )
    command.add_argument(
        "--speed", type=_speed, metavar="X", help="speaking rate, 0.5 to 2.0 (default 1.0)"
    )
    command.add_argument(
        "--pause",
        type=_pause,
        metavar="SEC",
        help="silence between sentences, 0 to 10 s (default 0.15)",
    )
    command.add_argument(
        "--captions",
        choices=["files", "burn"],
        default="files",
        help="files: .srt and .vtt beside the video (default); burn: also draw them into the "
        "picture",
    )
    command.add_argument(
        "--caption-style",
        choices=[style.value for style in CaptionStyle],
        default=None,
        help="with --captions burn: lines (default), or words: a few words at a time with the "
        "spoken one highlighted (for vertical video watched muted)",
    )
    command.add_argument(
        "--callouts",
        dest="callouts",
        action="store_const",
        const="on",
        help="show **bold** phrases large on screen as they are spoken",
    )
    command.add_argument(
        "--no-callouts",
        dest="callouts",
        action="store_const",
        const="off",
        help="no call-outs (plain text and subtitles get key facts as call-outs by default)",
    )
    command.add_argument(
        "--karaoke-vtt",
        action="store_true",
        help="put each word's start time into the .vtt (WebVTT timestamp tags) for players that "
        "light up words as they are spoken",
    )
    command.add_argument(
        "--theme",
        type=many,
        metavar="NAME",
        help="card theme: midnight (default), paper, citrus, forest, or a .toml file" + each,
    )
    command.add_argument(
        "--font",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a font to try for characters the theme's fonts lack (repeatable)",
    )
    command.add_argument(
        "--motion",
        action="store_true",
        help="fade through black between segments and slowly zoom pictures (slower)",
    )
    command.add_argument(
        "--draft",
        action="store_true",
        help="quick low-resolution, low-frame-rate render for checking timing",
    )
    command.add_argument(
        "--force",
        action="store_true",
        help="replace output files (.mp4, .srt, .vtt, .chapters.txt) that scriptreel did not write",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scriptreel", description="Turn a written script into a narrated explainer video."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    render = commands.add_parser(
        "render",
        help="render a script to an MP4 with captions",
        description="Render SCRIPT (.md or .txt) to an MP4 and an SRT beside it.",
    )
    _add_output_options(render, lists=True)
    render.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="cores to plan for: N-1 card encoders, at least one, run beside the voice "
        "(default: all cores)",
    )
    render.add_argument(
        "--no-cache",
        action="store_true",
        help="render from scratch, without reading or writing the cache",
    )
    render.add_argument(
        "--json", action="store_true", help="print a JSON summary on stdout when done"
    )
    render.add_argument(
        "--words",
        action="store_true",
        help="with --json: include every word with its start and end (as in OUT.words.json)",
    )
    render.add_argument(
        "-q", "--quiet", action="store_true", help="no progress, only errors and the summary"
    )
    render.add_argument("--debug", action="store_true", help="show the full traceback on errors")

    watch = commands.add_parser(
        "watch",
        help="re-render whenever the script is saved",
        description="Render SCRIPT, then render again on every save until Ctrl-C.",
    )
    _add_output_options(watch)
    watch.add_argument("--debug", action="store_true", help="show the full traceback on errors")

    init = commands.add_parser(
        "init",
        help="turn a raw transcript into an editable Markdown script",
        description="Import SOURCE (.txt transcript, .srt or .vtt subtitles, bulleted notes) as a "
        "Markdown script with segments of 20 to 60 seconds and proposed card titles.",
    )
    init.add_argument(
        "source", type=Path, metavar="SOURCE", help="the transcript: .txt, .srt or .vtt"
    )
    init.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="SCRIPT.md",
        help="where to write the script (default: SOURCE with .md)",
    )
    init.add_argument(
        "--segments",
        type=_segments,
        metavar="N",
        help="how many segments to make (default: where the subject changes, 20 to 60 s each)",
    )
    init.add_argument("--force", action="store_true", help="replace the output if it exists")
    init.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    check = commands.add_parser(
        "check",
        help="validate and lint a script without rendering",
        description="Report problems in SCRIPT as FILE:LINE messages: exit 2 on errors, "
        "0 otherwise.",
    )
    check.add_argument("script", type=Path, metavar="SCRIPT", help="the script to check")
    check.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="card size to check titles against (default: the script's, else 1920x1080)",
    )
    check.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    preview = commands.add_parser(
        "preview",
        help="a storyboard of every card, without narrating",
        description="Write a contact sheet of every card, numbered, with estimated durations; "
        "no narration is synthesized. --card N writes one card at full size.",
    )
    preview.add_argument("script", type=Path, metavar="SCRIPT", help="the script")
    preview.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.png",
        help="where to write the PNG (default: SCRIPT.storyboard.png)",
    )
    preview.add_argument(
        "--card", type=int, metavar="N", help="write only card N (0 is the opening card, if any)"
    )
    preview.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="card size (default: the script's, else 1920x1080)",
    )
    preview.add_argument("--theme", metavar="NAME", help="card theme, as for render")
    preview.add_argument(
        "--font",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="extra font, as for render",
    )
    preview.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    themes = commands.add_parser(
        "themes", help="list the built-in card themes", description="List the built-in card themes."
    )
    themes.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    voices = commands.add_parser(
        "voices",
        help="list the narration engines and voices",
        description="List the narration engines and voices, and which work offline.",
    )
    voices.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)

    cache = commands.add_parser(
        "cache",
        help="show or clean the cache",
        description="Show where the cache is and what it holds.",
    )
    cache.add_argument(
        "action",
        nargs="?",
        choices=["show", "clean"],
        default="show",
        help="show (default) or clean",
    )
    cache.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    for name in PLUGGED_COMMANDS:
        _plugged(name).add_parser(commands)
    return parser


PLUGGED_COMMANDS: tuple[str, ...] = ("batch", "studio")
"""Commands that live in a module of their own (render/NAME.py or render/NAME/): each module has
`add_parser(commands)`, which adds the subcommand and its options, and `run(args) -> int`."""


def _plugged(name: str):
    from importlib import import_module

    return import_module(f"render.{name}")


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("scriptreel")
    except metadata.PackageNotFoundError:
        return "dev"


def main(argv: list[str] | None = None) -> int:
    # A shell starts background jobs with Ctrl-C ignored, and Python then never raises
    # KeyboardInterrupt: take the default back so an interrupt always cleans up and exits 130.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    debug = getattr(args, "debug", False) or bool(os.environ.get("SCRIPTREEL_DEBUG"))
    try:
        if args.command in PLUGGED_COMMANDS:
            return _plugged(args.command).run(args)
        if args.command == "render":
            return _render(args)
        if args.command == "watch":
            return _watch(args, debug)
        if args.command == "voices":
            return _voices()
        if args.command == "themes":
            return _themes()
        if args.command == "preview":
            return _preview(args)
        if args.command == "init":
            return _init(args)
        if args.command == "check":
            return _check(args)
        return _cache(args)
    except KeyboardInterrupt:
        if debug:
            raise
        sys.stderr.write("\ninterrupted: nothing was written; the cache is intact\n")
        return EXIT_INTERRUPTED
    except ScriptreelError as exc:
        if debug:
            raise
        fail(exc.one_line(), exc.exit_code)
    except Exception as exc:  # the last line of defence: never a traceback without --debug
        if debug:
            raise
        fail(
            f"internal error: {type(exc).__name__}: {exc} — "
            "rerun with --debug and report the traceback",
            EXIT_FAILED,
        )


def _settings(args: argparse.Namespace, **extra):
    from .pipeline import RenderSettings

    return RenderSettings(
        size=args.size,
        fps=args.fps,
        voice=args.voice,
        speed=args.speed,
        pause=args.pause,
        burn_captions=args.captions == "burn",
        theme=args.theme,
        fonts=tuple(args.font),
        motion=args.motion,
        draft=args.draft,
        caption_style=CaptionStyle(args.caption_style) if args.caption_style else None,
        karaoke=args.karaoke_vtt,
        callouts=args.callouts,
        **extra,
    )


def _import_name(source: Path) -> Path:
    """Where init writes the script: for subtitles NAME-script.md, so that rendering it writes
    NAME-script.srt beside the video and never replaces the hand-timed NAME.srt it came from."""
    if source.suffix.lower() in (".srt", ".vtt"):
        return source.with_name(source.stem + "-script.md")
    return source.with_suffix(".md")


def _init(args: argparse.Namespace) -> int:
    from script import WORDS_PER_SECOND, import_transcript, to_markdown
    from script.plan import describe_plan

    from .output import write_file

    if args.source.suffix.lower() not in (".txt", ".srt", ".vtt"):
        raise UsageError(
            str(args.source),
            "init imports .txt, .srt or .vtt transcripts",
            "give a transcript file; a .md script needs no import",
        )
    output = args.output or _import_name(args.source)
    if output.resolve() == args.source.resolve():
        raise UsageError(
            str(output), "the output path is the source itself", "choose another name with -o"
        )
    script = import_transcript(args.source, segments=args.segments)
    for warning in script.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if output.exists() and not args.force:
        raise UsageError(
            str(output),
            "already exists",
            "choose another name with -o, or pass --force to replace it",
        )
    write_file(
        output,
        lambda temp: temp.write_text(
            to_markdown(script, args.source.name, callouts=True), encoding="utf-8"
        ),
    )
    for line in describe_plan(script):
        sys.stderr.write(line + "\n")
    words = sum(len(s.text.split()) for seg in script.segments for s in seg.sentences)
    sys.stderr.write(
        f"wrote {output}: {len(script.numbered)} segments, {words} words "
        f"(about {words / WORDS_PER_SECOND / 60:.1f} minutes); "
        f"edit the '##' titles, then: scriptreel render {output}\n"
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from script import load_script

    from .checks import Severity, check_script, estimated_seconds
    from .pipeline import DEFAULT_SIZE

    script = load_script(args.script)
    findings = check_script(script, args.size or script.settings.size or DEFAULT_SIZE)
    for finding in findings:
        sys.stderr.write(finding.text() + "\n")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    notes = sum(f.severity is Severity.NOTE for f in findings)
    minutes, seconds = divmod(round(estimated_seconds(script)), 60)
    sys.stderr.write(
        f"{script.path}: {len(script.numbered)} segments, "
        f"about {minutes}:{seconds:02d} of narration; "
        f"{errors} errors, {len(findings) - errors - notes} warnings\n"
    )
    return EXIT_USAGE if errors else EXIT_OK


def _themes() -> int:
    from media.themes import BUILT_IN

    width = max(map(len, BUILT_IN))
    for name, theme in BUILT_IN.items():
        print(f"{name:<{width}}  {theme.description}")
    print("\nA theme file (.toml) starts from one of these: see the README.")
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from .preview import write_preview

    output = args.output or args.script.with_suffix(
        ".storyboard.png" if args.card is None else f".card{args.card}.png"
    )
    if output.suffix.lower() != ".png":
        raise UsageError(
            str(output), "the preview must be a .png file", "name it like storyboard.png"
        )
    summary = write_preview(args.script, output, args.size, args.theme, tuple(args.font), args.card)
    sys.stderr.write(summary + "\n")
    return EXIT_OK


def _voices() -> int:
    from media.voice import describe_voices

    rows = describe_voices()
    width = max(len(spec) for spec, _, _ in rows)
    for spec, where, text in rows:
        print(f"{spec:<{width}}  {where:<7}  {text}")
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from script import load_script

    from .progress import Progress
    from .variants import expand_variants, render_variants

    sizes, themes, voices = args.size or [], args.theme or [], args.voice or []
    args.size = args.theme = args.voice = None
    settings = _settings(args, jobs=args.jobs, use_cache=not args.no_cache)
    variants = expand_variants(settings, sizes, themes, voices, load_script(args.script))
    progress = Progress(quiet=args.quiet)
    summaries = render_variants(
        args.script, args.output, settings, variants, progress, force=args.force
    )
    if args.json:
        found = [summary.to_json(words=args.words) for summary in summaries]
        print(json.dumps(found[0] if len(found) == 1 else found, indent=2))
    for summary in summaries:
        print(summary.line(), file=sys.stderr)
    return EXIT_OK


def _watch(args: argparse.Namespace, debug: bool) -> int:
    """Render now and after every save; an error is reported and waits for the next save."""
    from watchfiles import watch

    from .pipeline import render_video
    from .progress import Progress

    settings = _settings(args)
    script = args.script.resolve()
    if not script.is_file():
        fail(f"{args.script}: no such file — check the path", EXIT_USAGE)
    previous: dict[int, str] = {}

    def once() -> None:
        try:
            summary = render_video(script, args.output, settings, Progress(), force=args.force)
        except ScriptreelError as exc:
            if debug:
                raise
            sys.stderr.write(f"error: {exc.one_line()}\n")
            return
        changed = [
            s
            for s in summary.segments
            if previous and previous.get(s.index) != s.narration + s.title
        ]
        for segment in changed:
            sys.stderr.write(f"changed: segment {segment.index} {segment.title!r}\n")
        previous.clear()
        previous.update({s.index: s.narration + s.title for s in summary.segments})
        sys.stderr.write(summary.line() + "\n")

    once()
    sys.stderr.write(f"watching {args.script} (Ctrl-C to stop)\n")
    sys.stderr.flush()
    try:
        for _ in watch(
            script.parent,
            watch_filter=lambda _change, path: Path(path) == script,
            debounce=300,
            rust_timeout=0,
        ):
            once()
    except KeyboardInterrupt:
        pass
    sys.stderr.write("stopped watching\n")
    return EXIT_OK


def _cache(args: argparse.Namespace) -> int:
    from .cache import Cache, default_root

    cache = Cache(default_root())
    if args.action == "clean":
        freed = cache.clean()
        print(f"cleaned {cache.root}: freed {freed / 1e6:.1f} MB")
        return EXIT_OK
    stats = cache.stats()
    print(f"location: {cache.root}")
    for kind, (count, size) in stats.items():
        print(f"  {kind:<10} {count:>6} entries  {size / 1e6:8.1f} MB")
    total = sum(size for _, size in stats.values())
    print(f"total: {sum(c for c, _ in stats.values())} entries, {total / 1e6:.1f} MB")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
