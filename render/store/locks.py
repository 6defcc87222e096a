"""Work folders of running renders, told apart from abandoned ones by file locks, not by pids.

Clean-up removes only what is provably scriptreel's: folders ROOT/tmp/run-* (or .run-*) that hold
scriptreel's own lock file (its name, and the line it starts with), under a ROOT that carries
scriptreel's CACHEDIR.TAG. A cache root set to a folder of the user's (SCRIPTREEL_CACHE_DIR=$HOME)
is never tagged, so nothing under it is ever cleaned up, whatever its names.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from scriptreel.render.errors import UsageError
from scriptreel.render.store.cache_tag import is_tagged, tag_if_ours

WORK_PREFIX = "run-"
"""Work folders are ROOT/tmp/run-*; each holds LOCK_NAME, locked by its render while it runs."""
LOCK_NAME = "scriptreel-run.lock"
LOCK_SIGNATURE = b"scriptreel work folder: removed when this lock can be taken\n"
"""The first line of every lock file scriptreel makes; a folder whose lock lacks it is not ours."""
IN_USE = "cache.lock"
"""ROOT/tmp/cache.lock: renders hold it shared while they use the cache; `clean` and `prune`
(the only ones that delete an entry) take it alone, so neither removes what a render reads."""
ABANDONED_AFTER = 3600.0
"""Seconds after which a half-made work folder (.run-*, never locked) counts as abandoned."""


def try_lock(path: Path, shared: bool = False) -> int | None:
    """An open descriptor holding a lock on `path` (created if missing), or None if it is taken."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        return None
    return handle


@contextmanager
def holding(path: Path, shared: bool = False) -> Iterator[None]:
    """Wait for a lock on `path` and hold it for the block."""
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def usable_tmp(root: Path) -> Path:
    """ROOT/tmp, created and checked writable; a one-line UsageError naming the setting if not.

    A ROOT that is new or empty is tagged here (the cache tags a root holding its own folders
    when it first writes an entry)."""
    tmp = Path(root) / "tmp"
    try:
        Path(root).mkdir(parents=True, exist_ok=True)
        tag_if_ours(Path(root))
        tmp.mkdir(exist_ok=True)
        probe, name = tempfile.mkstemp(prefix=".probe-", dir=tmp)
        os.close(probe)
        os.unlink(name)
    except OSError as error:
        raise UsageError(
            "SCRIPTREEL_CACHE_DIR",
            f"the cache folder {root} cannot be used ({error.strerror or error})",
            "set SCRIPTREEL_CACHE_DIR to a folder you can write to, or pass --no-cache",
        ) from None
    return tmp


@contextmanager
def work_folder(root: Path, uses_cache: bool = True) -> Iterator[Path]:
    """A private folder ROOT/tmp/run-* for one render, locked while it lives, removed at exit.

    Stale folders of renders that died are removed first. A render that uses the cache also holds
    the cache's in-use lock, so `scriptreel cache clean` cannot empty it underneath. Without the
    cache (`uses_cache=False`) ROOT is used only if it is scriptreel's (tagged); an unusable or
    foreign ROOT is no error: the folder goes to the system's temp folder instead, since nothing
    from ROOT is needed.
    """
    tmp = _work_root(root, uses_cache)
    if tmp is None:
        fallback = Path(tempfile.mkdtemp(prefix="scriptreel-run-"))
        try:
            yield fallback
        finally:
            shutil.rmtree(fallback, ignore_errors=True)
        return
    with ExitStack() as stack:
        if uses_cache:
            stack.enter_context(holding(tmp / IN_USE, shared=True))
        remove_stale_work(root)
        # Made under a hidden name and renamed once locked: a run-* folder always has a held lock
        # while its render lives, so remove_stale_work never mistakes a new folder for a dead one.
        hidden = Path(tempfile.mkdtemp(prefix="." + WORK_PREFIX, dir=tmp))
        # Signed before it is locked: a folder of ours says so from its first moment.
        (hidden / LOCK_NAME).write_bytes(LOCK_SIGNATURE)
        handle = try_lock(hidden / LOCK_NAME)
        work = tmp / hidden.name[1:]
        os.rename(hidden, work)
        try:
            yield work
        finally:
            shutil.rmtree(work, ignore_errors=True)
            if handle is not None:
                os.close(handle)


def _work_root(root: Path, uses_cache: bool) -> Path | None:
    """ROOT/tmp for work folders, or None for the system's temp folder (see work_folder)."""
    if not uses_cache and not is_tagged(root):
        return None
    try:
        return usable_tmp(root)
    except UsageError:
        if uses_cache:
            raise
        return None


def remove_stale_work(root: Path) -> list[Path]:
    """Remove the work folders whose render is gone (their lock can be taken), under a tagged
    ROOT only; returns them."""
    removed: list[Path] = []
    if not is_tagged(root):
        return removed
    try:
        entries = list((Path(root) / "tmp").iterdir())
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(WORK_PREFIX) and entry.is_dir():
            if _remove_if_unlocked(entry):
                removed.append(entry)
        elif entry.name.startswith("." + WORK_PREFIX) and _older_than(entry, ABANDONED_AFTER):
            if _remove_if_unlocked(entry):
                removed.append(entry)
    return removed


def _remove_if_unlocked(folder: Path) -> bool:
    lock = folder / LOCK_NAME
    if folder.is_symlink() or not _is_our_lock(lock):
        return False
    try:
        handle = try_lock(lock)
    except OSError:
        return False
    if handle is None:
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(handle)
    return True


def _is_our_lock(lock: Path) -> bool:
    """Whether `lock` is a regular file that starts with scriptreel's signature."""
    try:
        handle = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return (
            stat.S_ISREG(os.fstat(handle).st_mode)
            and os.read(handle, len(LOCK_SIGNATURE)) == LOCK_SIGNATURE
        )
    finally:
        os.close(handle)


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False
