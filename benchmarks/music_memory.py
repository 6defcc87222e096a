"""Peak memory of decoding and mixing a long music bed: `python benchmarks/music_memory.py MIN`."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

RATE = 48000


def make_music(path: Path, minutes: float) -> None:
    from imageio_ffmpeg import get_ffmpeg_exe

    seconds = str(minutes * 60)
    subprocess.run(
        [
            get_ffmpeg_exe(), "-v", "error", "-y",
            "-f", "lavfi", "-i", f"sine=frequency=220:duration={seconds}",
            "-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.2:duration={seconds}",
            "-filter_complex", "amix=inputs=2", "-ac", "2", "-b:a", "128k", str(path),
        ],
        check=True,
    )  # fmt: skip


def measure(music: Path, cache_root: Path, minutes: float) -> dict:
    """Run in a fresh process: load the music, mix it under minutes of silence in 30 s pushes."""
    import numpy as np

    from scriptreel.render.sound.mixing import Mixer, load_music
    from scriptreel.render.store.cache import Cache

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    _, bed = load_music(music, Cache(cache_root), RATE)
    after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mixer = Mixer(bed, RATE)
    block = 30 * RATE
    total = 0
    for _ in range(int(minutes * 2)):
        total += len(mixer.push(np.zeros(block, np.int16), np.zeros(block, bool)))
    total += len(mixer.finish())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"imports_mb": base / 1024, "after_load_mb": after_load / 1024, "peak_mb": peak / 1024}


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
    if len(sys.argv) > 2:
        print(json.dumps(measure(Path(sys.argv[2]), Path(sys.argv[3]), minutes)))
        return
    with tempfile.TemporaryDirectory() as folder:
        music = Path(folder) / "bed.mp3"
        make_music(music, minutes)
        for run in ("cold", "cached"):
            result = subprocess.run(
                [sys.executable, __file__, str(minutes), str(music), str(Path(folder) / "cache")],
                capture_output=True,
                text=True,
                check=True,
            )
            print(run, result.stdout.strip())


if __name__ == "__main__":
    main()
