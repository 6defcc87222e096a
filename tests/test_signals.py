"""SIGTERM is handled like Ctrl-C: clean-up, one line, and the shell's exit code for it."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from tests.conftest import SCRIPTREEL, write

LONG = "".join(
    f"## Part {n}\n\n"
    + " ".join(f"Tide story {n}, line {k}, rises and falls." for k in range(3))
    + "\n\n"
    for n in range(1, 9)
)


def test_sigterm_mid_render_cleans_up_and_says_so_in_one_line(tmp_path, cache_dir):
    # SIGTERM once exited 143 with no message, leaving .part files and work folders behind.
    write(tmp_path / "t.md", LONG)
    env = dict(os.environ)
    command = [*SCRIPTREEL, "render", "t.md", "-q", "--size", "320x180"]
    process = subprocess.Popen(
        [*command, "--fps", "12"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    narration = cache_dir / "narration"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(narration.rglob("*.json")):
        time.sleep(0.05)
    time.sleep(0.5)  # well into narration and encoding
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143
    assert stderr.strip().splitlines() == ["terminated: nothing was written; the cache is intact"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md"]
    assert not list((cache_dir / "tmp").glob("run-*"))


def test_sigterm_stops_batch_workers_before_they_publish(tmp_path, cache_dir):
    # Only the batch process gets SIGTERM (Ctrl-C reaches the whole process group): it waited
    # for its workers, which finished and published their videos after it was told to stop.
    for name in ("a", "b"):
        write(tmp_path / f"{name}.md", LONG.replace("Tide", name.upper()))
    env = dict(os.environ)
    command = [*SCRIPTREEL, "batch", "a.md", "b.md", "-o", "out"]
    process = subprocess.Popen(
        [*command, "--workers", "1", "--size", "320x180", "--fps", "12"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    narration = cache_dir / "narration"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(narration.rglob("*.json")):
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "terminated: nothing was written; the cache is intact"
    out = tmp_path / "out"
    assert not out.exists() or not list(out.iterdir())
