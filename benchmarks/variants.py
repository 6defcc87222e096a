"""Three sizes of one script: one variants render against separate cold renders.

    python benchmarks/variants.py [--script examples/tides.md] [--rounds 3]

Every measurement runs in a fresh process with an empty cache, so each cold render loads the
voice and synthesises all narration; the variants render synthesises it once and shares it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trees import import_root

ROOT = Path(__file__).resolve().parents[1]
SIZES = ("1080p", "vertical", "square")

ONE = """
import sys
from render import RenderSettings, render_video
from script import parse_size
render_video(sys.argv[1], sys.argv[2], RenderSettings(size=parse_size(sys.argv[3])))
"""

MANY = """
import sys
from render import RenderSettings
from scriptreel.render.batch.variants import expand_variants, parse_size_list, render_variants
if __name__ == "__main__":
    variants = expand_variants(RenderSettings(), parse_size_list(sys.argv[3]))
    render_variants(sys.argv[1], sys.argv[2], RenderSettings(), variants)
"""


def timed(code: str, script: Path, size: str) -> float:
    """Seconds for one run in a new process with its own empty cache."""
    with tempfile.TemporaryDirectory(prefix="variants-bench-") as folder:
        program = Path(folder) / "run.py"
        program.write_text(code, encoding="utf-8")
        env = {**__import__("os").environ, "SCRIPTREEL_CACHE_DIR": f"{folder}/cache"}
        env["PYTHONPATH"] = str(import_root(ROOT))
        started = time.monotonic()
        subprocess.run(
            [sys.executable, str(program), str(script), f"{folder}/out.mp4", size],
            check=True,
            cwd=ROOT,
            env=env,
        )
        return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--script", type=Path, default=ROOT / "examples" / "tides.md")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    script = args.script.resolve()
    rows: dict[str, list[float]] = {"one cold": [], "three cold": [], "variants": []}
    for _ in range(args.rounds):
        separate = [timed(ONE, script, size) for size in SIZES]
        rows["one cold"].append(separate[0])
        rows["three cold"].append(sum(separate))
        rows["variants"].append(timed(MANY, script, ",".join(SIZES)))
    one = statistics.median(rows["one cold"])
    print(f"{script.name}, sizes {', '.join(SIZES)}, median of {args.rounds} rounds")
    for name, times in rows.items():
        median = statistics.median(times)
        print(f"  {name:<11} {median:6.2f} s   {median / one:5.2f}x one cold render")
    variants = statistics.median(rows["variants"])
    three = statistics.median(rows["three cold"])
    print(f"  variants / three cold renders: {variants / three:.2f}")


if __name__ == "__main__":
    main()
