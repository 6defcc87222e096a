"""Files the user gave: content hashes for cache keys, and paths shown as the user wrote them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


QUICK_BYTES = 1 << 20
"""Bytes read from each end of a file by quick_digest."""


def quick_digest(path: Path, info: os.stat_result) -> str:
    """A digest of a file's size, modification time and first and last QUICK_BYTES: bounded
    work however large the file, and different whenever it is edited or replaced."""
    digest = hashlib.sha256(f"{info.st_size}:{info.st_mtime_ns}".encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(QUICK_BYTES))
        if info.st_size > 2 * QUICK_BYTES:
            handle.seek(info.st_size - QUICK_BYTES)
            digest.update(handle.read(QUICK_BYTES))
    return digest.hexdigest()


def shown(path: Path) -> str:
    """The path as the user most likely wrote it: relative when inside the working folder."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
