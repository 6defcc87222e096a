"""`preview` (and `init`) follow the render's output rules: a PNG the user made is never replaced,
and a folder in the way or a missing folder is one line."""

from __future__ import annotations

from PIL import Image

from tests.conftest import run_cli, write

SCRIPT = "---\nsize: 160x90\n---\n## A\n\nHello there.\n"


def _photo(path) -> bytes:
    Image.new("RGB", (32, 32), (10, 200, 10)).save(path)
    return path.read_bytes()


def test_preview_onto_a_users_photo_is_refused(tmp_path):
    # `preview -o photo.png` overwrote the user's picture.
    write(tmp_path / "t.md", SCRIPT)
    photo = _photo(tmp_path / "photo.png")
    result = run_cli("preview", "t.md", "-o", "photo.png", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "photo.png, which scriptreel did not write" in result.stderr
    assert (tmp_path / "photo.png").read_bytes() == photo
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.png", "t.md"]
    forced = run_cli("preview", "t.md", "-o", "photo.png", "--force", cwd=tmp_path)
    assert forced.returncode == 0 and (tmp_path / "photo.png").read_bytes() != photo


def test_preview_onto_an_existing_storyboard_the_user_made_is_refused(tmp_path):
    write(tmp_path / "t.md", SCRIPT)
    mine = _photo(tmp_path / "t.storyboard.png")
    result = run_cli("preview", "t.md", cwd=tmp_path)
    assert result.returncode == 2 and (tmp_path / "t.storyboard.png").read_bytes() == mine


def test_preview_replaces_its_own_storyboard_and_card(tmp_path):
    write(tmp_path / "t.md", SCRIPT)
    for args in ((), ("--card", "0")):
        assert run_cli("preview", "t.md", *args, cwd=tmp_path).returncode == 0
        write(tmp_path / "t.md", SCRIPT.replace("Hello", "Hi"))
        assert run_cli("preview", "t.md", *args, cwd=tmp_path).returncode == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        ".t.card0.png.scriptreel.json",
        ".t.storyboard.png.scriptreel.json",
        "t.card0.png",
        "t.md",
        "t.storyboard.png",
    ]


def _one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), (
        result.stderr
    )
    return lines[0]


def test_preview_into_a_missing_folder_is_one_line(tmp_path):
    write(tmp_path / "t.md", SCRIPT)
    line = _one_line_error(run_cli("preview", "t.md", "-o", "nodir/x.png", cwd=tmp_path))
    assert "the output folder does not exist" in line


def test_preview_onto_a_folder_is_one_line(tmp_path):
    write(tmp_path / "t.md", SCRIPT)
    (tmp_path / "x.png").mkdir()
    line = _one_line_error(run_cli("preview", "t.md", "-o", "x.png", "--force", cwd=tmp_path))
    assert "is a folder" in line and (tmp_path / "x.png").is_dir()


def test_init_onto_a_folder_or_into_a_missing_folder_is_one_line(tmp_path):
    write(tmp_path / "tr.txt", "Hello there. This is a transcript.\n")
    (tmp_path / "dd.md").mkdir()
    line = _one_line_error(run_cli("init", "tr.txt", "-o", "dd.md", "--force", cwd=tmp_path))
    assert "is a folder" in line and (tmp_path / "dd.md").is_dir()
    line = _one_line_error(run_cli("init", "tr.txt", "-o", "nodir/x.md", cwd=tmp_path))
    assert "the output folder does not exist" in line
