"""`scriptreel check` reads like the script: in line order, with files as the author wrote them."""

from __future__ import annotations

from PIL import Image

from tests.conftest import run_cli, write

LONG_TITLE = "Averyveryverylongword " * 9


def _script(folder, body: str):
    (folder / "media").mkdir()
    Image.new("RGB", (64, 36), "red").save(folder / "media" / "pull.png")
    write(folder / "talk.md", body)


def test_check_findings_are_printed_in_line_order(tmp_path):
    _script(tmp_path, f"## One\n\nHello there.\n\n## {LONG_TITLE}\n\n![](media/pull.png)\nWords.\n")
    result = run_cli("check", "talk.md", "--size", "320x180", cwd=tmp_path)
    lines = [int(line.split(":")[2]) for line in result.stderr.splitlines()[:-1]]
    assert lines == [5, 7, 7]


def test_check_names_a_picture_by_the_path_written_in_the_script(tmp_path):
    _script(tmp_path, "## One\n\n![](media/pull.png)\nHello there.\n")
    result = run_cli("check", "talk.md", "--size", "320x180", cwd=tmp_path)
    assert "note: talk.md:3: picture media/pull.png (64x36)" in result.stderr
    assert "warning: talk.md:3: media/pull.png is 64x36" in result.stderr


def test_check_says_line_for_one_highlighted_line(tmp_path):
    code = "```python {highlight=2}\na = 1\nb = 2\n```\n"
    _script(tmp_path, f"## One\n\nHello there.\n\n{code}\nMore words.\n")
    result = run_cli("check", "talk.md", "--size", "320x180", cwd=tmp_path)
    assert "2 lines, line 2 highlighted" in result.stderr
