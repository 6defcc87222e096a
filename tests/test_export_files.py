"""Editor exports as files: what an edit rewrites, whose files are never replaced, bad names,
and the `export` command agreeing with `render --export`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scriptreel.render.editors import EDITORS
from tests.conftest import run_cli, write
from tests.tonevoice import ToneVoice

SCRIPT = """---
title: Tides
callouts: on
---

## The moon pulls

The moon pulls the sea toward it. **Twice a day** the water rises.

## The sun helps

The sun adds a smaller pull. Spring tides come when they line up.
"""
TINY = ("--voice", "tone", "--size", "320x180")


def _media(folder: Path) -> dict[str, tuple[int, str]]:
    """Each media file's modification time and digest, by name."""
    return {
        path.name: (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted((folder / "talk-media").iterdir())
        if not path.name.startswith(".")  # the record of what scriptreel wrote there
    }


def test_an_edited_sentence_rewrites_only_its_own_media(tmp_path):
    script = write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("render", "talk.md", "--export", "otio,mlt", *TINY, cwd=tmp_path).returncode == 0
    before = _media(tmp_path)
    write(script, SCRIPT.replace("a smaller pull", "a much smaller pull"))
    done = run_cli("export", "talk.md", "--format", "otio,mlt", *TINY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = _media(tmp_path)
    gone, new = set(before) - set(after), set(after) - set(before)
    assert len(gone) == 1 and len(new) == 1
    assert all(name.startswith("voice-") for name in gone | new)
    assert all(after[name] == before[name] for name in set(before) & set(after))
    assert "(1 media files written)" in done.stderr
    assert new.pop() in (tmp_path / "talk.mlt").read_text(encoding="utf-8")


def test_an_edit_in_kinetic_type_rewrites_its_voice_and_movie_only(tmp_path):
    script = write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("render", "talk.md", "--export", "mlt", *TINY, cwd=tmp_path).returncode == 0
    before = _media(tmp_path)
    assert sum(name.startswith("movie-") for name in before) == 1  # the call-out's segment
    write(script, SCRIPT.replace("the sea toward", "the whole sea toward"))
    done = run_cli("export", "talk.md", "--format", "mlt", *TINY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    after = _media(tmp_path)
    gone, new = set(before) - set(after), set(after) - set(before)
    assert sorted(name.split("-")[0] for name in gone) == ["movie", "voice"]
    assert sorted(name.split("-")[0] for name in new) == ["movie", "voice"]
    assert all(after[name] == before[name] for name in set(before) & set(after))


def test_export_command_writes_what_render_export_writes(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("render", "talk.md", "--export", "otio", *TINY, cwd=tmp_path).returncode == 0
    rendered = (tmp_path / "talk.otio").read_text(encoding="utf-8")
    (tmp_path / "talk.otio").unlink()
    assert run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=tmp_path).returncode == 0
    assert (tmp_path / "talk.otio").read_text(encoding="utf-8") == rendered


def test_export_command_encodes_no_video(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    done = run_cli("export", "talk.md", "--format", "edl,xges", *TINY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "talk.mp4").exists()
    assert (tmp_path / "talk.edl").is_file() and (tmp_path / "talk.xges").is_file()


def test_front_matter_export_names_the_timelines(tmp_path):
    write(tmp_path / "talk.md", SCRIPT.replace("callouts: on", "callouts: on\nexport: edl, mlt"))
    assert run_cli("render", "talk.md", *TINY, cwd=tmp_path).returncode == 0
    assert (tmp_path / "talk.edl").is_file() and (tmp_path / "talk.mlt").is_file()
    assert not (tmp_path / "talk.otio").exists()


@pytest.mark.parametrize("command", ["render", "export"])
def test_unknown_format_fails_listing_the_known_ones(tmp_path, command):
    write(tmp_path / "talk.md", SCRIPT)
    option = "--export" if command == "render" else "--format"
    done = run_cli(command, "talk.md", option, "otio,avi", *TINY, cwd=tmp_path)
    assert done.returncode == 2
    known = ", ".join(each.name for each in EDITORS)
    assert "'avi'" in done.stderr and known in done.stderr
    assert not (tmp_path / "talk.otio").exists()


def test_unknown_format_in_front_matter_fails_before_rendering(tmp_path):
    write(tmp_path / "talk.md", SCRIPT.replace("callouts: on", "callouts: on\nexport: avi"))
    done = run_cli("render", "talk.md", *TINY, cwd=tmp_path)
    assert done.returncode == 2 and "'avi'" in done.stderr
    assert not (tmp_path / "talk.mp4").exists()


def test_a_users_timeline_file_is_never_replaced(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    mine = write(tmp_path / "talk.mlt", "my own project\n")
    done = run_cli("export", "talk.md", "--format", "mlt", *TINY, cwd=tmp_path)
    assert done.returncode == 2 and "scriptreel did not write" in done.stderr
    assert mine.read_text(encoding="utf-8") == "my own project\n"
    assert (
        run_cli("export", "talk.md", "--format", "mlt", "--force", *TINY, cwd=tmp_path).returncode
        == 0
    )
    assert "<mlt" in mine.read_text(encoding="utf-8")


def test_a_users_file_in_the_media_folder_is_kept(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    (tmp_path / "talk-media").mkdir()
    notes = write(tmp_path / "talk-media" / "notes.txt", "keep me\n")
    assert run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=tmp_path).returncode == 0
    write(tmp_path / "talk.md", SCRIPT.replace("a smaller pull", "a much smaller pull"))
    assert run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=tmp_path).returncode == 0
    assert notes.read_text(encoding="utf-8") == "keep me\n"


def test_a_media_folder_that_is_a_file_is_refused(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    mine = write(tmp_path / "talk-media", "not a folder\n")
    done = run_cli("render", "talk.md", "--export", "otio", *TINY, cwd=tmp_path)
    assert done.returncode == 2 and "talk-media" in done.stderr
    assert mine.read_text(encoding="utf-8") == "not a folder\n"
    assert not (tmp_path / "talk.mp4").exists()


def test_a_changed_media_file_is_the_users_and_is_not_replaced(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=tmp_path).returncode == 0
    picture = next((tmp_path / "talk-media").glob("picture-*.png"))
    picture.write_bytes(b"retouched by hand")
    done = run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=tmp_path)
    assert done.returncode == 2 and picture.name in done.stderr
    assert picture.read_bytes() == b"retouched by hand"


def test_a_format_whose_adapter_is_missing_says_what_to_install(tmp_path, monkeypatch):
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "otio_fcp_adapter" else found(name, *rest),
    )
    write(tmp_path / "talk.md", SCRIPT)
    done = run_cli("render", "talk.md", "--export", "mlt,xml", *TINY, cwd=tmp_path)
    assert done.returncode == 2
    assert "otio_fcp_adapter" in done.stderr and "scriptreel[export]" in done.stderr


def test_batch_passes_export_through(tmp_path, capsys):
    import argparse

    from scriptreel.render.batch import command as batch

    write(tmp_path / "talk.md", SCRIPT)
    parser = argparse.ArgumentParser()
    batch.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["batch", str(tmp_path / "talk.md"), "--export", "xml,fcpxml,mlt", "--fps", "25"]
    )
    assert batch.run(args, voice=ToneVoice(), size=(320, 180)) == 0
    assert "talk-media" in (tmp_path / "talk.xml").read_text(encoding="utf-8")


def test_an_edl_at_a_rate_timecode_cannot_count_fails_before_rendering(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    done = run_cli("render", "talk.md", "--export", "edl", "--fps", "12", *TINY, cwd=tmp_path)
    assert done.returncode == 2 and "cannot hold 12 fps" in done.stderr
    assert not (tmp_path / "talk.mp4").exists()


def test_a_moved_folder_keeps_its_export_as_scriptreels(tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    write(first / "talk.md", SCRIPT)
    assert run_cli("export", "talk.md", "--format", "mlt,xml", *TINY, cwd=first).returncode == 0
    moved = first.rename(tmp_path / "moved")
    done = run_cli("export", "talk.md", "--format", "mlt,xml", *TINY, cwd=moved)
    assert done.returncode == 0, done.stderr
    assert "(0 media files written)" in done.stderr


def test_export_honours_allow_outside(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    from PIL import Image

    Image.new("RGB", (64, 36), (40, 90, 160)).save(tmp_path / "outside.png")
    write(project / "talk.md", SCRIPT + "\n![map](../outside.png)\n")
    assert run_cli("export", "talk.md", "--format", "otio", *TINY, cwd=project).returncode == 2
    done = run_cli("export", "talk.md", "--format", "otio", "--allow-outside", *TINY, cwd=project)
    assert done.returncode == 0, done.stderr
    assert (project / "talk.otio").is_file()


@pytest.mark.parametrize("where", ["timeline is a folder", "media is a broken link"])
def test_export_force_over_a_folder_or_a_broken_link_is_one_line(tmp_path, where):
    write(tmp_path / "talk.md", SCRIPT)
    if where == "timeline is a folder":
        (tmp_path / "talk.edl").mkdir()
    else:
        (tmp_path / "talk-media").symlink_to(tmp_path / "gone")
    done = run_cli("export", "talk.md", "--format", "edl", "--force", *TINY, cwd=tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert (tmp_path / "talk.edl").is_dir() or (tmp_path / "talk-media").is_symlink()


@pytest.mark.parametrize(
    ("absent", "verb"),
    [({"otio_xges_adapter"}, "is"), ({"opentimelineio", "otio_xges_adapter"}, "are")],
)
def test_missing_packages_message_says_are_for_two(monkeypatch, absent, verb):
    import importlib.util

    from scriptreel.render.editors import editor_formats
    from scriptreel.script import ScriptreelError

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name in absent else found(name, *rest),
    )
    with pytest.raises(ScriptreelError, match=f"which {verb} not installed"):
        editor_formats("xges")


def test_summary_names_the_export_and_an_export_on_an_up_to_date_video(tmp_path):
    import json

    write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("render", "talk.md", *TINY, cwd=tmp_path).returncode == 0
    added = run_cli("render", "talk.md", "--export", "mlt", *TINY, "-q", cwd=tmp_path)
    line = added.stderr.strip().splitlines()[-1]
    assert line.startswith("up to date: talk.mp4 (") and "video unchanged" in line
    assert "nothing changed" not in line
    assert "; exported talk.mlt talk-media/ (" in line and "files written)" in line
    again = run_cli("render", "talk.md", "--export", "mlt", *TINY, "--json", cwd=tmp_path)
    data = json.loads(again.stdout)
    data = data[0] if isinstance(data, list) else data
    assert data["exported"] == ["talk.mlt", "talk-media"] and data["export_written"] == []
    assert data["up_to_date"]


def test_done_line_names_the_exported_files(tmp_path):
    write(tmp_path / "talk.md", SCRIPT)
    done = run_cli("render", "talk.md", "--export", "mlt,edl", *TINY, "-q", cwd=tmp_path)
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("done: talk.mp4") and "; exported talk.mlt talk.edl talk-media/" in line


def test_an_export_that_fails_midway_leaves_no_timeline_it_did_not_record(tmp_path, monkeypatch):
    # The FCPXML writer failed after the OTIO and MLT files were written: they stayed on disk,
    # unrecorded, and every later export refused them as the user's.
    from scriptreel.render.editors import fcp7

    real = fcp7.write
    write(tmp_path / "talk.md", SCRIPT)
    assert run_cli("render", "talk.md", *TINY, cwd=tmp_path).returncode == 0

    def broken(plan, folder):
        raise RuntimeError("the writer broke")

    monkeypatch.setattr(fcp7, "write", broken)
    failed = run_cli("export", "talk.md", "--format", "otio,mlt,xml", *TINY, cwd=tmp_path)
    assert failed.returncode != 0
    assert not (tmp_path / "talk.otio").exists() and not (tmp_path / "talk.mlt").exists()
    monkeypatch.setattr(fcp7, "write", real)
    done = run_cli("export", "talk.md", "--format", "otio,mlt,xml", *TINY, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "talk.otio").exists() and (tmp_path / "talk.xml").exists()
