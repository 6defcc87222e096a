"""The studio and a cast: each speaker's lines and colour on the page, and their voice to hear."""

from __future__ import annotations

import argparse
import io
import wave

import numpy as np
import pytest
from starlette.testclient import TestClient
from studio_helpers import make_session

from scriptreel.render.studio import add_parser, settings_of
from scriptreel.render.studio.app import build_app
from scriptreel.render.studio.session import Session

TALK = """---
title: Two hosts
size: 320x180
fps: 10
cast:
  Ana: {voice: "tone:440", color: "#e02020"}
  Ben: {voice: "tone:220", speed: 2.0, color: "#20a0f0"}
  Cy: {voice: "tone:330"}
---

## Tides

Ana: Red green blue yellow.

The sea rises twice.

**Ben:** Red green blue yellow.
"""


@pytest.fixture
def session(tmp_path):
    session = make_session(tmp_path, TALK)
    session.refresh("open")
    yield session
    session.hub.close()


def client(session) -> TestClient:
    return TestClient(
        build_app(session, "t", 8765),
        base_url="http://127.0.0.1:8765",
        headers={"X-Scriptreel-Token": "t"},
    )


def _heard(data: bytes) -> tuple[float, float]:
    """A WAV's length in seconds and its strongest frequency."""
    with wave.open(io.BytesIO(data)) as audio:
        rate = audio.getframerate()
        samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
    spectrum = np.abs(np.fft.rfft(samples.astype(float)))
    return len(samples) / rate, float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def test_the_storyboard_names_each_speakers_lines_colour_and_voice(session):
    cast = session.hub.latest("storyboard")["cast"]
    assert [(s["name"], s["color"], s["voice"], s["lines"]) for s in cast] == [
        ("Ana", "#e02020", "tone:440", [13, 15]),
        ("Ben", "#20a0f0", "tone:220", [17]),
        ("Cy", cast[2]["color"], "tone:330", []),
    ]
    assert cast[1]["audition"] == "/api/speaker/1.wav" and cast[0]["line"] == 6


def test_a_speakers_audition_is_their_first_lines_in_their_voice_and_speed(session):
    ana = client(session).get("/api/speaker/0.wav")
    assert ana.status_code == 200 and ana.headers["content-type"] == "audio/wav"
    seconds, pitch = _heard(ana.content)
    # Eight words at 0.1 s from the tone voice, two pauses of 0.15 s after the sentences.
    assert seconds == pytest.approx(0.8 + 0.3, abs=0.01) and pitch == pytest.approx(440, abs=5)
    seconds, pitch = _heard(client(session).get("/api/speaker/1.wav").content)
    assert seconds == pytest.approx(0.2 + 0.15, abs=0.01) and pitch == pytest.approx(220, abs=5)
    seconds, pitch = _heard(client(session).get("/api/speaker/2.wav").content)
    assert pitch == pytest.approx(330, abs=5)  # Cy has no line yet: their name is said
    assert client(session).get("/api/speaker/3.wav").status_code == 404


def test_a_speakers_voice_from_the_command_line_is_heard_and_shown(tmp_path):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["studio", "talk.md", "--voice", "tone:440", "--voice", "Ben=tone:550", "--no-browser"]
    )
    settings = settings_of(args)  # repeated --voice options add up
    assert settings.voice == "tone:440" and settings.cast_voices == (("Ben", "tone:550"),)
    (tmp_path / "talk.md").write_text(TALK, encoding="utf-8")
    session = Session(tmp_path / "talk.md", None, settings, render_on_save=False)
    session.refresh("open")
    try:
        ben = next(s for s in session.hub.latest("storyboard")["cast"] if s["name"] == "Ben")
        assert ben["voice"] == "tone:550"
        _, pitch = _heard(client(session).get("/api/speaker/1.wav").content)
        assert pitch == pytest.approx(550, abs=5)
    finally:
        session.hub.close()


def test_the_page_loads_the_cast_script_and_has_a_place_for_the_cast(session):
    page = client(session).get("/")
    assert 'id="cast"' in page.text and "/static/cast.js" in page.text
    script = client(session).get("/static/cast.js")
    assert script.status_code == 200 and "/api/speaker/" not in script.text  # from the board
    assert "function drawCast" in script.text


def test_a_segments_audition_gives_each_sentence_its_speakers_voice(session):
    answer = client(session).get("/api/audition/0.wav")
    with wave.open(io.BytesIO(answer.content)) as audio:
        rate = audio.getframerate()
        samples = np.frombuffer(audio.readframes(audio.getnframes()), dtype=np.int16)
    # Ana's two sentences (eight words at 0.1 s), Ben's four words at speed 2, three pauses.
    assert len(samples) / rate == pytest.approx(0.8 + 0.2 + 3 * 0.15, abs=0.01)
    ben = samples[round(1.1 * rate) : round(1.3 * rate)].astype(float)
    spectrum = np.abs(np.fft.rfft(ben))
    assert np.fft.rfftfreq(len(ben), 1 / rate)[np.argmax(spectrum)] == pytest.approx(220, abs=10)
