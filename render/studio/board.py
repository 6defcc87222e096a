"""The storyboard: every card and beat as a thumbnail with its estimated start time."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path

from scriptreel.media.card import card_text
from scriptreel.media.themes import Theme
from scriptreel.render.cli.checks import card_problems
from scriptreel.render.cli.preview import Tile, estimate, tiles
from scriptreel.render.settings import RenderSettings, resolve_theme
from scriptreel.script import Script

THUMB_WIDTH = 480
KEPT_THUMBS = 64


def thumb_size(size: tuple[int, int]) -> tuple[int, int]:
    """A card small enough to draw quickly, the shape of the video, with even sides."""
    scale = min(1.0, THUMB_WIDTH / size[0])
    return max(64, round(size[0] * scale / 2) * 2), max(64, round(size[1] * scale / 2) * 2)


def script_theme(script: Script, spec: str | None, fonts: tuple[Path, ...]):
    """The theme the studio's render would use: resolved as render resolves it."""
    return resolve_theme(RenderSettings(theme=spec, fonts=tuple(fonts)), script)


def storyboard(script: Script, size: tuple[int, int], version: str, theme: Theme) -> dict:
    """Every card and beat with its estimated start; per card the lines it covers."""
    seconds = estimate(script)
    shown = tiles(script, theme, every_card=True)
    found, cards, position = [], [], 0
    for index, (segment, duration) in enumerate(zip(script.segments, seconds)):
        card_tile = position
        found.append(_tile(position, index, "card", segment.line, shown[position], version))
        position += 1
        for beat in segment.beats:
            found.append(
                _tile(position, index, beat.kind.value, beat.line, shown[position], version)
            )
            position += 1
        cards.append(
            {
                "index": index,
                "number": segment.number,
                "title": segment.title,
                "line": segment.line,
                "start": round(shown[card_tile].start, 3),
                "duration": round(duration, 3),
                "sentences": [s.line for s in segment.sentences],
                "tile": card_tile,
                "thumb": found[card_tile]["thumb"],
            }
        )
    return {
        "cards": cards,
        "tiles": found,
        "duration": round(sum(seconds), 3),
        "size": list(size),
        "version": version,
    }


def _tile(position: int, segment: int, kind: str, line: int, tile: Tile, version: str) -> dict:
    return {
        "tile": position,
        "segment": segment,
        "kind": kind,
        "line": line,
        "label": tile.label,
        "start": round(tile.start, 3),
        "thumb": f"/api/tile/{position}.png?v={version}",
    }


def tile_keys(script: Script) -> list[tuple]:
    """Per tile, what its picture depends on, so an edit redraws only the tiles it changed.

    A picture or clip file is known by its size and modification time, so replacing it on disk
    redraws its tile too.
    """
    keys = []
    for segment in script.segments:
        card = card_text(script, segment)
        keys.append(("card", card))
        for beat in segment.beats:
            keys.append(("beat", segment.title, card, beat, _file_identity(beat.path)))
    return keys


def _file_identity(path: Path | None):
    try:
        info = path.stat() if path else None
    except OSError:
        return None
    return info and (info.st_size, info.st_mtime_ns)


class Thumbnails:
    """Storyboard pictures, kept by what they show so an edit redraws only its own tiles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, bytes] = OrderedDict()

    def png(self, script: Script, index: int, size, theme_spec, fonts) -> bytes:
        """Tile `index` (as numbered in the storyboard) as a PNG; IndexError if none."""
        keys = tile_keys(script)
        if not 0 <= index < len(keys):
            raise IndexError(index)
        key = (keys[index], tuple(size), theme_spec or script.settings.theme, fonts)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        theme = script_theme(script, theme_spec, fonts)
        buffer = io.BytesIO()
        tiles(script, theme)[index].draw(thumb_size(size)).convert("RGB").save(buffer, format="PNG")
        data = buffer.getvalue()
        with self._lock:
            self._kept[key] = data
            while len(self._kept) > KEPT_THUMBS:
                self._kept.popitem(last=False)
        return data


def check_cards(script: Script, size, theme_spec, fonts) -> list[str]:
    """Raise the first card error (a character no font has) as render would; return warnings."""
    return card_problems(script, size, script_theme(script, theme_spec, fonts))
