"""Clean-up removes only what is provably scriptreel's: work folders holding its own lock file,
under a cache root carrying its tag."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.store.cache import Cache, is_tagged
from scriptreel.render.store.locks import LOCK_NAME, LOCK_SIGNATURE, remove_stale_work, work_folder
from tests.conftest import write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"


def _users_run_folders(home: Path) -> list[Path]:
    """What a user may keep in ~/tmp: folders named run-*, one even holding a file `lock`."""
    folders = [home / "tmp" / "run-x", home / "tmp" / "run-2024-01-01", home / "tmp" / ".run-old"]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "results.csv").write_text("years of work")
    (folders[0] / "lock").write_text("")
    (folders[1] / LOCK_NAME).write_text("a file of the user's that happens to have our name")
    old = 1_000_000_000
    os.utime(folders[2], (old, old))
    return folders


@pytest.mark.parametrize("use_cache", [True, False])
def test_a_users_tmp_run_folders_survive_a_cache_root_set_to_home(tmp_path, monkeypatch, use_cache):
    # With SCRIPTREEL_CACHE_DIR=$HOME every render, even --no-cache, deleted ~/tmp/run-*.
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    folders = _users_run_folders(home)
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(home))
    script = write(tmp_path / "t.md", SCRIPT)
    settings = RenderSettings(voice=ToneVoice(), use_cache=use_cache)
    render_video(script, tmp_path / "t.mp4", settings)
    assert all((f / "results.csv").read_text() == "years of work" for f in folders)
    assert not is_tagged(home)


def test_in_a_tagged_cache_only_folders_with_our_lock_are_removed(tmp_path):
    Cache(tmp_path).mark()
    assert is_tagged(tmp_path)
    folders = _users_run_folders(tmp_path)
    dead = tmp_path / "tmp" / "run-dead"
    dead.mkdir()
    (dead / LOCK_NAME).write_bytes(LOCK_SIGNATURE)
    assert remove_stale_work(tmp_path) == [dead]
    assert all(f.is_dir() for f in folders)


def test_a_new_cache_root_is_tagged_when_first_used(tmp_path):
    root = tmp_path / "new-cache"
    with work_folder(root) as work:
        assert (work / LOCK_NAME).read_bytes() == LOCK_SIGNATURE
    assert is_tagged(root)


def test_no_cache_leaves_an_untagged_root_untouched(tmp_path):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    with work_folder(home, uses_cache=False) as work:
        assert home not in work.parents
    assert sorted(p.name for p in home.iterdir()) == ["Documents"]
