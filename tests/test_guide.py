"""The guide holds together: links and anchors resolve, every page is in the site, the site
builds in strict mode, and `scriptreel guide` prints the pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scriptreel.render.cli.guide import anchor
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "render" / "guide"
MKDOCS = ROOT / ".ci" / "mkdocs.yml"
DOCUMENTS = [ROOT / "README.md", *sorted(GUIDE.glob("*.md"))]

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img [^>]*src=\"([^\"]+)\"")


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, with inline code taken out."""
    kept, fence = [], None
    for line in text.splitlines():
        found = _FENCE.match(line)
        if found and fence is None:
            fence = found[1]
        elif found and fence and found[1].startswith(fence) and line.strip() == found[1]:
            fence = None
        elif fence is None:
            kept.append(_CODE_SPAN.sub("", line))
    return kept


def anchors(path: Path) -> set[str]:
    """The #anchors a page's headings get, as GitHub makes them (MkDocs makes the same for
    these pages; its strict build checks its own)."""
    found, counts = set(), {}
    for line in prose_lines(path.read_text(encoding="utf-8")):
        if re.match(r"#{1,6} ", line):
            slug = anchor(line.lstrip("#"))
            repeat = counts.get(slug, 0)
            found.add(f"{slug}-{repeat}" if repeat else slug)
            counts[slug] = repeat + 1
    return found


def links(path: Path) -> list[str]:
    text = "\n".join(prose_lines(path.read_text(encoding="utf-8")))
    return [m[1] or m[2] for m in _LINK.finditer(text)]


def broken(path: Path, target: str) -> str | None:
    """Why a relative link from `path` does not resolve, or None when it does."""
    if re.match(r"[a-z]+:", target):
        return None  # an address on the web: not checked offline
    file, _, anchor = target.partition("#")
    linked = (path.parent / file).resolve() if file else path
    if not linked.exists():
        return f"{target}: no such file"
    if anchor and linked.suffix == ".md" and anchor not in anchors(linked):
        return f"{target}: no heading makes #{anchor}"
    return None


def test_every_relative_link_and_anchor_resolves():
    problems = [
        f"{path.relative_to(ROOT)}: {why}"
        for path in DOCUMENTS
        for target in links(path)
        if (why := broken(path, target))
    ]
    assert not problems, "\n".join(problems)


def test_the_link_check_finds_a_missing_file_and_a_missing_anchor(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Page\n\n## A part: here\n\nSee [x](other.md), `[y](gone.md)`.\n")
    (tmp_path / "other.md").write_text("# Other\n")
    assert links(page) == ["other.md"]  # inline code is not a link
    assert broken(page, "#a-part-here") is None
    assert broken(page, "#a-part") == "#a-part: no heading makes #a-part"
    assert broken(page, "missing.md") == "missing.md: no such file"
    assert broken(page, "other.md#nowhere") == "other.md#nowhere: no heading makes #nowhere"


def _nav_pages(entries) -> list[str]:
    found = []
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        found += _nav_pages(value) if isinstance(value, list) else [value]
    return found


def test_every_guide_page_is_in_the_site_navigation_once():
    config = yaml.safe_load(MKDOCS.read_text(encoding="utf-8"))
    pages = _nav_pages(config["nav"])
    assert sorted(pages) == sorted(path.name for path in GUIDE.glob("*.md"))
    assert config["strict"] is True
    assert (MKDOCS.parent / config["docs_dir"]).resolve() == GUIDE


def test_the_site_builds_in_strict_mode(tmp_path):
    pytest.importorskip("mkdocs")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(MKDOCS)]
        + ["-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "examples" / "lookbook.png").is_file()  # pictures from examples/


def test_the_front_matter_table_names_every_key():
    from scriptreel.script.front_matter import FRONT_MATTER_KEYS

    page = (GUIDE / "script-format.md").read_text(encoding="utf-8")
    table = re.search(r"## Front matter\n.*?\n\| key \|.*?\n\n", page, re.S)[0]
    shown = re.findall(r"^\| (.*?) \|", table, re.M)[2:]
    named = [key for cell in shown for key in re.findall(r"`(\w+)`", cell)]
    assert sorted(named) == sorted(FRONT_MATTER_KEYS)


def test_the_readme_commands_table_names_every_command():
    from scriptreel.render.cli.main import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"## Commands\n\n(\|.*?)\n\n", readme, re.S)[1]
    named = set(re.findall(r"`scriptreel ([\w-]+)", table))
    assert named == set(build_parser()._subparsers._group_actions[0].choices)


def test_guide_lists_every_topic(tmp_path):
    result = run_cli("guide", cwd=tmp_path)
    assert result.returncode == 0
    listed = re.findall(r"^  ([\w-]+) ", result.stdout, re.M)
    assert sorted(listed) == sorted(p.stem for p in GUIDE.glob("*.md") if p.stem != "index")
    assert "  exports          Editor timelines" in result.stdout


def test_guide_prints_a_page_for_the_terminal(tmp_path):
    result = run_cli("guide", "studio", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("# The studio\n")
    assert "[picture: The studio at 1280x800]" in result.stdout
    assert "../../examples" not in result.stdout
    commands = run_cli("guide", "commands", cwd=tmp_path).stdout
    assert "<!--" not in commands and "usage: scriptreel guide [-h] [TOPIC]" in commands
    beats = run_cli("guide", "beats.md", cwd=tmp_path).stdout
    assert "(scriptreel guide transcripts)" in beats and "](transcripts.md" not in beats


def test_guide_refuses_an_unknown_topic_with_a_suggestion(tmp_path):
    result = run_cli("guide", "beat", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: there is no guide topic 'beat' — did you mean 'beats'? "
        "run 'scriptreel guide' for the list\n"
    )
    assert "did you mean" not in run_cli("guide", "zzzz", cwd=tmp_path).stderr


def test_guide_prints_a_section_named_by_its_heading(tmp_path):
    result = run_cli("guide", "front-matter", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("## Front matter\n")
    assert "## Sentences and text for speech" not in result.stdout  # it stops at the next one
    # a heading inside an example script is not a section
    assert run_cli("guide", "the-moon-pulls-unevenly", cwd=tmp_path).returncode == 2
