"""Benchmark scriptreel against the voice alone, with every figure beside its target.

    python benchmarks/bench.py [--repeat N] [--long-repeat N] [--size 1280x720]
                               [--compare OTHER_CHECKOUT] [--plain] [--quick]

For the 4-minute transcript (or a generated script of that length) and a generated 30-minute
script of original sentences it times, in the same run:
  voice   the same sentences through the same Piper voice, nothing else (the floor)
  cold    scriptreel with an empty cache (but for the voice's patched model, made once)
  same    scriptreel again with nothing changed
  edit    scriptreel after adding one sentence to an early segment
  burn    cold with burned-in captions (4-minute script only)
  plain   a plain MoviePy pipeline (with --plain; slow; 4-minute script only)
It prints medians, ratios to the voice alone, and the peak memory of the whole process tree
(the sum of PSS over it, sampled every 50 ms). With --compare, the same runs are made with
another checkout of scriptreel, alternating which goes first, so both see the same machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scripts import edited_copy, generated_script, transcript_script  # noqa: E402
from trees import import_root, module  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
TARGETS = {
    "cold": "<= 1.25x voice",
    "burn": "<= 1.3x cold",
    "peak": "<= 400 MB (4 min, 1080p); 30 min within 10% of 4 min",
    "edit": "30 min <= 1.5x the 4-minute edit",
}


def _tree(root: int) -> list[int]:
    """A process and its descendants, leaving out forks that have not yet run their program:
    read a moment apart, such a fork and its parent would count the same pages twice."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parent = int(stat[stat.rindex(")") + 2 :].split()[1])
                if os.readlink(f"/proc/{entry}/exe") != os.readlink(f"/proc/{parent}/exe"):
                    children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_pss(root: int) -> int:
    """Proportional set size of a process and all its descendants, in bytes: shared pages
    (libraries, the mapped voice model) count once across the tree, not once per process."""
    total = 0
    for pid in _tree(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError):
            continue
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str], cwd: Path = HERE) -> tuple[float, int, float]:
    """Wall seconds, peak tree memory (PSS) and CPU seconds of one command and what it ran.

    CPU seconds barely move with the machine's load, so they back up noisy wall times."""
    cpu = _children_cpu()
    started = time.perf_counter()
    # `python -m` puts the working folder first on the path: run from the checkout measured.
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss(process.pid))
            time.sleep(0.05)

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
    return elapsed, peak, _children_cpu() - cpu


def _env(tree: Path, cache: Path) -> dict[str, str]:
    path = str(import_root(tree))
    return {**os.environ, "PYTHONPATH": path, "SCRIPTREEL_CACHE_DIR": str(cache)}


def empty_cache(cache: Path) -> None:
    """Remove everything from the cache but the voice's patched model file, which is made once
    per machine (about 0.3 s, on the first render ever), not once per script."""
    if cache.is_dir():
        for child in cache.iterdir():
            if child.is_dir() and child.name != "voice":
                shutil.rmtree(child)
            elif not child.is_dir():
                child.unlink()


def render_runs(tree: Path, script: Path, size: str, work: Path, burn: bool) -> dict:
    """cold, same and edit (and burn) of one checkout, each from an empty cache."""
    cache = work / "cache"
    empty_cache(cache)
    env = _env(tree, cache)
    ours = [sys.executable, "-m", module(tree), "render", "--size", size, "-q", "--force"]
    out = str(work / "out.mp4")
    runs = {"cold": timed([*ours, str(script), "-o", out], env, tree)}
    runs["same"] = timed([*ours, str(script), "-o", out], env, tree)
    runs["edit"] = timed([*ours, str(edited_copy(script)), "-o", out], env, tree)
    empty_cache(cache)
    if burn:
        runs["burn"] = timed([*ours, "--captions", "burn", str(script), "-o", out], env, tree)
        empty_cache(cache)
    return runs


def bench_script(
    script: Path, trees: dict[str, Path], args, work: Path, short: bool, rounds: int
) -> dict:
    """Every run of every checkout, `rounds` rounds, checkouts alternating who goes first; burned
    captions and plain MoviePy on the short script only."""
    results: dict[tuple[str, str], list[tuple[float, int, float]]] = {}
    voice = [sys.executable, str(HERE / "voice_alone.py"), str(script)]
    burn = short
    for round_ in range(rounds):
        results.setdefault(("voice", "-"), []).append(timed(voice, _env(ROOT, work / "none")))
        names = list(trees)
        for name in names if round_ % 2 == 0 else names[::-1]:
            for kind, value in render_runs(trees[name], script, args.size, work, burn).items():
                results.setdefault((kind, name), []).append(value)
        if args.plain and short:
            plain = [sys.executable, str(HERE / "plain_moviepy.py"), str(script)]
            plain += [str(work / "plain.mp4"), args.size, "30"]
            results.setdefault(("plain", "-"), []).append(timed(plain, _env(ROOT, work)))
    return {
        key: (_median(v, 0), max(r[1] for r in v) / 1e6, _median(v, 2))
        for key, v in results.items()
    }


def _median(values: list[tuple[float, int, float]], field: int) -> float:
    return statistics.median(r[field] for r in values)


def report(name: str, rows: dict) -> None:
    voice, _, voice_cpu = rows[("voice", "-")]
    print(f"\n{name}")
    head = f"  {'run':<6} {'checkout':<10} {'median s':>9} {'x voice':>8} {'cpu s':>7}"
    print(f"{head} {'x voice':>8} {'peak MB':>8}  target")
    for (kind, tree), (seconds, peak, cpu) in rows.items():
        target = TARGETS.get(kind, "")
        if kind == "burn":
            cold, _, cold_cpu = rows[("cold", tree)]
            target += f" (here {seconds / cold:.2f}x, cpu {cpu / cold_cpu:.2f}x)"
        figures = f"{seconds:9.2f} {seconds / voice:8.2f} {cpu:7.1f} {cpu / voice_cpu:8.2f}"
        print(f"  {kind:<6} {tree:<10} {figures} {peak:8.0f}  {target}")


def summary(short: dict, long: dict, trees: dict[str, Path]) -> None:
    print("\ntargets")
    voice, _, voice_cpu = short[("voice", "-")]
    for tree in trees:
        cold, peak, cold_cpu = short[("cold", tree)]
        edit = long[("edit", tree)][0] / short[("edit", tree)][0]
        burn = short[("burn", tree)][0] / cold if ("burn", tree) in short else float("nan")
        print(
            f"  {tree}: cold {cold / voice:.2f}x voice, cpu {cold_cpu / voice_cpu:.2f}x (<= 1.25); "
            f"30-min edit {edit:.2f}x the 4-min edit (<= 1.5); burn {burn:.2f}x cold (<= 1.3); "
            f"cold peak {peak:.0f} MB (<= 400 at 1080p), "
            f"30 min {long[('cold', tree)][1] / peak:.2f}x (<= 1.10)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the short script")
    parser.add_argument("--long-repeat", type=int, default=1, help="rounds of the long one")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--compare", type=Path, help="another scriptreel checkout to run beside")
    parser.add_argument("--plain", action="store_true", help="also time plain MoviePy")
    parser.add_argument("--only", choices=["short", "long"], help="one script only")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 and 3 minutes, once")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.long_repeat, args.size = 1, 1, "320x180"
    trees = {"this": ROOT, **({"compare": args.compare.resolve()} if args.compare else {})}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        short = generated_script(work, 1.0) if args.quick else transcript_script(work)
        long = generated_script(work, 3.0 if args.quick else 30.0)
        print(f"size {args.size}, {args.repeat} rounds, {os.cpu_count()} cores; medians")
        rows = {}
        for label, script in (("short", short), ("long", long)):
            if args.only in (None, label):
                short = label == "short"
                rounds = args.repeat if short else args.long_repeat
                rows[label] = bench_script(script, trees, args, work, short, rounds)
                report(f"{label}: {script.name}", rows[label])
        if len(rows) == 2:
            summary(rows["short"], rows["long"], trees)


if __name__ == "__main__":
    main()
