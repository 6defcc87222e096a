"""The content-addressed cache: atomic writes, verified reads, damaged entries rebuilt."""

from __future__ import annotations

from render.cache import Cache, cache_key


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
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_every_module_in_the_key_table_exists_and_shapes_its_keys(monkeypatch):
    from render import keys

    for kind, modules in keys.CODE.items():
        for name in modules:
            assert len(keys.module_digest(name)) == 64, (kind, name)
    before = keys.entry_key(keys.EntryKind.CARD, text="x")
    keys.code_digest.cache_clear()
    monkeypatch.setitem(keys.CODE, keys.EntryKind.CARD, ("media.card", "media.fonts"))
    assert keys.entry_key(keys.EntryKind.CARD, text="x") != before
    keys.code_digest.cache_clear()
