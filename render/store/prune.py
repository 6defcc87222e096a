"""Keep the cache within a size: remove the least recently used entries, never while a render
is using the cache (it may be reading any of them)."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from scriptreel.render.errors import UsageError
from scriptreel.render.store.cache import Kind, is_sidecar
from scriptreel.render.store.cache_files import entry_files
from scriptreel.render.store.cache_tag import is_tagged
from scriptreel.render.store.locks import IN_USE, remove_stale_work, try_lock

MAX_ENV = "SCRIPTREEL_CACHE_MAX"
"""Environment variable with the cache's size limit, applied after each render (`off`: none)."""
DEFAULT_MAX = 2 * 1024**3
"""The limit when MAX_ENV is not set: 2 GiB, about an hour and a half of 1080p video's pieces."""
KEPT_KINDS = (Kind.VOICE, Kind.OUTPUTS)
"""Never pruned (still counted in the size): a voice model patched for word times is shared by
every render and slow to make again; a record of an older version is what still recognises an
output made before the upgrade as scriptreel's."""
KEPT_NOTE = "the voice model is always kept (it is slow to make again)"
"""Why a prune can leave the cache over its limit, as `cache prune` says it."""
CACHE_DESCRIPTION = (
    "Show where the cache is and what it holds; prune its least recently used entries, or "
    f"clean it all. After each render the cache is pruned to {MAX_ENV} (default 2G; off: never)."
)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


@dataclass(frozen=True)
class Entry:
    """One cache entry: its sidecar and data files (or its one file), and when it was last used."""

    files: tuple[Path, ...]
    used: float
    size: int


@dataclass(frozen=True)
class Pruned:
    """What a prune removed and what is left."""

    removed: int
    freed: int
    kept: int
    size: int
    busy: bool = False
    """True when a render was using the cache, so nothing was removed."""


def add_cache_parser(commands) -> None:
    """`scriptreel cache [show|prune|clean]` and the options of prune."""
    cache = commands.add_parser(
        "cache", help="show, prune or clean the cache", description=CACHE_DESCRIPTION
    )
    cache.add_argument(
        "action",
        nargs="?",
        choices=["show", "prune", "clean"],
        default="show",
        help="show (default), prune or clean",
    )
    cache.add_argument(
        "--max-size",
        metavar="SIZE",
        help="prune: remove the least recently used entries until the cache is at most SIZE "
        f"(like 2G or 500M; default: {MAX_ENV}, else 2G)",
    )
    cache.add_argument(
        "--older-than",
        metavar="DAYS",
        type=float,
        help="prune: remove the entries not used for DAYS days",
    )


def parse_bytes(text: str, what: str = "--max-size") -> int:
    """`2G`, `500M`, `1.5GB`, `800k` or a number of bytes, as bytes (powers of 1024)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmMgGtT]?)(?:i?[bB])?\s*", str(text))
    if not match:
        raise UsageError(what, f"size {text!r} is not a size", "write it like 2G, 500M or 800K")
    return int(float(match[1]) * _UNITS[match[2].upper()])


def limit_from_env() -> int | None:
    """The size limit for the prune after each render: MAX_ENV, else DEFAULT_MAX; None if
    MAX_ENV is `off` (or 0)."""
    text = os.environ.get(MAX_ENV, "").strip()
    if not text:
        return DEFAULT_MAX
    if text.lower() in ("off", "none", "0"):
        return None
    return parse_bytes(text, MAX_ENV)


def entries(root: Path) -> list[Entry]:
    """Every prunable entry under the cache's kind folders, oldest use first: files named like
    the cache's own only (a folder the user keeps beside them loses nothing)."""
    found: list[Entry] = []
    for kind in Kind:
        if kind in KEPT_KINDS:
            continue
        groups: dict[Path, list[Path]] = {}
        for path in entry_files(root / kind.value):
            if not path.name.startswith("."):
                groups.setdefault(path.parent / path.name.split(".")[0], []).append(path)
        for files in groups.values():
            found.append(_entry(files))
    return sorted(found, key=lambda entry: entry.used)


def _entry(files: list[Path]) -> Entry:
    # A hit touches the sidecar (Cache.get), so the sidecar's time is the last use.
    times, size = [], 0
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        size += info.st_size
        if is_sidecar(path) or len(files) == 1:
            times.append(info.st_mtime)
    return Entry(tuple(files), max(times, default=0.0), size)


def prune(
    root: Path, max_size: int | None = None, older_than: float | None = None, wait: bool = False
) -> Pruned:
    """Remove entries unused for `older_than` days, then the least recently used until the
    cache is at most `max_size` bytes. Refuses an untagged root; with a render running, removes
    nothing (`busy`), or raises when `wait` is False and the user asked for it."""
    root = Path(root)
    if not root.is_dir() or not is_tagged(root):
        return Pruned(0, 0, 0, 0)
    (root / "tmp").mkdir(exist_ok=True)
    handle = try_lock(root / "tmp" / IN_USE)
    if handle is None:
        if not wait:
            raise UsageError(
                str(root),
                "not pruned: a render is using the cache right now",
                "wait for it to finish, then run `scriptreel cache prune` again",
            )
        return Pruned(0, 0, 0, 0, busy=True)
    try:
        remove_stale_work(root)
        return _remove(root, entries(root), max_size, older_than)
    finally:
        os.close(handle)


def _remove(root: Path, found: list[Entry], max_size: int | None, older_than: float | None):
    kept_size = sum(_kept_size(root, kind) for kind in KEPT_KINDS)
    total = kept_size + sum(entry.size for entry in found)
    cutoff = time.time() - older_than * 86400 if older_than is not None else None
    removed = freed = 0
    for entry in found:  # oldest use first
        too_old = cutoff is not None and entry.used < cutoff
        too_big = max_size is not None and total - freed > max_size
        if not (too_old or too_big):
            continue
        for path in entry.files:
            path.unlink(missing_ok=True)
        removed += 1
        freed += entry.size
    return Pruned(removed, freed, len(found) - removed, total - freed)


def _kept_size(root: Path, kind: Kind) -> int:
    return sum(p.stat().st_size for p in entry_files(root / kind.value))


def after_render(root: Path) -> Pruned | None:
    """The prune after each render, to MAX_ENV; None when the limit is off. Never fails a
    render that has finished: a busy cache or an unreadable file leaves it for next time."""
    try:
        limit = limit_from_env()
    except UsageError:
        return None
    if limit is None:
        return None
    try:
        return prune(root, limit, wait=True)
    except OSError:
        return None
