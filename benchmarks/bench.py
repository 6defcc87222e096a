"""Benchmark scriptreel against the voice alone, every target beside its figure, in one run.

    python benchmarks/bench.py [--repeat N] [--long-repeat N] [--size 1280x720]
                               [--big 1920x1080 | --no-big] [--compare OTHER_CHECKOUT]
                               [--only short|long] [--plain] [--quick]

Scripts: the 4-minute transcript ("short"), a generated 30-minute script of original sentences
("long"), a generated 4-minute Markdown script with and without a music bed ("music", "plain"),
and the tides example with and without its pictures and clip ("tides", "bare"). Runs, each from
an empty cache (but for the voice's patched model, made once):
  voice   the same sentences through the same Piper voice, nothing else (the floor)
  cold    a first render; same: again with nothing changed; edit: after adding one sentence to
          an early segment (music: with the bed and burned captions)
  lines   burned line captions        motion  --motion
  tall    9:16 without captions       words   9:16 with word-by-word captions
  jobs4   --jobs 4: two voice processes (the default on two cores is one)
  big     cold at the big size, for its peak memory
  compare cold of the --compare checkout
  moviepy a plain MoviePy pipeline (with --plain; slow)
It prints the medians with ratios to the voice alone and the peak memory of the whole process
tree (the sum of PSS over it, sampled every 50 ms), then the table of targets (targets.py).
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
from music_memory import make_music  # noqa: E402
from scripts import edited_copy, generated_script, transcript_script  # noqa: E402
from targets import table  # noqa: E402
from trees import import_root, module  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


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


def tree_env(tree: Path, cache: Path) -> dict[str, str]:
    path = str(import_root(tree))
    return {**os.environ, "PYTHONPATH": path, "SCRIPTREEL_CACHE_DIR": str(cache)}


def empty_cache(cache: Path, keep: tuple[str, ...] = ("voice",)) -> None:
    """Remove everything from the cache but the folders named: by default the voice's patched
    model file, which is made once per machine (about 0.3 s, on the first render ever), not
    once per script."""
    if cache.is_dir():
        for child in cache.iterdir():
            if child.is_dir() and child.name not in keep:
                shutil.rmtree(child)
            elif not child.is_dir():
                child.unlink()


def _tall(size: str) -> str:
    width, height = size.split("x")
    return f"{height}x{width}"


RUNS = {
    "short": ("cold", "same", "edit", "lines", "motion", "tall", "words", "jobs4", "big"),
    "long": ("cold", "same", "edit", "big"),
    "music": ("cold", "edit"),
    "plain": ("cold", "edit"),
    "tides": ("cold",),
    "bare": ("cold",),
}
"""The runs of each script, in order (same and edit follow cold, on its cache)."""

FLAGS = {
    "lines": ["--captions", "burn"],
    "motion": ["--motion"],
    "words": ["--captions", "burn", "--caption-style", "words"],
    "jobs4": ["--jobs", "4"],
}


def render_runs(tree: Path, script: Path, kinds: tuple[str, ...], args, work: Path) -> dict:
    """The runs `kinds` of one script with one checkout; a run other than same and edit starts
    from an empty cache. The music script's runs burn captions."""
    cache = work / "cache"
    env = tree_env(tree, cache)
    ours = [sys.executable, "-m", module(tree), "render", "-q", "--force"]
    extra = ["--captions", "burn"] if script.stem.startswith("music") else []
    out = str(work / "out.mp4")
    runs = {}
    for kind in kinds:
        if kind not in ("same", "edit"):
            empty_cache(cache)
            # An output that is up to date would be kept: the render would only speak again.
            for made in work.glob("out.*"):
                made.unlink()
        size = {"tall": _tall(args.size), "words": _tall(args.size), "big": args.big}
        flags = ["--size", size.get(kind, args.size), *extra, *FLAGS.get(kind, [])]
        source = edited_copy(script) if kind == "edit" else script
        runs[kind] = timed([*ours, *flags, str(source), "-o", out], env, tree)
    empty_cache(cache)
    return runs


def scripts(work: Path, quick: bool) -> dict[str, Path]:
    """Every script of the benchmark, written into `work`."""
    found = {"short": generated_script(work, 1.0) if quick else transcript_script(work)}
    found["long"] = generated_script(work, 3.0 if quick else 30.0)
    plain = generated_script(work, 1.0 if quick else 4.0, seed=4)
    found["plain"] = plain
    make_music(work / "bed.m4a", 1.5 if quick else 5.0)
    found["music"] = work / "music.md"
    found["music"].write_text("---\nmusic: bed.m4a\n---\n" + plain.read_text(encoding="utf-8"))
    shutil.copytree(ROOT / "examples" / "media", work / "media")
    tides = (ROOT / "examples" / "tides.md").read_text(encoding="utf-8")
    found["tides"] = work / "tides.md"
    found["tides"].write_text(tides, encoding="utf-8")
    found["bare"] = work / "bare.md"
    bare = [line for line in tides.splitlines() if not line.startswith("![")]
    found["bare"].write_text("\n".join(bare) + "\n", encoding="utf-8")
    return found


def bench(paths: dict[str, Path], trees: dict[str, Path], args, work: Path) -> dict:
    """Medians over the rounds of every run of every script: (seconds, peak MB, cpu s) by
    (script, run); the other checkout's cold render is ("short", "compare")."""
    results: dict[tuple[str, str], list[tuple[float, int, float]]] = {}
    voice = [sys.executable, str(HERE / "voice_alone.py")]
    timed([*voice, str(paths["bare"])], tree_env(ROOT, work / "cache"))  # the patched model, once
    for name, script in paths.items():
        if args.only and (name == "long") != (args.only == "long"):
            continue
        if args.scripts and name not in args.scripts.split(","):
            continue
        kinds = tuple(k for k in RUNS[name] if k != "big" or args.big)
        rounds = args.long_repeat if name == "long" else args.repeat
        for round_ in range(rounds):
            if name in ("short", "long"):
                run = timed([*voice, str(script)], tree_env(ROOT, work / "cache"))
                results.setdefault((name, "voice"), []).append(run)
            for kind, value in render_runs(ROOT, script, kinds, args, work).items():
                results.setdefault((name, kind), []).append(value)
            if args.plain and name == "short":
                plain = [sys.executable, str(HERE / "plain_moviepy.py"), str(script)]
                plain += [str(work / "plain.mp4"), args.size, "30"]
                results.setdefault((name, "moviepy"), []).append(timed(plain, tree_env(ROOT, work)))
            if "compare" in trees and name == "short":
                value = render_runs(trees["compare"], script, ("cold",), args, work)["cold"]
                results.setdefault((name, "compare"), []).append(value)
            print(f"  {name} round {round_ + 1} done", file=sys.stderr, flush=True)
    return {
        key: (_median(v, 0), max(r[1] for r in v) / 1e6, _median(v, 2))
        for key, v in results.items()
    }


def _median(values: list[tuple[float, int, float]], field: int) -> float:
    return statistics.median(r[field] for r in values)


def report(rows: dict) -> None:
    print(f"  {'script':<6} {'run':<7} {'median s':>9} {'x voice':>8} {'cpu s':>7} {'peak MB':>8}")
    for (script, kind), (seconds, peak, cpu) in rows.items():
        voice = rows.get((script, "voice"), rows.get(("short", "voice"), (float("nan"),)))[0]
        figures = f"{seconds:9.2f} {seconds / voice:8.2f} {cpu:7.1f} {peak:8.0f}"
        print(f"  {script:<6} {kind:<7} {figures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the 4-minute scripts")
    parser.add_argument("--long-repeat", type=int, default=1, help="rounds of the long one")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--big", default="1920x1080", help="size of the peak-memory runs")
    parser.add_argument("--no-big", dest="big", action="store_const", const=None)
    parser.add_argument("--compare", type=Path, help="another scriptreel checkout to run beside")
    parser.add_argument("--plain", action="store_true", help="also time plain MoviePy")
    parser.add_argument("--scripts", help="only these scripts, e.g. music,plain (see above)")
    parser.add_argument("--only", choices=["short", "long"], help="the long script or the rest")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 and 3 minutes, once")
    args = parser.parse_args()
    if args.quick:
        args.repeat, args.long_repeat, args.size, args.big = 1, 1, "320x180", "640x360"
    trees = {"this": ROOT, **({"compare": args.compare.resolve()} if args.compare else {})}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(f"size {args.size}, {args.repeat} rounds, {os.cpu_count()} cores; medians")
        rows = bench(scripts(work, args.quick), trees, args, work)
        print(repr(rows), file=sys.stderr)  # every figure, for combining runs
        report(rows)
        print("\ntargets")
        print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
