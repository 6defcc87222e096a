"""Content-addressed cache: entries keyed by a hash of exactly what determines them.

On disk, under ROOT (SCRIPTREEL_CACHE_DIR):

    CACHEDIR.TAG                   marks ROOT as scriptreel's cache; `clean` refuses a root without
    KIND/KEY[:2]/KEY.EXT.json      an entry: {"size", "sha256", "seen"} of its data file
    KIND/KEY[:2]/KEY.SUM.EXT       the data, SUM being the first 16 hex digits of its SHA-256
    KIND/KEY[:2]/.*.tmp            a write in progress (or left by a writer that was killed)
    tmp/run-*/                     work folders of running renders (render.locks)
    tmp/cache.lock                 held shared by renders using the cache, alone by `clean`
                                   and `prune` (render.prune: a sidecar's time is its last use)

KIND is one of the `Kind` folders and nothing else; `stats`, `prune` and `clean` look at those
only, and in them only at files named like entries (KIND/KEY[:2]/KEY…, render.cache_files), so a
cache root that also holds other files (SCRIPTREEL_CACHE_DIR=$HOME, even with a folder of its own
called music) never loses them. Such a root is still written to (entries go into the kind folders,
which harms nothing), but only a root that is new or empty (or holds nothing but entries) is
tagged, and `prune` and `clean` refuse an untagged root.

Any number of processes and threads may share one cache, also on a filesystem that guarantees
nothing but atomic rename. Every file appears whole by one rename, and only `clean` and `prune`
delete a data file, both while holding tmp/cache.lock alone, so never while a render uses the
cache: a data file's name holds its checksum, so once published its bytes never change (a writer
with the same bytes renames an equal file over it, and a writer with other bytes publishes another
name). A returned path therefore stays valid for as long as its render runs, two writers of one
entry both succeed (the sidecar of the last one wins, and both data files verify), and a reader
never removes what a writer may still be finishing. A damaged data file is a miss; rebuilding the
entry renames a good copy over it.

A data file's checksum is verified once: the sidecar keeps what the file looked like then
("seen": its size, inode, modification and change times to the nanosecond), and while the file
still looks like that it is trusted without reading it, so a long script's thousands of entries
cost a stat each. Writing to a file changes its change time, which no user can set back, and
replacing it changes its inode; either makes the next use read and verify it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from scriptreel.media.files import file_sha256
from scriptreel.render.errors import DISK_FULL, UsageError, disk_full
from scriptreel.render.store.cache_files import entry_files, holds_only_entries, remove_entries
from scriptreel.render.store.cache_tag import TAG_NAME, is_tagged, tag_if_ours
from scriptreel.render.store.locks import IN_USE, remove_stale_work, try_lock

SCHEMA = 1
"""Bump when the meaning of any cached file changes: every old key then misses."""


class Kind(str, Enum):
    """The folders the cache keeps under its root; `stats` and `clean` touch these only."""

    NARRATION = "narration"
    """One sentence's loudness-normalised speech and its word spans, in one file (.npz)."""
    CARD = "card"
    """A title card, with or without a caption drawn on it (.png)."""
    CHUNK = "chunk"
    """A run of frames of one card, encoded (.mp4)."""
    SEGMENT = "segment"
    """A segment's chunks joined into one file (.mp4)."""
    MUSIC = "music"
    """A music file decoded and loudness-normalised (.npy)."""
    WORDS = "words"
    """Word timings kept apart from their sentence by older versions (no longer written; listed
    so that `clean` still removes them)."""
    AUDIO = "audio"
    """A piece of the narration track encoded to AAC (.aac), joined to others by copy."""
    OUTPUTS = "outputs"
    """Records of outputs kept by older versions (no longer written: each output's record now
    lies beside it, see render.ownership; listed so that `clean` still removes them). Its code
    table in render.keys shapes the manifest of a render."""
    VOICE = "voice"
    """Voice models patched for word times (.onnx, written by media.voice.piper_model)."""
    RENDERS = "renders"
    """What each output's segments were last made of, to say why one is rebuilt (.json,
    written by render.reasons)."""


def default_root() -> Path:
    """SCRIPTREEL_CACHE_DIR, else the user cache folder (XDG_CACHE_HOME or ~/.cache)."""
    if os.environ.get("SCRIPTREEL_CACHE_DIR"):
        return Path(os.environ["SCRIPTREEL_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "scriptreel"


def cache_key(kind: str, **parts) -> str:
    """SHA-256 of a canonical JSON of the kind, the schema and every given part."""
    blob = json.dumps(
        {"kind": kind, "schema": SCHEMA, **parts},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


file_digest = file_sha256


def give_normal_permissions(path: Path) -> None:
    """The mode a plainly created file would have under the user's umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write through a temp file in the same folder, fsync it, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _written_temp(path, write)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _written_temp(path: Path, write: Callable[[Path], None]) -> Path:
    """A synced temp file beside `path` holding what `write` produced; removed if it fails."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temp = Path(name)
    try:
        write(temp)
        with open(temp, "rb+") as synced:
            os.fsync(synced.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


class Cache:
    """Verified entries under ROOT/KIND; see the module docstring for the layout and its safety."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._tag_checked = False

    def path(self, kind: str, key: str, ext: str) -> Path:
        """The entry's sidecar-less name KEY.EXT in its folder (data files add their checksum)."""
        return self.root / Kind(kind).value / key[:2] / f"{key}{ext}"

    def get(self, kind: str, key: str, ext: str) -> Path | None:
        """The entry's data file if present and intact, else None; never deletes anything."""
        path = self.path(kind, key, ext)
        try:
            meta = json.loads(_sidecar(path).read_text())
            data = _data_path(path, meta["sha256"])
            seen = _seen(data)
            if seen[0] != meta["size"]:
                return None
            if meta.get("seen") == seen:
                _touch(_sidecar(path))
                return data
            if file_digest(data) == meta["sha256"]:
                _restamp(path, meta["size"], meta["sha256"], seen)
                return data
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass
        return None

    def has(self, kind: str, key: str, ext: str) -> bool:
        """Whether the entry is there, without reading it (get() also checks it is intact)."""
        return _sidecar(self.path(kind, key, ext)).is_file()

    def put(self, kind: str, key: str, ext: str, write: Callable[[Path], None]) -> Path:
        """Store what `write(temp_path)` produces and return its data file; a full disk under
        the cache is one line (exit 2)."""
        try:
            return self._put(kind, key, ext, write)
        except OSError as exc:
            if exc.errno in DISK_FULL:
                raise disk_full(str(self.root), exc) from None
            raise

    def _put(self, kind: str, key: str, ext: str, write: Callable[[Path], None]) -> Path:
        path = self.path(kind, key, ext)
        self.mark()
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = _written_temp(path, write)
        try:
            size, digest = temp.stat().st_size, file_digest(temp)
            data = _data_path(path, digest)
            os.replace(temp, data)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _write_sidecar(path, size, digest, _seen(data))
        return data

    def get_or_make(
        self, kind: str, key: str, ext: str, write: Callable[[Path], None]
    ) -> tuple[Path, bool]:
        """The entry, and whether it had to be made now."""
        found = self.get(kind, key, ext)
        if found is not None:
            return found, False
        return self.put(kind, key, ext, write), True

    def mark(self) -> None:
        """Tag the root as a cache if it is new or empty, or holds only kind folders of files
        named like entries (a cache of an older version; once per instance)."""
        if self._tag_checked:
            return
        self._tag_checked = True
        self.root.mkdir(parents=True, exist_ok=True)
        kinds = {kind.value for kind in Kind}
        tag_if_ours(self.root, lambda child: child.name in kinds and holds_only_entries(child))

    def stats(self) -> dict[str, tuple[int, int]]:
        """Entries and bytes per kind, for the cache's own kind folders only."""
        found: dict[str, tuple[int, int]] = {}
        for kind in Kind:
            folder = self.root / kind.value
            if not folder.is_dir():
                continue
            files = list(entry_files(folder))
            # An entry is a sidecar (a data file without one is a leftover of a rewritten entry),
            # or for the kinds written without sidecars, a file.
            entries = [
                f
                for f in files
                if not f.name.startswith(".") and (is_sidecar(f) or kind in _UNSIDECARED)
            ]
            found[kind.value] = (len(entries), sum(_size(f) for f in files))
        return found

    def clean(self) -> int:
        """Remove every entry and stale work folder; returns bytes freed.

        Refuses a root without scriptreel's CACHEDIR.TAG (it may hold the user's own files) and a
        cache that a render is using right now.
        """
        if not self.root.is_dir():
            return 0
        if not is_tagged(self.root):
            raise UsageError(
                str(self.root),
                f"not cleaned: the folder has no scriptreel {TAG_NAME}, so it may hold other files",
                "point SCRIPTREEL_CACHE_DIR at a folder of its own, or delete the cache's "
                f"folders ({', '.join(kind.value for kind in Kind)}) there by hand",
            )
        (self.root / "tmp").mkdir(exist_ok=True)
        handle = try_lock(self.root / "tmp" / IN_USE)
        if handle is None:
            raise UsageError(
                str(self.root),
                "not cleaned: a render is using the cache right now",
                "wait for it to finish, then run `scriptreel cache clean` again",
            )
        try:
            freed = sum(size for _, size in self.stats().values())
            for kind in Kind:
                remove_entries(self.root / kind.value)
            remove_stale_work(self.root)
        finally:
            os.close(handle)
        return freed


_UNSIDECARED = (Kind.OUTPUTS, Kind.VOICE, Kind.RENDERS)


def _seen(data: Path) -> list[int]:
    """What a data file looks like without reading it: size, inode, modification and change
    times (ns)."""
    stat = data.stat()
    return [stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns]


def _write_sidecar(path: Path, size: int, digest: str, seen: list[int]) -> None:
    """The entry's sidecar, naming its data file by `digest`, verified when it looked `seen`."""
    meta = json.dumps({"size": size, "sha256": digest, "seen": seen})
    write_atomic(_sidecar(path), lambda sidecar: sidecar.write_text(meta))


def _restamp(path: Path, size: int, digest: str, seen: list[int]) -> None:
    """A new `seen` for an entry just verified again, which also marks it used; a read-only
    cache verifies its entries every time instead."""
    try:
        _write_sidecar(path, size, digest, seen)
    except OSError:
        _touch(_sidecar(path))


def _touch(sidecar: Path) -> None:
    """Mark an entry as just used, for `cache prune` (least recently used go first); the data
    file is left alone (its bytes never change after publication)."""
    try:
        os.utime(sidecar)
    except OSError:
        pass  # a read-only cache still serves its entries


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _data_path(path: Path, digest: str) -> Path:
    """KEY.SUM.EXT beside KEY.EXT; the sum must be hex, so a sidecar cannot point elsewhere."""
    summary = digest[:16]
    if len(summary) != 16 or not all(c in "0123456789abcdef" for c in summary):
        raise ValueError("not a checksum")
    return path.with_name(f"{path.stem}.{summary}{path.suffix}")


def is_sidecar(path: Path) -> bool:
    """KEY.EXT.json is a sidecar; KEY.SUM.EXT a data file, even when EXT is .json (word times)."""
    parts = path.name.split(".")
    checksum = len(parts) == 3 and len(parts[1]) == 16 and all(c in _HEX for c in parts[1])
    return path.suffix == ".json" and len(parts) >= 3 and not checksum


_HEX = frozenset("0123456789abcdef")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_is_sidecar = is_sidecar  # the name older tests know it by
