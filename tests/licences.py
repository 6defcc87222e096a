"""The guide's table of runtime dependencies and their licences, from the installed metadata.

Run `python -m tests.licences` (or `python -m tests.guide_help`, which regenerates every generated
block) from the repository root to rewrite the block between `<!-- licences -->` and
`<!-- /licences -->` in render/guide/licences.md; tests/test_licences.py checks it has not drifted.
Versions are left out on purpose: a fresh install may pick newer ones, with the same licences.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "render" / "guide" / "licences.md"
BLOCK = re.compile(r"(<!-- licences -->\n).*?(<!-- /licences -->)", re.S)
_CLASSIFIER = "License :: OSI Approved :: "


def runtime_dependencies() -> list[str]:
    """The distribution names in pyproject's [project] dependencies, in their order."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [re.match(r"[A-Za-z0-9._-]+", spec)[0] for spec in project["dependencies"]]


def licence(name: str) -> str:
    """A package's licence as its metadata states it: the SPDX expression, else a short
    License field, else its licence classifiers."""
    found = metadata.metadata(name)
    if found.get("License-Expression"):
        return found["License-Expression"].strip()
    field = (found.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60:
        return field
    classifiers = [
        c.removeprefix(_CLASSIFIER).removeprefix("License :: ")
        for c in found.get_all("Classifier") or []
        if c.startswith("License :: ")
    ]
    return " / ".join(classifiers) or "not stated"


def table() -> str:
    """The Markdown table: one row per runtime dependency."""
    rows = ["| package | licence (from its metadata) |", "| --- | --- |"]
    rows += [f"| `{name}` | {licence(name)} |" for name in runtime_dependencies()]
    return "\n".join(rows) + "\n"


def page_table(text: str) -> str | None:
    """The table as the page has it, or None when the block is missing."""
    found = BLOCK.search(text)
    return found[0].removeprefix(found[1]).removesuffix(found[2]) if found else None


def main() -> None:
    text = PAGE.read_text(encoding="utf-8")
    PAGE.write_text(BLOCK.sub(lambda m: m[1] + table() + m[2], text), encoding="utf-8")


if __name__ == "__main__":
    main()
