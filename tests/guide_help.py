"""The guide's generated blocks: every command's help, the registries' listings, the licences.

Run `python -m tests.guide_help` from the repository root to rewrite every block between
`<!-- help: COMMAND -->` and `<!-- /help -->`, every `<!-- list: voices|themes -->` block and
the licence table in the pages under render/guide/; tests/test_docs.py checks none has drifted.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "render" / "guide"
BLOCK = re.compile(r"(<!-- help: ([\w-]+) -->\n)```text\n.*?```\n(<!-- /help -->)", re.S)
LISTING = re.compile(r"(<!-- list: (voices|themes) -->\n)```text\n.*?```\n(<!-- /list -->)", re.S)
WIDTH = "100"


def pages() -> list[Path]:
    """Every guide page, in name order."""
    return sorted(GUIDE.glob("*.md"))


def help_text(command: str) -> str:
    """`scriptreel COMMAND --help` as printed in a 100-column terminal."""
    from scriptreel.render.cli.main import build_parser

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        parser = build_parser()
        if command == "scriptreel":
            return parser.format_help()
        return parser._subparsers._group_actions[0].choices[command].format_help()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


def listing(command: str) -> str:
    """What `scriptreel voices` or `scriptreel themes` prints: from the registries."""
    import contextlib
    import io

    from scriptreel.render.cli import commands

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        getattr(commands, command)()
    return out.getvalue()


def refreshed(text: str) -> str:
    """A page's text with every help block and registry listing regenerated."""
    text = BLOCK.sub(lambda m: f"{m[1]}```text\n{help_text(m[2])}```\n{m[3]}", text)
    return LISTING.sub(lambda m: f"{m[1]}```text\n{listing(m[2])}```\n{m[3]}", text)


def commands_in(text: str) -> list[str]:
    return [m[2] for m in BLOCK.finditer(text)]


def main() -> None:
    from tests import licences

    for page in pages():
        old = page.read_text(encoding="utf-8")
        new = refreshed(old)
        if new != old:
            page.write_text(new, encoding="utf-8")
            print(f"rewrote {page.relative_to(ROOT)}", file=sys.stderr)
    licences.main()


if __name__ == "__main__":
    main()
