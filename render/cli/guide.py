"""`scriptreel guide`: the guide's pages, shipped in the package, printed in the terminal."""

from __future__ import annotations

import argparse
import re
import sys
from difflib import get_close_matches
from importlib import resources

from scriptreel.render.cli.options import EXIT_OK, EXIT_USAGE, fail

HOME = "index"
"""The guide's first page: a topic like any other, left out of the list of topics."""

_COMMENT = re.compile(r"^<!--.*?-->\n", re.M)
_PICTURE = re.compile(r"!\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?")
_IMG_TAG = re.compile(r'<img [^>]*alt="([^"]*)"[^>]*>')
_PAGE_LINK = re.compile(r"\[([^\]]+)\]\(([\w-]+)\.md(#[\w-]+)?\)")
_ANCHOR_LINK = re.compile(r"\[([^\]]+)\]\(#[\w-]+\)")


def add_parser(commands) -> None:
    """Add `guide` to the CLI's subcommands."""
    guide = commands.add_parser(
        "guide",
        help="print a page of the guide",
        description="Print a page of the guide (the documentation that comes with scriptreel) "
        "in the terminal; with no TOPIC, list the topics.",
    )
    guide.add_argument(
        "topic", nargs="?", metavar="TOPIC", help="the page to print, e.g. beats or commands"
    )
    guide.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    pages = _pages()
    if args.topic is None:
        _show(_topics(pages))
        return EXIT_OK
    topic = args.topic.lower().removesuffix(".md")
    if topic not in pages:
        meant = get_close_matches(topic, list(pages), n=1, cutoff=0.5)
        hint = f"did you mean '{meant[0]}'? " if meant else ""
        fail(
            f"there is no guide topic '{args.topic}' — {hint}run 'scriptreel guide' for the list",
            EXIT_USAGE,
        )
    _show(for_terminal(pages[topic].read_text(encoding="utf-8")))
    return EXIT_OK


def _pages() -> dict:
    """Every page of the guide by its topic (the file name without .md)."""
    folder = resources.files("scriptreel.render").joinpath("guide")
    found = (page for page in folder.iterdir() if page.name.endswith(".md"))
    return {page.name.removesuffix(".md"): page for page in sorted(found, key=lambda p: p.name)}


def title(text: str) -> str:
    """A page's title: its first `# ` heading."""
    return next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")


def _topics(pages: dict) -> str:
    names = [name for name in pages if name != HOME]
    width = max(map(len, names))
    titles = [title(pages[name].read_text(encoding="utf-8")) for name in names]
    rows = [f"  {name:<{width}}  {heading}" for name, heading in zip(names, titles)]
    return "\n".join(["Topics (scriptreel guide TOPIC):", *rows]) + "\n"


def for_terminal(text: str) -> str:
    """A page as plain text for a terminal: generated-block markers out, pictures named by
    their description, links to other pages as the command that prints them."""
    text = _COMMENT.sub("", text)
    text = _PICTURE.sub(lambda m: f"[picture: {m[1]}]", text)
    text = _IMG_TAG.sub(lambda m: f"[picture: {m[1]}]", text)
    text = _PAGE_LINK.sub(lambda m: f"{m[1]} (scriptreel guide {m[2]})", text)
    return _ANCHOR_LINK.sub(lambda m: m[1], text)


def _show(text: str) -> None:
    """Print, through the user's pager when a person is reading a long page."""
    if sys.stdout.isatty() and text.count("\n") > 40:
        import pydoc

        pydoc.pager(text)
    else:
        sys.stdout.write(text)
