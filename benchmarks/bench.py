"""Benchmark scriptreel against a plain MoviePy pipeline, side by side in the same run.

    python benchmarks/bench.py [--repeat N] [--size 1280x720] [--fps 30]

For each script (the example, and a script of about four minutes) it times:
  plain   the plain MoviePy pipeline (benchmarks/plain_moviepy.py)
  cold    scriptreel with an empty cache
  same    scriptreel again with nothing changed
  edit    scriptreel after adding one sentence to one segment
and prints medians, ratios to the plain time of the same run, and peak memory (the largest
resident set of the process tree, sampled every 20 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "samples" / "raw-transcript-us-pakistan.txt"
EXTRA_SENTENCE = " This sentence was added to measure an edit."


def long_script(folder: Path) -> Path:
    """About four minutes of narration: the shared sample transcript if present, else the
    example repeated until it is long enough."""
    if SAMPLE.exists():
        target = folder / "long.txt"
        shutil.copy(SAMPLE, target)
        return target
    text = (ROOT / "examples" / "tides.md").read_text(encoding="utf-8")
    head, _, body = text.partition("\n## ")
    target = folder / "long.md"
    target.write_text(head + "".join(f"\n## Part {i}: " + body for i in range(5)), encoding="utf-8")
    return target


def edited_copy(script: Path, folder: Path) -> Path:
    """The same script with one sentence added to one segment (the second paragraph block)."""
    text = script.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    index = next(
        i
        for i, b in enumerate(blocks)
        if i > 2 and b.strip() and not b.lstrip().startswith(("#", "-", "<"))
    )
    blocks[index] = blocks[index].rstrip() + EXTRA_SENTENCE
    target = folder / f"edited{script.suffix}"
    target.write_text("\n\n".join(blocks), encoding="utf-8")
    return target


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak tree memory of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(
            f"benchmark command failed: {' '.join(command)}\n{stderr.decode()[-2000:]}"
        )
    return elapsed, peak


def bench_script(
    script: Path, size: str, fps: int, repeat: int, work: Path
) -> dict[str, list[tuple[float, int]]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs: dict[str, list[tuple[float, int]]] = {"plain": [], "cold": [], "same": [], "edit": []}
    edited = edited_copy(script, work)
    for round_ in range(repeat):
        cache = work / f"cache{round_}"
        env["SCRIPTREEL_CACHE_DIR"] = str(cache)
        out = work / f"out{round_}.mp4"
        ours = [sys.executable, "-m", "render", "render", "--size", size, "--fps", str(fps), "-q"]
        runs["plain"].append(
            timed(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "plain_moviepy.py"),
                    str(script),
                    str(work / "plain.mp4"),
                    size,
                    str(fps),
                ],
                env,
            )
        )
        runs["cold"].append(timed([*ours, str(script), "-o", str(out)], env))
        runs["same"].append(timed([*ours, str(script), "-o", str(out)], env))
        # The edit renders to the same output, as a user fixing a sentence would.
        shutil.copy(edited, script.with_name("edit-" + script.name))
        edit_script = script.with_name("edit-" + script.name)
        timed([*ours, str(script), "-o", str(work / "edit.mp4")], env)
        runs["edit"].append(timed([*ours, str(edit_script), "-o", str(work / "edit.mp4")], env))
        shutil.rmtree(cache, ignore_errors=True)
    return runs


def report(name: str, runs: dict[str, list[tuple[float, int]]]) -> None:
    plain = statistics.median(t for t, _ in runs["plain"])
    print(f"\n{name}")
    print(f"  {'run':<6} {'median s':>9} {'ratio':>7} {'peak MB':>8}")
    for kind, values in runs.items():
        seconds = statistics.median(t for t, _ in values)
        peak = max(m for _, m in values) / 1e6
        print(f"  {kind:<6} {seconds:9.2f} {seconds / plain:7.3f} {peak:8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--only", choices=["example", "long"], help="run one script only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        scripts = {"example": work / "tides.md", "long": long_script(work)}
        shutil.copy(ROOT / "examples" / "tides.md", work / "tides.md")
        print(
            f"size {args.size}, {args.fps} fps, {args.repeat} rounds, {os.cpu_count()} cores; medians, ratio = time / plain MoviePy time"
        )
        for name, script in scripts.items():
            if args.only and name != args.only:
                continue
            report(
                f"{name}: {script.name}",
                bench_script(script, args.size, args.fps, args.repeat, work),
            )


if __name__ == "__main__":
    main()
