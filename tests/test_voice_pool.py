"""A render's sentences spoken by several processes: as many as the machine has cores for, and
the same audio, byte for byte, as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptreel.render import RenderSettings, render_video, voice_pool
from scriptreel.render.voice_pool import SENTENCES_PER_PROCESS, VOICE_MEMORY, process_count
from tests.conftest import write

SCRIPT = (
    "---\ntitle: Tides\nfps: 5\n---\n## Sand\n\nThe tide comes in over the flat sand. "
    "It leaves a line of shells behind.\n\n## Pier\n\nThe old pier was sold in 1947. "
    "Nobody remembers who bought it.\n"
)


def test_one_process_per_two_cores_as_memory_allows(monkeypatch):
    monkeypatch.setattr(voice_pool, "cores", lambda: 16)
    monkeypatch.setattr(voice_pool, "available_memory", lambda: 100 * VOICE_MEMORY)
    assert process_count(None, 100) == 8
    assert process_count(None, 3 * SENTENCES_PER_PROCESS) == 3  # as many as are worth starting
    assert process_count(None, SENTENCES_PER_PROCESS - 1) == 1
    monkeypatch.setattr(voice_pool, "available_memory", lambda: 3 * VOICE_MEMORY + 1)
    assert process_count(None, 100) == 3
    assert process_count(4, 100) == 2  # --jobs 4: four cores, whatever the memory
    monkeypatch.setattr(voice_pool, "cores", lambda: 2)
    assert process_count(None, 100) == 1  # two cores: the render's own process speaks
    assert process_count(1, 100) == 1


def narration(cache: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in cache.rglob("*.npz")}


@pytest.mark.slow
def test_two_processes_speak_the_same_bytes_as_one(tmp_path, monkeypatch):
    shared = []
    real = voice_pool.share_out

    def sharing(*args):
        shared.append(real(*args))
        return shared[-1]

    monkeypatch.setattr("scriptreel.render.narration.share_out", sharing)
    monkeypatch.setattr(voice_pool, "SENTENCES_PER_PROCESS", 1)  # four sentences, two processes
    script = write(tmp_path / "tides.md", SCRIPT)
    spoken = {}
    for jobs in (1, 4):
        cache = tmp_path / f"cache{jobs}"
        if jobs > 1:  # the patched voice model, made by the first render (2 s to make again)
            (cache / "voice").mkdir(parents=True)
            for made in (tmp_path / "cache1" / "voice").glob("*.onnx"):
                (cache / "voice" / made.name).hardlink_to(made)
        monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(cache))
        settings = RenderSettings(size=(320, 180), jobs=jobs)
        render_video(script, tmp_path / f"tides{jobs}.mp4", settings)
        spoken[jobs] = narration(cache)
    assert shared[0] is None and shared[1] is not None  # 4 cores: two processes spoke
    assert len(spoken[1]) == 4 and spoken[4] == spoken[1]


class Narrating:
    """What share_out asks of a narrator: every sentence new, in a voice of the given kind."""

    def __init__(self, repeatable: bool):
        from scriptreel.media.voice import Capabilities
        from tests.tonevoice import ToneVoice

        self.voice = ToneVoice()
        self.voice.capabilities = Capabilities(repeatable=repeatable)

    def voice_of(self, speaker):
        return self.voice, None

    def missing(self, text, speaker) -> bool:
        return True

    def spoken(self, text):
        from scriptreel.media.speech import spoken_words

        return spoken_words(text, {})

    def key(self, text, speaker) -> str:
        return text


def test_no_processes_for_a_voice_that_is_not_repeatable_or_in_a_batch_worker(monkeypatch):
    from types import SimpleNamespace

    from scriptreel.script.markdown import parse_markdown

    monkeypatch.setattr(voice_pool, "SENTENCES_PER_PROCESS", 1)
    monkeypatch.setattr(
        voice_pool, "VoicePool", lambda count: SimpleNamespace(submit=lambda *said: None)
    )
    segments = parse_markdown(Path("tides.md"), SCRIPT).segments
    assert voice_pool.share_out(Narrating(repeatable=False), segments, 4) is None
    assert voice_pool.share_out(Narrating(repeatable=True), segments, 4) is not None
    monkeypatch.setattr(voice_pool, "current_process", lambda: SimpleNamespace(daemon=True))
    assert voice_pool.share_out(Narrating(repeatable=True), segments, 4) is None
