"""Which files at an output path scriptreel wrote: a record beside them, by content.

Beside an output `talk.mp4` a hidden record `.talk.mp4.scriptreel.json` lists every file that
render published (the video and its sidecars, by name) with its size and SHA-256. A file is
scriptreel's when the record beside it lists its name with its present content; anything else
at a target path is the user's. The record moves with the folder and depends on nothing else:
not the cache, the path as typed, the folder's place, the inode or the time. Copy or move the
folder, `touch` a file, clean or change the cache, render from the studio, another folder or a
second `watch`: the files are still recognised; a file with any other content is not. No mark
inside the files is trusted instead: a video the user edited in another program may keep such a
mark, while its content, and so its digest, changes. The record is replaced by one rename.

Hashing costs about a second per GB of video, so each entry also keeps the file's stat (device,
inode, size, modification and change time) as it was recorded: a file whose stat is the same
has not been written since (the change time cannot be set back), and is not hashed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat as stat_modes
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from scriptreel.media.files import file_sha256
from scriptreel.render.errors import UsageError
from scriptreel.render.store.output import RECORD_SUFFIX, normal_mode, private_temp

FORMAT = "scriptreel output record"
"""The record's first field: a file at the record's path without it is not ours either."""


def record_path(output: Path) -> Path:
    return output.with_name(f".{output.name}{RECORD_SUFFIX}")


def stamp(path: Path) -> tuple[int, ...] | None:
    """The stat of a regular file that changes whenever it is written; None if there is none."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if not stat_modes.S_ISREG(info.st_mode):
        return ()  # there, but no file of ours: a folder, a link, a device
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@dataclass(frozen=True)
class Content:
    """What a file held when scriptreel wrote it."""

    size: int
    sha256: str
    stamp: tuple[int, ...] = ()
    """Its stat once published (see `stamp`), so an untouched file is not hashed again."""

    @classmethod
    def of(cls, path: Path) -> Content:
        return cls(path.stat().st_size, file_sha256(path))

    def placed(self, path: Path) -> Content:
        """The same content, with the stat of the file now at `path`."""
        return Content(self.size, self.sha256, stamp(path) or ())


class State(Enum):
    """What is at a target path, as far as publishing is concerned."""

    ABSENT = "absent"
    OURS = "ours"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Recorded:
    """A record's contents: the manifest of the render that wrote it and, per file name, the
    contents known to be ours (the newest first; while a render publishes, also the previous)."""

    manifest: str | None
    files: dict[str, tuple[Content, ...]]
    valid: bool = True
    """False when a file at the record's path is not a record: it is the user's."""


class OutputRecord:
    """The record of one output: read, checked against the files, written atomically."""

    def __init__(self, output: Path):
        self.output = output
        self.path = record_path(output)

    def read(self) -> Recorded:
        found = stamp(self.path)
        if found is None:
            return _legacy(self.output)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) if found else {}
            if data.get("format") != FORMAT:
                raise ValueError("not a record")
            files = {
                name: tuple(Content(e["size"], e["sha256"], tuple(e["stamp"])) for e in entries)
                for name, entries in data["files"].items()
            }
            return Recorded(data["manifest"], files)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return Recorded(None, {}, valid=False)

    def state(self, target: Path, recorded: Recorded) -> State:
        """Whether the file at `target` is absent, ours (its content is recorded) or the user's."""
        now = stamp(target)
        if now is None:
            return State.ABSENT
        known = recorded.files.get(target.name, ())
        if now and any(content.stamp == now for content in known):
            return State.OURS
        if now and any(content.size == now[2] for content in known):
            digest = _digest(target, now)
            if any(content.sha256 == digest for content in known):
                return State.OURS
        return State.FOREIGN

    def foreign(self, targets: tuple[Path, ...]) -> list[Path]:
        """The targets (and the record's own path) holding files scriptreel did not write."""
        recorded = self.read()
        found = [t for t in targets if self.state(t, recorded) is State.FOREIGN]
        return found if recorded.valid else [*found, self.path]

    def unchanged(self, targets: tuple[Path, ...]) -> str | None:
        """The recorded manifest, if every target is still the newest file recorded for it."""
        recorded = self.read()
        if recorded.manifest is None:
            return None
        for target in targets:
            newest = recorded.files.get(target.name, ())[:1]
            if self.state(target, Recorded(None, {target.name: newest})) is not State.OURS:
                return None
        return recorded.manifest

    def write(self, manifest: str | None, files: dict[str, tuple[Content, ...]]) -> None:
        """Replace the record in one rename (an OSError if it cannot be written)."""
        data = {
            "format": FORMAT,
            "manifest": manifest,
            "files": {name: [vars(c) for c in entries] for name, entries in files.items()},
        }
        temp = private_temp(self.path)
        try:
            temp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            os.chmod(temp, normal_mode())
            os.replace(temp, self.path)
        finally:
            temp.unlink(missing_ok=True)


def _legacy(output: Path) -> Recorded:
    """What versions before the record beside the files kept in the cache (by the output's
    resolved path: each file's inode, size and time), so that their outputs are still recognised
    until the next render writes a record beside them."""
    from scriptreel.render.store.cache import Kind, default_root

    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest() + ".json"
    files: dict[str, tuple[Content, ...]] = {}
    try:
        data = json.loads((default_root() / Kind.OUTPUTS.value / name).read_text())
        for typed, identity in data["files"].items():
            target = output.with_name(Path(typed).name)
            now = stamp(target)
            then = (identity["inode"], identity["size"], identity["mtime_ns"])
            if now and now[1:4] == then:
                files[target.name] = (Content(now[2], _digest(target, now), now),)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return Recorded(None, files)


_DIGESTS: dict[tuple[str, tuple[int, ...]], str] = {}
"""Digests of files by path and stamp: one render (or a long `watch`) checks a file several
times, and hashes it once."""


def _digest(path: Path, now: tuple[int, ...]) -> str:
    key = (os.path.abspath(path), now)
    if key not in _DIGESTS:
        if len(_DIGESTS) > 64:
            _DIGESTS.clear()
        _DIGESTS[key] = file_sha256(path)
    return _DIGESTS[key]


def check_not_foreign(record: OutputRecord, targets: tuple[Path, ...], force: bool) -> None:
    """Refuse to replace files scriptreel did not write, unless forced."""
    found = [] if force else record.foreign(targets)
    if found:
        raise refusal(found)


def refusal(found: list[Path], appeared: bool = False) -> UsageError:
    names = ", ".join(p.name for p in found)
    when = " (it appeared while rendering; nothing was replaced)" if appeared else ""
    return UsageError(
        str(found[0]),
        f"would replace {names}, which scriptreel did not write{when}",
        "move it away, choose another output with -o, or pass --force to replace it",
    )


def foreign_outputs(output: Path, targets: tuple[Path, ...] | None = None) -> list[Path]:
    """Files at `output` (and its `targets`, the sidecars of a video) that a render would refuse
    to replace without force: for a front end that asks the user before forcing."""
    return OutputRecord(output).foreign(targets or (output,))
