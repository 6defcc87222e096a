"""What each built-in command does, once its options are parsed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from scriptreel.render.cli.options import EXIT_OK, EXIT_USAGE, fail, settings_from
from scriptreel.render.errors import UsageError
from scriptreel.script import ScriptreelError


def _import_name(source: Path) -> Path:
    """Where init writes the script: for subtitles NAME-script.md, so that rendering it writes
    NAME-script.srt beside the video and never replaces the hand-timed NAME.srt it came from."""
    if source.suffix.lower() in (".srt", ".vtt"):
        return source.with_name(source.stem + "-script.md")
    return source.with_suffix(".md")


def init(args: argparse.Namespace) -> int:
    from scriptreel.render.store.output import check_place, write_file
    from scriptreel.script import WORDS_PER_SECOND, import_transcript, to_markdown
    from scriptreel.script.plan import describe_plan

    if args.source.suffix.lower() not in (".txt", ".srt", ".vtt"):
        raise UsageError(
            str(args.source),
            "init imports .txt, .srt or .vtt transcripts",
            "give a transcript file; a .md script needs no import",
        )
    output = args.output or _import_name(args.source)
    # realpath, not resolve(): a symlink loop is then a path that cannot be read, reported as
    # such below, instead of a RuntimeError.
    if os.path.realpath(output) == os.path.realpath(args.source):
        raise UsageError(
            str(output), "the output path is the source itself", "choose another name with -o"
        )
    check_place(output)
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
        f"wrote {output}: {_count(len(script.numbered), 'segment')}, {words} words "
        f"(about {words / WORDS_PER_SECOND / 60:.1f} minutes); "
        f"edit the '##' titles, then: scriptreel render {output}\n"
    )
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    from scriptreel.render.cli.checks import Severity, check_script, theme_findings
    from scriptreel.render.cli.voice_checks import cast_findings
    from scriptreel.render.estimates import script_time
    from scriptreel.render.settings import RenderSettings, caption_problem, chosen_size
    from scriptreel.script import load_script

    script = load_script(args.script, args.allow_outside)
    theme, findings = theme_findings(script)
    size = chosen_size(args.size, script)
    findings += cast_findings(script, theme) + check_script(script, size, theme)
    for finding in findings:
        sys.stderr.write(finding.text() + "\n")
    captions = caption_problem(RenderSettings(), script)
    if captions:
        sys.stderr.write(f"warning: {captions}\n")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    notes = sum(f.severity is Severity.NOTE for f in findings)
    timing = script_time(script)
    minutes, seconds = divmod(round(timing.seconds), 60)
    about = "" if timing.basis().startswith("from") else "about "
    sys.stderr.write(
        f"{script.path}: {_count(len(script.numbered), 'segment')}, "
        f"{about}{minutes}:{seconds:02d} of video ({timing.basis()}); "
        f"{_count(errors, 'error')}, "
        f"{_count(len(findings) - errors - notes + bool(captions), 'warning')}\n"
    )
    return EXIT_USAGE if errors else EXIT_OK


def themes() -> int:
    from scriptreel.media.themes import BUILT_IN

    width = max(map(len, BUILT_IN))
    for name, theme in BUILT_IN.items():
        print(f"{name:<{width}}  {theme.description}")
    print("\nA theme file (.toml) starts from one of these: see `scriptreel guide themes`.")
    return EXIT_OK


def preview(args: argparse.Namespace) -> int:
    from scriptreel.render.cli.preview import write_preview

    output = args.output or args.script.with_suffix(
        ".storyboard.png" if args.card is None else f".card{args.card}.png"
    )
    if output.suffix.lower() != ".png":
        raise UsageError(
            str(output), "the preview must be a .png file", "name it like storyboard.png"
        )
    summary = write_preview(
        args.script,
        output,
        args.size,
        args.theme,
        tuple(args.font),
        args.card,
        args.allow_outside,
        args.force,
    )
    sys.stderr.write(summary + "\n")
    return EXIT_OK


def voices() -> int:
    from scriptreel.media.voice import describe_voices

    rows = describe_voices()
    width = max(len(spec) for spec, _, _ in rows)
    for spec, where, text in rows:
        print(f"{spec:<{width}}  {where:<7}  {text}")
    return EXIT_OK


def render(args: argparse.Namespace) -> int:
    from scriptreel.render.batch.variants import expand_variants, render_variants
    from scriptreel.render.cast_voices import split_overrides
    from scriptreel.render.progress import Progress
    from scriptreel.script import load_script

    sizes, themes, voices = args.size or [], args.theme or [], args.voice or []
    voices, cast_voices = split_overrides(voices)  # NAME=SPEC: one speaker's voice
    args.size = args.theme = args.voice = None
    settings = settings_from(
        args, jobs=args.jobs, use_cache=not args.no_cache, cast_voices=cast_voices
    )
    script = load_script(args.script, args.allow_outside)
    variants = expand_variants(settings, sizes, themes, voices, script)
    progress = Progress(quiet=args.quiet)
    summaries = render_variants(
        args.script, args.output, settings, variants, progress, force=args.force, script=script
    )
    if args.json:
        found = [summary.to_json(words=args.words) for summary in summaries]
        print(json.dumps(found[0] if len(found) == 1 else found, indent=2))
    if len(summaries) == 1:
        print(summaries[0].line(), file=sys.stderr)
    else:  # each variant's line was shown as it finished
        names = ", ".join(summary.output.name for summary in summaries)
        print(f"done: {len(summaries)} videos: {names}", file=sys.stderr)
    return EXIT_OK


def watch(args: argparse.Namespace, debug: bool) -> int:
    """Render now and after every save; an error is reported and waits for the next save."""
    from watchfiles import watch

    from scriptreel.render.pipeline import render_video
    from scriptreel.render.progress import Progress

    settings = settings_from(args)
    script = Path(os.path.realpath(args.script))
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


def cache(args: argparse.Namespace) -> int:
    from scriptreel.render.store.cache import Cache, default_root

    cache = Cache(default_root())
    if args.action == "clean":
        freed = cache.clean()
        print(f"cleaned {cache.root}: freed {freed / 1e6:.1f} MB")
        return EXIT_OK
    if args.action == "prune":
        return _prune(cache.root, args)
    if args.max_size is not None or args.older_than is not None:
        option = "--max-size" if args.max_size is not None else "--older-than"
        raise UsageError(
            option, "it applies to prune only", f"run `scriptreel cache prune {option} …`"
        )
    stats = cache.stats()
    print(f"location: {cache.root}")
    for kind, (count, size) in stats.items():
        print(
            f"  {kind:<10} {count:>6} {_noun(count, 'entry', 'entries'):<7}  {size / 1e6:8.1f} MB"
        )
    total = sum(size for _, size in stats.values())
    count = _count(sum(c for c, _ in stats.values()), "entry", "entries")
    print(f"total: {count}, {total / 1e6:.1f} MB (limit: {_limit()})")
    return EXIT_OK


def _prune(root, args: argparse.Namespace) -> int:
    from scriptreel.render.store.prune import KEPT_NOTE, limit_from_env, parse_bytes, prune

    if args.older_than is not None and not args.older_than >= 0:
        raise UsageError(
            "--older-than", f"{args.older_than:g} is not a number of days", "use 0 or more"
        )
    if args.max_size is not None:
        limit = parse_bytes(args.max_size)
    elif args.older_than is None:
        limit = limit_from_env()
    else:
        limit = None
    done = prune(root, limit, args.older_than)
    # Only what prune never removes can leave the cache over the limit: say so, not a mystery.
    over = limit is not None and done.size > limit and not done.busy
    asked = args.max_size or f"{(limit or 0) / 1024**3:g}G"
    print(
        f"pruned {root}: removed {_count(done.removed, 'entry', 'entries')} "
        f"({done.freed / 1e6:.1f} MB); {_count(done.kept, 'entry', 'entries')} kept, "
        f"{done.size / 1e6:.1f} MB" + (f", over the {asked} limit: {KEPT_NOTE}" if over else "")
    )
    return EXIT_OK


def _limit() -> str:
    from scriptreel.render.store.prune import MAX_ENV, limit_from_env

    try:
        limit = limit_from_env()
    except UsageError as exc:
        return f"{MAX_ENV} is not usable: {exc.problem}"
    return "none" if limit is None else f"{limit / 1024**3:g} GiB, pruned after each render"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {_noun(number, noun, plural)}"


def _noun(number: int, noun: str, plural: str | None = None) -> str:
    return noun if number == 1 else plural or noun + "s"
