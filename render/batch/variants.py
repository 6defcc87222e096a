"""Variants of one script (sizes x themes x voices), their file names, and rendering them all.

Naming: with one variant the video keeps its plain name (`talk.mp4`). With several, each name
gets a suffix made of the dimensions that differ between the variants, in the order size,
theme, voice, joined by `-`:

- size: a preset's name for a preset's size, however it was written (`1080p` for 1920x1080,
  `720p`, `vertical`, `square`), every other size as `WxH`, so `--size 1080p,vertical,square,
  640x360` writes `talk-1080p.mp4`, `talk-vertical.mp4`, `talk-square.mp4` and `talk-640x360.mp4`;
- theme: the built-in name, or a theme file's name without `.toml` (`talk-1080p-paper.mp4`);
- voice: the spec with every run of characters other than letters, digits, `_` and `.` turned
  into `-`, and a Piper model path shortened to its file name (`piper:/v/en_GB-alan.onnx`
  becomes `piper-en_GB-alan`, `gtts:en:co.uk` becomes `gtts-en-co.uk`).

A dimension a variant leaves open takes the command line's value, else the script's front
matter, else the default (1080p, midnight, piper), and is named after that value.
Command-line lists win over a `variants:` list in the front matter: each listed variant is
crossed with the command-line lists, whose values replace the listed ones.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from scriptreel.render.batch.labels import DEFAULT_THEME, theme_label, voice_label
from scriptreel.render.progress import Progress
from scriptreel.render.settings import DEFAULT_VOICE
from scriptreel.script import ScriptError, ScriptreelError, parse_size
from scriptreel.script.values import SIZE_PRESETS, BadValue

NAMED_SHAPES = tuple(SIZE_PRESETS)
"""Sizes named by their preset in file names (the names --size accepts); others are WxH."""
DEFAULT_SIZE_LABEL = "1080p"
VARIANT_KEYS = ("size", "theme", "voice")


@dataclass(frozen=True)
class Variant:
    """One combination to render; None leaves the value to the settings and the front matter."""

    size: tuple[int, int] | None = None
    """Frame size."""
    theme: object | None = None
    """Theme name, theme file path, or a Theme."""
    voice: object | None = None
    """Voice spec, or a loaded Voice."""
    label: str = ""
    """File-name suffix: the dimensions that differ between the variants; empty for one."""
    labels: tuple[str, str, str] = ("", "", "")
    """Size, theme and voice as named in file names, with open values resolved."""

    def settings(self, base):
        """`base` (RenderSettings) with this variant's values in place of its own."""
        return replace(
            base,
            size=self.size or base.size,
            theme=self.theme or base.theme,
            voice=self.voice or base.voice,
        )

    def describe(self) -> str:
        return self.label or "-".join(self.labels)


class VariantError(ScriptreelError):
    """A failure already reported as one line (from a worker process), kept with its exit code."""

    def __init__(self, line: str, exit_code: int):
        self.line = line
        self.exit_code = exit_code
        super().__init__(line, "", "")

    def one_line(self) -> str:
        return self.line


def parse_variant_list(text: str) -> list[str]:
    """`a,b,c` as ['a', 'b', 'c']; ValueError on an empty item."""
    items = [item.strip() for item in str(text).split(",")]
    if not all(items):
        raise ValueError(f"{text!r} has an empty item — separate values with single commas")
    return items


def parse_size_list(text: str) -> list[tuple[int, int]]:
    """`1080p,vertical,640x360` as sizes; ValueError with parse_size's message on a bad one."""
    return [parse_size(item) for item in parse_variant_list(text)]


def size_label(size: tuple[int, int]) -> str:
    for name in NAMED_SHAPES:
        if tuple(size) == SIZE_PRESETS[name]:
            return name
    return f"{size[0]}x{size[1]}"


def variants_from_data(items: Sequence, where: Path, line: int | None, base_dir: Path) -> list:
    """Variants from data (front matter or a manifest): a list of mappings of size/theme/voice.

    Theme files are resolved against `base_dir` (the script's or the manifest's folder).
    """
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise ScriptError(where, line, "variants must be a list", "write variants as a list")
    variants = []
    for item in items:
        if not isinstance(item, Mapping) or not item:
            raise ScriptError(
                where,
                line,
                f"variant {item!r} is not a mapping of size, theme and voice",
                'write each variant like {size = "vertical", theme = "paper"}',
            )
        unknown = sorted(set(item) - set(VARIANT_KEYS))
        if unknown:
            raise ScriptError(
                where,
                line,
                f"unknown variant key {unknown[0]!r}",
                f"a variant sets only {', '.join(VARIANT_KEYS)}",
            )
        size = item.get("size")
        if size is not None and not isinstance(size, tuple):
            # Front matter gives sizes already parsed (width, height); a manifest as written.
            try:
                size = parse_size(str(size))
            except BadValue as exc:
                raise ScriptError(where, line, exc.problem, exc.fix) from None
        theme = item.get("theme")
        if isinstance(theme, str) and theme.lower().endswith(".toml"):
            theme = str(base_dir / theme)
        voice = item.get("voice")
        variants.append(Variant(size=size, theme=theme and str(theme), voice=voice and str(voice)))
    return variants


def expand_variants(
    base,
    sizes: Iterable = (),
    themes: Iterable = (),
    voices: Iterable = (),
    script=None,
    listed: Sequence[Variant] | None = None,
) -> list[Variant]:
    """Every combination to render, without repeats, each with its file-name label.

    `base` is the RenderSettings every variant starts from; `script` (a parsed Script) gives the
    front matter's defaults and its `variants:` list when the script layer provides one;
    `listed` (from a manifest) replaces that list.
    """
    front = getattr(script, "settings", None)
    if listed is None:
        listed = _front_matter_variants(script)
    sizes, themes, voices = list(sizes), list(themes), list(voices)
    combos = itertools.product(sizes or [None], themes or [None], voices or [None])
    crossing = [Variant(size=s, theme=t, voice=v) for s, t, v in combos]
    found: dict[tuple[str, str, str], Variant] = {}
    for listed_variant in listed or [Variant()]:
        for given in crossing:
            variant = Variant(
                size=given.size or listed_variant.size,
                theme=given.theme or listed_variant.theme,
                voice=given.voice or listed_variant.voice,
            )
            labels = _labels(variant, base, front)
            found.setdefault(labels, replace(variant, labels=labels))
    variants = list(found.values())
    differ = [len({v.labels[i] for v in variants}) > 1 for i in range(3)]
    return [
        replace(v, label="-".join(part for part, d in zip(v.labels, differ) if d)) for v in variants
    ]


def _front_matter_variants(script) -> list[Variant]:
    items = getattr(getattr(script, "settings", None), "variants", None) or ()
    if items and all(isinstance(item, Variant) for item in items):
        return list(items)
    if not items:
        return []
    return variants_from_data(items, script.path, None, script.path.parent)


def _labels(variant: Variant, base, front) -> tuple[str, str, str]:
    size = variant.size or base.size or getattr(front, "size", None)
    theme = variant.theme or base.theme or getattr(front, "theme", None)
    voice = variant.voice or base.voice or getattr(front, "voice", None)
    return (
        size_label(size) if size else DEFAULT_SIZE_LABEL,
        theme_label(theme) if theme else DEFAULT_THEME,
        voice_label(voice) if voice else DEFAULT_VOICE,
    )


def plain_output(script_path: Path, output: Path | None = None) -> Path:
    """Where `render` puts the video of one script: OUTPUT, else beside the script."""
    if output is not None:
        return Path(output)
    script_path = Path(script_path)
    # A subtitle script must not be replaced by the captions written beside the video.
    clash = script_path.suffix.lower() in (".srt", ".vtt")
    return script_path.with_name(script_path.stem + ("-video" if clash else "") + ".mp4")


def variant_output(output: Path, variant: Variant) -> Path:
    """`talk.mp4` for a lone variant, else `talk-LABEL.mp4`."""
    output = Path(output)
    if not variant.label:
        return output
    return output.with_name(f"{output.stem}-{variant.label}{output.suffix}")


def render_variants(
    script_path: Path | str,
    output: Path | str | None,
    base,
    variants: Sequence[Variant],
    progress: Progress | None = None,
    workers: int | None = None,
    force: bool = False,
    script=None,
) -> list:
    """Render every variant of one script; returns their RenderSummary in the given order.

    One variant renders in this process. Several run in worker processes, the first of each
    voice alone before the rest of its voice, so its narration is synthesised once and cached
    for the others. Raises the first failure after every variant has finished. `script` is
    the script already loaded from `script_path`, if the caller has it.
    """
    from scriptreel.render.batch.executors import Job
    from scriptreel.render.pipeline import render_video

    progress = progress or Progress(quiet=True)
    base_output = plain_output(Path(script_path), Path(output) if output else None)
    if len(variants) <= 1:
        variant = variants[0] if variants else Variant()
        settings = variant.settings(base)
        return [
            render_video(script_path, base_output, settings, progress, force=force, script=script)
        ]
    jobs = [
        Job(
            Path(script_path),
            variant_output(base_output, v),
            v.settings(base),
            v.describe(),
            force,
        )
        for v in variants
    ]
    return _run_in_workers(jobs, workers, progress)


def _run_in_workers(jobs: list, workers: int | None, progress: Progress) -> list:
    """Run the variants' jobs in worker processes; their summaries in the jobs' order, or the
    first failure once all have finished."""
    from scriptreel.render.batch.executors import run_jobs, worker_count

    count = worker_count(workers, len(jobs))
    results = {}

    def finished(result) -> None:
        results[result.job.output] = result
        state = result.error or result.summary.line().splitlines()[0]
        progress.stage(f"[{len(results)}/{len(jobs)}] {result.job.variant}: {state}")

    progress.stage(f"rendering {len(jobs)} variants with {count} workers")
    run_jobs(jobs, count, on_done=finished)
    failed = [results[job.output] for job in jobs if results[job.output].error]
    if failed:
        raise VariantError(failed[0].error, failed[0].exit_code)
    return [results[job.output].summary for job in jobs]
