"""Content-addressed cache: entries keyed by a hash of exactly what determines them."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from media.files import file_sha256

SCHEMA = 1
"""Bump when the meaning of any cached file changes: every old key then misses."""


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
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temp_path = Path(temp)
    try:
        write(temp_path)
        with open(temp_path, "rb+") as synced:
            os.fsync(synced.fileno())
        os.replace(temp_path, path)
    except BaseException:
        temp_path.unlink(missing_ok=True)
        raise


class Cache:
    """Files under ROOT/KIND/KEY[:2]/KEY.EXT, each with a .json sidecar of its size and checksum."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, kind: str, key: str, ext: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{ext}"

    def get(self, kind: str, key: str, ext: str) -> Path | None:
        """The entry if present and intact; a damaged entry is removed and counts as a miss."""
        path = self.path(kind, key, ext)
        meta_path = path.with_name(path.name + ".json")
        try:
            meta = json.loads(meta_path.read_text())
            if path.stat().st_size == meta["size"] and file_digest(path) == meta["sha256"]:
                return path
        except (OSError, ValueError, KeyError, TypeError):
            pass
        path.unlink(missing_ok=True)
        meta_path.unlink(missing_ok=True)
        return None

    def put(self, kind: str, key: str, ext: str, write: Callable[[Path], None]) -> Path:
        """Store what `write(temp_path)` produces; the sidecar is written last, so it marks completion."""
        path = self.path(kind, key, ext)
        write_atomic(path, write)
        meta = json.dumps({"size": path.stat().st_size, "sha256": file_digest(path)})
        write_atomic(path.with_name(path.name + ".json"), lambda temp: temp.write_text(meta))
        return path

    def get_or_make(
        self, kind: str, key: str, ext: str, write: Callable[[Path], None]
    ) -> tuple[Path, bool]:
        """The entry, and whether it had to be made now."""
        found = self.get(kind, key, ext)
        if found is not None:
            return found, False
        return self.put(kind, key, ext, write), True

    def stats(self) -> dict[str, tuple[int, int]]:
        """Entries and bytes per kind."""
        found: dict[str, tuple[int, int]] = {}
        if not self.root.is_dir():
            return found
        for kind in sorted(p for p in self.root.iterdir() if p.is_dir() and p.name != "tmp"):
            files = [
                f for f in kind.rglob("*") if f.is_file() and not f.name.endswith((".json", ".tmp"))
            ]
            found[kind.name] = (
                len(files),
                sum(f.stat().st_size for f in kind.rglob("*") if f.is_file()),
            )
        return found

    def clean(self) -> int:
        """Remove every entry; returns bytes freed."""
        freed = sum(size for _, size in self.stats().values())
        if self.root.is_dir():
            for child in self.root.iterdir():
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
        return freed
