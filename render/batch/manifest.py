"""Batch inputs: scripts from files, folders and globs, and manifests that list them (TOML)."""

from __future__ import annotations

import glob
import re
import string
from dataclasses import dataclass
from pathlib import Path, PurePath

from scriptreel.render.batch.variants import Variant, variants_from_data
from scriptreel.render.errors import UsageError
from scriptreel.script import ScriptError, input_formats
from scriptreel.script.toml_files import read_toml

MANIFEST_KEYS = ("scripts", "variants", "output", "name")
NAME_FIELDS = ("stem", "variant", "size", "theme", "voice")
"""Placeholders of a name pattern."""


@dataclass(frozen=True)
class Source:
    """Scripts that share where and how their videos are written."""

    scripts: tuple[Path, ...]
    variants: tuple[Variant, ...] | None = None
    """From a manifest; None leaves them to the command line and each script's front matter."""
    output: Path | None = None
    """Folder for the videos; None puts each beside its script."""
    name: str | None = None
    """File-name pattern such as `{stem}-{variant}.mp4`."""


def is_manifest(path: Path) -> bool:
    return path.suffix.lower() == ".toml"


def find_scripts(entries: list[str], base: Path, where: str = "", line: int | None = None):
    """Scripts named by files, folders (their scripts, not their subfolders') and globs.

    In folders and globs, a video's own captions and chapter list (`talk.srt`, `talk.vtt`,
    `talk.chapters.txt` beside `talk.mp4`) are not scripts, so a batch can be run again.
    """
    found: dict[Path, None] = {}
    for entry in entries:
        path = base / entry
        if glob.has_magic(entry):
            matches = [Path(p) for p in sorted(glob.glob(str(path), recursive=True))]
            picked = [p for p in matches if _is_script(p)]
        elif path.is_dir():
            picked = [p for p in sorted(path.iterdir()) if _is_script(p)]
        elif path.is_file():
            picked = [path]
        else:
            raise _input_error(entry, where, line, "no such file or folder", "check the path")
        if not picked:
            raise _input_error(
                entry, where, line, "holds no scripts", "scripts end in " + ", ".join(_suffixes())
            )
        found.update(dict.fromkeys(picked))
    return tuple(found)


def _is_script(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or not path.is_file() or path.suffix.lower() not in _suffixes():
        return False
    if name.lower().endswith(".chapters.txt"):
        return not path.with_name(name[: -len(".chapters.txt")] + ".mp4").exists()
    if path.suffix.lower() in (".srt", ".vtt"):
        return not path.with_suffix(".mp4").exists()
    return True


def _input_error(entry: str, where: str, line: int | None, problem: str, fix: str):
    if where:
        return ScriptError(where, line, f"{entry}: {problem}", fix)
    return UsageError(entry, problem, fix)


def load_manifest(path: Path, allow_outside: bool = False) -> Source:
    """A manifest's scripts (relative to it), variants, output folder and name pattern.

    Its scripts and output folder must be inside the manifest's folder (a manifest from
    elsewhere must not read or write anywhere) unless `allow_outside` (--allow-outside).
    """
    data, lines = _read_toml(path)

    def line_of(key: str) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), None)

    for key in data:
        if key not in MANIFEST_KEYS:
            raise ScriptError(
                path, line_of(key), f"unknown key {key!r}", "use " + ", ".join(MANIFEST_KEYS)
            )
    scripts = data.get("scripts")
    if isinstance(scripts, str):
        scripts = [scripts]
    if not scripts or not all(isinstance(s, str) for s in scripts):
        raise ScriptError(
            path,
            line_of("scripts"),
            "scripts must be a list of files, folders or globs",
            'write scripts = ["talks/*.md"]',
        )
    base = path.parent
    found = find_scripts(scripts, base, str(path), line_of("scripts"))
    if not allow_outside:
        for script in found:
            _inside(base, script, path, line_of("scripts"))
    variants = None
    if "variants" in data:
        variants = tuple(variants_from_data(data["variants"], path, line_of("variants"), base))
    output = data.get("output")
    if output is not None and not isinstance(output, str):
        raise ScriptError(path, line_of("output"), "output must be a folder name", 'e.g. "videos"')
    if output is not None and not allow_outside:
        _inside(base, base / output, path, line_of("output"))
    name = data.get("name")
    if name is not None:
        check_name(name, str(path), line_of("name"))
    return Source(found, variants, base / output if output else None, name)


def _inside(base: Path, target: Path, manifest: Path, line: int | None) -> None:
    where = target.resolve()
    if not where.is_relative_to(base.resolve()):
        raise ScriptError(
            manifest,
            line,
            f"{where} is outside the manifest's folder",
            "move it into that folder, or pass --allow-outside to use it from there",
        )


def _read_toml(path: Path) -> tuple[dict, list[str]]:
    return read_toml(path, "manifest", "check the path", "fix the syntax: scriptreel guide batch")


def check_name(name: object, where: str, line: int | None = None) -> str:
    """A name pattern: text with {stem}, {variant}, {size}, {theme}, {voice}, ending in .mp4."""
    fix = "write it like {stem}-{variant}.mp4, with " + ", ".join(f"{{{f}}}" for f in NAME_FIELDS)
    if not isinstance(name, str) or not name.lower().endswith(".mp4"):
        raise _name_error(where, line, f"name pattern {name!r} does not end in .mp4", fix)
    try:
        parsed = [
            (f, spec, conv) for _, f, spec, conv in string.Formatter().parse(name) if f is not None
        ]
    except ValueError as exc:
        raise _name_error(where, line, f"name pattern {name!r}: {exc}", fix) from None
    for field, spec, conversion in parsed:
        if field not in NAME_FIELDS:
            raise _name_error(where, line, f"name pattern has an unknown field {{{field}}}", fix)
        # A format spec can ask for a field padded to any width ({stem:>1500000000}).
        if spec or conversion:
            extra = f"!{conversion}" if conversion else f":{spec}"
            problem = f"name pattern field {{{field}{extra}}} has a format of its own"
            raise _name_error(where, line, problem, f"write it as {{{field}}}")
    parts = PurePath(name.replace("\\", "/")).parts
    if PurePath(name).is_absolute() or name.startswith(("/", "\\")) or ".." in parts:
        problem = f"name pattern {name!r} leads out of the output folder"
        raise _name_error(where, line, problem, "give a name inside it, e.g. {stem}.mp4")
    return name


def _name_error(where: str, line: int | None, problem: str, fix: str):
    return ScriptError(where, line, problem, fix) if line else UsageError(where, problem, fix)


def named_output(pattern: str, script: Path, variant: Variant) -> str:
    """The file name a pattern gives; separators left around an empty {variant} are dropped."""
    size, theme, voice = variant.labels
    name = pattern.format(
        stem=script.stem, variant=variant.label, size=size, theme=theme, voice=voice
    )
    name = re.sub(r"([-_ ])[-_ ]+", r"\1", name)
    return re.sub(r"[-_ ]+(?=\.mp4$)", "", name, flags=re.IGNORECASE).lstrip("-_ ")


def _suffixes() -> tuple[str, ...]:
    """File name endings of every registered input format."""
    return tuple(suffix for fmt in input_formats() for suffix in fmt.suffixes)
