"""`cache prune` and the prune after each render: least recently used first, never while a
render uses the cache, plural-aware counts."""

from __future__ import annotations

import os
import time

import pytest
from conftest import run_cli, write
from tonevoice import ToneVoice

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.errors import UsageError
from scriptreel.render.store.cache import Cache
from scriptreel.render.store.locks import work_folder
from scriptreel.render.store.prune import DEFAULT_MAX, MAX_ENV, limit_from_env, parse_bytes, prune


def _entry(cache: Cache, key: str, size: int, days_ago: float):
    """An entry of `size` bytes last used `days_ago` days ago."""
    data = cache.put("card", key * 32, ".png", lambda temp: temp.write_bytes(b"x" * size))
    sidecar = cache.path("card", key * 32, ".png").with_suffix(".png.json")
    when = time.time() - days_ago * 86400
    os.utime(sidecar, (when, when))
    return data


def test_prune_removes_the_least_recently_used_first(tmp_path):
    cache = Cache(tmp_path)
    old = _entry(cache, "aa", 1000, 3)
    used = _entry(cache, "bb", 1000, 2)
    new = _entry(cache, "cc", 1000, 1)
    assert cache.get("card", "bb" * 32, ".png") == used  # a hit makes it the most recent
    done = prune(tmp_path, max_size=2500)
    assert (done.removed, done.kept) == (1, 2)
    assert not old.exists() and used.exists() and new.exists()
    done = prune(tmp_path, max_size=1500)
    assert not new.exists() and used.exists()
    assert cache.get("card", "cc" * 32, ".png") is None  # no sidecar left without its data


def test_prune_older_than_removes_entries_unused_that_long(tmp_path):
    cache = Cache(tmp_path)
    old = _entry(cache, "aa", 10, 40)
    recent = _entry(cache, "bb", 10, 2)
    done = prune(tmp_path, older_than=30)
    assert done.removed == 1 and not old.exists() and recent.exists()


def test_prune_refuses_while_a_render_uses_the_cache(tmp_path):
    cache = Cache(tmp_path)
    data = _entry(cache, "aa", 10, 40)
    with work_folder(tmp_path) as work:
        with pytest.raises(UsageError, match="a render is using the cache"):
            prune(tmp_path, max_size=0)
        assert prune(tmp_path, max_size=0, wait=True).busy
        assert data.exists() and work.exists()
    assert prune(tmp_path, max_size=0).removed == 1


def test_prune_leaves_an_untagged_root_alone(tmp_path):
    (tmp_path / "card").mkdir()
    mine = write(tmp_path / "card" / "holiday.png", "not a cache entry")
    assert prune(tmp_path, max_size=0).removed == 0
    assert mine.exists()


def test_sizes_and_the_limit_from_the_environment(monkeypatch):
    assert parse_bytes("2G") == 2 * 1024**3 and parse_bytes("1.5MB") == 1572864
    assert parse_bytes("800") == 800
    with pytest.raises(UsageError, match="not a size"):
        parse_bytes("lots")
    monkeypatch.delenv(MAX_ENV, raising=False)
    assert limit_from_env() == DEFAULT_MAX
    monkeypatch.setenv(MAX_ENV, "off")
    assert limit_from_env() is None
    monkeypatch.setenv(MAX_ENV, "10M")
    assert limit_from_env() == 10 * 1024**2


def _cache_bytes(root) -> int:
    folders = [p for p in root.iterdir() if p.is_dir() and p.name not in ("tmp", "voice")]
    return sum(f.stat().st_size for d in folders for f in d.rglob("*") if f.is_file())


def test_a_render_prunes_the_cache_to_its_limit(tmp_path, cache_dir, monkeypatch):
    script = write(tmp_path / "a.md", "---\nsize: 320x180\nfps: 10\n---\n## A\n\nHello there.\n")
    monkeypatch.setenv(MAX_ENV, "off")
    render_video(script, tmp_path / "a.mp4", RenderSettings(voice=ToneVoice()))
    full = _cache_bytes(cache_dir)
    assert full > 20_000
    monkeypatch.setenv(MAX_ENV, "20K")
    write(script, "---\nsize: 320x180\nfps: 10\n---\n## A\n\nHello again.\n")
    render_video(script, tmp_path / "a.mp4", RenderSettings(voice=ToneVoice()))
    assert _cache_bytes(cache_dir) <= 20 * 1024


def test_cache_show_and_prune_count_in_the_singular(tmp_path, cache_dir):
    Cache(cache_dir).put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    shown = run_cli("cache", cwd=tmp_path)
    assert "total: 1 entry," in shown.stdout and "1 entries" not in shown.stdout
    pruned = run_cli("cache", "prune", "--max-size", "0", cwd=tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    assert "removed 1 entry " in pruned.stdout and "0 entries kept" in pruned.stdout
    wrong = run_cli("cache", "--max-size", "1G", cwd=tmp_path)
    assert wrong.returncode == 2 and "prune only" in wrong.stderr


def test_prune_after_a_render_keeps_the_users_music_in_a_cache_dir_that_was_theirs(tmp_path):
    song = tmp_path / "music" / "my-song.flac"
    song.parent.mkdir()
    song.write_bytes(b"f" * 3_000_000)
    Cache(tmp_path).put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    prune(tmp_path, 1000)
    assert song.stat().st_size == 3_000_000


def test_prune_and_clean_of_a_tagged_cache_keep_files_not_named_like_entries(tmp_path):
    cache = Cache(tmp_path)
    data = _entry(cache, "aa", 1000, 3)
    (tmp_path / "renders").mkdir()
    mine = write(tmp_path / "renders" / "final-cut.mp4", "the user's own render")
    (tmp_path / "card" / "aa" / "notes").mkdir()
    nested = write(tmp_path / "card" / "aa" / "notes" / "todo.txt", "mine too")
    assert prune(tmp_path, max_size=0).removed == 1 and not data.exists()
    assert mine.exists() and nested.exists()
    cache.clean()
    assert mine.exists() and nested.exists()


def test_prune_keeps_the_records_that_recognise_outputs_of_older_versions(tmp_path):
    Cache(tmp_path).mark()
    (tmp_path / "outputs").mkdir()
    record = write(tmp_path / "outputs" / f"{'cd' * 32}.json", '{"files": {}}')
    prune(tmp_path, max_size=0)
    assert record.exists()


def test_prune_over_the_limit_says_the_voice_model_is_always_kept(tmp_path, cache_dir):
    Cache(cache_dir).put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    (cache_dir / "voice").mkdir(exist_ok=True)
    # Named as media.voice.piper_model names a patched model: prune counts only such files.
    (cache_dir / "voice" / f"{'ef' * 32}-piper1.2.0.{'0' * 16}.onnx").write_bytes(b"m" * 3000)
    pruned = run_cli("cache", "prune", "--max-size", "1K", cwd=tmp_path)
    assert pruned.returncode == 0, pruned.stderr
    assert "0 entries kept" in pruned.stdout
    assert "over the 1K limit: the voice model is always kept" in pruned.stdout
    within = run_cli("cache", "prune", "--max-size", "1M", cwd=tmp_path)
    assert "voice model" not in within.stdout
