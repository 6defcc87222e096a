"""Narration and captions in rendered videos: timing, pauses, chapters, loudness, burn-in, music."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from scriptreel.media.voice import Capabilities
from scriptreel.render import RenderSettings, render_video
from tests.conftest import render_once, run_cli, write
from tests.probe import decode_audio, frame_png, srt_cues
from tests.tonevoice import ToneVoice

TONES = (
    "---\ntitle: Tones\n---\n## One\n\nShort words here. "
    "A much longer sentence follows, and it keeps going with "
    "many more words than fit on two caption lines, so it must split. [pause 1.5s] Then this.\n\n"
    "## Two\n\nFinal words.\n"
)
TINY = RenderSettings(size=(320, 180), fps=24)


def _loud(audio: np.ndarray, start: float, end: float) -> float:
    part = audio[int(start * 48000) : int(end * 48000)]
    return float(np.sqrt(np.mean(part**2))) if len(part) else 0.0


@pytest.fixture(scope="module")
def tone_render(tmp_path_factory):
    return render_once(
        tmp_path_factory, "t", TONES, RenderSettings(size=(320, 180), fps=24, voice=ToneVoice())
    )


def test_each_caption_span_holds_its_audio(tone_render):
    folder, _ = tone_render
    audio = decode_audio(folder / "t.mp4")
    cues = srt_cues(folder / "t.srt")
    assert len(cues) >= 5  # the long sentence became more than one cue
    inside = np.zeros(len(audio), dtype=bool)
    for start, end, _ in cues:
        assert _loud(audio, start + 0.02, end - 0.02) > 0.05  # speech inside every cue
        inside[int(start * 48000) : int(end * 48000)] = True
    outside = np.abs(audio[~inside])
    assert np.percentile(outside, 99.9) < 0.02  # and none outside them


def test_a_pause_marker_adds_silence_after_its_sentence(tone_render):
    folder, _ = tone_render
    cues = srt_cues(folder / "t.srt")
    then = next(i for i, cue in enumerate(cues) if cue[2] == "Then this.")
    assert cues[then][0] - cues[then - 1][1] >= 1.5


def test_vtt_and_chapters_are_written_and_embedded(tone_render):
    from imageio_ffmpeg import get_ffmpeg_exe

    folder, summary = tone_render
    assert (folder / "t.vtt").read_text().startswith("WEBVTT")
    # "One" lasts under 10 s, which video sites refuse as a chapter: merged into "Two" in the
    # text list, while the chapters embedded in the MP4 stay exact.
    assert summary.segments[1].start < 10
    assert (folder / "t.chapters.txt").read_text() == "00:00 Two\n"
    info = subprocess.run(
        [get_ffmpeg_exe(), "-hide_banner", "-i", str(folder / "t.mp4")],
        capture_output=True,
        text=True,
    ).stderr
    assert "Chapter #0:0: start 0.000000" in info and "Chapter #0:1" in info
    assert "title           : Two" in info


@pytest.mark.slow
def test_loudness_of_a_rendered_video_is_measured_at_minus_16(tmp_path):
    from imageio_ffmpeg import get_ffmpeg_exe

    script = write(
        tmp_path / "l.md",
        "## Loud\n\nThe sea rises twice a day. "
        "The Moon pulls it along, and the Sun helps a little.\n",
    )
    render_video(script, tmp_path / "l.mp4", TINY)
    err = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-hide_banner",
            "-i",
            str(tmp_path / "l.mp4"),
            "-af",
            "ebur128=peak=true",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
    ).stderr
    summary = err[err.rindex("Summary:") :]
    integrated = float(summary.split("I:")[1].split("LUFS")[0])
    true_peak = float(summary.split("Peak:")[1].split("dBFS")[0])
    assert -17.0 <= integrated <= -15.0
    assert true_peak <= -1.0


def test_burned_captions_show_during_speech_and_keep_segment_rerender(tmp_path):
    voice = ToneVoice()
    settings = RenderSettings(size=(320, 180), fps=24, voice=voice, burn_captions=True)
    first = render_video(write(tmp_path / "a.md", TONES), tmp_path / "a.mp4", settings)
    cues = srt_cues(tmp_path / "a.srt")
    plain = render_video(
        write(tmp_path / "p.md", TONES),
        tmp_path / "p.mp4",
        RenderSettings(size=(320, 180), fps=24, voice=voice),
    )
    middle = (cues[0][0] + cues[0][1]) / 2
    with_caption = frame_png(tmp_path / "a.mp4", middle, tmp_path / "a.png").read_bytes()
    without = frame_png(tmp_path / "p.mp4", middle, tmp_path / "p.png").read_bytes()
    assert with_caption != without
    from PIL import Image

    burned = np.asarray(Image.open(tmp_path / "a.png").convert("L")).astype(int)
    clean = np.asarray(Image.open(tmp_path / "p.png").convert("L")).astype(int)
    changed = np.nonzero(np.abs(burned - clean).max(axis=1) > 60)[0]
    from scriptreel.media.grid import Grid

    # The caption is in its band, inside the safe area (the card's title moves up, out of it).
    band = Grid((320, 180), captions=True).caption()
    assert len(changed) and changed.max() < 162
    assert ((changed >= band[1]) & (changed <= band[3])).sum() >= 5
    # Editing the second segment leaves the first, captions and all, untouched.
    edited = render_video(
        write(tmp_path / "b.md", TONES.replace("Final words.", "Final words, changed.")),
        tmp_path / "b.mp4",
        settings,
    )
    assert [s.rebuilt for s in edited.segments] == [False, True]
    assert plain.duration == first.duration


def test_music_is_looped_ducked_and_faded(tmp_path):
    from imageio_ffmpeg import get_ffmpeg_exe

    subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=1000:duration=2",
            str(tmp_path / "bed.wav"),
        ],
        check=True,
    )
    script = write(
        tmp_path / "m.md",
        "---\ntitle: M\nmusic: bed.wav\n---\n## Quiet\n\n"
        "## Spoken\n\nWords spoken over the music bed now.\n\n## Quiet again\n",
    )
    summary = render_video(
        script,
        tmp_path / "m.mp4",
        RenderSettings(
            size=(320, 180), fps=24, voice=ToneVoice(seconds_per_word=0.3, frequency=300.0)
        ),
    )
    audio = decode_audio(tmp_path / "m.mp4")

    def spectrum_at(start: float, end: float) -> np.ndarray:
        return np.abs(np.fft.rfft(audio[int(start * 48000) : int(end * 48000)]))

    def music_level(start: float, end: float) -> float:
        spectrum = spectrum_at(start, end)
        freq = np.fft.rfftfreq(int(end * 48000) - int(start * 48000), 1 / 48000)
        return float(spectrum[(freq > 950) & (freq < 1050)].sum() / len(spectrum))

    quiet = summary.segments[0]
    spoken = summary.segments[1]
    cue = srt_cues(tmp_path / "m.srt")[0]
    gap = music_level(quiet.start + 1.6, quiet.end - 0.1)  # past the fade-in, nobody speaks
    under = music_level(cue[0] + 0.4, cue[1] - 0.4)
    end = music_level(summary.duration - 0.3, summary.duration)
    assert gap > 0 and under < gap * 0.5  # ducked by about 12 dB under the voice
    assert end < gap * 0.3  # faded out at the end
    assert music_level(0.0, 0.2) < gap * 0.5  # faded in
    assert spoken.rebuilt


def test_missing_music_file_is_an_input_error(tmp_path):
    from scriptreel.script import ScriptError, load_script

    with pytest.raises(ScriptError, match="music file 'nope.mp3' not found"):
        load_script(write(tmp_path / "m.md", "---\nmusic: nope.mp3\n---\n## A\n\nHi.\n"))


def test_voices_lists_engines_and_which_work_offline(tmp_path):
    result = run_cli("voices", cwd=tmp_path)
    assert result.returncode == 0
    assert (
        "piper" in result.stdout
        and "offline" in result.stdout
        and "gtts" in result.stdout
        and "online" in result.stdout
    )


@pytest.mark.slow
def test_auto_voice_falls_back_to_piper_offline_with_a_warning(tmp_path):
    from scriptreel.media.voice.gtts import reachable

    if reachable():
        pytest.skip("the network is reachable here: auto picks gTTS")
    write(tmp_path / "a.md", "## A\n\nHi there.\n")
    result = run_cli("render", "a.md", "--voice", "auto", "--size", "320x180", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: gTTS is not reachable" in result.stderr


@pytest.mark.slow
def test_speed_changes_the_narration(tmp_path):
    script = write(tmp_path / "s.md", "## A\n\nThe sea rises and falls twice every day.\n")
    normal = render_video(script, tmp_path / "n.mp4", TINY)
    fast = render_video(
        script, tmp_path / "f.mp4", RenderSettings(size=(320, 180), fps=24, speed=1.5)
    )
    assert fast.duration < normal.duration - 0.3
    assert fast.segments[0].rebuilt  # speed is part of the narration's cache key


class _LoadingToneVoice(ToneVoice):
    """A tone voice with a model to load, that counts its loads."""

    capabilities = Capabilities(model_load=True)

    def __init__(self):
        super().__init__()
        self.loads: list[bool] = []

    def load_model(self, alignments: bool = False) -> None:
        self.loads.append(alignments)


def test_the_voice_warms_up_only_when_something_is_new_to_say(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "w.md", "## One\n\nFirst words here.\n\n## Two\n\nSecond words.\n")
    voice = _LoadingToneVoice()
    settings = RenderSettings(size=(160, 90), fps=12, voice=voice)
    render_video(script, tmp_path / "w.mp4", settings)
    assert voice.loads == [True]  # loaded with alignments, for the word times
    render_video(script, tmp_path / "other.mp4", settings)
    assert voice.loads == [True]  # every sentence cached: the model is never loaded
    write(script, "## One\n\nFirst words here.\n\n## Two\n\nSecond words, changed.\n")
    render_video(script, tmp_path / "w.mp4", settings)
    assert voice.loads == [True, True]


class _SlowLoadingToneVoice(_LoadingToneVoice):
    def load_model(self, alignments: bool = False) -> None:
        import time

        time.sleep(0.5)
        super().load_model(alignments)


def test_a_render_that_fails_leaves_no_voice_loading_behind(tmp_path, monkeypatch):
    # A thread still inside the voice's native code when the process exits aborts it.
    import threading

    from scriptreel.render.errors import UsageError

    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "w.md", "## One\n\nFirst words here.\n")
    (tmp_path / "w.mp4").write_bytes(b"a video of the user's own")
    voice = _SlowLoadingToneVoice()
    with pytest.raises(UsageError):
        render_video(script, tmp_path / "w.mp4", RenderSettings(size=(160, 90), voice=voice))
    assert not [t for t in threading.enumerate() if t.name == "voice-warm-up"]
    assert voice.loads == [True]
    assert (tmp_path / "w.mp4").read_bytes() == b"a video of the user's own"


@pytest.mark.slow
def test_a_render_without_the_cache_keeps_the_voice_model_out_of_it(tmp_path, monkeypatch):
    from scriptreel.media.voice.piper import PiperEngine

    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "w.md", "## One\n\nShort words.\n")
    voice = PiperEngine.load()
    settings = RenderSettings(size=(160, 90), fps=12, voice=voice, use_cache=False)
    render_video(script, tmp_path / "w.mp4", settings)
    assert not (tmp_path / "cache" / "voice").exists()
    assert (tmp_path / "w.words.json").read_text().count('"estimated": false') == 2
