"""The files a render publishes: checked first, written privately, published as one set.

A render writes the video and its sidecars (.srt, .vtt, .chapters.txt) under private temp names
beside them (`.NAME.scriptreel-PID-RANDOM.part`), then renames them into place, the video last.
If any rename fails, the ones already done are rolled back, so the set is all new or all old.
A file at a target path that scriptreel did not write (no matching entry in the output record)
is never replaced unless the user passes --force.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .exports import OUTPUTS

PART = ".part"
"""Suffix of every temp file a render leaves beside its outputs while writing them."""


def sidecars(output: Path) -> tuple[Path, ...]:
    """The files written beside a video: one per registered output (render/exports.py)."""
    return tuple(each.path(output) for each in OUTPUTS)


def resolve_output(script_path: Path, output: Path | None) -> Path:
    """The video path for a script (default: beside it), refused early if it cannot work."""
    if output is None:
        # A subtitle script must not be replaced by the captions written beside the video.
        clash = script_path.suffix.lower() in (".srt", ".vtt")
        output = script_path.with_name(script_path.stem + ("-video" if clash else "") + ".mp4")
    output = Path(output)
    name = str(output)
    if output.suffix.lower() != ".mp4":
        raise UsageError(name, "the output must be an .mp4 file", "name the output like talk.mp4")
    script = script_path.resolve()
    if output.resolve() == script:
        raise UsageError(name, "the output path is the script itself", "choose another output name")
    if any(side.resolve() == script for side in sidecars(output)):
        raise UsageError(
            name,
            f"the captions written beside this video would replace the script {script_path.name}",
            "choose another output name with -o",
        )
    for target in (output, *sidecars(output)):
        if target.is_dir():
            raise UsageError(str(target), "is a folder", "move it away or choose another -o")
    if not output.parent.resolve().is_dir():
        raise UsageError(name, "the output folder does not exist", f"create {output.parent} first")
    _check_writable(output)
    return output


def _check_writable(output: Path) -> None:
    """Find an unwritable output folder before the render, not after it."""
    try:
        private_temp(output).unlink()
    except OSError as exc:
        raise UsageError(
            str(output.parent),
            f"cannot write in the output folder ({exc.strerror or exc})",
            "choose a folder you can write to with -o",
        ) from None


def private_temp(final: Path) -> Path:
    """A new private temp file beside `final`, named so that only we can mistake it for ours."""
    handle, name = tempfile.mkstemp(
        dir=final.parent, prefix=f".{final.name}.scriptreel-{os.getpid()}-", suffix=PART
    )
    os.close(handle)
    return Path(name)


def _temp_pattern(final: Path) -> re.Pattern:
    # mkstemp's random part is 8 characters of [a-z0-9_]; anything else is not ours.
    return re.compile(rf"\.{re.escape(final.name)}\.scriptreel-(\d+)-[a-z0-9_]{{8}}{PART}")


def remove_stale_temps(finals: Iterable[Path]) -> None:
    """Remove temp files of renders that were killed: only regular files whose name is exactly
    our pattern for one of `finals` and whose process is gone."""
    for final in finals:
        pattern = _temp_pattern(final)
        try:
            entries = list(final.parent.iterdir())
        except OSError:
            continue
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if not match or entry.is_symlink() or not entry.is_file():
                continue
            pid = int(match[1])
            if pid != os.getpid() and not _alive(pid):
                entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def normal_mode() -> int:
    """The mode a plainly created file gets under the user's umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write a user-visible file through a private temp, with the umask's mode, atomically."""
    temp = private_temp(path)
    try:
        write(temp)
        os.chmod(temp, normal_mode())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


@dataclass(frozen=True)
class Identity:
    """What a published file was when we wrote it: its inode, size and modification time."""

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Identity | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return cls(info.st_ino, info.st_size, info.st_mtime_ns)


class OutputRecord:
    """What the last render to an output published: its manifest and each file's identity.

    It answers two questions: is the output still exactly what we wrote (then an unchanged
    script is "up to date"), and was a file at a target path written by us (else it is the
    user's, and is not replaced without --force).
    """

    def __init__(self, path: Path):
        self.path = path

    def read(self) -> tuple[str | None, dict[str, Identity]]:
        try:
            data = json.loads(self.path.read_text())
            files = {name: Identity(**fields) for name, fields in data["files"].items()}
            return data["manifest"], files
        except (OSError, ValueError, KeyError, TypeError):
            return None, {}

    def write(self, manifest: str, files: dict[Path, Identity]) -> None:
        """Record what was published; a record that cannot be written costs only the next
        "up to date" (and a --force), never the render that already succeeded."""
        from .cache import write_atomic

        data = {"manifest": manifest, "files": {str(p): vars(i) for p, i in files.items()}}
        try:
            write_atomic(self.path, lambda temp: temp.write_text(json.dumps(data)))
        except OSError:
            pass

    def unchanged(self, targets: Iterable[Path]) -> str | None:
        """The recorded manifest, if every target is still the very file we published."""
        manifest, files = self.read()
        if manifest is None:
            return None
        for target in targets:
            if Identity.of(target) is None or files.get(str(target)) != Identity.of(target):
                return None
        return manifest

    def foreign(self, targets: Iterable[Path]) -> list[Path]:
        """Targets that exist but are not files we published there."""
        _, files = self.read()
        return [t for t in targets if t.exists() and files.get(str(t)) != Identity.of(t)]


def check_not_foreign(record: OutputRecord, targets: Iterable[Path], force: bool) -> None:
    """Refuse to replace files scriptreel did not write, unless forced."""
    found = [] if force else record.foreign(targets)
    if found:
        names = ", ".join(p.name for p in found)
        raise UsageError(
            str(found[0]),
            f"would replace {names}, which scriptreel did not write",
            "move it away, choose another output with -o, or pass --force to replace it",
        )


def publish_set(temps: dict[Path, Path]) -> dict[Path, Identity]:
    """Rename temp -> final for every pair, the video (first key) last; all or none.

    Previous files are kept as hard links until every rename has succeeded, so a failure
    half way puts them all back. Returns the identity of each published file.
    """
    order = [*list(temps)[1:], next(iter(temps))]
    mode = normal_mode()
    identities: dict[Path, Identity] = {}
    kept: dict[Path, Path | None] = {}
    try:
        for final in order:
            temp = temps[final]
            os.chmod(temp, mode)
            identities[final] = Identity.of(temp)
            kept[final] = _keep_previous(final)
            os.replace(temp, final)
    except OSError as exc:
        _roll_back(kept)
        raise UsageError(
            str(final), f"could not publish ({exc.strerror or exc})", "check the output folder"
        ) from None
    for previous in kept.values():
        if previous is not None:
            previous.unlink(missing_ok=True)
    return identities


def _keep_previous(final: Path) -> Path | None:
    if not final.exists():
        return None
    keep = private_temp(final)
    try:
        keep.unlink()
        os.link(final, keep)
    except OSError:
        # A filesystem without hard links: a copy keeps the previous file just as well.
        shutil.copy2(final, keep)
    return keep


def _roll_back(kept: dict[Path, Path | None]) -> None:
    for final, previous in kept.items():
        try:
            if previous is None:
                final.unlink(missing_ok=True)
            else:
                os.replace(previous, final)
        except OSError:
            pass
