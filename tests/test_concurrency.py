"""Renders sharing one cache and one work area: many processes and threads, killed renders."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scriptreel.render.errors import UsageError
from scriptreel.render.store.cache import Cache, _is_sidecar
from scriptreel.render.store.locks import remove_stale_work, work_folder

KEYS = [f"{n:02x}" * 32 for n in range(6)]


def _hammer(root: str, seed: int, rounds: int, queue) -> None:
    """get_or_make and get on overlapping keys; report every path handed out, and failures."""
    cache = Cache(Path(root))
    rng = random.Random(seed)
    handed: list[str] = []
    failures: list[str] = []

    def one(_: int) -> None:
        key = rng.choice(KEYS)

        def write(temp: Path) -> None:
            # Written in pieces with pauses, and different bytes per writer (as an encoder may
            # make), so writers and readers of one entry overlap.
            with open(temp, "wb") as handle:
                for _ in range(3):
                    handle.write(os.urandom(2000))
                    handle.flush()
                    time.sleep(0.001)

        try:
            path, _ = cache.get_or_make("chunk", key, ".mp4", write)
            handed.append(str(path))
            found = cache.get("chunk", key, ".mp4")
            if found is not None:
                handed.append(str(found))
        except Exception as error:  # reported to the test, which fails on any
            failures.append(repr(error))

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, range(rounds)))
    queue.put((handed, failures))


def test_processes_and_threads_sharing_a_cache_never_lose_or_break_entries(tmp_path):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(target=_hammer, args=(str(tmp_path), seed, 150, queue)) for seed in range(4)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    failures = [failure for _, failed in results for failure in failed]
    handed = {Path(path) for paths, _ in results for path in paths}
    assert not failures
    assert handed and all(path.is_file() for path in handed)
    cache = Cache(tmp_path)
    for key in KEYS:
        sidecar = tmp_path / "chunk" / key[:2] / f"{key}.mp4.json"
        if sidecar.exists():
            assert cache.get("chunk", key, ".mp4") is not None, key
    assert not list(tmp_path.rglob("*.tmp"))


def _hold_work_folder(root: str, ready) -> None:
    with work_folder(Path(root)) as work:
        ready.put(str(work))
        time.sleep(60)


def test_work_folder_of_a_killed_render_is_removed_and_a_running_ones_kept(tmp_path):
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(), context.Queue()]
    running, killed = (
        context.Process(target=_hold_work_folder, args=(str(tmp_path), queue)) for queue in queues
    )
    running.start()
    killed.start()
    kept, dead = (Path(queue.get(timeout=30)) for queue in queues)
    os.kill(killed.pid, signal.SIGKILL)
    killed.join(timeout=30)
    try:
        assert remove_stale_work(tmp_path) == [dead]
        assert kept.is_dir() and not dead.exists()
    finally:
        running.kill()
        running.join(timeout=30)
    assert remove_stale_work(tmp_path) == [kept] and not kept.exists()


def test_work_folder_is_removed_at_exit_and_locked_while_it_lives(tmp_path):
    with work_folder(tmp_path) as work:
        assert work.is_dir() and work.parent == tmp_path / "tmp"
        assert remove_stale_work(tmp_path) == [] and work.is_dir()
    assert not work.exists()


def test_unusable_cache_folder_is_a_one_line_usage_error_naming_the_setting(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    with pytest.raises(UsageError) as refused:
        with work_folder(blocker):
            pass
    assert refused.value.exit_code == 2
    assert refused.value.one_line().startswith("SCRIPTREEL_CACHE_DIR: ")
    assert "\n" not in refused.value.one_line()


def test_no_cache_render_falls_back_to_the_system_temp_folder_when_the_root_is_unusable(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    with work_folder(blocker, uses_cache=False) as work:
        assert work.is_dir() and blocker not in work.parents
    assert not work.exists()


def _render_into(script: str, out: str, cache: str, queue) -> None:
    """One render in a process of its own, with the tone voice; reports its error, if any."""
    os.environ["SCRIPTREEL_CACHE_DIR"] = cache
    from scriptreel.render import RenderSettings, render_video
    from tests.tonevoice import WordToneVoice

    try:
        settings = RenderSettings(size=(160, 90), fps=10, voice=WordToneVoice())
        render_video(script, out, settings)
        queue.put(None)
    except Exception as error:  # reported to the test
        queue.put(repr(error))


def test_two_renders_of_one_script_into_one_empty_cache_both_succeed(tmp_path):
    script = tmp_path / "s.md"
    script.write_text(
        "# Both\n\nOpening words.\n\n## One\n\nFirst part here. More words.\n\n"
        "## Two\n\nSecond part here.\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(
            target=_render_into, args=(str(script), str(tmp_path / name), str(cache), queue)
        )
        for name in ("a.mp4", "b.mp4")
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert results == [None, None]
    assert (tmp_path / "a.mp4").stat().st_size > 0 and (tmp_path / "b.mp4").stat().st_size > 0
    store = Cache(cache)
    sidecars = [path for path in cache.glob("*/*/*.json") if _is_sidecar(path)]
    assert sidecars
    for sidecar in sidecars:
        kind, key = sidecar.parent.parent.name, sidecar.name.split(".")[0]
        ext = "." + sidecar.name.split(".")[-2]
        assert store.get(kind, key, ext) is not None, sidecar
