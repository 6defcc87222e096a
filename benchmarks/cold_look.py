"""A cold render of the sample transcript against the voice alone, round after round.

    python benchmarks/cold_look.py [--rounds 3] [--size 1280x720] [--compare OTHER_CHECKOUT]
                                   [--pictures]

The transcript is turned into a script by `scriptreel init` (call-outs written in, so its
text-only segments move), then each round times, back to back, the same sentences through the
voice alone (benchmarks/voice_alone.py) and a render from an empty cache (but for the voice's
patched model). It prints each round's wall and CPU seconds (the process and everything it
ran) and the median ratio to the voice. With --compare, another checkout renders in the same
rounds, which go first in turn. With --pictures, each round also times a render whose
narration is cached: the cost of the pictures alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import empty_cache, timed, tree_env  # noqa: E402
from scripts import SAMPLE  # noqa: E402
from trees import module  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--compare", type=Path, help="another checkout, rendered in each round")
    parser.add_argument("--pictures", action="store_true", help="also time the pictures alone")
    args = parser.parse_args()
    trees = {"this": ROOT, **({"compare": args.compare.resolve()} if args.compare else {})}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        script, cache = work / "talk.md", work / "cache"
        init = [sys.executable, "-m", module(ROOT), "init", str(SAMPLE), "-o", str(script)]
        subprocess.run(init, env=tree_env(ROOT, cache), capture_output=True, check=True)
        voice = [sys.executable, str(HERE / "voice_alone.py"), str(script)]
        rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
        print(f"size {args.size}, {os.cpu_count()} cores")
        for round_ in range(args.rounds):
            alone, _, alone_cpu = timed(voice, tree_env(ROOT, work / "none"))
            print(f"round {round_ + 1}: voice {alone:.2f} s ({alone_cpu:.1f} cpu s)")
            for name in list(trees) if round_ % 2 == 0 else list(trees)[::-1]:
                env = tree_env(trees[name], cache)
                render = [sys.executable, "-m", module(trees[name]), "render", "-q", "--force"]
                render += ["--size", args.size, str(script), "-o"]
                empty_cache(cache)
                # A new output each time: an output already made from the same inputs is
                # recognised as up to date and not made again.
                seconds, _, cpu = timed([*render, str(work / f"{name}{round_}.mp4")], env)
                line = f"  {name:<8} cold {seconds:6.2f} s {seconds / alone:5.2f}x voice, "
                line += f"{cpu:5.1f} cpu s {cpu / alone_cpu:5.2f}x"
                if args.pictures:
                    empty_cache(cache, ("voice", "narration", "audio"))
                    out = str(work / f"{name}{round_}-pictures.mp4")
                    pictures, _, picture_cpu = timed([*render, out], env)
                    line += f"; pictures alone {pictures:5.2f} s, {picture_cpu:4.1f} cpu s"
                print(line, flush=True)
                rows[name].append((seconds / alone, cpu / alone_cpu, seconds))
        for name, found in rows.items():
            ratio = statistics.median(r[0] for r in found)
            cpu = statistics.median(r[1] for r in found)
            print(f"{name}: cold render {ratio:.2f}x the voice alone, cpu {cpu:.2f}x", end="")
            print(f" (medians of {len(found)}; target <= 1.5x)")


if __name__ == "__main__":
    main()
