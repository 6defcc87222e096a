"""Why a segment was rebuilt: what differs from the last render of the same video.

Each render keeps, per output, what its segments were made of (their narration's cache keys,
their card, where they started, how long they lasted, the keys of their video pieces) in
ROOT/renders/. The next render of that output compares each rebuilt segment with the segment
of the last render that said the same words, and names the first difference it finds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from scriptreel.render.store.cache import Kind, write_atomic


@dataclass(frozen=True)
class SegmentFacts:
    """What one segment of a render was made of."""

    narration: tuple[str, ...]
    """Cache keys of its sentences (the words as spoken, and the voice)."""
    card: str
    """Its title card's key."""
    start: int
    """Frame where it starts."""
    frames: int
    """Frames it lasts."""
    chunks: tuple[str, ...]
    """Keys of its video pieces (pictures, clips, call-outs, captions over its frames)."""


def record_path(root: Path, output: Path) -> Path:
    """Where the facts of the last render of `output` are kept."""
    name = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()
    return Path(root) / Kind.RENDERS.value / name[:2] / f"{name}.json"


def load_facts(path: Path) -> list[SegmentFacts] | None:
    """The facts of the last render, or None when there is no readable record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [SegmentFacts(**{k: _frozen(v) for k, v in item.items()}) for item in data]
    except (OSError, ValueError, TypeError):
        return None


def save_facts(path: Path, facts: Sequence[SegmentFacts]) -> None:
    """Keep this render's facts for the next render of the same output."""
    text = json.dumps([asdict(item) for item in facts])
    write_atomic(path, lambda temp: temp.write_text(text, encoding="utf-8"))


def reasons(
    now: Sequence[SegmentFacts], before: Sequence[SegmentFacts] | None, rebuilt: Sequence[bool]
) -> list[str]:
    """Per segment, why it was rebuilt ("" when it was not, or nothing earlier to compare)."""
    if before is None:
        return [""] * len(now)
    by_words = {}
    for item in before:
        by_words.setdefault(item.narration, item)
    return [
        _reason(item, by_words.get(item.narration), index < len(before)) if made else ""
        for index, (item, made) in enumerate(zip(now, rebuilt))
    ]


def _reason(now: SegmentFacts, then: SegmentFacts | None, existed: bool) -> str:
    if then is None:
        return "its text changed" if existed and now.narration else "it is new"
    if now.card != then.card:
        return "its card changed"
    if now.start != then.start:
        moved = now.start - then.start
        return f"its start moved {_frames(moved)} {'later' if moved > 0 else 'earlier'}"
    if now.frames != then.frames:
        grew = now.frames - then.frames
        return f"it became {_frames(grew)} {'longer' if grew > 0 else 'shorter'}"
    if now.chunks != then.chunks:
        return "its picture changed"
    return "its pieces were no longer in the cache"


def _frames(count: int) -> str:
    return "one frame" if abs(count) == 1 else f"{abs(count)} frames"


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def explain(root: Path, output: Path, planned, chunk_keys, card_key, rebuilt) -> list[str]:
    """Compare this render's segments (NarratedSegments, their pieces' keys, `card_key(segment)`)
    with the last render of `output`, keep them for the next, and say why each was rebuilt."""
    now = [
        SegmentFacts(
            tuple(item.narration_keys),
            card_key(item.segment),
            item.start_frame,
            item.frames,
            tuple(keys),
        )
        for item, keys in zip(planned, chunk_keys)
    ]
    path = record_path(root, output)
    before = load_facts(path)
    try:
        save_facts(path, now)
    except OSError:
        pass  # the reasons are a courtesy: a read-only cache still renders
    return reasons(now, before, rebuilt)
