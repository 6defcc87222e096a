"""The video's ending: its last second fades to the theme's background after the last words
(never a hard cut), the music fades with it, and `outro:` ends on a card."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
from imageio_ffmpeg import get_ffmpeg_exe

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.timeline import BREATH, ENDING
from tests.conftest import write
from tests.probe import decode_audio
from tests.tonevoice import ToneVoice, WordToneVoice

FPS = 12
SIZE = (320, 180)
SCRIPT = (
    "---\ntitle: Ending\nsize: 320x180\nfps: 12\n{extra}---\n"
    "## One\n\nThe sea rises and falls twice a day.\n\n"
    "## Two\n\nThe Moon pulls the water toward it.\n"
)


def frames_of(video) -> np.ndarray:
    raw = subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-i", str(video), "-f", "rawvideo"]
        + ["-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, SIZE[1], SIZE[0], 3).astype(int)


@pytest.fixture(scope="module")
def ending(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ending")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        script = write(folder / "e.md", SCRIPT.format(extra=""))
        summary = render_video(script, settings=RenderSettings(voice=WordToneVoice()))
    return folder, summary, frames_of(folder / "e.mp4")


def test_the_last_second_is_not_a_still(ending):
    _, _, frames = ending
    last = frames[-FPS:]
    steps = [np.abs(a - b).mean() for a, b in zip(last, last[1:])]
    assert min(steps) > 0.1, steps  # every frame of the last second differs from the one before


def test_the_video_ends_on_the_themes_background(ending):
    _, _, frames = ending
    final, before = frames[-1], frames[-1 - round(ENDING * FPS)]
    # The background is a vertical gradient: each row one colour, the card's text gone.
    assert final.std(axis=1).max() < 2.5
    assert before.std(axis=1).max() > 20  # the title card, text and all, before the fade


def test_the_fade_comes_after_the_last_words_and_their_breath(ending):
    folder, summary, _ = ending
    words = json.loads((folder / "e.words.json").read_text())["words"]
    assert words[-1]["text"] == "it."
    assert words[-1]["end"] + BREATH <= summary.duration - ENDING + 1 / FPS


def test_the_music_fades_out_with_the_picture(tmp_path):
    music = tmp_path / "bed.wav"
    subprocess.run(
        [get_ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "sine=frequency=220:duration=4"]
        + [str(music)],
        check=True,
    )
    script = write(tmp_path / "m.md", SCRIPT.format(extra="music: bed.wav\n"))
    summary = render_video(script, settings=RenderSettings(voice=ToneVoice()))
    audio = decode_audio(tmp_path / "m.mp4").astype(float)
    rate = 48000

    def level(start: float, end: float) -> float:
        return float(np.sqrt(np.mean(audio[int(start * rate) : int(end * rate)] ** 2)))

    end = summary.duration
    assert level(end - 0.05, end) < 0.1 * level(end - ENDING - 2.0, end - ENDING - 1.9)


def test_outro_true_ends_on_a_card_with_the_title_that_fades_out(tmp_path):
    script = write(tmp_path / "o.md", SCRIPT.format(extra="outro: true\n"))
    summary = render_video(script, settings=RenderSettings(voice=ToneVoice()))
    closing = summary.segments[-1]
    assert closing.title == "Ending" and closing.number is None and not closing.narration
    frames = frames_of(tmp_path / "o.mp4")
    assert frames[-1].std(axis=1).max() < 2.5
    assert frames[round(closing.start * FPS) + 2].std(axis=1).max() > 20


def test_an_outro_text_is_its_own_card(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT.format(extra='outro: "Thanks to the harbour crew"\n'))
    summary = render_video(script, settings=RenderSettings(voice=ToneVoice()))
    assert summary.segments[-1].title == "Thanks to the harbour crew"


def test_an_ending_splits_the_last_still_so_only_its_fade_is_composed():
    from scriptreel.render.video.fades import fade_weights, with_ending
    from scriptreel.render.video.frames import Still
    from scriptreel.render.video.pieces import Piece, PieceKind
    from scriptreel.render.video.visuals import Base

    card, beat = Still(Base()), Still(Base(0))
    last = Piece("k", 40, PieceKind.SEQUENCE, ((card, 10), (beat, 30)))

    def stretch(shown):
        return [Piece("s", sum(n for _, n in shown), PieceKind.SEQUENCE, tuple(shown))]

    pieces = with_ending([last], 12, lambda piece, **parts: f"{piece.kind.value}{parts}", stretch)
    kept, fade = pieces
    assert kept.stills == ((card, 10), (beat, 18))
    assert (fade.kind, fade.frames, fade.stills, fade.ending) == (
        PieceKind.ENDING,
        12,
        ((beat, 12),),
        12,
    )
    assert fade_weights(4, ending=True).tolist() == [0.25, 0.5, 0.75, 1.0]
    assert fade_weights(3).tolist() == [0.25, 0.5, 0.75]  # a cross-fade never shows one alone


def test_a_last_segment_zooming_on_its_picture_fades_to_the_background_not_black(tmp_path):
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (320, 180), (230, 200, 40))
    ImageDraw.Draw(picture).ellipse((100, 40, 220, 140), fill=(20, 120, 220))
    picture.save(tmp_path / "sun.png")
    text = SCRIPT.format(extra="motion: true\n").replace("## Two", '## Two {image="sun.png"}')
    render_video(write(tmp_path / "z.md", text), settings=RenderSettings(voice=ToneVoice()))
    frames = frames_of(tmp_path / "z.mp4")
    assert frames[-1].std(axis=1).max() < 2.5
    assert frames[-1].mean() > 20  # the theme's navy, not black
    assert frames[-1 - round(ENDING * FPS)].std(axis=1).max() > 20


@pytest.mark.parametrize(
    ("outro", "closing"),
    [("true", "Ending"), ("yes", "Ending"), ("false", None), ('"See you"', "See you")],
)
def test_outro_is_a_text_true_for_the_title_or_false_for_none(tmp_path, outro, closing):
    from scriptreel.script import load_script

    script = load_script(write(tmp_path / "o.md", SCRIPT.format(extra=f"outro: {outro}\n")))
    last = script.segments[-1]
    assert (last.title if last.closing else None) == closing
