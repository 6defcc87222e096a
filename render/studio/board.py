"""The storyboard: cards as thumbnails with their start times, and sentence times after a render."""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from pathlib import Path

from media.card import card_text, render_card
from media.themes import load_theme
from render.checks import card_problems
from render.preview import estimate
from script import Script

THUMB_WIDTH = 480
KEPT_THUMBS = 64
_CUE = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d{3}) --> ")


def thumb_size(size: tuple[int, int]) -> tuple[int, int]:
    """A card small enough to draw quickly, the shape of the video, with even sides."""
    scale = min(1.0, THUMB_WIDTH / size[0])
    return max(64, round(size[0] * scale / 2) * 2), max(64, round(size[1] * scale / 2) * 2)


def script_theme(script: Script, spec: str | None, fonts: tuple[Path, ...]):
    # As render does: a theme from the command line is relative to where the user is.
    return load_theme(
        spec or script.settings.theme, script.path.parent if not spec else Path.cwd(), fonts
    )


def storyboard(script: Script, size: tuple[int, int], version: str) -> dict:
    """Every card with its estimated start, the lines it covers and its sentences' lines."""
    seconds = estimate(script)
    cards, start = [], 0.0
    for index, (segment, duration) in enumerate(zip(script.segments, seconds)):
        cards.append(
            {
                "index": index,
                "number": segment.number,
                "title": segment.title,
                "line": segment.line,
                "start": round(start, 3),
                "duration": round(duration, 3),
                "sentences": [s.line for s in segment.sentences],
                "thumb": f"/api/card/{index}.png?v={version}",
            }
        )
        start += duration
    return {"cards": cards, "duration": round(start, 3), "size": list(size), "version": version}


class Thumbnails:
    """Card pictures for the storyboard, kept by what they show so an edit redraws only its card."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, bytes] = OrderedDict()

    def png(self, script: Script, index: int, size, theme_spec, fonts) -> bytes:
        text = card_text(script, script.segments[index])
        key = (text, tuple(size), theme_spec or script.settings.theme, fonts)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        theme = script_theme(script, theme_spec, fonts)
        buffer = io.BytesIO()
        render_card(text, thumb_size(size), theme).save(buffer, format="PNG")
        data = buffer.getvalue()
        with self._lock:
            self._kept[key] = data
            while len(self._kept) > KEPT_THUMBS:
                self._kept.popitem(last=False)
        return data


def check_cards(script: Script, size, theme_spec, fonts) -> list[str]:
    """Raise the first card error (a character no font has) as render would; return warnings."""
    return card_problems(script, size, script_theme(script, theme_spec, fonts))


def cue_starts(vtt: Path) -> list[tuple[float, int]]:
    """(start seconds, word count) of every cue in a WebVTT file, in order."""
    cues: list[tuple[float, int]] = []
    lines = vtt.read_text(encoding="utf-8").splitlines() if vtt.exists() else []
    for number, line in enumerate(lines):
        match = _CUE.match(line)
        if not match:
            continue
        h, m, s, ms = map(int, match.groups())
        words = 0
        for text in lines[number + 1 :]:
            if not text.strip():
                break
            words += len(re.sub(r"<[^>]+>", " ", text).split())
        cues.append((h * 3600 + m * 60 + s + ms / 1000, words))
    return cues


def sentence_times(script: Script, segments: list[dict], vtt: Path) -> dict[int, float]:
    """Start time per sentence line, matching captions to sentences by counting words.

    Captions are one cue per sentence, or several when a long sentence is cut; they keep the
    author's words, so the running word count says where each sentence begins.
    """
    cues = cue_starts(vtt)
    times: dict[int, float] = {}
    for segment, report in zip(script.segments, segments):
        inside = [c for c in cues if report["start"] - 0.01 <= c[0] < report["end"]]
        position, counted, wanted = 0, 0, 0
        for sentence in segment.sentences:
            if position < len(inside):
                times.setdefault(sentence.line, round(inside[position][0], 3))
            wanted += len(sentence.text.split())
            while position < len(inside) and counted < wanted:
                counted += inside[position][1]
                position += 1
    return times
