"""The `scriptreel batch` command: many scripts and their variants, in parallel, one report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render.batch.executors import ExecutorKind, Job, JobResult, run_jobs, worker_count
from scriptreel.render.batch.manifest import (
    Source,
    check_name,
    find_scripts,
    is_manifest,
    load_manifest,
    named_output,
)
from scriptreel.render.batch.ray_executor import parse_ray_address
from scriptreel.render.batch.targets import refuse_clashes, refuse_files_as_folders
from scriptreel.render.batch.variants import (
    expand_variants,
    parse_size_list,
    parse_variant_list,
    plain_output,
)
from scriptreel.render.batch.variants import variant_output as suffixed
from scriptreel.render.cli.options import EXIT_FAILED, EXIT_OK, add_look_options, checked
from scriptreel.render.editors import formats_type
from scriptreel.script import ScriptreelError, load_script, parse_fps, parse_pause, parse_speed


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"workers {text!r} is out of range — use 1 to 256")
    return int(text)


def add_parser(commands) -> None:
    """Add `batch` and its options to the CLI's subcommands."""
    batch = commands.add_parser(
        "batch",
        help="render many scripts, and variants of each, in parallel",
        description="Render every script named by INPUT (files, folders, globs, or a .toml "
        "manifest), once per variant, in worker processes or on a Ray cluster. A failed "
        "video is reported and the others go on.",
    )
    batch.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="scripts (.md, .txt, .srt, .vtt), folders of them, globs, or a manifest (.toml)",
    )
    batch.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        metavar="FOLDER",
        help="folder for the videos (default: beside each script)",
    )
    batch.add_argument(
        "--name",
        metavar="PATTERN",
        help="file names, e.g. {stem}-{variant}.mp4 (scriptreel guide batch)",
    )
    _add_variant_options(batch)
    _add_render_options(batch)
    _add_executor_options(batch)
    batch.add_argument("--json", action="store_true", help="one JSON line per video on stdout")
    batch.add_argument("-q", "--quiet", action="store_true", help="only errors and the summary")
    batch.add_argument("--debug", action="store_true", help="show the full traceback on errors")


def _add_variant_options(batch: argparse.ArgumentParser) -> None:
    """--size, --theme and --voice: lists, one video each."""
    batch.add_argument(
        "--size",
        type=checked(parse_size_list),
        default=[],
        metavar="LIST",
        help="one or more frame sizes, e.g. 1080p,vertical,square (one video each)",
    )
    batch.add_argument(
        "--theme",
        type=checked(parse_variant_list),
        default=[],
        metavar="LIST",
        help="one or more card themes, e.g. midnight,paper (one video each)",
    )
    batch.add_argument(
        "--voice",
        type=checked(parse_variant_list),
        default=[],
        metavar="LIST",
        help="one or more voice specs, e.g. piper,gtts (one video each)",
    )


def _add_executor_options(batch: argparse.ArgumentParser) -> None:
    """Where the videos are rendered: --workers, --executor and --ray-address."""
    batch.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="videos rendered at once (default: cores, at most one per 600 MB of free memory)",
    )
    batch.add_argument(
        "--executor",
        choices=[kind.value for kind in ExecutorKind],
        default=ExecutorKind.LOCAL.value,
        help="local worker processes (default) or a Ray cluster (pip install 'scriptreel[ray]')",
    )
    batch.add_argument(
        "--ray-address",
        type=checked(parse_ray_address),
        metavar="ADDR",
        help="Ray cluster to join (default: RAY_ADDRESS, else a Ray instance started here)",
    )


def _add_render_options(batch: argparse.ArgumentParser) -> None:
    """The options `render` has that apply to every video of the batch alike."""
    batch.add_argument("--fps", type=checked(parse_fps), metavar="N", help="frames per second")
    batch.add_argument("--speed", type=checked(parse_speed), metavar="X", help="speaking rate")
    batch.add_argument(
        "--pause", type=checked(parse_pause), metavar="SEC", help="silence between sentences"
    )
    batch.add_argument(
        "--font", type=Path, action="append", default=[], metavar="FILE", help="as for render"
    )
    # The same names and help as render's: one grammar for both commands.
    add_look_options(batch)
    batch.add_argument("--no-cache", action="store_true", help="as for render")
    batch.add_argument("--export", type=formats_type, metavar="FORMATS", help="as for render")
    batch.add_argument(
        "--allow-outside",
        action="store_true",
        help="let scripts use files outside their folders, and a manifest name scripts and an "
        "output folder outside its own (only for files you trust)",
    )


def run(args: argparse.Namespace, **settings) -> int:
    """Plan every job, run them, report each as it finishes; 1 if any failed.

    `settings` are further RenderSettings fields for every job (from Python, e.g. a Voice).
    """
    from scriptreel.render.pipeline import RenderSettings

    started = time.monotonic()
    base = RenderSettings(
        fps=args.fps,
        speed=args.speed,
        pause=args.pause,
        burn_captions=None if args.captions is None else args.captions == "burn",
        caption_style=CaptionStyle(args.caption_style) if args.caption_style else None,
        fonts=tuple(args.font),
        motion=args.motion,
        draft=args.draft,
        karaoke=args.karaoke_vtt,
        callouts=args.callouts,
        use_cache=not args.no_cache,
        export=args.export or (),
        allow_outside=args.allow_outside,
        **settings,
    )
    if args.name is not None:
        check_name(args.name, "--name")
    report = Report(args.quiet, args.json, args.debug)
    jobs, failures = plan(_sources(args), base, args)
    report.total = len(jobs) + len(failures)
    for failure in failures:
        report.done(failure)
    kind = ExecutorKind(args.executor)
    workers = args.workers if kind is ExecutorKind.RAY else worker_count(args.workers, len(jobs))
    scripts = len({job.script for job in jobs})
    count = workers or "one per CPU of the cluster"
    report.say(f"batch: {len(jobs)} videos of {scripts} scripts, {kind.value} workers: {count}")
    if jobs:
        run_jobs(jobs, workers, report.done, report.started, kind, args.ray_address)
    return report.finish(time.monotonic() - started)


def _sources(args: argparse.Namespace) -> list[Source]:
    manifests = [Path(i) for i in args.inputs if is_manifest(Path(i))]
    plain = [i for i in args.inputs if not is_manifest(Path(i))]
    sources = [load_manifest(path, args.allow_outside) for path in manifests]
    if plain:
        sources.append(Source(find_scripts(plain, Path())))
    return sources


def plan(sources: list[Source], base, args) -> tuple[list[Job], list[JobResult]]:
    """One job per script and variant; a script that cannot be read fails here, alone."""
    jobs: list[Job] = []
    failures: list[JobResult] = []
    for source in sources:
        folder = args.output_dir or source.output
        name = args.name or source.name
        for script_path in source.scripts:
            try:
                script = load_script(script_path, base.allow_outside)
                variants = expand_variants(
                    base, args.size, args.theme, args.voice, script, source.variants
                )
            except ScriptreelError as exc:
                failed = Job(script_path, plain_output(script_path), base)
                failures.append(JobResult(failed, error=exc.one_line(), exit_code=exc.exit_code))
                continue
            for variant in variants:
                output = _output(script_path, variant, folder, name)
                settings = variant.settings(base)
                force = getattr(args, "force", False)
                jobs.append(Job(script_path, output, settings, variant.describe(), force))
    refuse_clashes(jobs)
    refuse_files_as_folders(jobs)
    return jobs, failures


def _output(script: Path, variant, folder: Path | None, name: str | None) -> Path:
    if name:
        return (folder or script.parent) / named_output(name, script, variant)
    plain = plain_output(script)
    return suffixed(folder / plain.name if folder else plain, variant)


class Report:
    """Progress per video and overall on stderr; JSON lines on stdout with --json."""

    def __init__(self, quiet: bool, as_json: bool, debug: bool):
        self.quiet, self.as_json, self.debug = quiet, as_json, debug
        self.total = 0
        self.finished: list[JobResult] = []
        self.failed: list[JobResult] = []

    def say(self, text: str) -> None:
        if not self.quiet:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()

    def started(self, job: Job) -> None:
        self.say(f"started: {job.script} {job.variant} -> {job.output}".replace("  ", " "))

    def done(self, result: JobResult) -> None:
        self.finished.append(result)
        count = f"[{len(self.finished)}/{self.total or '?'}]"
        if result.ok:
            self.say(f"{count} {result.summary.line().splitlines()[0]}")
        else:
            self.failed.append(result)
            sys.stderr.write(f"{count} failed: error: {result.error}\n")
            if self.debug and result.trace:
                sys.stderr.write(result.trace)
        if self.as_json:
            print(json.dumps(_json_line(result)), flush=True)

    def finish(self, seconds: float) -> int:
        ok = [r for r in self.finished if r.ok]
        fresh = sum(r.summary.up_to_date for r in ok)
        line = f"batch: {len(ok)} of {len(self.finished)} videos done ({fresh} up to date)"
        sys.stderr.write(f"{line} in {seconds:.1f}s\n")
        if not self.failed:
            return EXIT_OK
        sys.stderr.write(f"{len(self.failed)} failed:\n")
        for result in self.failed:
            sys.stderr.write(f"  error: {result.error}\n")
        return EXIT_FAILED


def _json_line(result: JobResult) -> dict:
    job, summary = result.job, result.summary
    return {
        "script": str(job.script),
        "variant": job.variant,
        "output": str(job.output),
        "seconds": round(summary.seconds, 3) if summary else None,
        "rebuilt": [s.index for s in summary.segments if s.rebuilt] if summary else [],
        "up_to_date": summary.up_to_date if summary else False,
        "error": result.error,
    }
