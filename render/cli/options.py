"""The command line's grammar: each command's options, their checks and their help."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from scriptreel.media.voice import voice_help
from scriptreel.media.word_captions import CaptionStyle
from scriptreel.script import parse_fps, parse_pause, parse_size, parse_speed

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def fail(message: str, code: int) -> NoReturn:
    """The one way out on failure: one line on stderr, then exit."""
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is our one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        message = message.removeprefix("argument ")
        fail(message if " — " in message else f"{message} — see '{self.prog} --help'", EXIT_USAGE)


def checked(parse):
    """An argparse type from one of the script layer's value parsers, keeping its message."""

    def convert(text: str):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = parse.__name__.removeprefix("parse_")
    return convert


size_type, fps_type, speed_type, pause_type = map(
    checked, (parse_size, parse_fps, parse_speed, parse_pause)
)


def counted(name: str, low: int, high: int):
    """An argparse type for a whole number from low to high."""

    def convert(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(
                f"{name} {text!r} is out of range — use {low} to {high}"
            )
        return int(text)

    convert.__name__ = name
    return convert


def add_script_options(command: argparse.ArgumentParser, lists: bool = False) -> None:
    """The script, where the video goes and its frame: shared by render and watch (render takes
    comma-separated lists of sizes, themes and voices: one video each)."""
    from scriptreel.render.batch.variants import parse_size_list, parse_variant_list

    many = checked(parse_variant_list) if lists else None
    each = ", or several separated by commas: one video each" if lists else ""
    add = command.add_argument
    add(
        "script",
        type=Path,
        metavar="SCRIPT",
        help="the script: Markdown (.md), plain text (.txt) or subtitles (.srt, .vtt)",
    )
    add(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.mp4",
        help="output video (default: SCRIPT with .mp4)",
    )
    _add_frame_and_voice(add, checked(parse_size_list) if lists else size_type, many, each)
    add(
        "--theme",
        type=many,
        metavar="NAME",
        help="card theme: midnight (default), paper, citrus, forest, or a .toml file" + each,
    )
    add(
        "--font",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a font to try for characters the theme's fonts lack (repeatable)",
    )
    add_outside_option(command)
    add_look_options(command)


def _add_frame_and_voice(add, size, many, each: str) -> None:
    """--size, --fps, --voice, --speed and --pause (size, voice: one or several)."""
    add(
        "--size",
        type=size,
        metavar="WxH",
        help="frame size, even numbers, or 1080p, 720p, vertical, square (default 1920x1080)"
        + each,
    )
    add("--fps", type=fps_type, metavar="N", help="frames per second, 1 to 120 (default 30)")
    add(
        "--voice",
        type=many,
        action="extend" if many else "append",
        metavar="SPEC",
        help=voice_help() + each,
    )
    add("--speed", type=speed_type, metavar="X", help="speaking rate, 0.5 to 2.0 (default 1.0)")
    add(
        "--pause",
        type=pause_type,
        metavar="SEC",
        help="silence between sentences, 0 to 10 s (default 0.15)",
    )


def add_outside_option(command: argparse.ArgumentParser) -> None:
    """--allow-outside: the one way to let a script name files outside its folder."""
    command.add_argument(
        "--allow-outside",
        action="store_true",
        help="let the script use pictures, clips, music and themes outside its folder (only "
        "for scripts you trust)",
    )


def add_look_options(command: argparse.ArgumentParser) -> None:
    """Captions, call-outs, motion and the output files."""
    add = command.add_argument
    _add_caption_options(add)
    add(
        "--callouts",
        dest="callouts",
        action="store_const",
        const="on",
        help="show **bold** phrases large on screen as they are spoken (in place of those found "
        "automatically)",
    )
    add(
        "--no-callouts",
        dest="callouts",
        action="store_const",
        const="off",
        help="no call-outs (by default a segment with no picture, clip, list or quote gets its "
        "key facts and phrases as call-outs)",
    )
    add(
        "--motion",
        action="store_true",
        help="fades between segments and slow push-ins on pictures (slower to render)",
    )
    add(
        "--draft",
        action="store_true",
        help="quick low-resolution, low-frame-rate render for checking timing",
    )
    add(
        "--force",
        action="store_true",
        help="replace output files (.mp4 and the files beside it) that scriptreel did not write",
    )


def _add_caption_options(add) -> None:
    """--captions, --caption-style and --karaoke-vtt."""
    add(
        "--captions",
        choices=["files", "burn"],
        default=None,
        help="files: .srt and .vtt beside the video; burn: also draw them into the picture "
        "(default: the script's captions: setting, else files)",
    )
    add(
        "--caption-style",
        choices=[style.value for style in CaptionStyle],
        default=None,
        help="burned captions: lines (default), or words: a few words at a time with the "
        "spoken one highlighted, for vertical video watched muted (words burns the captions "
        "unless --captions files)",
    )
    add(
        "--karaoke-vtt",
        action="store_true",
        help="put each word's start time into the .vtt (WebVTT timestamp tags) for players that "
        "light up words as they are spoken",
    )


def settings_from(args: argparse.Namespace, **extra):
    """RenderSettings from the parsed options of render or watch."""
    from scriptreel.render.cast_voices import split_overrides
    from scriptreel.render.settings import RenderSettings

    voices, named = split_overrides(args.voice or [])  # repeated --voice: the last one's
    extra.setdefault("cast_voices", named)
    return RenderSettings(
        size=args.size,
        fps=args.fps,
        voice=voices[-1] if voices else None,
        speed=args.speed,
        pause=args.pause,
        burn_captions=None if args.captions is None else args.captions == "burn",
        theme=args.theme,
        fonts=tuple(args.font),
        motion=args.motion,
        draft=args.draft,
        caption_style=CaptionStyle(args.caption_style) if args.caption_style else None,
        karaoke=args.karaoke_vtt,
        callouts=args.callouts,
        export=getattr(args, "export", None) or (),
        allow_outside=args.allow_outside,
        **extra,
    )
