"""Files a script names stay inside its folder unless --allow-outside is given, and a file that
cannot be reached (a symlink loop) is one line and exit 2, never an internal error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from scriptreel.script import ScriptError, load_script
from tests.conftest import run_cli as cli
from tests.conftest import write


def _picture(path: Path, size=(64, 36)) -> Path:
    Image.new("RGB", size, (40, 90, 160)).save(path)
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    """A script's folder, with a private picture and a song beside it (outside it)."""
    folder = tmp_path / "project"
    folder.mkdir()
    _picture(tmp_path / "private.png")
    (tmp_path / "private.wav").write_bytes(b"RIFF" + bytes(64))
    return folder


@pytest.mark.parametrize(
    "target, what",
    [
        ("../private.png", "picture"),
        ("ABSOLUTE", "picture"),
        ("inside/../../private.png", "picture"),
    ],
)
def test_a_picture_outside_the_script_folder_is_refused_at_its_line(project, target, what):
    target = str(project.parent / "private.png") if target == "ABSOLUTE" else target
    (project / "inside").mkdir()
    write(project / "s.md", f"## A\n\nLook.\n\n![secret]({target})\n\nDone.\n")
    result = cli("check", "s.md", cwd=project)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert (
        lines[0].startswith("error: s.md:5: picture ") and "outside the script's folder" in lines[0]
    )
    assert "--allow-outside" in lines[0] and "Traceback" not in result.stderr


def test_a_symlink_inside_the_folder_to_a_file_outside_is_refused(project):
    (project / "innocent.png").symlink_to(project.parent / "private.png")
    write(project / "s.md", "## A\n\nLook.\n\n![x](innocent.png)\n\nDone.\n")
    with pytest.raises(ScriptError) as refused:
        load_script(project / "s.md")
    assert refused.value.line == 5 and str(project.parent / "private.png") in refused.value.problem


def test_allow_outside_on_the_command_line_lets_the_script_use_them(project):
    write(project / "s.md", "## A\n\nLook.\n\n![secret](../private.png)\n\nDone.\n")
    assert cli("check", "s.md", cwd=project).returncode == 2
    result = cli("check", "s.md", "--allow-outside", cwd=project)
    assert result.returncode == 0, result.stderr
    assert load_script(project / "s.md", allow_outside=True).segments[0].beats


def test_pictures_in_sub_folders_of_the_script_are_fine(project):
    (project / "media").mkdir()
    _picture(project / "media" / "map.png")
    write(project / "s.md", '## A {image="media/map.png"}\n\nLook.\n\n![m](media/map.png)\n')
    assert cli("check", "s.md", cwd=project).returncode == 0


@pytest.mark.parametrize(
    "front, line",
    [("music: ../private.wav", 2), ("title: T\ntheme: ../elsewhere.toml", 3)],
)
def test_music_and_theme_files_outside_the_folder_name_their_front_matter_line(
    project, front, line
):
    write(project.parent / "elsewhere.toml", 'base = "paper"\n')
    write(project / "s.md", f"---\n{front}\n---\n## A\n\nHello.\n")
    with pytest.raises(ScriptError) as refused:
        load_script(project / "s.md")
    assert refused.value.line == line and "outside the script's folder" in refused.value.problem


def test_a_heading_picture_outside_the_folder_is_refused(project):
    write(project / "s.md", '## A {image="../private.png"}\n\nHello.\n')
    with pytest.raises(ScriptError) as refused:
        load_script(project / "s.md")
    assert refused.value.line == 1


def test_a_theme_in_the_folder_cannot_draw_a_logo_from_outside_it(project):
    write(project / "look.toml", '[logo]\nimage = "../private.png"\n')
    write(project / "s.md", "---\ntheme: look.toml\n---\n## A\n\nHello.\n")
    result = cli("preview", "s.md", "-o", "board.png", "--size", "320x180", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "look.toml:2: file" in result.stderr and "outside the script's folder" in result.stderr
    allowed = cli(
        "preview", "s.md", "-o", "board.png", "--size", "320x180", "--allow-outside", cwd=project
    )
    assert allowed.returncode == 0, allowed.stderr


def test_a_theme_named_on_the_command_line_may_use_files_anywhere(project, tmp_path):
    write(tmp_path / "mine.toml", '[logo]\nimage = "private.png"\n')
    write(project / "s.md", "## A\n\nHello.\n")
    theme = str(tmp_path / "mine.toml")
    result = cli(
        "preview", "s.md", "-o", "b.png", "--size", "320x180", "--theme", theme, cwd=project
    )
    assert result.returncode == 0, result.stderr


def test_the_front_matter_cannot_allow_outside_files(project):
    write(project / "s.md", "---\nallow_outside: true\n---\n## A\n\nLook.\n")
    with pytest.raises(ScriptError) as refused:
        load_script(project / "s.md", allow_outside=True)
    assert refused.value.line == 2 and "--allow-outside" in refused.value.fix


# -- symlink loops --------------------------------------------------------------------------------


def _loop(folder: Path, name: str) -> None:
    os.symlink(name + ".other", folder / name)
    os.symlink(name, folder / (name + ".other"))


@pytest.mark.parametrize(
    "script, line",
    [
        ("## A\n\nLook.\n\n![x](loop.png)\n", 5),
        ('## A {image="loop.png"}\n\nHello.\n', 1),
        ("---\nmusic: loop.png\n---\n## A\n\nHello.\n", 2),
    ],
    ids=["picture", "card-picture", "music"],
)
def test_a_symlink_loop_is_one_line_not_an_internal_error(tmp_path, script, line):
    _loop(tmp_path, "loop.png")
    write(tmp_path / "s.md", script)
    result = cli("check", "s.md", cwd=tmp_path)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"error: s.md:{line}: ") and "not found" in result.stderr


def test_a_symlink_loop_as_a_theme_logo_names_the_theme_line(tmp_path):
    _loop(tmp_path, "logo.png")
    write(tmp_path / "look.toml", '[logo]\nimage = "logo.png"\n')
    write(tmp_path / "s.md", "---\ntheme: look.toml\n---\n## A\n\nHello.\n")
    result = cli("render", "s.md", "--size", "320x180", cwd=tmp_path)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert "look.toml:2: file 'logo.png' not found" in result.stderr


def test_deeply_nested_theme_toml_is_one_line(tmp_path):
    write(tmp_path / "look.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n")
    write(tmp_path / "s.md", "---\ntheme: look.toml\n---\n## A\n\nHello.\n")
    result = cli("render", "s.md", "--size", "320x180", cwd=tmp_path)
    assert result.returncode == 2 and "nested too deeply" in result.stderr, result.stderr


@pytest.mark.parametrize("command", [["watch", "a.md"], ["init", "a.txt"], ["render", "a.md"]])
def test_a_script_in_a_symlink_loop_is_one_line(tmp_path, command):
    _loop(tmp_path, "a.md")
    (tmp_path / "a.txt").symlink_to("a.md")
    result = cli(*command, cwd=tmp_path)
    assert result.returncode == 2 and "internal error" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_variant_theme_outside_the_folder_is_refused_at_the_variants_line(project):
    write(project.parent / "elsewhere.toml", 'base = "paper"\n')
    write(
        project / "s.md",
        "---\ntitle: T\nvariants:\n  - theme: ../elsewhere.toml\n---\n## A\n\nHi.\n",
    )
    with pytest.raises(ScriptError) as refused:
        load_script(project / "s.md")
    assert refused.value.line == 3 and "outside the script's folder" in refused.value.problem


def test_a_variant_theme_in_the_folder_cannot_draw_a_logo_from_outside_it(project):
    write(project / "look.toml", '[logo]\nimage = "../private.png"\n')
    write(
        project / "s.md",
        "---\nvariants:\n  - {theme: look.toml, size: 320x180}\n---\n## A\n\nHi.\n",
    )
    result = cli("render", "s.md", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "look.toml:2: file" in result.stderr and "outside the script's folder" in result.stderr


def test_the_studio_holds_the_script_s_theme_to_its_folder_too(project):
    from scriptreel.render.studio.board import script_theme

    write(project / "look.toml", '[logo]\nimage = "../private.png"\n')
    script = load_script(write(project / "s.md", "---\ntheme: look.toml\n---\n## A\n\nHi.\n"))
    with pytest.raises(ScriptError) as refused:
        script_theme(script, None, ())
    assert refused.value.line == 2 and "outside the script's folder" in refused.value.problem
