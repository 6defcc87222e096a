"""Markdown tables as beats: a table card whose rows build up, or a chart (`{chart=bar}`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.errors import ScriptError
from scriptreel.script.model import Sentence

CHARTS = ("bar", "line", "pie")
"""The charts a table can be drawn as."""
GROWTH_STEPS = 4
"""A chart's bars, points or slices grow in over this many stills, one a word from its own."""
_ROW = re.compile(r"^\s*\|")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CHART = re.compile(r"^\s*\{\s*chart\s*=\s*([\"']?)([^\s}\"']*)\1\s*\}\s*$")
_NUMBER = re.compile(
    r"^([-+−]?)\s*[$€£¥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(bn|[kKMB]\b|[^\d\s]{0,12})\s*$"
)
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9}


def is_table_line(raw: str) -> bool:
    """A line of a Markdown table: it starts with `|`."""
    return bool(_ROW.match(raw))


def chart_of(raw: str) -> str | None:
    """The chart a `{chart=...}` line asks for (an empty name if it names none), else None."""
    found = _CHART.match(raw)
    return found[2].lower() if found else None


def number(text: str) -> float | None:
    """A cell's number: "1,200" 1200, "12%" 12, "$3.5M" 3500000, "-4 km" -4; None if it is
    not one."""
    found = _NUMBER.match(text.strip())
    if found is None:
        return None
    sign, whole, fraction, unit = found.groups()
    value = float(whole.replace(",", "") + (fraction or ""))
    value *= _SCALE.get(unit, 1.0)
    return -value if sign in ("-", "−") else value


def _cells(raw: str) -> tuple[str, ...]:
    text = raw.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    parts = re.split(r"(?<!\\)\|", text)
    return tuple(part.replace("\\|", "|").strip() for part in parts)


@dataclass
class TableBlock:
    """A table being read: the line it starts on and its rows so far (header first)."""

    line: int
    rows: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    def add(self, number: int, raw: str) -> None:
        """One more line of the table; the `|---|` rule under the header is left out."""
        if not (len(self.rows) == 1 and _RULE.match(raw)):
            self.rows.append((number, _cells(raw)))

    def beat(self, path: Path, anchor: Anchor, chart: str | None = None) -> Beat:
        """The table beat, or its chart, shown from `anchor`."""
        width = max(len(cells) for _, cells in self.rows)
        rows = tuple(cells + ("",) * (width - len(cells)) for _, cells in self.rows)
        if len(rows) < 2:
            raise ScriptError(
                path,
                self.line,
                "the table has a header but no rows",
                "write a row under the header, e.g. | Tide | 1.2 m |",
            )
        if chart is None:
            return Beat(BeatKind.TABLE, anchor, self.line, cells=rows)
        values = self._values(path, chart, rows)
        return Beat(BeatKind.CHART, anchor, self.line, cells=rows, chart=chart, values=values)

    def _values(self, path: Path, chart: str, rows) -> tuple[tuple[float, ...], ...]:
        """Each row's numbers (after its label); a cell that is not one is an error at its line."""
        if chart not in CHARTS:
            raise ScriptError(
                path,
                self.rows[-1][0] + 1,
                f"there is no chart {chart[:40]!r}",
                "write {chart=bar}, {chart=line} or {chart=pie} on the line after the table",
            )
        if len(rows[0]) < 2:
            raise ScriptError(
                path,
                self.line,
                "a chart's table needs a label column and at least one number column",
                "add a column of numbers, e.g. | Year | Visitors |",
            )
        values = []
        for (line, _), row in zip(self.rows[1:], rows[1:]):
            numbers = tuple(number(cell) for cell in row[1:])
            if None in numbers:
                bad = row[1 + numbers.index(None)]
                raise ScriptError(
                    path,
                    line,
                    f"the chart's cell {bad[:40]!r} is not a number",
                    "write a number, with units or separators if you like: 1,200, 12%, $3.5M",
                )
            if chart == "pie" and numbers[0] < 0:
                raise ScriptError(
                    path, line, f"a pie cannot show {row[1]!r}", "a pie's numbers are 0 or more"
                )
            values.append(numbers)
        return tuple(values)


def with_row_anchors(beats: Sequence[Beat], sentences: Sequence[Sentence]) -> tuple[Beat, ...]:
    """Beats in order; a table's header and first row appear on its word and each further row on
    the first word of each sentence that follows (before the next beat; rows left over come with
    the last); a chart grows over the GROWTH_STEPS words from its own."""
    out = list(beats)
    for index, beat in enumerate(out):
        later = [b.anchor for b in out[index + 1 :] if b.anchor != beat.anchor]
        stop = later[0].sentence if later else len(sentences)
        if beat.kind is BeatKind.TABLE:
            starts = [s for s in range(beat.anchor.sentence + 1, stop)]
            count = len(beat.cells) - 1
            anchors = [Anchor(s) for s in starts[: count - 1]]
            anchors += [anchors[-1] if anchors else beat.anchor] * (count - 1 - len(anchors))
            out[index] = replace(beat, item_anchors=(beat.anchor, *anchors))
        elif beat.kind is BeatKind.CHART:
            words = _words_from(beat.anchor, sentences)[:GROWTH_STEPS]
            words += [words[-1] if words else beat.anchor] * (GROWTH_STEPS - len(words))
            out[index] = replace(beat, item_anchors=(beat.anchor, *words[1:]))
    return tuple(out)


def _words_from(start: Anchor, sentences: Sequence[Sentence]) -> list[Anchor]:
    found = []
    for number in range(start.sentence, len(sentences)):
        first = start.word if number == start.sentence else 0
        count = len(sentences[number].text.split())
        found += [Anchor(number, word) for word in range(first, count)]
        if len(found) >= GROWTH_STEPS:
            break
    return found
