"""Formulas as beats: a `$$ ... $$` line, checked against matplotlib's mathtext when it is read."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from scriptreel.script.beats import Anchor, Beat, BeatKind
from scriptreel.script.errors import ScriptError

_FORMULA = re.compile(r"^\s*\$\$(.+?)\$\$\s*(?:\{\s*say\s*=\s*\"([^\"]*)\"\s*\})?\s*$")
_REASON = re.compile(r"(?:Exception|Error): (.+?)(?:, found .*?)?\s+\(at char (\d+)\)")


def formula_of(raw: str) -> tuple[str, str] | None:
    """A `$$ tex $$` line's formula and what its `{say="..."}` asks to be read (or "")."""
    found = _FORMULA.match(raw)
    if found is None or not found[1].strip():
        return None
    return found[1].strip(), (found[2] or "").strip()


@cache
def _parser():
    """matplotlib's mathtext parser: imported only when a script has a formula (it is slow to
    load)."""
    from matplotlib.mathtext import MathTextParser

    return MathTextParser("path")


def formula_beat(path: Path, line: int, tex: str, anchor: Anchor) -> Beat:
    """The formula beat, shown from `anchor`; what mathtext cannot draw is an error naming it."""
    try:
        parser = _parser()
    except ImportError:
        raise ScriptError(
            path,
            line,
            "formulas are drawn by matplotlib, which is not installed",
            "install it (pip install matplotlib), or take the $$ line out",
        ) from None
    try:
        parser.parse(f"${tex}$")
    except ValueError as error:
        found = _REASON.search(str(error))
        reason = f"{found[1]} (at character {int(found[2]) + 1})" if found else "it cannot be read"
        raise ScriptError(
            path,
            line,
            f"the formula cannot be drawn: {reason}",
            "write it in mathtext's TeX (fractions, powers, roots, Greek letters; no \\begin "
            "environments), with every brace closed",
        ) from None
    return Beat(BeatKind.FORMULA, anchor, line, items=(tex,))
