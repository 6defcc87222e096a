"""Writing an export: the media folder and the timeline files, under the output-record rules.

A file the user made is never replaced: a timeline file or a media file at a name the export
needs is written only if the record beside it (render.ownership) lists it with its present
content, or with --force. The timelines' record sits beside the video
(`.talk.editors.scriptreel.json`), the media's inside their folder, so it moves with them.
Media files are named by what they hold, so one still in the folder as written is kept
untouched; media an earlier export wrote that this one no longer needs are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from scriptreel.render.editors import EditorFormat, media_folder, timelines_name
from scriptreel.render.editors.collect import Maker
from scriptreel.render.editors.plan import EditPlan
from scriptreel.render.errors import UsageError
from scriptreel.render.store.output import write_file
from scriptreel.render.store.ownership import (
    Content,
    OutputRecord,
    Recorded,
    State,
    check_not_foreign,
    refusal,
    stamp,
)


@dataclass(frozen=True)
class Exported:
    """What an export wrote."""

    timelines: dict[str, Path]
    """Each format's file, by format name."""
    media: Path
    """The media folder."""
    written: tuple[str, ...]
    """Media files written now (the rest were already there as written)."""
    timelines_written: tuple[Path, ...] = ()
    """Timeline files written now (the rest were already there, unchanged)."""


def records(video: Path) -> tuple[OutputRecord, OutputRecord]:
    """The record of the timeline files beside the video, and that of the media folder."""
    return (
        OutputRecord(timelines_name(video)),
        OutputRecord(media_folder(video) / "media"),
    )


def check_targets(video: Path, formats: Sequence[EditorFormat], force: bool) -> None:
    """Refuse, before any work, an export that would replace a user's timeline file or whose
    media folder is not a folder."""
    if not formats:
        return
    folder = media_folder(video)
    if os.path.lexists(folder) and not folder.is_dir():
        raise UsageError(
            str(folder),
            "is a file or a broken link, not a folder",
            "move it away or choose another -o",
        )
    timelines = tuple(each.path(video) for each in formats)
    for path in (*timelines, records(video)[0].path):
        if path.is_dir():
            raise UsageError(str(path), "is a folder", "move it away or choose another -o")
    check_not_foreign(records(video)[0], timelines, force)


def publish(
    plan: EditPlan,
    makers: dict[str, Maker],
    formats: Sequence[EditorFormat],
    video: Path,
    force: bool = False,
) -> Exported:
    """Write the media the plan needs, then each format's timeline file."""
    check_targets(video, formats, force)
    timelines, media = records(video)
    folder = media_folder(video)
    folder.mkdir(exist_ok=True)
    written = _write_media(makers, folder, media, force)
    rewritten = _write_set(plan, formats, video, timelines)
    paths = {each.name: each.path(video) for each in formats}
    return Exported(paths, folder, tuple(written), rewritten)


def _write_media(makers: dict[str, Maker], folder: Path, record: OutputRecord, force) -> list:
    recorded = record.read()
    states = {name: record.state(folder / name, recorded) for name in makers}
    foreign = [folder / name for name, state in states.items() if state is State.FOREIGN]
    if foreign and not force:
        raise refusal(foreign)
    written = [name for name in makers if states[name] is not State.OURS]
    # Decoding, comparing and encoding PNGs release the GIL: the media are made side by side.
    jobs = {}
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            jobs = {name: pool.submit(write_file, folder / name, makers[name]) for name in written}
    finally:  # the pool has waited for every job: take back what was written if one failed
        failed = [job.exception() for job in jobs.values() if job.exception() is not None]
        if failed or len(jobs) < len(written):
            _take_back(folder / name for name, job in jobs.items() if job.exception() is None)
    if failed:
        raise failed[0]
    for name in set(recorded.files) - set(makers):
        if record.state(folder / name, recorded) is State.OURS:
            (folder / name).unlink(missing_ok=True)
    _save(record, {}, {name: _content(folder / name, recorded) for name in makers})
    return written


def _write_set(plan: EditPlan, formats, video: Path, record: OutputRecord) -> tuple[Path, ...]:
    """Each format's file, written only when what it was made from changed (returned): the
    record's manifest keeps, per file, a digest of the plan and of the code that wrote it, so
    an unchanged export neither loads a format's library nor writes a byte. The record's other
    files (formats not asked for this time) stay listed while they are as written."""
    recorded = record.read()
    made = _made_from(recorded.manifest)
    rewritten = []
    for each in formats:
        path = each.path(video)
        made_now = plan_digest(plan, each.name, video.parent)
        ours = record.state(path, recorded) is State.OURS
        if not ours or made.get(path.name) != made_now:
            try:
                write_file(path, each.maker(plan, video.parent))
            except BaseException:
                _take_back(rewritten)
                raise
            rewritten.append(path)
        made[path.name] = made_now
    files = {each.path(video).name: _content(each.path(video), recorded) for each in formats}
    for name in set(recorded.files) - set(files):
        other = record.output.with_name(name)
        if record.state(other, recorded) is State.OURS:
            files[name] = _content(other, recorded)
    _save(record, {name: made[name] for name in files if name in made}, files)
    return tuple(rewritten)


def _take_back(paths) -> None:
    """A failed export removes what it wrote before failing: no file is left that its record
    does not list (the next export would take it for the user's). Only files this export
    wrote are passed here."""
    for path in paths:
        path.unlink(missing_ok=True)


def plan_digest(plan: EditPlan, name: str, folder: Path) -> str:
    """What a format's file is made from: the plan, the format, the folder (xges names its media
    by absolute path: a moved folder is written again) and this package's code (by the size and
    time of its modules, so that another version writes its files again)."""
    code = sorted(
        (path.name, path.stat().st_size, path.stat().st_mtime_ns)
        for path in Path(__file__).parent.glob("*.py")
    )
    return hashlib.sha256(repr((plan, name, str(folder.resolve()), code)).encode()).hexdigest()


def _made_from(manifest: str | None) -> dict[str, str]:
    try:
        made = json.loads(manifest or "{}")
    except ValueError:
        return {}
    return made if isinstance(made, dict) else {}


def _content(path: Path, recorded: Recorded) -> tuple[Content, ...]:
    """The file's recorded content if it is untouched since (no hashing), else hashed now."""
    now = stamp(path)
    for content in recorded.files.get(path.name, ()):
        if now and content.stamp == now:
            return (content,)
    return (Content.of(path).placed(path),)


def _save(record: OutputRecord, made: dict[str, str], files: dict[str, tuple[Content, ...]]):
    # A record that cannot be written costs the next export a refusal (the files then look
    # like the user's), never the files themselves.
    try:
        record.write(json.dumps(made, sort_keys=True) if made else None, files)
    except OSError:
        pass
