"""Ownership follows the files: what scriptreel wrote is recognised however it is reached, and
what the user made is still never replaced."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from scriptreel.render import RenderSettings, UsageError, render_video
from scriptreel.render.store.cache import Cache, default_root
from scriptreel.render.store.output import sidecars
from scriptreel.render.store.ownership import foreign_outputs, record_path
from tests.conftest import write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"
EDITED = SCRIPT.replace("Hello there.", "Hello again.")


def _render(script: Path, out: Path | str, use_cache: bool = True, **kwargs):
    settings = RenderSettings(voice=ToneVoice(), use_cache=use_cache)
    return render_video(script, out, settings, **kwargs)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A project folder with a script rendered once, from inside it, by relative paths."""
    folder = tmp_path / "project"
    folder.mkdir()
    write(folder / "t.md", SCRIPT)
    monkeypatch.chdir(folder)
    _render(Path("t.md"), Path("t.mp4"))
    return folder


def _edit_and_render_again(folder: Path, out: Path | str | None = None, **kwargs):
    write(folder / "t.md", EDITED)
    summary = _render(folder / "t.md", out or folder / "t.mp4", **kwargs)
    assert not summary.up_to_date
    assert "Hello again." in (folder / "t.srt").read_text()
    return summary


def test_studio_after_the_command_line_renders_by_absolute_path(project):
    # The studio passes absolute paths; the record once kept the path as typed.
    _edit_and_render_again(project, project.resolve() / "t.mp4")


def test_rendering_from_another_folder_recognises_the_outputs(project, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _edit_and_render_again(project, Path("../project/t.mp4"))


def test_cache_clean_does_not_disown_the_outputs(project):
    Cache(default_root()).clean()
    _edit_and_render_again(project)


def test_another_cache_folder_does_not_disown_the_outputs(project, tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "other-cache"))
    _edit_and_render_again(project)


def test_no_cache_with_an_unusable_cache_folder_recognises_the_outputs(
    project, tmp_path, monkeypatch
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(blocker))
    _edit_and_render_again(project, use_cache=False)


def test_two_watchers_spelling_the_output_differently_take_turns(project):
    # `watch t.md -o t.mp4` beside the studio (absolute) or a second watch from elsewhere.
    _render(project / "t.md", project.resolve() / "t.mp4", force=False)
    write(project / "t.md", EDITED)
    _render(Path("t.md"), Path("t.mp4"))
    write(project / "t.md", SCRIPT)
    _render(project / "t.md", project.resolve() / "t.mp4")
    assert "Hello there." in (project / "t.srt").read_text()


def test_touch_on_an_output_keeps_it_ours_and_up_to_date(project):
    later = project.joinpath("t.mp4").stat().st_mtime + 100
    for path in (project / "t.mp4", *sidecars(project / "t.mp4")):
        os.utime(path, (later, later))
    assert _render(project / "t.md", project / "t.mp4").up_to_date
    _edit_and_render_again(project)


def test_a_moved_project_folder_keeps_its_outputs(project, tmp_path, monkeypatch):
    moved = tmp_path / "moved"
    monkeypatch.chdir(tmp_path)
    shutil.move(project, moved)
    assert _render(moved / "t.md", moved / "t.mp4").up_to_date
    _edit_and_render_again(moved)


def test_a_copied_project_folder_keeps_its_outputs(project, tmp_path, monkeypatch):
    # A copy has new inodes and times: the content digests recognise the files.
    copy = tmp_path / "copy"
    shutil.copytree(project, copy)
    assert _render(copy / "t.md", copy / "t.mp4").up_to_date
    _edit_and_render_again(copy)


def test_a_file_the_user_put_at_an_output_is_still_refused(project):
    (project / "t.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nMine\n")
    write(project / "t.md", EDITED)
    with pytest.raises(UsageError, match="t.srt, which scriptreel did not write"):
        _render(project / "t.md", project / "t.mp4")
    assert (project / "t.srt").read_text().endswith("Mine\n")
    assert foreign_outputs(project / "t.mp4", sidecars(project / "t.mp4")) == [project / "t.srt"]


def test_outputs_without_their_record_are_the_users(project):
    record_path(project / "t.mp4").unlink()
    with pytest.raises(UsageError, match="did not write"):
        _render(project / "t.md", project / "t.mp4")


def test_a_user_file_at_the_records_name_is_not_replaced(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    record = record_path(tmp_path / "t.mp4")
    record.write_text("my notes\n")
    with pytest.raises(UsageError, match="did not write"):
        _render(script, tmp_path / "t.mp4")
    assert record.read_text() == "my notes\n" and not (tmp_path / "t.mp4").exists()


def test_the_record_names_files_by_name_with_their_digests(project):
    data = json.loads(record_path(project / "t.mp4").read_text())
    assert data["format"] == "scriptreel output record"
    names = sorted(p.name for p in (Path("t.mp4"), *sidecars(Path("t.mp4"))))
    assert sorted(data["files"]) == names
    entry = data["files"]["t.srt"][0]
    assert entry["size"] == (project / "t.srt").stat().st_size and len(entry["sha256"]) == 64


def _old_record(out: Path) -> None:
    """The record an older version kept in the cache for `out`, typed as a relative path."""
    import hashlib

    files = {}
    for path in (out, *sidecars(out)):
        info = path.stat()
        files[path.name] = {
            "inode": info.st_ino,
            "size": info.st_size,
            "mtime_ns": info.st_mtime_ns,
        }
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest() + ".json"
    folder = default_root() / "outputs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"manifest": "old", "files": files}))


def test_outputs_of_an_older_version_are_recognised_by_its_record_in_the_cache(project):
    record_path(project / "t.mp4").unlink()
    _old_record(project / "t.mp4")
    _edit_and_render_again(project)
    assert record_path(project / "t.mp4").is_file()


def test_an_older_versions_record_does_not_cover_a_file_changed_since(project):
    record_path(project / "t.mp4").unlink()
    _old_record(project / "t.mp4")
    (project / "t.vtt").write_text("WEBVTT\n\nmine\n")
    with pytest.raises(UsageError, match="t.vtt, which scriptreel did not write"):
        _render(project / "t.md", project / "t.mp4")
