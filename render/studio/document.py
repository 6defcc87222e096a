"""The script file as the studio edits it: read, hash, save atomically, notice outside edits."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from scriptreel.render.errors import UsageError

POLL_SECONDS = 0.25
BOM = b"\xef\xbb\xbf"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SaveConflict(Exception):
    """The file changed on disk since the page loaded it; saving would lose that change."""

    def __init__(self, current: str, text: str):
        self.current = current
        self.text = text
        super().__init__("the file changed on disk since it was loaded")


def decode(data: bytes, path: Path) -> str:
    try:
        text = data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            str(path),
            "studio edits UTF-8 files only",
            "convert the script to UTF-8, or render it with 'scriptreel render'",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class ScriptFile:
    """One script on disk; `known` is the hash of the version the studio last read or wrote."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        data = path.read_bytes()
        self.text = decode(data, path)
        self.known = content_hash(data)

    def save(self, text: str, base: str) -> str:
        """Write `text` if the file on disk is still the version with hash `base`; the new hash."""
        with self.lock:
            data = self.path.read_bytes()
            if content_hash(data) != base:
                raise SaveConflict(content_hash(data), decode(data, self.path))
            # Keep what the author's editor chose: a BOM and Windows line ends survive a save.
            newline = "\r\n" if b"\r\n" in data else "\n"
            encoded = text.replace("\r\n", "\n").replace("\n", newline).encode("utf-8")
            if data.startswith(BOM):
                encoded = BOM + encoded
            write_atomic(self.path, encoded)
            self.text, self.known = decode(encoded, self.path), content_hash(encoded)
            return self.known

    def changed(self) -> bool:
        """True (and text and hash updated) when the file on disk is not the known version."""
        with self.lock:
            try:
                data = self.path.read_bytes()
            except OSError:  # an editor replacing the file: look again on the next poll
                return False
            if content_hash(data) == self.known:
                return False
            try:
                self.text = decode(data, self.path)
            except UsageError:
                return False
            self.known = content_hash(data)
            return True


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename over: a reader sees the old or the new file.
    A symlinked script is written through to its target (the link stays a link)."""
    path = Path(os.path.realpath(path))
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    descriptor, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


class Watcher:
    """Polls the script's mtime and size; on a change of content, calls `on_change`.

    An error in `on_change` goes to `on_error` and the watching goes on, so the next edit still
    reaches the page.
    """

    def __init__(
        self,
        script: ScriptFile,
        on_change: Callable[[], None],
        on_error: Callable[[Exception], None] | None = None,
    ):
        self.script = script
        self.on_change = on_change
        self.on_error = on_error
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="studio-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)

    def _signature(self):
        try:
            info = self.script.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size, info.st_ino

    def _run(self) -> None:
        # Polling (not inotify) because editors save by rename, and one small file is cheap to poll.
        # A change is read once the file has stood still for one poll, never half written. The
        # first look compares contents, for a change made between loading and watching.
        seen, settling = self._signature(), True
        while not self._stop.wait(POLL_SECONDS):
            now = self._signature()
            if now is None:
                continue
            if now != seen:
                seen, settling = now, True
            elif settling:
                settling = False
                self._look()

    def _look(self) -> None:
        try:
            if self.script.changed():
                self.on_change()
        except Exception as exc:  # the thread must outlive any one refresh
            if self.on_error is not None:
                self.on_error(exc)
            else:
                traceback.print_exc()
