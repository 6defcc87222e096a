"""Which files under a cache root are the cache's own: those named like the entries it writes."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

_ENTRY = re.compile(r"\.?([0-9a-f]{64})(?:[.-][\w.+-]*)?")
"""KEY…: a key of 64 hex digits, then a checksum, an extension, a voice's engine version, or a
temp file's random part; a leading dot marks a write in progress."""


def is_entry_file(folder: Path, path: Path) -> bool:
    """Whether `path`, under the kind folder `folder`, is named like a file the cache writes:
    KEY[:2]/KEY… (every entry) or KEY… (patched voices and records of older versions)."""
    try:
        parts = Path(path).relative_to(folder).parts
    except ValueError:
        return False
    match = _ENTRY.fullmatch(parts[-1]) if parts else None
    if match is None or len(parts) > 2:
        return False
    return len(parts) == 1 or parts[0] == match[1][:2]


def entry_files(folder: Path) -> Iterator[Path]:
    """The cache's own files in one kind folder (a user's file that happens to be there is not).

    Walked with scandir, whose entries know their type without a stat each, and only as deep as
    entries lie (is_entry_file's two levels): after every render the prune walks the whole
    cache, which for a long script is thousands of files."""
    if not folder.is_dir():
        return
    for path, parent in _files(folder, 2):
        match = _ENTRY.fullmatch(path.name)
        if match is not None and (parent is None or parent == match[1][:2]):
            yield path


def _files(
    folder: Path, depth: int, parent: str | None = None
) -> Iterator[tuple[Path, str | None]]:
    """Files (not links) down to `depth` levels, each with the name of the folder it is in
    below the kind folder (None: in the kind folder itself)."""
    try:
        with os.scandir(folder) as listing:
            found = list(listing)
    except OSError:
        return
    for entry in found:
        if entry.is_file(follow_symlinks=False):
            yield Path(entry.path), parent
        elif depth > 1 and entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path), depth - 1, entry.name)


def holds_only_entries(folder: Path) -> bool:
    """Whether `folder` is a real folder holding files, every one named like the cache's own
    (an empty folder proves nothing: it may be the user's)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    paths = list(folder.rglob("*"))
    files = [path for path in paths if not path.is_dir() or path.is_symlink()]
    return bool(files) and all(is_entry_file(folder, path) for path in files)


def remove_entries(folder: Path) -> None:
    """Remove the cache's own files in `folder`, then its folders left empty; nothing else."""
    if not folder.is_dir():
        return
    for path in list(entry_files(folder)):
        path.unlink(missing_ok=True)
    for sub in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True) + [folder]:
        try:
            if sub.is_dir() and not sub.is_symlink():
                sub.rmdir()
        except OSError:
            pass  # not empty: something not ours is in it
