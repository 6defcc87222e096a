"""The Piper model patched for word times: made once as a file, checked, and done without."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from scriptreel.media.files import file_sha256
from scriptreel.media.voice import piper_model
from scriptreel.media.voice.piper import PiperEngine, bundled_model
from scriptreel.media.voice.piper_model import cache_folder, kept_model, open_voice

SENTENCE = "The tide comes in over the flat sand."


@pytest.fixture(scope="module")
def model() -> tuple[Path, str]:
    path = bundled_model()
    return path, file_sha256(path)


@pytest.fixture(scope="module")
def made(model, tmp_path_factory) -> Path:
    """A folder holding the patched model, made once for the module (making it takes ~2 s)."""
    folder = tmp_path_factory.mktemp("voice")
    open_voice(*model, alignments=True, folder=folder)
    return folder


def spoken_with_durations(voice) -> bool:
    from piper import SynthesisConfig

    chunks = list(voice.synthesize(SENTENCE, SynthesisConfig(), include_alignments=True))
    return bool(chunks) and all(chunk.phoneme_alignments for chunk in chunks)


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.onnx"))


def test_the_patched_model_is_made_once_and_then_reused(model, made, monkeypatch):
    (path,) = kept(made)
    assert path.name.startswith(f"{model[1]}-piper") and not list(made.glob(".*"))
    before = path.stat().st_mtime_ns
    monkeypatch.setattr(piper_model, "_patched_bytes", lambda model: pytest.fail("patched again"))
    voice = open_voice(*model, alignments=True, folder=made)
    assert spoken_with_durations(voice)
    assert kept(made) == [path] and path.stat().st_mtime_ns == before


def test_a_damaged_patched_model_is_never_used(model, made, tmp_path):
    (good,) = kept(made)
    key = good.name.split(".")[0]
    damaged = tmp_path / good.name
    damaged.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert kept_model(tmp_path, key) is None
    voice = open_voice(*model, alignments=True, folder=tmp_path)
    assert spoken_with_durations(voice)
    assert kept_model(tmp_path, key) == damaged and file_sha256(damaged) == file_sha256(good)


def test_an_unwritable_cache_folder_falls_back_to_patching_in_memory(model, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    voice = open_voice(*model, alignments=True, folder=blocker / "voice")
    assert spoken_with_durations(voice)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_cache_folder_falls_back_too(model, tmp_path):
    tmp_path.chmod(0o500)
    try:
        assert spoken_with_durations(open_voice(*model, alignments=True, folder=tmp_path))
        assert kept(tmp_path) == []
    finally:
        tmp_path.chmod(0o700)


def test_plain_synthesis_leaves_the_model_unpatched(model, tmp_path):
    voice = open_voice(*model, alignments=False, folder=tmp_path)
    assert len(voice.session.get_outputs()) == 1  # audio only, no durations
    assert kept(tmp_path) == []


def test_the_folder_is_the_cache_kind_of_the_same_name(cache_dir):
    from scriptreel.render.store.cache import Kind, default_root

    assert cache_folder() == default_root() / Kind.VOICE.value == cache_dir / "voice"


@pytest.mark.slow
def test_the_engine_keeps_its_patched_model_in_the_cache_and_its_identity(cache_dir):
    engine = PiperEngine.load(None)
    identity = engine.identity()
    audio, spans = engine.synthesize_words(SENTENCE)
    assert len(spans) == len(SENTENCE.split()) and not any(s.estimated for s in spans)
    assert len(kept(cache_dir / "voice")) == 1 and engine.identity() == identity


def test_the_cache_counts_tags_and_cleans_the_voice_folder(model, made, cache_dir):
    from scriptreel.render.store.cache import Cache, is_tagged

    (cache_dir / "voice").mkdir()
    for path in kept(made):
        (cache_dir / "voice" / path.name).write_bytes(path.read_bytes())
    cache = Cache(cache_dir)
    cache.mark()
    assert is_tagged(cache_dir) and cache.stats()["voice"][0] == 1
    assert cache.clean() > 60_000_000 and not (cache_dir / "voice").exists()


def test_the_lean_session_speaks_the_same_samples_as_pipers_own(model, tmp_path):
    import numpy as np
    import onnxruntime
    from piper import PiperVoice

    def spoken(voice) -> list[np.ndarray]:
        texts = [SENTENCE, "In 1947 the pier was sold for five million dollars."]
        return [chunk.audio_int16_array for text in texts for chunk in voice.synthesize(text)]

    try:
        onnxruntime.set_seed(7)  # the model draws noise: the same seed, the same samples
        theirs = spoken(PiperVoice.load(model[0]))
        onnxruntime.set_seed(7)
        ours = open_voice(*model, alignments=False, folder=tmp_path)
        assert all(np.array_equal(a, b) for a, b in zip(theirs, spoken(ours), strict=True))
    finally:
        onnxruntime.set_seed(time.time_ns() % 2**31)  # later sessions draw as before
    assert not ours.session.get_session_options().enable_mem_pattern
