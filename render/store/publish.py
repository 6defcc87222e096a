"""Publishing a render's files: checked again at the last moment, all or none, and a new name
never replacing anything that appeared meanwhile.

Ownership is checked when a render starts and again, under a lock on the output folder, at the
moment of publishing (a file the user saved at a target path during the render is found then).
A target that is absent at that check is published with no-replace semantics (renameat2's
RENAME_NOREPLACE, else a hard link, else an exclusive create), so a file created in the last
instant is never replaced either: the render fails instead. A target that is ours is replaced,
its previous file kept as a hard link until the whole set is in place, so a failure half way
puts every file back. The record beside the files is written before publishing (naming both
the files being replaced and the new ones, so a render killed half way leaves only files that
are still recognised as ours) and again after it.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from scriptreel.render.errors import UsageError
from scriptreel.render.store.output import normal_mode, private_temp, remove_stale_temps
from scriptreel.render.store.ownership import (
    Content,
    OutputRecord,
    Recorded,
    State,
    check_not_foreign,
    refusal,
)

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_KEPT_VERSIONS = 3
"""Contents recorded per name while publishing: the new one, and those it may be replacing."""


class Outputs:
    """The files one render publishes, the first (the video) last, and the record of them."""

    def __init__(self, targets: tuple[Path, ...], force: bool = False):
        self.targets = targets
        self.force = force
        self.record = OutputRecord(targets[0])

    def check(self) -> None:
        """Refuse, before any work, to replace a file scriptreel did not write (unless forced);
        and remove the temp files of earlier renders to these targets that were killed."""
        check_not_foreign(self.record, self.targets, self.force)
        remove_stale_temps((*self.targets, self.record.path))

    def unchanged(self) -> str | None:
        """The manifest of the render that wrote the files, if they are all still as written."""
        return self.record.unchanged(self.targets)

    def publish(self, temps: dict[Path, Path], manifest: str | None) -> None:
        """Move every temp file onto its target (the keys, in the order of `targets`)."""
        mode = normal_mode()
        new: dict[Path, Content] = {}
        for final, temp in temps.items():
            os.chmod(temp, mode)
            new[final] = Content.of(temp)
        with _folder_locked(self.record.path.parent):
            recorded = self.record.read()
            states = {final: self.record.state(final, recorded) for final in temps}
            found = [final for final, state in states.items() if state is State.FOREIGN]
            if not recorded.valid:
                found.append(self.record.path)
            if found and not self.force:
                raise refusal(found, appeared=True)
            self._record(manifest, _pending(new, recorded))
            _place_all(temps, states, lambda: self._restore(recorded))
            placed = {final.name: (content.placed(final),) for final, content in new.items()}
            try:
                self.record.write(manifest, placed)
            except OSError:
                pass  # the record written before publishing names these files already

    def _restore(self, recorded: Recorded) -> None:
        """Put the record back as it was before a publish that was rolled back."""
        try:
            if recorded.files:
                self.record.write(recorded.manifest, recorded.files)
            elif recorded.valid:
                self.record.path.unlink(missing_ok=True)
        except OSError:
            pass  # the record then also names the new contents, which harms nothing

    def _record(self, manifest: str | None, files: dict[str, tuple[Content, ...]]) -> None:
        try:
            self.record.write(manifest, files)
        except OSError as exc:
            raise UsageError(
                str(self.record.path),
                f"cannot write the record of what scriptreel publishes ({exc.strerror or exc})",
                "check that the output folder is writable and has space",
            ) from None


def _pending(new: dict[Path, Content], recorded: Recorded) -> dict[str, tuple[Content, ...]]:
    """Per name, the new content and the recorded ones it may replace."""
    pending = {}
    for final, content in new.items():
        kept = recorded.files.get(final.name, ())
        pending[final.name] = (content, *kept[: _KEPT_VERSIONS - 1])
    return pending


def _place_all(
    temps: dict[Path, Path], states: dict[Path, State], undone: Callable[[], None]
) -> None:
    """Move each temp into place, the first target last; if one fails, or Ctrl-C or SIGTERM
    comes half way, undo them all and then call `undone` (the old record fits only once every
    file is back: until then the pending record keeps them all recognised as ours)."""
    order = [*list(temps)[1:], next(iter(temps))]
    undo: list[tuple[Path, Path | None, int | None]] = []
    final = order[0]
    try:
        for final in order:
            if states[final] is State.ABSENT:
                # Named before the move (a rename or link keeps the inode), so a signal landing
                # just after it still undoes it.
                undo.append((final, None, os.stat(temps[final]).st_ino))
                _place_new(temps[final], final)
                undo[-1] = (final, None, os.stat(final).st_ino)
            else:
                kept = _keep_previous(final)
                undo.append((final, kept, None))
                os.replace(temps[final], final)
    except BaseException as exc:
        if _roll_back(undo):
            undone()
        if isinstance(exc, FileExistsError):
            raise refusal([final], appeared=True) from None
        if not isinstance(exc, OSError):
            raise
        raise UsageError(
            str(final), f"could not publish ({exc.strerror or exc})", "check the output folder"
        ) from None
    for _, kept, _ in undo:
        if kept is not None:
            kept.unlink(missing_ok=True)


def _place_new(temp: Path, final: Path) -> None:
    """Move `temp` to `final`, which must not exist: FileExistsError if it does, even if it
    appeared an instant ago."""
    if _rename_noreplace(temp, final):
        return
    try:
        os.link(temp, final)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        _copy_new(temp, final)
    os.unlink(temp)


def _copy_new(temp: Path, final: Path) -> None:
    """Copy `temp` to `final` by an exclusive create (for a filesystem without hard links, it
    never replaces anything either); a copy cut short is removed, never left half written."""
    with open(temp, "rb") as source, open(final, "xb") as target:
        try:
            shutil.copyfileobj(source, target, 1 << 20)
        except BaseException:
            final.unlink(missing_ok=True)
            raise


def _libc_renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no glibc 2.28 or newer: links do the same
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    function.argtypes += [ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _libc_renameat2()


def _rename_noreplace(source: Path, target: Path) -> bool:
    """Rename without replacing, where the C library and the filesystem can; False if not."""
    if _RENAMEAT2 is None:
        return False
    done = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(target))


def _keep_previous(final: Path) -> Path:
    keep = private_temp(final)
    try:
        keep.unlink()
        os.link(final, keep)
    except OSError:
        # A filesystem without hard links: a copy keeps the previous file just as well.
        shutil.copy2(final, keep)
    return keep


def _roll_back(undo: list[tuple[Path, Path | None, int | None]]) -> bool:
    """Put back each previous file and remove each new one; whether all of it was undone."""
    whole = True
    for final, previous, inode in reversed(undo):
        try:
            if previous is not None:
                os.replace(previous, final)
            elif os.stat(final).st_ino == inode:  # only the very file we put there
                final.unlink()
        except OSError:
            whole = False
    return whole


@contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """Hold a lock on the output folder, so renders publishing there (two `watch`es, a `watch`
    and the studio) check, publish and record one at a time; without locks, go on unlocked."""
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
        except OSError:
            pass
        yield
    finally:
        os.close(handle)
