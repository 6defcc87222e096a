"""A cast: speakers declared in the front matter, handed lines by `Name:` labels, each heard in
their own voice, and named in the captions and the word times."""

from __future__ import annotations

import json

import numpy as np
import pytest

from scriptreel.media.voice import register_voice, unregister_voice
from scriptreel.render import RenderSettings, render_video
from scriptreel.script import ScriptError, load_script
from tests.conftest import run_cli, write
from tests.probe import decode_audio
from tests.tonevoice import WordToneVoice

TWO_HOSTS = """---
title: Two hosts
cast:
  Ana: {voice: "tone:440", color: "#e02020"}
  Ben: {voice: "tone:220", speed: 2.0}
---

## Tides

Ana: Red green blue yellow.

The sea rises twice.

**Ben:** Red green blue yellow.

**Note:** the moon pulls.

## Moon

Ana: The moon pulls on water.
"""


class PitchVoice(WordToneVoice):
    """A tone voice whose per-call speaker id picks its pitch (100 Hz a step), standing in for a
    multi-speaker model."""

    def synthesize_words(self, text: str, settings=None):
        frequency = self.frequency
        if settings is not None and settings.speaker is not None:
            self.frequency = 100.0 * settings.speaker
        try:
            return super().synthesize_words(text, settings)
        finally:
            self.frequency = frequency


@pytest.fixture
def loads():
    """The tone engine (`tone:HZ`) registered through the real registry, counting its loads."""
    made: list[str] = []

    def load(rest, speed, on_warning):
        made.append(rest)
        return PitchVoice(frequency=float(rest or 440))

    unregister_voice("tone")  # conftest's engine, registered again before the next test
    register_voice("tone", load, "tone[:HZ]", "test tone bursts, one per word", offline=True)
    yield made
    unregister_voice("tone")


def _parse(tmp_path, text: str):
    return load_script(write(tmp_path / "s.md", text))


def test_labels_hand_every_following_paragraph_to_their_speaker(tmp_path):
    script = _parse(tmp_path, TWO_HOSTS)
    said = [(s.speaker, s.text) for segment in script.segments for s in segment.sentences]
    assert said == [
        ("Ana", "Red green blue yellow."),
        ("Ana", "The sea rises twice."),
        ("Ben", "Red green blue yellow."),
        ("Ben", "Note: the moon pulls."),  # no speaker is called Note: it stays prose
        ("Ana", "The moon pulls on water."),
    ]
    ana, ben = script.settings.cast
    assert (ana.color, ben.speed, ben.voice) == ("#e02020", 2.0, "tone:220")
    assert ben.color != ana.color  # a default colour of its own


def test_a_misspelt_speaker_is_an_error_with_a_suggestion(tmp_path):
    with pytest.raises(ScriptError) as caught:
        _parse(tmp_path, TWO_HOSTS.replace("**Ben:**", "**Benn:**"))
    assert caught.value.line == 14 and "did you mean 'Ben'" in caught.value.fix


def test_without_a_cast_a_label_is_read_as_written(tmp_path):
    script = _parse(tmp_path, "## One\n\nAna: hello there.\n")
    sentence = script.segments[0].sentences[0]
    assert (sentence.speaker, sentence.text) == (None, "Ana: hello there.")


def test_a_cast_entry_with_an_unknown_key_names_the_known_ones(tmp_path):
    with pytest.raises(ScriptError, match="unknown key 'colour'") as caught:
        _parse(tmp_path, '---\ncast:\n  Ana: {colour: "#ff0000"}\n---\n## A\n\nAna: Hi.\n')
    assert "did you mean 'color'" in caught.value.fix


def _pitch(audio: np.ndarray, start: float, end: float, rate: int = 48000) -> float:
    """The strongest frequency of the audio between two times."""
    part = audio[round(start * rate) : round(end * rate)]
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    return float(np.fft.rfftfreq(len(part), 1 / rate)[np.argmax(spectrum)])


@pytest.fixture
def rendered(tmp_path, monkeypatch, loads):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    script = write(tmp_path / "talk.md", TWO_HOSTS)
    settings = RenderSettings(size=(320, 180), fps=10, voice="tone:440")
    summary = render_video(script, tmp_path / "talk.mp4", settings)
    return tmp_path, summary, settings


def test_two_speakers_are_heard_and_named_in_every_output(rendered, loads):
    folder, _, _ = rendered
    assert loads == ["440", "220"]  # the script's voice is Ana's: loaded once
    words = json.loads((folder / "talk.words.json").read_text())["words"]
    runs = [w["speaker"] for w in words]
    assert runs == ["Ana"] * 8 + ["Ben"] * 8 + ["Ana"] * 5
    audio = decode_audio(folder / "talk.mp4")
    ana, ben = words[0], words[8]
    assert _pitch(audio, ana["start"], ana["end"]) == pytest.approx(440, abs=15)
    assert _pitch(audio, ben["start"], ben["end"]) == pytest.approx(220, abs=15)
    # Ben speaks at speed 2.0: the same four words take half the time (the tone voice's
    # silences between words keep their length, so the words are timed alone).
    ana_time = sum(w["end"] - w["start"] for w in words[0:4])
    ben_time = sum(w["end"] - w["start"] for w in words[8:12])
    assert ben_time / ana_time == pytest.approx(0.5, abs=0.08)
    vtt = (folder / "talk.vtt").read_text()
    assert "<v Ana>Red green blue yellow." in vtt and "<v Ben>Red green blue yellow." in vtt
    srt = (folder / "talk.srt").read_text()
    assert "ANA: Red green blue yellow." in srt and "BEN: Red green blue yellow." in srt
    assert "ANA: The sea" not in srt  # only a change of speaker is marked


def test_an_edit_of_one_speakers_line_rebuilds_one_segment(rendered, loads):
    folder, _, settings = rendered
    write(folder / "talk.md", TWO_HOSTS.replace("The moon pulls on water.", "The moon pulls."))
    summary = render_video(folder / "talk.md", folder / "talk.mp4", settings)
    assert [s.rebuilt for s in summary.segments] == [False, True]


@pytest.mark.slow
def test_two_speakers_of_one_model_load_it_once(tmp_path, monkeypatch, loads):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    text = TWO_HOSTS.replace('"tone:440"', '"tone:300#3"').replace('"tone:220"', '"tone:300#5"')
    script = write(tmp_path / "one.md", text)
    render_video(script, tmp_path / "one.mp4", RenderSettings(size=(320, 180), fps=10))
    assert loads == ["300"]
    words = json.loads((tmp_path / "one.words.json").read_text())["words"]
    audio = decode_audio(tmp_path / "one.mp4")
    assert _pitch(audio, words[0]["start"], words[0]["end"]) == pytest.approx(300, abs=15)
    assert _pitch(audio, words[8]["start"], words[8]["end"]) == pytest.approx(500, abs=15)


@pytest.mark.slow
def test_a_speakers_voice_is_overridden_on_the_command_line(tmp_path, monkeypatch, loads):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "talk.md", TWO_HOSTS)
    args = ("render", "talk.md", "--size", "320x180", "--fps", "10", "--voice", "tone:440")
    done = run_cli(*args, "--voice", "Ben=tone:330", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert loads == ["440", "330"]
    words = json.loads((tmp_path / "talk.words.json").read_text())["words"]
    audio = decode_audio(tmp_path / "talk.mp4")
    assert _pitch(audio, words[8]["start"], words[8]["end"]) == pytest.approx(330, abs=15)
    wrong = run_cli(*args, "--voice", "Bob=tone:330", cwd=tmp_path)
    assert wrong.returncode == 2 and "no speaker called 'Bob'" in wrong.stderr


INTERVIEW = """A talk about tides

Interviewer: Why does the sea rise twice a day?

Guest: The moon pulls the water towards it.

It happens on both sides at once.

Interviewer: And the sun?

Guest: The sun pulls too, less strongly.
"""


@pytest.mark.parametrize(
    ("name", "text", "speakers"),
    [
        ("talk.txt", INTERVIEW, ["Interviewer", "Guest"]),
        (
            "qa.txt",
            "Tides, asked\n\nQ: Why twice a day?\n\nA: The moon pulls.\n\nQ: And the sun?\n\n"
            "A: It pulls too.\n",
            ["Q", "A"],
        ),
        (
            "talk.vtt",
            "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ana>Why twice a day?\n\n"
            "00:03.500 --> 00:05.000\n<v Ben>The moon pulls.\n",
            ["Ana", "Ben"],
        ),
        (
            "talk.srt",
            "1\n00:00:01,000 --> 00:00:03,000\nANA: Why twice a day?\n\n"
            "2\n00:00:03,500 --> 00:00:05,000\nBEN: The moon pulls.\n",
            ["Ana", "Ben"],
        ),
    ],
)
def test_an_import_keeps_its_speakers_as_a_cast(tmp_path, monkeypatch, name, text, speakers):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / name, text)
    done = run_cli("init", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = next(tmp_path.glob("*.md"))
    markdown = written.read_text()
    assert "# Every speaker is heard in the script's one voice" in markdown
    script = load_script(written)
    assert [s.name for s in script.settings.cast] == speakers
    assert len({s.color for s in script.settings.cast}) == len(speakers)
    said = [s.speaker for segment in script.segments for s in segment.sentences]
    assert said[0] == speakers[0] and speakers[1] in said
    for speaker in speakers:
        assert f"\n{speaker}: " in markdown  # the label is kept in the Markdown


def _count(image, color: tuple[int, int, int], box) -> int:
    """How many pixels of a box of the frame are near one colour (small text is anti-aliased
    into the dark box behind it, hence the wide margin)."""
    part = np.asarray(image.crop(box).convert("RGB")).astype(int)
    return int((np.abs(part - np.array(color)).sum(axis=2) < 150).sum())


def test_burned_captions_take_their_speakers_colour_and_name_a_new_speaker(
    tmp_path, monkeypatch, loads
):
    from PIL import Image

    from tests.probe import frame_png

    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    text = TWO_HOSTS.replace("cast:", "captions: burn\nspeaker_labels: true\ncast:")
    text = text.replace("Ben: {", 'Ben: {color: "#20a0f0", ')
    script = write(tmp_path / "burn.md", text)
    settings = RenderSettings(size=(320, 180), fps=10, voice="tone:440")
    render_video(script, tmp_path / "burn.mp4", settings)
    words = json.loads((tmp_path / "burn.words.json").read_text())["words"]
    red, blue = (224, 32, 32), (32, 160, 240)
    band, zone = (0, 120, 320, 165), (0, 90, 160, 130)  # the caption band, the lower third
    seen = {}
    for name, word in (("ana", words[1]), ("ben", words[9]), ("ana again", words[17])):
        at = (word["start"] + word["end"]) / 2
        seen[name] = Image.open(frame_png(tmp_path / "burn.mp4", at, tmp_path / f"{name}.png"))
    assert _count(seen["ana"], red, band) > 20 and _count(seen["ana"], blue, band) == 0
    assert _count(seen["ben"], blue, band) > 20 and _count(seen["ben"], red, band) == 0
    # Ben's name comes up with his first words, its bar in his colour; Ana's in the next
    # segment, where the speaker changes back.
    assert _count(seen["ben"], blue, zone) > 20 and _count(seen["ben"], red, zone) == 0
    assert _count(seen["ana again"], red, zone) > 20


def test_a_speakers_name_stays_up_long_enough_to_read_and_not_for_one_who_goes_on():
    from scriptreel.media.captions import Cue
    from scriptreel.media.speaker_caption import LABEL_SECONDS, voiced_cues
    from scriptreel.script.cast import Speaker

    cast = (Speaker("Ana", color="#e02020"), Speaker("Ben", color="#20a0f0"))
    cues = [
        Cue(0.0, 0.6, "Why?", "Ben"),
        Cue(0.7, 1.5, "Because.", "Ben"),
        Cue(LABEL_SECONDS + 0.1, 4.0, "And so on.", "Ben"),
        Cue(4.1, 5.0, "Yes.", "Ana"),
    ]
    names = [cue.text.name for cue in voiced_cues(cues, cast, True, True, before="Ana")]
    assert names == ["Ben", "Ben", "", "Ana"]
    going_on = voiced_cues(cues[:1], cast, True, True, before="Ben")
    assert going_on[0].text.name == ""
    only_names = voiced_cues(cues, cast, True, False, before="Ana")
    assert [cue.text.text for cue in only_names] == ["", "", ""] and len(only_names) == 3


def test_a_speakers_missing_voice_is_reported_at_its_line(tmp_path, monkeypatch, loads):
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path / "talk.md", TWO_HOSTS.replace('"tone:220"', '"piper:missing.onnx"'))
    done = run_cli("render", "talk.md", "--voice", "tone:440", cwd=tmp_path)
    assert done.returncode == 2
    assert "talk.md:5: Ben's voice: Piper voice model" in done.stderr
    assert not (tmp_path / "talk.mp4").exists()


def test_a_sentences_key_holds_its_voice_and_call_settings_not_its_speakers_name(tmp_path):
    from scriptreel.media.voice import SpeechSettings
    from scriptreel.render.narration import Narrator, Speaking
    from scriptreel.render.store.cache import Cache

    voice = WordToneVoice()
    speakers = {
        "Ana": Speaking(voice, SpeechSettings(speed=1.0)),
        "Anna": Speaking(voice, SpeechSettings(speed=1.0)),
        "Ben": Speaking(voice, SpeechSettings(speed=1.5)),
        "Cy": Speaking(voice, SpeechSettings(speed=1.0, speaker=2)),
    }
    narrator = Narrator(voice, Cache(tmp_path), None, {}, 0.0, 0.0, 10, speakers)
    keys = {name: narrator.key("Hello there.", name) for name in speakers}
    assert keys["Ana"] == keys["Anna"]  # a renamed speaker reuses its lines
    assert len({keys["Ana"], keys["Ben"], keys["Cy"], narrator.key("Hello there.")}) == 4
