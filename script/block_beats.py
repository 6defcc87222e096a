"""Tables, charts, formulas and flows as the body reader meets them: lines taken out of the
narration (a flow's steps are read in its place)."""

from __future__ import annotations

from pathlib import Path

from scriptreel.script.beats import Anchor, Beat
from scriptreel.script.flow_beats import flow_beat, flow_of, flow_steps, spoken
from scriptreel.script.formula_beats import formula_beat, formula_of
from scriptreel.script.table_beats import TableBlock, chart_of, is_table_line


class BlockBeats:
    """What the body reader does with a table, its `{chart=...}` line and a `$$ ... $$` line;
    the reader provides the state named below and `end_groups`, `flush` and `_text`."""

    path: Path
    beats: list[Beat]
    sentences: list
    table: TableBlock | None

    def _table(self, number: int, raw: str) -> bool:
        """A table line, or the `{chart=...}` line after one: taken (True), not read aloud."""
        if is_table_line(raw):
            if self.table is None:
                self.end_groups()
                self.table = TableBlock(number)
            self.table.add(number, raw)
            return True
        chart = chart_of(raw) if self.table is not None else None
        self.end_table(chart)
        return chart is not None

    def end_table(self, chart: str | None) -> None:
        """The table read so far is a beat from the next word (a chart if `chart` names one)."""
        if self.table is not None:
            anchor = Anchor(len(self.sentences))
            self.beats.append(self.table.beat(self.path, anchor, chart))
            self.table = None

    def _formula(self, number: int, raw: str) -> bool:
        """A `$$ ... $$` line: a formula from the next word, its `{say="..."}` read there."""
        found = formula_of(raw)
        if found is None:
            return False
        self.end_groups()
        anchor = Anchor(len(self.sentences))
        self.beats.append(formula_beat(self.path, number, found[0], anchor))
        if found[1]:
            self._text(number, found[1], False)
            self.flush()
        return True

    def _flow(self, number: int, raw: str) -> bool:
        """A `{flow} A -> B` line: its steps read as one sentence, each box from its first word."""
        found = flow_of(raw)
        if found is None:
            return False
        steps = flow_steps(self.path, number, found)
        self.end_groups()
        self.flush()
        self.beats.append(flow_beat(number, steps, Anchor(len(self.sentences))))
        self._text(number, spoken(steps), False)
        self.flush()
        return True
