"""What Piper's phoneme alignments cost, and how close word starts fall to the sound.

    python benchmarks/alignment.py [--sentences N]

Each mode runs in a fresh process (so memory is its own): load the bundled voice, synthesize
N sentences (the example's, then sentences with numbers, money and abbreviations), and report
the model load time, the synthesis time and the peak resident memory. Then, with alignments,
each word start is compared with the nearest onset in the audio (the end of a quiet valley or a
rising edge of the energy envelope), and the median and 95th percentile distances are printed,
beside the same figures for word starts estimated from the audio alone.

On 2 shared cores (20 sentences), alignments added about 1 s to the model load and about 85 MB
to peak memory (the model is parsed and re-serialised to patch it), and nothing measurable to
synthesis; so the model is patched only when word times are asked for.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from trees import import_root  # noqa: E402

sys.path.insert(0, str(import_root(ROOT)))

EXTRA = [
    "In 1947 the country was born, and by the 1990s it had changed.",
    "A ticket cost $1.50 in 2004 and $5.2 million bought the whole line.",
    "Dr. Lee met the U.S. envoy, e.g. at lunch, to talk about R&D.",
    'She called it "the well-known trick" and smiled.',
    "Prices rose 25% this year.",
    "Stop.",
    "See https://www.example.com/about-us for more.",
    "The tide-gauge data, from 1900 to 2011, agree.",
]

STEP = 0.005
"""Seconds per energy frame for the onset measure."""
DIP_DB = 3.0
"""How far the envelope must dip between two louder stretches to count as a valley."""


def sentences(count: int) -> list[str]:
    """The example script's sentences, then the hard ones above, up to count."""
    from scriptreel.script import load_script

    script = load_script(ROOT / "examples" / "tides.md")
    found = [s.text for seg in script.segments for s in seg.sentences] + EXTRA
    return (found * (count // len(found) + 1))[:count]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, count: int) -> dict:
    """One measurement in this process: `plain`, `aligned` or `words`."""
    from scriptreel.media.estimate import estimate_spans
    from scriptreel.media.speech import spoken
    from scriptreel.media.voice.piper import PiperEngine

    engine = PiperEngine.load(None)
    texts = [spoken(t) for t in sentences(count)]
    before = time.perf_counter()
    engine.load_model(alignments=mode != "plain")
    load = time.perf_counter() - before
    before = time.perf_counter()
    results = []
    for text in texts:
        if mode == "words":
            results.append(engine.synthesize_words(text))
        else:
            engine.synthesize(text)
    synth = time.perf_counter() - before
    row = {"mode": mode, "load_s": load, "synth_s": synth, "peak_rss_mb": peak_rss_mb()}
    if mode == "words":
        distances = [
            d for audio, spans in results for d in onset_distances(audio, engine.sample_rate, spans)
        ]
        row["onset_ms"] = distances
        row["estimate_ms"] = [
            d
            for (audio, _), text in zip(results, texts)
            for d in onset_distances(
                audio, engine.sample_rate, estimate_spans(audio, engine.sample_rate, text.split())
            )
        ]
        row["words_agree_ms"] = [
            abs(a.start - b.start) / engine.sample_rate * 1000
            for (audio, spans), text in zip(results, texts)
            for a, b in zip(spans, estimate_spans(audio, engine.sample_rate, text.split()))
        ]
        row["audio_s"] = sum(len(a) for a, _ in results) / engine.sample_rate
    return row


def envelope(audio: np.ndarray, rate: int) -> np.ndarray:
    """Energy in dB per STEP-second frame."""
    hop = max(1, round(rate * STEP))
    frames = len(audio) // hop
    power = (audio[: frames * hop].astype(np.float64) / 32768) ** 2
    return 10 * np.log10(power.reshape(frames, hop).mean(axis=1) + 1e-10)


def onsets(audio: np.ndarray, rate: int) -> np.ndarray:
    """Sample positions where sound starts: ends of valleys and steep rises of the envelope."""
    level = envelope(audio, rate)
    hop = round(rate * STEP)
    quiet = level < level.max() - 35
    valley_ends = np.flatnonzero(quiet[:-1] & ~quiet[1:]) + 1
    smooth = np.convolve(level, np.ones(3) / 3, mode="same")
    rise = np.diff(smooth, prepend=smooth[0])
    edges = np.flatnonzero((rise > 4) & (np.roll(rise, 1) <= 4))
    # Dips: local minima at least DIP_DB under the loudest point within 30 ms on each side,
    # where one word runs into the next without a pause.
    side = max(1, round(0.03 / STEP))
    padded = np.pad(smooth, side, mode="edge")
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * side + 1)
    left, right = windows[:, :side].max(axis=1), windows[:, side + 1 :].max(axis=1)
    minimum = smooth == windows.min(axis=1)
    dips = np.flatnonzero(minimum & (left - smooth >= DIP_DB) & (right - smooth >= DIP_DB))
    return np.unique(np.concatenate([valley_ends, edges, dips])) * hop


def onset_distances(audio: np.ndarray, rate: int, spans: list) -> list[float]:
    """Milliseconds from each word start to the nearest onset."""
    found = onsets(audio, rate)
    if not len(found):
        return []
    return [float(np.abs(found - span.start).min()) / rate * 1000 for span in spans]


def run(mode: str, count: int) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--sentences", str(count)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.sentences)))
        return
    rows = [run(mode, args.sentences) for mode in ("plain", "aligned", "words")]
    print(f"{args.sentences} sentences, bundled voice, one process per mode")
    print(f"{'mode':<10}{'load s':>9}{'synth s':>9}{'peak RSS MB':>13}")
    for row in rows:
        print(
            f"{row['mode']:<10}{row['load_s']:>9.2f}{row['synth_s']:>9.2f}{row['peak_rss_mb']:>13.0f}"
        )
    words = rows[-1]
    print(f"word starts, {len(words['onset_ms'])} words, {words['audio_s']:.1f} s of speech:")
    for label, key in (
        ("from alignments: distance to nearest onset", "onset_ms"),
        ("estimated from audio: distance to nearest onset", "estimate_ms"),
        ("estimated vs aligned start", "words_agree_ms"),
    ):
        found = words[key]
        median, p95 = statistics.median(found), float(np.percentile(found, 95))
        print(f"  {label:<50} median {median:6.1f} ms   95th percentile {p95:6.1f} ms")


if __name__ == "__main__":
    main()
