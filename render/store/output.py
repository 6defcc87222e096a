"""Output paths: where a render writes, checked before it starts, and its private temp files.

A render writes the video and its sidecars (.srt, .vtt, .chapters.txt, .words.json) under
private temp names beside them (`.NAME.scriptreel-PID-RANDOM.part`, NAME cut to TEMP_NAME_BYTES),
then publishes them as one set (render.publish), guided by the record of what scriptreel wrote
there (render.ownership).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from scriptreel.render.errors import UsageError
from scriptreel.render.exports import OUTPUTS

PART = ".part"
"""Suffix of every temp file a render leaves beside its outputs while writing them."""
TEMP_NAME_BYTES = 100
"""At most this much of a target's name goes into its temp file's name: a long output name
must not make the temp name pass the filesystem's limit (255 bytes on most)."""
RECORD_SUFFIX = ".scriptreel.json"
"""The record of what was written at OUT is .OUT.scriptreel.json (see render.ownership)."""


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
        check_place(target)
    _check_name_length(output)
    _check_writable(output)
    return output


def check_place(target: Path) -> None:
    """Refuse a file path that is a folder, or whose folder does not exist, before any work."""
    if target.is_dir():
        raise UsageError(str(target), "is a folder", "move it away or choose another -o")
    if not target.parent.resolve().is_dir():
        raise UsageError(
            str(target), "the output folder does not exist", f"create {target.parent} first"
        )


def _check_name_length(output: Path) -> None:
    """Refuse a name whose records, sidecars or editor timelines (and their media folder) would
    pass the folder's limit on name length."""
    from scriptreel.render.editors import EDITORS, media_folder, timelines_name

    try:
        limit = os.pathconf(output.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    size = len(os.fsencode(output.name))
    beside = [f".{output.name}{RECORD_SUFFIX}", *(side.name for side in sidecars(output))]
    beside += [f".{timelines_name(output).name}{RECORD_SUFFIX}", media_folder(output).name]
    beside += [each.path(output).name for each in EDITORS]
    added = max(len(os.fsencode(name)) for name in beside) - size
    if size + added > limit:
        raise UsageError(
            output.name,
            f"the output name is too long ({size} bytes): the files written beside it add up "
            f"to {added} bytes, and names here end at {limit}",
            f"choose a name of at most {limit - added} bytes with -o",
        )


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
        dir=final.parent, prefix=f".{_short(final.name)}.scriptreel-{os.getpid()}-", suffix=PART
    )
    os.close(handle)
    return Path(name)


def _short(name: str) -> str:
    """The name cut to TEMP_NAME_BYTES bytes, on a character boundary."""
    while len(os.fsencode(name)) > TEMP_NAME_BYTES:
        name = name[:-1]
    return name


def _temp_pattern(final: Path) -> re.Pattern:
    # mkstemp's random part is 8 characters of [a-z0-9_]; anything else is not ours.
    name = re.escape(_short(final.name))
    return re.compile(rf"\.{name}\.scriptreel-(\d+)-[a-z0-9_]{{8}}{PART}")


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
