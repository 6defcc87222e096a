"""Visual beats in the rendered video, probed frame by frame: each beat on its word's frame,
clip frames in order (hold and loop), list items on their words, clip sound ducked under speech,
and an edit that rebuilds only its segment."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe
from PIL import Image

from scriptreel.render import RenderSettings, render_video
from tests.conftest import write
from tests.probe import decode_audio
from tests.tonevoice import WordToneVoice

FPS = 20
SIZE = (160, 96)
BLEND = 6
"""Frames of the cross-fade into a clip: 0.3 s at 20 fps."""
SCRIPT = """---
title: Beats
---
## Picture

One two three.

![](red.png)

Four five six seven.

## Clip

Alpha beta.

![](count.mp4){start=0.5 audio=mix}

Gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma.

## Loop

![](count.mp4){loop=true}

Words keep coming here so that the clip must loop around again and again for a while.

## List

Intro words.

- Item one here.
- Item two here.
"""


def _count_clip(path: Path) -> None:
    """A 2 s clip at 10 fps whose frame N is flat grey at level 20 + 10 N, with a 1 kHz tone."""
    args = [get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi"]
    args += ["-i", "color=c=black:s=160x96:r=10:d=2,format=gray,geq=lum='20+N*10'"]
    args += ["-f", "lavfi", "-i", "sine=frequency=1000:duration=2:sample_rate=48000"]
    args += ["-c:v", "libx264", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", str(path)]
    subprocess.run(args, check=True)


@pytest.fixture(scope="module")
def beats_render(tmp_path_factory):
    folder = tmp_path_factory.mktemp("beats")
    Image.new("RGB", (320, 192), (220, 30, 30)).save(folder / "red.png")
    _count_clip(folder / "count.mp4")
    script = write(folder / "b.md", SCRIPT)
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        summary = render_video(script, folder / "b.mp4", settings)
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(folder / "b.mp4")]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)
    words = json.loads((folder / "b.words.json").read_text())["words"]
    return folder, summary, frames, words


def _word(words, segment: int, text: str, nth: int = 0) -> dict:
    return [w for w in words if w["segment"] == segment and w["text"] == text][nth]


def _onset(word: dict) -> int:
    # The JSON keeps milliseconds: the frame during which the word starts.
    return math.floor(word["start"] * FPS + 1e-6)


def _centre(frames, index: int) -> np.ndarray:
    return frames[index, SIZE[1] // 2 - 4 : SIZE[1] // 2 + 4, 60:100].reshape(-1, 3).mean(axis=0)


def test_a_picture_appears_on_the_frame_of_its_word(beats_render):
    _, _, frames, words = beats_render
    at = _onset(_word(words, 0, "Four"))
    red = _centre(frames, at)
    assert red[0] > 150 and red[1] < 90, red
    before = _centre(frames, at - 1)
    assert not (before[0] > 150 and before[1] < 90), before


def _clip_index(frames, index: int) -> float:
    grey = _centre(frames, index).mean()
    return (grey - 20) / 10


def test_clip_frames_play_in_order_from_start_then_hold_the_last(beats_render):
    _, summary, frames, words = beats_render
    at = _onset(_word(words, 1, "Gamma"))
    # start=0.5 s: source frame 5 first; two output frames (20 fps) per source frame (10 fps),
    # once its cross-fade from the card (BLEND frames) is over.
    for step in range(BLEND, 30, 3):
        expected = min(5 + step // 2, 19)
        assert abs(_clip_index(frames, at + step) - expected) < 0.6, (step, expected)
    end = round(summary.segments[1].end * FPS) - 1
    assert abs(_clip_index(frames, end) - 19) < 0.6  # the last frame held to the segment's end


def test_a_clip_cross_fades_in_from_the_card_from_its_word(beats_render):
    _, _, frames, words = beats_render
    at = _onset(_word(words, 1, "Gamma"))
    card, clip = _centre(frames, at - 1), _centre(frames, at + BLEND)
    assert abs(_clip_index(frames, at + BLEND) - (5 + BLEND // 2)) < 0.6
    # On the word's frame the clip is already there, blended over the card.
    for step in (0, BLEND // 2, BLEND - 1):
        blended = _centre(frames, at + step)
        assert np.abs(blended - card).max() > 3 and np.abs(blended - clip).max() > 3, step
    assert (
        np.abs(_centre(frames, at + 1) - card).max() < np.abs(_centre(frames, at + 4) - card).max()
    )


def test_a_looping_clip_starts_over(beats_render):
    _, summary, frames, _ = beats_render
    start = round(summary.segments[2].start * FPS)
    indexes = [round(_clip_index(frames, start + k)) for k in range(0, 100)]
    # Past the cross-fade from the card, the clip plays to its last frame and starts over.
    again = indexes.index(0, 12)
    assert indexes[again - 2 : again + 3] == [19, 19, 0, 0, 1], indexes[again - 4 : again + 4]
    assert indexes[again - 30 : again - 28] == [5, 5], indexes[again - 32 : again - 26]


def test_list_items_appear_on_their_words(beats_render):
    _, _, frames, words = beats_render
    second = _onset(_word(words, 3, "Item", 1))
    first = _onset(_word(words, 3, "Item", 0))
    changed = np.abs(frames[second] - frames[second - 1]).max()
    assert changed > 60
    assert np.abs(frames[second - 1] - frames[first]).max() < 40  # nothing moves in between


def _tone_level(audio: np.ndarray, start: float, end: float) -> float:
    part = audio[int(start * 48000) : int(end * 48000)]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    bins = np.fft.rfftfreq(len(part), 1 / 48000)
    return float(spectrum[(bins > 980) & (bins < 1020)].max() / len(part))


def test_mixed_clip_sound_plays_under_the_voice_and_a_muted_clip_stays_silent(beats_render):
    folder, summary, _, words = beats_render
    audio = decode_audio(folder / "b.mp4")
    gamma = _word(words, 1, "Gamma")
    mixed = _tone_level(audio, gamma["start"], gamma["start"] + 1.0)
    loop = summary.segments[2]
    muted = _tone_level(audio, loop.start + 0.5, loop.start + 1.5)
    assert mixed > 20 * muted and mixed > 1e-4


def test_clip_sound_is_ducked_12_db_while_the_voice_speaks():
    from scriptreel.render.sound.mixing import mix_clip_sound

    rate = 48000
    t = np.arange(4 * rate) / rate
    sound = (np.sin(2 * np.pi * 1000 * t) * 8000).astype(np.int16)
    speech = np.zeros(4 * rate, dtype=bool)
    speech[2 * rate :] = True
    mixed = mix_clip_sound(np.zeros(4 * rate, dtype=np.int16), speech, sound, 0, rate)
    quiet = np.abs(mixed[rate // 2 : rate]).max()
    ducked = np.abs(mixed[3 * rate : 3 * rate + rate // 2]).max()
    assert 11.0 < 20 * np.log10(quiet / ducked) < 13.0


def test_editing_one_sentence_rebuilds_only_its_segment(beats_render, tmp_path, monkeypatch):
    folder, _, _, _ = beats_render
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
    edited = write(folder / "b.md", SCRIPT.replace("Intro words.", "Intro words changed."))
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    again = render_video(edited, tmp_path / "again.mp4", settings)
    assert [s.rebuilt for s in again.segments] == [False, False, False, True]


def test_with_motion_a_list_item_cross_fades_in_from_its_word(tmp_path, monkeypatch):
    text = "## List\n\nIntro words.\n\n- Item one here.\n- Item two here.\n"
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice(), motion=True)
    summary = render_video(write(tmp_path / "m.md", text), tmp_path / "m.mp4", settings)
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(tmp_path / "m.mp4")]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)
    second = _onset([w for w in summary.words if w["text"] == "Item"][1])
    before, after = frames[second - 1], frames[second + 8]
    middle = frames[second + 2]
    # Part way through the blend the frame is neither the old list nor the new one.
    assert np.abs(middle - before).max() > 10 and np.abs(middle - after).max() > 10
    assert np.abs(frames[second + 8] - frames[second + 9]).max() < 12  # settled


def test_a_copied_project_renders_from_the_cache(tmp_path, monkeypatch):
    # Keys once held absolute paths: a project copied or checked out elsewhere rebuilt everything.
    first = tmp_path / "a"
    first.mkdir()
    Image.new("RGB", (320, 192), (20, 120, 220)).save(first / "blue.png")
    write(first / "p.md", "## P\n\nOne two.\n\n![](blue.png)\n\nThree four five.\n")
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    render_video(first / "p.md", first / "p.mp4", settings)
    second = tmp_path / "b"
    second.mkdir()
    for name in ("blue.png", "p.md"):
        (second / name).write_bytes((first / name).read_bytes())
    again = render_video(second / "p.md", second / "p.mp4", settings)
    assert [s.rebuilt for s in again.segments] == [False]


def test_a_clip_cross_fades_into_the_picture_after_it_by_that_pictures_word(tmp_path):
    Image.new("RGB", (320, 192), (220, 30, 30)).save(tmp_path / "red.png")
    _count_clip(tmp_path / "count.mp4")
    text = (
        "## Out\n\nAlpha beta.\n\n![](count.mp4)\n\nGamma delta epsilon zeta.\n\n"
        "![](red.png)\n\nEta theta iota.\n"
    )
    settings = RenderSettings(size=SIZE, fps=FPS, voice=WordToneVoice())
    summary = render_video(write(tmp_path / "o.md", text), tmp_path / "o.mp4", settings)
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(tmp_path / "o.mp4")]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)
    at = _onset([w for w in summary.words if w["text"] == "Eta"][0])
    red = _centre(frames, at)
    assert red[0] > 200 and red[1] < 40, red  # the picture, whole, on its word's frame
    grey = _centre(frames, at - BLEND - 1)
    assert abs(grey[0] - grey[1]) < 4  # the clip, before the fade
    reds = [_centre(frames, at - BLEND + k)[0] for k in range(BLEND)]
    assert all(a < b for a, b in zip(reds, reds[1:])), reds  # the picture blending in
    assert grey[0] < reds[0] < red[0] and reds[-1] < red[0]
