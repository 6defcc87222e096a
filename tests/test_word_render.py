"""Word times in a rendered video: OUT.words.json, karaoke WebVTT, captions cut on words and
word-by-word burned captions, all checked against a voice whose word positions are known."""

from __future__ import annotations

import json

import numpy as np
import pytest

from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.timeline import voice_lead
from tests.conftest import write
from tests.probe import frame_png
from tests.tonevoice import PlainToneVoice, WordToneVoice

FPS = 20
SCRIPT = (
    "---\ntitle: Words\n---\n## One\n\nThe tide rose in 1947 quickly.\n\n"
    "## Two\n\nA much longer sentence follows here, and it keeps on going with many more words "
    "than two caption lines can hold, so it has to be cut.\n"
)


@pytest.fixture(scope="module")
def words_render(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words")
    voice = WordToneVoice()
    settings = RenderSettings(
        size=(320, 180),
        fps=FPS,
        voice=voice,
        burn_captions=True,
        caption_style=CaptionStyle.WORDS,
        karaoke=True,
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        summary = render_video(write(folder / "w.md", SCRIPT), folder / "w.mp4", settings)
    return folder, summary, voice


def test_words_json_gives_every_word_at_its_sample(words_render):
    folder, summary, voice = words_render
    words = json.loads((folder / "w.words.json").read_text())["words"]
    segment = summary.segments[0]
    sentence = "The tide rose in 1947 quickly."
    # "1947" is spoken as three words: on screen it is one word spanning all three.
    spoken = "The tide rose in nineteen forty-seven quickly."
    bursts = voice.word_samples(spoken)
    mine = [w for w in words if w["segment"] == 0]
    assert [w["text"] for w in mine] == sentence.split()
    expected = [bursts[i][0] for i in (0, 1, 2, 3, 4, 6)]
    lead = voice_lead(round(segment.start * summary.fps), summary.fps) / 48000
    for word, start in zip(mine, expected):
        at = segment.start + lead + start / voice.sample_rate
        assert abs(word["start"] - at) <= 0.0011, (word, at)  # the JSON keeps milliseconds
    year = mine[4]
    assert abs(year["end"] - (segment.start + lead + bursts[5][1] / voice.sample_rate)) < 0.0011
    assert not any(w["estimated"] for w in mine[:4])


def test_karaoke_vtt_tags_each_word_after_the_first(words_render):
    folder, _, _ = words_render
    vtt = (folder / "w.vtt").read_text()
    assert "The <00:00:" in vtt and "<00:00:" in vtt.split("quickly")[0]


def test_long_sentence_cues_cut_on_word_starts(words_render):
    folder, summary, _ = words_render
    words = json.loads((folder / "w.words.json").read_text())["words"]
    starts = {round(w["start"], 2) for w in words}
    from tests.probe import srt_cues

    cues = [c for c in srt_cues(folder / "w.srt") if c[0] >= summary.segments[1].start]
    assert len(cues) >= 2
    for start, _, _ in cues:
        assert any(abs(start - s) <= 0.011 for s in starts), (start, sorted(starts))


def test_word_captions_light_each_word_from_its_frame(words_render):
    folder, summary, _ = words_render
    words = [
        w for w in json.loads((folder / "w.words.json").read_text())["words"] if w["segment"] == 0
    ]
    # The frame where "tide" starts differs from the frame just before it: the highlight moved.
    at = round(words[1]["start"] * FPS)
    before = _frame(folder, at - 1)
    after = _frame(folder, at)
    assert np.abs(after - before).max() > 60
    # Within one word nothing moves.
    later = _frame(folder, at + 1)
    assert np.abs(later - after).max() < 30


def _frame(folder, index: int) -> np.ndarray:
    from PIL import Image

    path = frame_png(folder / "w.mp4", index / FPS, folder / f"frame{index}.png")
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"), dtype=np.int16)


def test_a_voice_without_word_times_gets_estimated_words(tmp_path):
    script = write(tmp_path / "p.md", "## P\n\nThree small words.\n")
    settings = RenderSettings(size=(160, 90), fps=10, voice=PlainToneVoice())
    summary = render_video(script, tmp_path / "p.mp4", settings)
    assert [w["text"] for w in summary.words] == ["Three", "small", "words."]
    assert all(w["estimated"] for w in summary.words)
    starts = [w["start"] for w in summary.words]
    assert starts == sorted(starts) and summary.words[-1]["end"] <= summary.duration
