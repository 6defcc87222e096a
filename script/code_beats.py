"""Fenced code blocks as beats: the fence's syntax, its `{highlight=3-5}` and the code record."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.model import Sentence

FENCE_OPEN = "\x00```"
"""Marks a fence's opening line (its info string follows) as the Markdown reader hands it on;
script_text refuses NUL in the author's text, so it cannot clash."""
FENCE_CLOSE = "\x00/```"
"""Marks a fence's closing line."""
CODE_LINE = "\x00|"
"""Marks a line inside a fence (the line as written follows)."""
LINES_MARK = "\ue002"
"""Stands where a sentence's `{lines=7-9}` was taken out, so its sentence can be found later."""
CODE_ATTRIBUTES = ("highlight", "reveal")
"""What a code block (```` ```python {highlight=3-5} ````) may set."""
_INFO = re.compile(r"\s*([\w+#.-]*)\s*(?:\{(.*)\})?\s*$")
_SETTING = re.compile(r"\s*([A-Za-z_][\w-]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s}]+)")
_LINES = re.compile(r"\{\s*lines\s*=\s*([\d\s,-]{1,200})\}")
_SPAN = re.compile(r"(\d{1,5})(?:\s*-\s*(\d{1,5}))?$")


@dataclass
class CodeBlock:
    """A code block being read: its fence line, language, highlight and lines so far."""

    line: int
    language: str
    highlight: tuple[int, ...]
    reveal: bool = False
    lines: list[str] = field(default_factory=list)

    @classmethod
    def opened(cls, path: Path, number: int, info: str) -> CodeBlock:
        """The block a fence's info string (```` python {highlight=3-5} ````) opens."""
        found = _INFO.match(info)
        if found is None:
            raise ScriptError(
                path,
                number,
                f"cannot read the code fence's {info.strip()[:40]!r}",
                "write the language, then attributes in braces: ```python {highlight=3-5}",
            )
        settings = _settings(path, number, found[2] or "")
        highlight = settings.get("highlight", ())
        return cls(number, found[1].lower(), highlight, "reveal" in settings)

    def beat(self, path: Path, anchor: Anchor) -> Beat:
        """The code beat, shown from `anchor`; a highlight past the last line is an error."""
        lines = list(self.lines)
        while lines and not lines[-1].strip():
            lines.pop()
        beyond = [n for n in self.highlight if n > len(lines)]
        if beyond:
            raise ScriptError(
                path,
                self.line,
                f"the code block has {len(lines)} lines: it cannot highlight line {beyond[0]}",
                f"highlight lines 1 to {len(lines)}, e.g. {{highlight=1-{len(lines)}}}",
            )
        return Beat(
            BeatKind.CODE,
            anchor,
            self.line,
            items=tuple(lines),
            language=self.language,
            highlight=self.highlight,
            reveal=self.reveal,
        )


def _settings(path: Path, number: int, text: str) -> dict[str, tuple[int, ...]]:
    """`highlight=3-5` as its lines; `reveal=lines` as an empty entry."""
    found: dict[str, tuple[int, ...]] = {}
    position = 0
    while text[position:].strip():
        setting = _SETTING.match(text, position)
        if setting is None or setting[1] not in CODE_ATTRIBUTES:
            name = setting[1] if setting else text[position:].split()[0][:40]
            raise ScriptError(
                path,
                number,
                f"a code block has no attribute {name!r}",
                "a code block takes {highlight=3-5} (lines, ranges or both: 2,4-6)",
            )
        value = setting[2].strip("\"'")
        if setting[1] == "reveal" and value != "lines":
            raise ScriptError(
                path,
                number,
                f"a code block cannot be revealed by {value[:40]!r}",
                "write {reveal=lines} to show its lines one by one as the narration goes on",
            )
        found[setting[1]] = () if setting[1] == "reveal" else _lines(path, number, value)
        position = setting.end()
    return found


def _lines(path: Path, number: int, value: str) -> tuple[int, ...]:
    """`3-5,8` as the line numbers 3, 4, 5, 8."""
    picked: list[int] = []
    for part in value.split(","):
        span = _SPAN.match(part.strip())
        first, last = (int(span[1]), int(span[2] or span[1])) if span else (0, 0)
        if not span or first < 1 or last < first:
            raise ScriptError(
                path,
                number,
                f"highlight={value[:40]!r} is not a list of lines",
                "write line numbers from 1, as ranges or single lines: highlight=3-5,8",
            )
        picked += range(first, last + 1)
    return tuple(sorted(set(picked)))


def take_line_marks(path: Path, number: int, text: str) -> tuple[str, list[tuple[int, ...]]]:
    """The line with each `{lines=7-9}` replaced by LINES_MARK, and the lines each one asks to
    highlight."""
    picked: list[tuple[int, ...]] = []

    def mark(found: re.Match) -> str:
        picked.append(_lines(path, number, found[1].strip()))
        return LINES_MARK

    parts = _LINES.sub(mark, text).split(LINES_MARK)
    # The space before the mark goes with it: "the total {lines=4}." reads "the total."
    return LINES_MARK.join([p.rstrip(" \t") for p in parts[:-1]] + parts[-1:]), picked


def moved_highlight(path: Path, line: int, code: Beat | None, lines: tuple[int, ...]) -> Beat:
    """The code beat again with `lines` highlighted (shown from a later sentence)."""
    if code is None:
        raise ScriptError(
            path,
            line,
            "{lines=...} has no code block before it in its segment",
            "put the fenced code block first, then sentences ending in {lines=3-5}",
        )
    if max(lines) > len(code.items):
        raise ScriptError(
            path,
            line,
            f"the code block at line {code.line} has {len(code.items)} lines: "
            f"it cannot highlight line {max(lines)}",
            f"highlight lines 1 to {len(code.items)}",
        )
    return replace(code, highlight=lines, reveal=False, item_anchors=())


def with_reveals(beats: Sequence[Beat], sentences: Sequence[Sentence]) -> tuple[Beat, ...]:
    """Beats in order, each `{reveal=lines}` code block with the word each of its lines
    appears on: spread evenly over the words read from its start to the next beat's."""
    out = list(beats)
    for index, beat in enumerate(out):
        if beat.kind is BeatKind.CODE and beat.reveal and beat.items:
            later = [b.anchor for b in out[index + 1 :] if b.anchor != beat.anchor]
            words = _words_between(beat.anchor, later[0] if later else None, sentences)
            count = len(beat.items)
            anchors = [
                words[i * len(words) // count] if words else beat.anchor for i in range(count)
            ]
            out[index] = replace(beat, item_anchors=(beat.anchor, *anchors[1:]))
    return tuple(out)


def _words_between(start: Anchor, stop: Anchor | None, sentences: Sequence[Sentence]) -> list:
    found = []
    for number in range(start.sentence, len(sentences)):
        for word in range(len(sentences[number].text.split())):
            at = Anchor(number, word)
            if (number, word) < (start.sentence, start.word):
                continue
            if stop is not None and (number, word) >= (stop.sentence, stop.word):
                return found
            found.append(at)
    return found
