"""Writing an export: the media folder and the timeline files, under the output-record rules.

A file the user made is never replaced: a timeline file or a media file at a name the export
needs is written only if the record says scriptreel wrote it there (or with --force). Media
files are named by what they hold, so one still in the folder as written is kept untouched;
media an earlier export wrote and this one no longer needs are removed, if unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..cache import Kind
from ..errors import UsageError
from ..output import Identity, OutputRecord, check_not_foreign, write_file
from . import EditorFormat, media_folder
from .collect import Maker
from .plan import EditPlan


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    timelines: dict[str, Path]
    """Each format's file, by format name."""
    media: Path
    """The media folder."""
    written: tuple[str, ...]
    """Media files written now (the rest were already there as written)."""


def editor_record(root: Path, video: Path) -> OutputRecord:
    """The record of what the exports beside this video wrote."""
    name = hashlib.sha256(f"{video.resolve()}#editors".encode()).hexdigest()
    return OutputRecord(root / Kind.OUTPUTS.value / f"{name}.json")


def check_targets(
    record: OutputRecord, video: Path, formats: Sequence[EditorFormat], force: bool
) -> None:
    """Refuse, before any work, an export that would replace a user's timeline file or whose
    media folder is a file."""
    if not formats:
        return
    folder = media_folder(video)
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            str(folder), "is a file, not a folder", "move it away or choose another -o"
        )
    check_not_foreign(record, [each.path(video) for each in formats], force)


def publish(
    plan: EditPlan,
    makers: dict[str, Maker],
    formats: Sequence[EditorFormat],
    video: Path,
    record: OutputRecord,
    force: bool = False,
) -> Exported:
    """Write the media the plan needs, then each format's timeline file."""
    check_targets(record, video, formats, force)
    _, files = record.read()
    folder = media_folder(video)
    folder.mkdir(exist_ok=True)
    published: dict[Path, Identity] = {}
    written = []
    missing = {name: make for name, make in makers.items() if _ours(folder / name, files) is None}
    foreign = [folder / name for name in missing if (folder / name).exists()]
    if foreign and not force:
        _refuse(foreign[0])
    for name, make in missing.items():
        write_file(folder / name, make)
        written.append(name)
    for name in makers:
        published[folder / name] = Identity.of(folder / name)
    _remove_stale(files, published, folder)
    timelines = {}
    for each in formats:
        path = each.path(video)
        text = each.write(plan, video.parent)
        if _ours(path, files) is None or path.read_text(encoding="utf-8") != text:
            write_file(path, lambda temp, text=text: temp.write_text(text, encoding="utf-8"))
        published[path], timelines[each.name] = Identity.of(path), path
    kept = {Path(p): i for p, i in files.items() if Path(p) not in published}
    record.write("", {**_still_there(kept), **published})
    return Exported(timelines, folder, tuple(written))


def _ours(path: Path, files: dict[str, Identity]) -> Identity | None:
    """The file's identity if it is exactly the file an export wrote there, else None."""
    identity = Identity.of(path)
    return identity if identity is not None and files.get(str(path)) == identity else None


def _refuse(path: Path):
    raise UsageError(
        str(path),
        "the export would replace this file, which scriptreel did not write",
        "move it away, or pass --force to replace it",
    )


def _remove_stale(files: dict[str, Identity], needed: dict[Path, Identity], folder: Path) -> None:
    for name, identity in files.items():
        path = Path(name)
        if path.parent == folder and path not in needed and Identity.of(path) == identity:
            path.unlink(missing_ok=True)


def _still_there(files: dict[Path, Identity]) -> dict[Path, Identity]:
    """Recorded files of other exports (another set of formats) that are still as written."""
    return {p: i for p, i in files.items() if Identity.of(p) == i}
