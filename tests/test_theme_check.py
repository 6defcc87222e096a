"""A theme the script names is checked by `check` as a render would load it, at its line."""

from __future__ import annotations

from tests.conftest import run_cli, write

SCRIPT = "---\ntitle: T\nsize: 320x180\ntheme: {theme}\n---\n## A\n\nHello there.\n"


def test_check_reports_an_unknown_theme_at_its_front_matter_line(tmp_path):
    write(tmp_path / "f3.md", SCRIPT.format(theme="ocean"))
    result = run_cli("check", "f3.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "error: f3.md:4: unknown theme 'ocean'" in result.stderr
    assert "1 error" in result.stderr


def test_render_names_the_script_line_of_an_unknown_theme(tmp_path):
    write(tmp_path / "f3.md", SCRIPT.format(theme="ocean"))
    result = run_cli("render", "f3.md", "--voice", "tone", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: f3.md:4: unknown theme 'ocean' — ")
    assert not (tmp_path / "f3.mp4").exists()


def test_check_reports_a_theme_file_that_does_not_load(tmp_path):
    write(tmp_path / "brand.toml", "[colours]\naccent = '#000000'\n")
    write(tmp_path / "f4.md", SCRIPT.format(theme="brand.toml"))
    result = run_cli("check", "f4.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "brand.toml:1: unknown theme table or key 'colours'" in result.stderr
