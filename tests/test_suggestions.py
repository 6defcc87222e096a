"""What the command line suggests after a slip: an even size of the same shape, the command a
script needs."""

from __future__ import annotations

import pytest
from conftest import run_cli, write

from scriptreel.script.values import BadValue, even_size, parse_size


@pytest.mark.parametrize(
    ("odd", "suggested"),
    [
        ((1280, 721), (1280, 720)),
        ((1281, 720), (1280, 720)),
        ((1919, 1081), (1920, 1080)),
        ((721, 1280), (720, 1280)),
        ((1081, 1081), (1080, 1080)),
        ((641, 333), (642, 334)),  # no common shape near: each odd side one larger
    ],
)
def test_odd_size_suggests_the_nearest_even_size_of_the_same_shape(odd, suggested):
    assert even_size(*odd) == suggested


def test_odd_size_1280x721_suggests_1280x720_not_1280x722(tmp_path):
    with pytest.raises(BadValue, match="e.g. 1280x720$"):
        parse_size("1280x721")
    result = run_cli("render", "talk.md", "--size", "1280x721", cwd=tmp_path)
    assert result.returncode == 2 and "e.g. 1280x720" in result.stderr


def test_a_script_without_a_command_suggests_render(tmp_path):
    write(tmp_path / "talk.md", "## A\n\nHello.\n")
    result = run_cli("talk.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: talk.md: 'talk.md' is not a command"
        " — to make its video, run: scriptreel render talk.md\n"
    )
    quoted = run_cli("my talk.txt", cwd=tmp_path)  # a script's suffix is enough
    assert "scriptreel render 'my talk.txt'" in quoted.stderr


def test_an_unknown_command_still_lists_the_commands(tmp_path):
    result = run_cli("xyzzy", "talk.md", cwd=tmp_path)  # close to no command
    assert result.returncode == 2 and "choose from 'render'" in result.stderr


def test_mistyped_option_names_the_closest_and_the_command_help(tmp_path):
    result = run_cli("render", "bread.md", "--szie", "640x360", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: unrecognized arguments: --szie 640x360"
        " — did you mean --size? see 'scriptreel render --help'\n"
    )


def test_mistyped_command_names_the_closest_command(tmp_path):
    result = run_cli("rendr", "x.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "error: 'rendr' is not a command — did you mean 'render'? see 'scriptreel --help'\n"
    )
