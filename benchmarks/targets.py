"""The performance targets, each a ratio of two runs of one benchmark, and their table.

A target names the run it measures and the run it is measured against (both medians of the
same rounds, so they saw the same machine), its limit, and what it means; `table` prints each
beside its figure and the voice alone on the same script, the floor no render goes under.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    name: str
    """What is promised, in a few words."""
    run: tuple[str, str]
    """(script, run) measured."""
    base: tuple[str, str] | None
    """(script, run) it is a ratio of; None: an absolute peak in MB."""
    limit: float
    """At most this ratio (or MB)."""
    field: int = 0
    """0: wall seconds; 1: peak memory of the process tree (MB)."""


TARGETS = (
    Target("cold render / voice alone", ("short", "cold"), ("short", "voice"), 1.25),
    Target("line captions / without", ("short", "lines"), ("short", "cold"), 1.2),
    Target("word captions 9:16 / 9:16 without", ("short", "words"), ("short", "tall"), 1.3),
    Target("--motion / without", ("short", "motion"), ("short", "cold"), 1.3),
    Target("pictures and a clip / without", ("tides", "cold"), ("bare", "cold"), 1.5),
    Target("edit under music+captions / edit", ("music", "edit"), ("plain", "edit"), 1.5),
    Target("30-min edit / 4-min edit", ("long", "edit"), ("short", "edit"), 1.5),
    Target("30-min peak / 4-min peak", ("long", "cold"), ("short", "cold"), 1.1, field=1),
    Target("30-min peak / 4-min, big size", ("long", "big"), ("short", "big"), 1.1, field=1),
    Target("4-min peak at the big size (MB)", ("short", "big"), None, 700.0, field=1),
    Target("2 voice processes / 1 (16 cores: 0.5)", ("short", "jobs4"), ("short", "cold"), 1.0),
    Target("plain render / the other checkout", ("short", "cold"), ("short", "compare"), 1.05),
)
"""Every target of the benchmark. On a machine of two cores, two voice processes must not be
slower than one (the 0.5 of a 16-core machine cannot be measured there)."""


def figure(rows: dict, target: Target) -> tuple[float, float] | None:
    """(the target's figure, the voice alone on its script in seconds), or None if a run is
    missing (not made in this benchmark: --only, no --compare, --no-big)."""
    script, run = target.run
    if (script, run) not in rows:
        return None
    value = rows[(script, run)][target.field]
    if target.base is not None:
        if target.base not in rows:
            return None
        value /= rows[target.base][target.field]
    voice = rows.get((script, "voice"), rows.get(("short", "voice"), (float("nan"),)))[0]
    return value, voice


def table(rows: dict) -> list[str]:
    """One line per target: its figure, the limit, met or missed, and the voice alone."""
    lines = [f"  {'target':<40} {'figure':>8} {'limit':>7}  {'':<6} {'voice s':>7}"]
    for target in TARGETS:
        found = figure(rows, target)
        if found is None:
            lines.append(f"  {target.name:<40} {'-':>8} {target.limit:7.2f}  not run")
            continue
        value, voice = found
        met = "met" if value <= target.limit else "MISSED"
        lines.append(f"  {target.name:<40} {value:8.2f} {target.limit:7.2f}  {met:<6} {voice:7.1f}")
    return lines
