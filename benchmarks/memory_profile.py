"""Where a long render's memory goes: `python benchmarks/memory_profile.py MIN [WxH] [--trace]`.

Renders a generated script of MINUTES with a tone voice (as long as Piper would speak it, but
with no model in memory, so what grows with length stands out), samples the whole process
tree's PSS every 50 ms, and with --trace prints the Python allocations alive at the peak
(tracemalloc, grouped by line). Compare 4 and 30 minutes: the difference is what length costs.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import tree_pss  # noqa: E402
from scripts import WORDS_PER_MINUTE, generated_script  # noqa: E402


class Tone:
    """Each sentence a tone burst as long as the bundled voice would take to say it."""

    name, sample_rate, offline = "tone", 22050, True

    def __init__(self) -> None:
        from scriptreel.media.voice import Capabilities

        self.capabilities = Capabilities()

    def identity(self) -> dict:
        return {"engine": "profile-tone"}

    def synthesize(self, text: str, settings=None) -> np.ndarray:
        count = round(len(text.split()) * 60 / WORDS_PER_MINUTE * self.sample_rate)
        return (np.sin(np.arange(count) * 0.12) * 9000).astype(np.int16)


def main() -> None:
    import os
    import tracemalloc

    from scriptreel.render import RenderSettings, render_video

    minutes = float(sys.argv[1])
    size = tuple(int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "1280x720").split("x"))
    trace = "--trace" in sys.argv
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["SCRIPTREEL_CACHE_DIR"] = str(work / "cache")
        script = generated_script(work, minutes)
        peak, done = [0, 0.0], threading.Event()
        snapshot: list = []

        def sample() -> None:
            started = time.monotonic()
            while not done.is_set():
                now = tree_pss(os.getpid())
                if now > peak[0]:
                    peak[:] = [now, time.monotonic() - started]
                    if trace:
                        snapshot[:] = [tracemalloc.take_snapshot()]
                time.sleep(0.05)

        if trace:
            tracemalloc.start(8)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        clock = time.monotonic()
        settings = RenderSettings(size=size, voice=Tone())
        render_video(script, work / "out.mp4", settings, force=True)
        done.set()
        sampler.join()
        print(f"{minutes} min at {size[0]}x{size[1]}: {time.monotonic() - clock:.1f} s, "
              f"peak tree PSS {peak[0] / 1e6:.0f} MB at {peak[1]:.1f} s")  # fmt: skip
        if trace and snapshot:
            stats = snapshot[0].statistics("traceback")
            print(f"python heap at the peak: {sum(s.size for s in stats) / 1e6:.1f} MB")
            for stat in stats[:8]:
                print(f"  {stat.size / 1e6:7.1f} MB  {stat.count:7d} blocks")
                for line in stat.traceback.format()[-6:]:
                    print("     ", line)


if __name__ == "__main__":
    main()
