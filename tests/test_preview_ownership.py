"""`preview` follows the render's ownership rules: a PNG the user made is never replaced."""

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
