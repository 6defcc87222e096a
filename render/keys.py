"""Cache keys from one table: each kind of entry, and the modules whose code shapes it.

A key hashes exactly what determines an entry: its inputs, passed by the caller, and the source
of every module in CODE for its kind. Moving code between modules, or changing it, therefore
changes the keys of the entries it shapes, so a stale entry can never be reused.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from .cache import cache_key


class EntryKind(Enum):
    """The kinds of entry in the cache; each is a folder of the cache root."""

    NARRATION = "narration"
    """One sentence spoken, resampled and loudness-normalised (.npy)."""
    CARD = "card"
    """A card, or a card with a burned caption (.png)."""
    CHUNK = "chunk"
    """Video-only H.264 frames of one piece of a segment (.mp4)."""
    SEGMENT = "segment"
    """A segment's chunks joined by stream copy (.mp4)."""
    MUSIC = "music"
    """The music bed decoded and normalised (.npy)."""
    OUTPUT = "output"
    """The manifest of a whole video: every key and the timeline (never stored as a file)."""


CODE: dict[EntryKind, tuple[str, ...]] = {
    EntryKind.NARRATION: ("media.loudness", "render.audio", "render.narration"),
    EntryKind.CARD: ("media.card", "media.fonts", "media.themes"),
    EntryKind.CHUNK: ("render.assemble", "render.pieces"),
    EntryKind.SEGMENT: ("render.assemble", "render.pieces"),
    EntryKind.MUSIC: ("render.mixing", "media.loudness"),
    EntryKind.OUTPUT: ("render.pipeline", "render.timeline", "render.narration", "render.audio"),
}
"""Modules whose code shapes each kind of entry (a test checks every name imports)."""


@cache
def module_digest(name: str) -> str:
    """SHA-256 of a module's source file."""
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise LookupError(f"module {name} has no source file")
    return hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest()


@cache
def code_digest(kind: EntryKind) -> str:
    """One digest over the source of every module that shapes `kind`."""
    joined = ",".join(f"{name}={module_digest(name)}" for name in CODE[kind])
    return hashlib.sha256(joined.encode()).hexdigest()


def entry_key(kind: EntryKind, **parts) -> str:
    """The cache key of an entry of `kind` with these inputs and the code that shapes it."""
    return cache_key(kind.value, code=code_digest(kind), **parts)
