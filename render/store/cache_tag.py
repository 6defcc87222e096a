"""The cache root's CACHEDIR.TAG: the mark that lets scriptreel clean a folder at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by scriptreel.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)


def is_tagged(root: Path) -> bool:
    """Whether ROOT carries scriptreel's CACHEDIR.TAG."""
    try:
        text = (Path(root) / TAG_NAME).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return text.startswith(TAG.splitlines()[0]) and "scriptreel" in text


def write_tag(root: Path) -> None:
    """Tag ROOT, the tag appearing whole by one rename."""
    handle, name = tempfile.mkstemp(dir=root, prefix=f".{TAG_NAME}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(TAG)
        os.replace(name, Path(root) / TAG_NAME)
    finally:
        Path(name).unlink(missing_ok=True)


def tag_if_ours(root: Path, ours: Callable[[Path], bool] = lambda child: False) -> None:
    """Tag ROOT if it holds nothing but another writer's tag in progress and the children that
    `ours` vouches for: a folder holding anything of the user's is never tagged."""
    if is_tagged(root):
        return
    if all(child.name.startswith(f".{TAG_NAME}.") or ours(child) for child in Path(root).iterdir()):
        write_tag(root)
