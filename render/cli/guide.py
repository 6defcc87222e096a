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
_SECTIONS_TOO = "A section is a topic too: scriptreel guide front-matter, charts, workers..."

_COMMENT = re.compile(r"^<!--.*?-->\n", re.M)
_PICTURE = re.compile(r"!\[([^\]]*)\]\([^)]*\)(\{[^}]*\})?")
_IMG_TAG = re.compile(r'<img [^>]*alt="([^"]*)"[^>]*>')
_PAGE_LINK = re.compile(r"\[([^\]]+)\]\(([\w-]+)\.md(#[\w-]+)?\)")
_ANCHOR_LINK = re.compile(r"\[([^\]]+)\]\(#[\w-]+\)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6}) (.+)$")


def add_parser(commands) -> None:
    """Add `guide` to the CLI's subcommands."""
    guide = commands.add_parser(
        "guide",
        help="print a page of the guide",
        description="Print a page of the guide (the documentation that comes with scriptreel) "
        "in the terminal; with no TOPIC, list the topics.",
    )
    guide.add_argument(
        "topic",
        nargs="?",
        metavar="TOPIC",
        help="a page (e.g. beats) or a section (e.g. front-matter)",
    )
    guide.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    pages = _pages()
    if args.topic is None:
        _show(_topics(pages))
        return EXIT_OK
    topic = args.topic.lower().removesuffix(".md").replace(" ", "-")
    texts = {name: page.read_text(encoding="utf-8") for name, page in pages.items()}
    if topic in texts:
        _show(for_terminal(texts[topic]))
        return EXIT_OK
    sections = {slug: part for text in texts.values() for slug, part in sections_of(text)}
    if topic in sections:
        _show(for_terminal(sections[topic]))
        return EXIT_OK
    meant = get_close_matches(topic, [*texts, *sections], n=1, cutoff=0.6)
    hint = f"did you mean '{meant[0]}'? " if meant else ""
    fail(
        f"there is no guide topic '{args.topic}' — {hint}run 'scriptreel guide' for the list",
        EXIT_USAGE,
    )


def sections_of(text: str) -> list[tuple[str, str]]:
    """Each `##` or deeper section of a page, as (its heading's anchor, its text up to the next
    heading of its level or above); headings inside fenced code are examples, not sections."""
    lines, fence, heads = text.splitlines(keepends=True), None, []
    for number, line in enumerate(lines):
        if found := _FENCE.match(line):
            fence = None if fence and found[1].startswith(fence) else fence or found[1]
        elif fence is None and (head := _HEADING.match(line)) and len(head[1]) > 1:
            heads.append((number, len(head[1]), anchor(head[2])))
    found = []
    for index, (start, level, slug) in enumerate(heads):
        end = next((n for n, lv, _ in heads[index + 1 :] if lv <= level), len(lines))
        found.append((slug, "".join(lines[start:end])))
    return found


def anchor(heading: str) -> str:
    """The #anchor a heading makes on the site and on GitHub: front-matter for Front matter."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


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
    lines = ["Topics (scriptreel guide TOPIC):", *rows, "", _SECTIONS_TOO]
    return "\n".join(lines) + "\n"


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
