"""The content-addressed cache: atomic writes, verified reads, damaged entries rebuilt."""

from __future__ import annotations

import os
import time

import pytest

from scriptreel.render.errors import UsageError
from scriptreel.render.store.cache import Cache, Kind, cache_key
from scriptreel.render.store.locks import work_folder
from tests.conftest import run_process


def test_key_depends_on_every_part_and_nothing_else():
    base = cache_key("narration", text="Hi.", voice={"engine": "piper", "speed": 1.0})
    assert base == cache_key("narration", voice={"speed": 1.0, "engine": "piper"}, text="Hi.")
    assert base != cache_key("narration", text="Hi!", voice={"engine": "piper", "speed": 1.0})
    assert base != cache_key("narration", text="Hi.", voice={"engine": "piper", "speed": 1.1})
    assert base != cache_key("card", text="Hi.", voice={"engine": "piper", "speed": 1.0})


def test_get_or_make_makes_once(tmp_path):
    cache = Cache(tmp_path)
    calls = []

    def make(temp):
        calls.append(temp)
        temp.write_bytes(b"data")

    first, made_first = cache.get_or_make("card", "ab" * 32, ".png", make)
    second, made_second = cache.get_or_make("card", "ab" * 32, ".png", make)
    assert (made_first, made_second) == (True, False) and first == second and len(calls) == 1
    assert not list(first.parent.glob("*.tmp"))


def test_truncated_or_garbage_entries_are_misses_and_rebuilt(tmp_path):
    cache = Cache(tmp_path)
    path = cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"x" * 1000))
    path.write_bytes(b"x" * 10)  # truncated
    assert cache.get("chunk", "cd" * 32, ".mp4") is None
    path = cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"x" * 1000))
    path.write_bytes(b"y" * 1000)  # same size, other bytes
    assert cache.get("chunk", "cd" * 32, ".mp4") is None
    _, made = cache.get_or_make(
        "chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"x" * 1000)
    )
    assert made


def test_failed_write_leaves_no_entry(tmp_path):
    cache = Cache(tmp_path)

    def broken(temp):
        temp.write_bytes(b"half")
        raise RuntimeError("encoder died")

    try:
        cache.put("chunk", "ef" * 32, ".mp4", broken)
    except RuntimeError:
        pass
    assert cache.get("chunk", "ef" * 32, ".mp4") is None
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.name != "CACHEDIR.TAG"]


def test_every_module_in_the_key_table_exists_and_shapes_its_keys(monkeypatch):
    from scriptreel.render.store import keys

    for kind, modules in keys.CODE.items():
        for name in modules:
            assert len(keys.module_digest(name)) == 64, (kind, name)
    before = keys.entry_key(Kind.CARD, text="x")
    keys.code_digest.cache_clear()
    monkeypatch.setitem(keys.CODE, Kind.CARD, ("scriptreel.media.card", "scriptreel.media.fonts"))
    assert keys.entry_key(Kind.CARD, text="x") != before
    keys.code_digest.cache_clear()


def test_cache_clean_never_deletes_folders_that_are_not_the_caches(tmp_path):
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "thesis.txt").write_text("years of work")
    (tmp_path / ".ssh").mkdir()
    cache = Cache(tmp_path)
    cache.put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    with pytest.raises(UsageError) as refused:
        cache.clean()
    assert refused.value.exit_code == 2 and "CACHEDIR.TAG" in refused.value.one_line()
    assert (tmp_path / "Documents" / "thesis.txt").read_text() == "years of work"
    assert (tmp_path / ".ssh").is_dir()
    assert cache.get("card", "ab" * 32, ".png") is not None


def test_cache_clean_of_a_tagged_root_removes_only_the_caches_own_kinds(tmp_path):
    cache = Cache(tmp_path)
    cache.put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    assert (
        (tmp_path / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    (tmp_path / "notes").mkdir()  # put there later by someone else
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    assert set(cache.stats()) == {"card"}
    assert cache.clean() > 0
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"
    assert not (tmp_path / "card").exists() and cache.get("card", "ab" * 32, ".png") is None
    assert (tmp_path / "CACHEDIR.TAG").is_file()


def test_cache_clean_keeps_a_running_renders_work_folder(tmp_path):
    cache = Cache(tmp_path)
    cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"mp4"))
    with work_folder(tmp_path, uses_cache=False) as work:
        (work / "narration.m4a").write_bytes(b"half written")
        cache.clean()
        assert (work / "narration.m4a").exists()
    assert not work.exists()


def test_cache_clean_refuses_while_a_render_uses_the_cache(tmp_path):
    cache = Cache(tmp_path)
    path = cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"mp4"))
    with work_folder(tmp_path):
        with pytest.raises(UsageError, match="a render is using the cache"):
            cache.clean()
    assert path.exists()
    cache.clean()
    assert not path.exists()


def test_stats_lists_only_the_caches_own_kinds(tmp_path):
    cache = Cache(tmp_path)
    cache.put("narration", "ef" * 32, ".npy", lambda temp: temp.write_bytes(b"npy"))
    (tmp_path / "Pictures").mkdir()
    (tmp_path / "Pictures" / "a.jpg").write_bytes(b"x" * 100)
    assert set(cache.stats()) == {"narration"} and cache.stats()["narration"][0] == 1


def test_a_root_holding_other_files_is_written_to_but_not_tagged(tmp_path):
    (tmp_path / "Documents").mkdir()
    cache = Cache(tmp_path)
    assert cache.put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png")).exists()
    assert not (tmp_path / "CACHEDIR.TAG").exists()


def test_an_unknown_kind_is_refused_so_clean_cannot_miss_it(tmp_path):
    with pytest.raises(ValueError):
        Cache(tmp_path).put("scratch", "ab" * 32, ".bin", lambda temp: temp.write_bytes(b"x"))
    assert {kind.value for kind in Kind} >= {"narration", "card", "chunk", "segment", "music"}


def test_reader_of_an_entry_being_written_does_not_delete_it(tmp_path):
    cache = Cache(tmp_path)
    seen = []

    def slow_write(temp):
        temp.write_bytes(b"first half")
        seen.append(cache.get("chunk", "cd" * 32, ".mp4"))  # another reader, mid-write
        with open(temp, "ab") as handle:
            handle.write(b" and second half")

    path = cache.put("chunk", "cd" * 32, ".mp4", slow_write)
    assert seen == [None] and path.read_bytes() == b"first half and second half"
    assert cache.get("chunk", "cd" * 32, ".mp4") == path


def test_a_path_handed_out_stays_valid_when_the_entry_is_rewritten(tmp_path):
    cache = Cache(tmp_path)
    first = cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"one encode"))
    # Another writer of the same entry (an encoder is not byte-for-byte repeatable), then a
    # damaged sidecar: the first path must still hold what it held.
    second = cache.put("chunk", "cd" * 32, ".mp4", lambda temp: temp.write_bytes(b"another"))
    (second.parent / (("cd" * 32) + ".mp4.json")).write_text("{broken")
    assert cache.get("chunk", "cd" * 32, ".mp4") is None
    assert first.read_bytes() == b"one encode" and second.read_bytes() == b"another"


def test_cli_cache_clean_in_a_home_folder_is_refused_with_one_line(tmp_path):
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "id_ed25519").write_text("key")
    (tmp_path / "narration").mkdir()  # looks like a cache folder, but the root is not tagged
    result = run_process(
        "cache", "clean", env={**os.environ, "SCRIPTREEL_CACHE_DIR": str(tmp_path)}
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {tmp_path}: not cleaned")
    assert (tmp_path / ".ssh" / "id_ed25519").read_text() == "key"
    assert (tmp_path / "narration").is_dir()


def test_json_entries_are_not_mistaken_for_sidecars(tmp_path):
    # Word times are cached as .json data files beside their own .json sidecars.
    cache = Cache(tmp_path)
    cache.put("words", "ab" * 32, ".json", lambda temp: temp.write_text("[[0, 10, false]]"))
    assert cache.stats()["words"][0] == 1
    assert cache.get("words", "ab" * 32, ".json").read_text() == "[[0, 10, false]]"


@pytest.mark.parametrize("mine", ["music/my-song.flac", "renders", "voice/notes.txt"])
def test_a_root_holding_only_folders_named_like_kinds_is_not_tagged(tmp_path, mine):
    folder, _, name = mine.partition("/")
    (tmp_path / folder).mkdir()
    if name:
        (tmp_path / folder / name).write_bytes(b"the user's own")
    Cache(tmp_path).put("card", "ab" * 32, ".png", lambda temp: temp.write_bytes(b"png"))
    assert not (tmp_path / "CACHEDIR.TAG").exists()


def test_a_root_holding_only_entries_of_an_older_version_is_tagged(tmp_path):
    (tmp_path / "card" / "cd").mkdir(parents=True)
    (tmp_path / "card" / "cd" / f"{'cd' * 32}.png.json").write_text("{}")
    Cache(tmp_path).mark()
    assert (tmp_path / "CACHEDIR.TAG").is_file()


def test_an_entry_verified_once_is_trusted_until_its_file_changes(tmp_path, monkeypatch):
    from scriptreel.render.store import cache as module

    cache = Cache(tmp_path)
    data = cache.put("chunk", "ef" * 32, ".mp4", lambda temp: temp.write_bytes(b"frames" * 100))
    read = []
    real = module.file_digest
    monkeypatch.setattr(module, "file_digest", lambda path: read.append(path) or real(path))
    assert cache.get("chunk", "ef" * 32, ".mp4") == data and read == []  # a stat, no reading
    # The same size, written in place: its change time moves (the kernel's, no user sets it);
    # the modification time is set back so that only the change time tells.
    before = data.stat()
    with open(data, "r+b") as handle:
        handle.write(b"FRAMES")
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    if data.stat().st_ctime_ns == before.st_ctime_ns:  # a coarse clock: wait for its next tick
        time.sleep(0.05)
        with open(data, "r+b") as handle:
            handle.write(b"FRAMES")
        os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cache.get("chunk", "ef" * 32, ".mp4") is None and read == [data]
    with open(data, "r+b") as handle:
        handle.write(b"frames")  # put back: verified again, then trusted again
    assert cache.get("chunk", "ef" * 32, ".mp4") == data and len(read) == 2
    assert cache.get("chunk", "ef" * 32, ".mp4") == data and len(read) == 2
