"""The README and the guide stay true to the code: Quickstart, CI command and option help."""

from __future__ import annotations

import re
from pathlib import Path

from scriptreel.render.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = (ROOT / "render" / "guide" / "commands.md").read_text(encoding="utf-8")


def quickstart() -> list[str]:
    block = re.search(r"## Quickstart\n+```sh\n(.*?)```", README, re.S)[1]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_quickstart_is_two_commands_and_ci_runs_the_second():
    first, second = quickstart()
    assert "examples/" in first and "render" in first
    assert "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci.splitlines()


def test_example_named_in_quickstart_exists():
    path = re.search(r"render (examples/\S+)", quickstart()[0])[1]
    assert (ROOT / path).is_file()


def test_guide_help_blocks_are_what_the_program_prints():
    from scriptreel.media.voice import unregister_voice
    from tests.guide_help import pages, refreshed

    unregister_voice("tone")  # the tests' own engine is not in a user's help

    for page in pages():
        text = page.read_text(encoding="utf-8")
        assert refreshed(text) == text, f"{page.name}: run: python -m tests.guide_help"


def test_every_command_has_its_help_in_the_guide():
    from tests.guide_help import commands_in

    commands = build_parser()._subparsers._group_actions[0].choices
    assert sorted(commands_in(COMMANDS)) == sorted(commands)


def usage_lines() -> dict[str, str]:
    """The guide's Usage block: each command's text (its continuation lines joined)."""
    block = re.search(r"## Usage\n+```text\n(.*?)```", COMMANDS, re.S)[1]
    entries = re.split(r"\n(?=scriptreel )", block.strip())
    return {entry.split()[1]: entry for entry in entries}


def test_usage_block_lists_every_command_of_the_parser():
    commands = build_parser()._subparsers._group_actions[0].choices
    assert sorted(usage_lines()) == sorted(commands)


def test_usage_block_names_only_options_and_choices_the_commands_have():
    commands = build_parser()._subparsers._group_actions[0].choices
    for name, text in usage_lines().items():
        actions = commands[name]._actions
        known = {flag for action in actions for flag in action.option_strings}
        assert set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", text)) <= known, name
        for shown in re.findall(r"\[(\w+(?:\|\w+)+)\]", text):
            choices = next(a.choices for a in actions if a.choices and not a.option_strings)
            assert shown.split("|") == list(choices), name


def test_readme_first_script_is_the_example_file_and_checks_clean(tmp_path):
    from tests.conftest import run_cli

    block = re.search(r"## Your first script\n.*?```markdown\n(.*?)```", README, re.S)[1]
    first = ROOT / "examples" / "first.md"
    assert block == first.read_text(encoding="utf-8")
    result = run_cli("check", str(first), cwd=tmp_path)
    assert result.returncode == 0 and "0 errors, 0 warnings" in result.stdout + result.stderr


def test_readme_stays_a_five_minute_read():
    # Everything past the first five minutes belongs in a page of the guide (render/guide/).
    assert len(README.splitlines()) < 300
