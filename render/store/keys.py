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

from scriptreel.render.beat_kinds import card_code
from scriptreel.render.store.cache import Kind, cache_key

_SENTENCE = (
    "scriptreel.media.alignment",
    "scriptreel.media.estimate",
    "scriptreel.media.loudness",
    "scriptreel.media.words",
    "scriptreel.media.voice.gtts",
    "scriptreel.media.voice.piper",
    "scriptreel.media.voice.piper_model",
    "scriptreel.render.sound.audio",
)
"""What shapes a spoken sentence: one entry (Kind.NARRATION) holds both its audio and its word
times; the code that lays sentences out shapes no entry and is not here."""

CODE: dict[Kind, tuple[str, ...]] = {
    Kind.NARRATION: _SENTENCE,
    Kind.CARD: (
        "scriptreel.media.card",
        "scriptreel.media.layout",
        "scriptreel.media.textfit",
        "scriptreel.media.fonts",
        "scriptreel.media.pictures",
        "scriptreel.media.themes",
        "scriptreel.media.beats",
        "scriptreel.media.beat_cards",
        "scriptreel.media.beat_text",
        "scriptreel.media.framing",
        "scriptreel.media.word_captions",
        "scriptreel.media.kinetic",
        "scriptreel.script.facts",
        "scriptreel.media.grid",
        "scriptreel.media.callouts",
        "scriptreel.media.data_callouts",
        "scriptreel.media.speaker_caption",
        "scriptreel.media.subject",
        "scriptreel.render.video.frames",
        "scriptreel.render.beat_kinds",
        *card_code(),
    ),
    Kind.CHUNK: (
        "scriptreel.render.encode.assemble",
        "scriptreel.render.encode.h264",
        "scriptreel.render.encode.sequence",
        "scriptreel.render.video.pieces",
        "scriptreel.render.video.moving",
        "scriptreel.render.video.layered",
        "scriptreel.render.video.fades",
        "scriptreel.media.clips",
        "scriptreel.render.beat_kinds",
        *card_code(),
    ),
    Kind.SEGMENT: ("scriptreel.render.encode.assemble", "scriptreel.render.video.segments"),
    Kind.MUSIC: ("scriptreel.render.sound.mixing", "scriptreel.media.loudness"),
    Kind.AUDIO: ("scriptreel.render.sound.aac",),
    Kind.OUTPUTS: (
        "scriptreel.render.pipeline",
        "scriptreel.render.timeline",
        "scriptreel.render.timeline_value",
        "scriptreel.render.exports",
        "scriptreel.media.captions",
        "scriptreel.render.narration",
        "scriptreel.render.sound.audio",
        "scriptreel.render.sound.aac",
        "scriptreel.render.encode.assemble",
        "scriptreel.render.sound.mixing",
    ),
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
def code_digest(kind: Kind) -> str:
    """One digest over the source of every module that shapes `kind`."""
    joined = ",".join(f"{name}={module_digest(name)}" for name in CODE[kind])
    return hashlib.sha256(joined.encode()).hexdigest()


def entry_key(kind: Kind, **parts) -> str:
    """The cache key of an entry of `kind` with these inputs and the code that shapes it."""
    return cache_key(kind.value, code=code_digest(kind), **parts)


_FILE_HASHES: dict[tuple[Path, int, int], str] = {}


def file_hash(path: Path) -> str:
    """A file's SHA-256, hashed again whenever it changes on disk (`watch` keeps running)."""
    from scriptreel.render.store.cache import file_digest

    info = path.stat()
    stamp = (path.resolve(), info.st_mtime_ns, info.st_size)
    if stamp not in _FILE_HASHES:
        _FILE_HASHES[stamp] = file_digest(path)
    return _FILE_HASHES[stamp]


def portable(data) -> object:
    """Key data with every file path replaced by its content's hash: a key must not change when
    a project is copied or moved, or the package is installed somewhere else."""
    if isinstance(data, Path):
        return {"file": file_hash(data)} if data.is_file() else {"missing": data.name}
    if isinstance(data, Enum):
        return data.value
    if isinstance(data, dict):
        return {str(key): portable(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [portable(value) for value in data]
    if data is None or isinstance(data, (str, int, float, bool)):
        return data
    return str(data)
