"""Calibrate the sentence model of script/timing.py: fit seconds per sentence to the real voice.

python benchmarks/estimates.py SCRIPT [SCRIPT ...]

Render each script first (its narration must be in the cache); prints the least-squares fit
(fixed seconds, seconds per letter, seconds per break) and how far the current constants are off.
"""

from __future__ import annotations

import sys

import numpy as np

from scriptreel.media.speech import spoken_words
from scriptreel.render.estimates import script_time
from scriptreel.script import load_script
from scriptreel.script.timing import _BREAK


def features(text: str) -> list[float]:
    words = spoken_words(text, {}).text.split()
    words[-1] = words[-1].rstrip(".?!\u2026")
    letters = sum(c.isalnum() for word in words for c in word)
    breaks = sum(len(_BREAK.findall(word + " ")) for word in words)
    return [1.0, letters, breaks]


def main(paths: list[str]) -> None:
    rows, lengths = [], []
    for path in paths:
        script = load_script(path)
        timing = script_time(script)
        estimate = script_time(script, cached=False)
        print(
            f"{path}: {timing.seconds:.2f} s ({timing.basis()}), estimate {estimate.seconds:.2f} s"
        )
        for segment, time in zip(script.segments, timing.segments):
            for sentence, measured in zip(segment.sentences, time.sentences):
                if measured.measured:
                    rows.append(features(sentence.text))
                    lengths.append(measured.seconds)
    fit, *_ = np.linalg.lstsq(np.array(rows), np.array(lengths), rcond=None)
    print(
        f"{len(rows)} sentences: fixed {fit[0]:.3f} s, letter {fit[1]:.4f} s, break {fit[2]:.3f} s"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
