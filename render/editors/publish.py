"""Writing an export: the media folder and the timeline files, under the output-record rules.

A file the user made is never replaced: a timeline file or a media file at a name the export
needs is written only if the record beside it (render.ownership) lists it with its present
content, or with --force. The timelines' record sits beside the video
(`.talk.editors.scriptreel.json`), the media's inside their folder, so it moves with them.
Media files are named by what they hold, so one still in the folder as written is kept
untouched; media an earlier export wrote that this one no longer needs are removed.
"""

from __future__ import annotations

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
    texts = {each.path(video): each.write(plan, video.parent) for each in formats}
    rewritten = _write_set(texts, timelines)
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
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for done in [pool.submit(write_file, folder / name, makers[name]) for name in written]:
            done.result()
    for name in set(recorded.files) - set(makers):
        if record.state(folder / name, recorded) is State.OURS:
            (folder / name).unlink(missing_ok=True)
    _save(record, {name: _content(folder / name, recorded) for name in makers})
    return written


def _write_set(texts: dict[Path, str], record: OutputRecord) -> tuple[Path, ...]:
    """Each timeline file, rewritten only when its text changed (returned); the others of the
    record (formats not asked for this time) stay listed while they are as written."""
    recorded = record.read()
    rewritten = []
    for path, text in texts.items():
        ours = record.state(path, recorded) is State.OURS
        if not ours or path.read_text(encoding="utf-8") != text:
            write_file(path, lambda temp, text=text: temp.write_text(text, encoding="utf-8"))
            rewritten.append(path)
    files = {path.name: _content(path, recorded) for path in texts}
    for name in set(recorded.files) - set(files):
        other = record.output.with_name(name)
        if record.state(other, recorded) is State.OURS:
            files[name] = _content(other, recorded)
    _save(record, files)
    return tuple(rewritten)


def _content(path: Path, recorded: Recorded) -> tuple[Content, ...]:
    """The file's recorded content if it is untouched since (no hashing), else hashed now."""
    now = stamp(path)
    for content in recorded.files.get(path.name, ()):
        if now and content.stamp == now:
            return (content,)
    return (Content.of(path).placed(path),)


def _save(record: OutputRecord, files: dict[str, tuple[Content, ...]]) -> None:
    # A record that cannot be written costs the next export a refusal (the files then look
    # like the user's), never the files themselves.
    try:
        record.write(None, files)
    except OSError:
        pass
