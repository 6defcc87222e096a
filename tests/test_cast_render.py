"""A two-speaker render read back from its outputs: each speaker's rate in words per second,
and voices given on the command line for the script and for one speaker at once."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.conftest import register_tone, run_cli, write
from tests.probe import decode_audio

TALK = """---
title: Rates
cast:
  Ana: {speed: 1.0}
  Ben: {speed: 1.5}
---

## One

Ana: One two three four five six.

Ben: One two three four five six.

## Two

Ana: Seven eight nine ten.
"""


def _pitch(audio: np.ndarray, start: float, end: float, rate: int = 48000) -> float:
    part = audio[round(start * rate) : round(end * rate)]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    return float(np.fft.rfftfreq(len(part), 1 / rate)[np.argmax(spectrum)])


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    register_tone()  # before the autouse fixture that registers it for each test
    tmp_path = tmp_path_factory.mktemp("rates")
    write(tmp_path / "talk.md", TALK)
    args = ("render", "talk.md", "--size", "320x180", "--fps", "10")
    done = run_cli(*args, "--voice", "tone:300", "--voice", "Ben=tone:550", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    return tmp_path, words


def test_each_speaker_keeps_their_own_rate_in_words_per_second(rendered):
    _, words = rendered
    runs: dict[str, list[float]] = {}
    for start in (0, 6, 12):  # each sentence: its words over the time from first to last
        said = words[start : start + (6 if start < 12 else 4)]
        rate = len(said) / (said[-1]["end"] - said[0]["start"])
        runs.setdefault(said[0]["speaker"], []).append(rate)
    # The tone voice says ten words a second at speed 1.
    assert runs["Ana"] == [pytest.approx(10, rel=0.05), pytest.approx(10, rel=0.05)]
    assert runs["Ben"] == [pytest.approx(15, rel=0.05)]


def test_every_voice_option_counts_the_scripts_and_one_speakers(rendered):
    folder, words = rendered
    audio = decode_audio(folder / "talk.mp4")
    ana, ben = words[0], words[6]
    assert (ana["speaker"], ben["speaker"]) == ("Ana", "Ben")
    # Ana has no voice of her own: she is heard in the script's voice, the first --voice.
    assert _pitch(audio, ana["start"], words[5]["end"]) == pytest.approx(300, abs=15)
    assert _pitch(audio, ben["start"], words[11]["end"]) == pytest.approx(550, abs=15)
