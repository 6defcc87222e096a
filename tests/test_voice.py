"""Voices: the engine registry, Piper offline, gTTS specs checked, failing fast offline and
retrying when faked online."""

from __future__ import annotations

import base64
import json
import subprocess
import time

import numpy as np
import pytest
import requests

from scriptreel.media.errors import VoiceSpecError, VoiceUnavailable
from scriptreel.media.voice import (
    describe_voices,
    load_voice,
    register_voice,
    unregister_voice,
    voice_help,
)
from scriptreel.media.voice.gtts import GttsEngine
from tests.tonevoice import ToneVoice


@pytest.mark.slow
def test_piper_speaks_a_short_sentence():
    voice = load_voice("piper")
    audio = voice.synthesize("The tide comes in twice a day.")
    seconds = len(audio) / voice.sample_rate
    assert audio.dtype == np.int16 and voice.sample_rate == 22050
    assert 1.0 < seconds < 5.0
    assert np.abs(audio.astype(np.float32)).mean() > 300  # speech, not silence


def test_piper_identity_covers_model_and_settings():
    identity = load_voice("piper").identity()
    assert identity["engine"] == "piper" and len(identity["model_sha256"]) == 64
    assert "settings" in identity and identity["engine_version"]


@pytest.mark.parametrize("spec", ["espeak", "piper:/nonexistent/voice.onnx", "gtts:xx-nope"])
def test_bad_voice_specs_are_input_errors(spec):
    with pytest.raises(VoiceSpecError):
        load_voice(spec)


def test_a_registered_engine_loads_and_is_listed_in_help_and_errors():
    # conftest registers the tone engine through register_voice, as a user's engine would be.
    voice = load_voice("tone:220", speed=2.0)
    assert isinstance(voice, ToneVoice) and voice.frequency == 220.0
    assert voice.seconds_per_word == pytest.approx(0.05)
    assert ("tone[:HZ]", "offline", "test tone bursts, one per word") in describe_voices()
    assert "tone[:HZ]" in voice_help()
    with pytest.raises(VoiceSpecError) as caught:
        load_voice("espeak")
    assert "'tone[:HZ]'" in caught.value.fix and caught.value.where == "--voice"


def test_unregistered_engine_is_unknown_again():
    unregister_voice("tone")
    with pytest.raises(VoiceSpecError, match="unknown voice 'tone'"):
        load_voice("tone")
    assert all(not spec.startswith("tone") for spec, _, _ in describe_voices())


def test_an_engine_name_can_be_registered_only_once():
    with pytest.raises(ValueError):
        register_voice("tone", lambda *a: ToneVoice(), "tone", "again", offline=True)


def test_built_in_voices_are_described_and_help_lists_them():
    unregister_voice("tone")  # the tests' own engine (conftest), not a built-in one
    rows = describe_voices()
    assert [spec for spec, _, _ in rows] == [
        "piper",
        "piper:MODEL.onnx",
        "piper:NAME",
        "gtts[:LANG[:TLD]][:slow]",
        "kokoro:VOICE[:LANG][@PLACE]",
        "auto",
    ]
    wheres = ["offline", "offline", "offline", "online", "offline", "either"]
    assert [where for _, where, _ in rows] == wheres
    assert voice_help() == (
        "piper (offline, default), piper:MODEL.onnx, piper:NAME, gtts[:LANG[:TLD]][:slow], "
        "kokoro:VOICE[:LANG][@PLACE], auto"
    )


@pytest.mark.parametrize(
    "spec, lang, tld, slow",
    [
        ("gtts", "en", "com", False),
        ("gtts:fr", "fr", "com", False),
        ("gtts:en:co.uk", "en", "co.uk", False),
        ("gtts:en:com.au:slow", "en", "com.au", True),
        ("gtts:slow", "en", "com", True),
        ("gtts:en:", "en", "com", False),
    ],
)
def test_gtts_specs_pick_language_domain_and_speed(spec, lang, tld, slow):
    voice = load_voice(spec)
    assert (voice.lang, voice.tld, voice.slow) == (lang, tld, slow)


def test_gtts_speaks_slowly_at_low_speeds():
    assert load_voice("gtts", speed=0.7).slow and not load_voice("gtts", speed=0.8).slow


@pytest.mark.parametrize(
    "spec", ["gtts:en:attacker.example/x?", "gtts:en:example.com", "gtts:en:com@evil"]
)
def test_gtts_domain_that_is_not_google_is_refused(spec):
    with pytest.raises(VoiceSpecError) as caught:
        load_voice(spec)
    assert caught.value.exit_code == 2 and "not a Google Translate domain" in caught.value.problem
    assert "gtts:en:co.uk" in caught.value.fix


def test_gtts_spec_with_too_many_parts_is_refused():
    with pytest.raises(VoiceSpecError, match="more parts"):
        load_voice("gtts:en:co.uk:extra")


def test_gtts_without_network_fails_fast_with_the_cause(monkeypatch):
    def refuse(self, request, **kwargs):
        raise requests.exceptions.ConnectionError("network is unreachable")

    monkeypatch.setattr(requests.Session, "send", refuse)
    started = time.monotonic()
    with pytest.raises(VoiceUnavailable) as caught:
        load_voice("gtts").synthesize("Hello.")
    assert time.monotonic() - started < 30
    assert "reach" in caught.value.problem and "--voice piper" in caught.value.fix


def test_gtts_here_really_fails_offline_or_works_online():
    # No faking: on this offline machine the real request must fail with the network message.
    try:
        audio = load_voice("gtts").synthesize("Hello.")
    except VoiceUnavailable as exc:
        assert "--voice piper" in exc.fix
    else:
        assert len(audio) > 0


def _mp3_bytes() -> bytes:
    from imageio_ffmpeg import get_ffmpeg_exe

    return subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=0.5",
            "-f",
            "mp3",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout


class _FakeResponse:
    def __init__(self, status: int, body: str = ""):
        self.status_code = status
        self.reason = "Too Many Requests" if status == 429 else "OK"
        self.body = body
        self.request = type("R", (), {"headers": {}, "url": "https://translate.google.com"})()

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.exceptions.HTTPError(f"{self.status_code}", response=self)

    def iter_lines(self, chunk_size=1024):
        yield self.body.encode("utf-8")


def test_gtts_online_path_retries_after_429_then_decodes(monkeypatch):
    audio_b64 = base64.b64encode(_mp3_bytes()).decode("ascii")
    body = ")]}'\n" + json.dumps(
        [["wrb.fr", "jQ1olc", json.dumps([audio_b64])]], separators=(",", ":")
    )
    answers = [_FakeResponse(429), _FakeResponse(200, body)]
    sent = []

    def send(self, request, **kwargs):
        sent.append(kwargs.get("timeout"))
        return answers.pop(0)

    monkeypatch.setattr(requests.Session, "send", send)
    engine = GttsEngine()
    slept = []
    mp3 = engine.fetch_mp3("Hello there.", sleep=slept.append)
    assert len(sent) == 2 and sent[0] is not None  # a timeout is always set
    assert slept == [1.0]
    from scriptreel.media.voice.gtts import decode_mp3

    audio = decode_mp3(mp3, engine.sample_rate)
    assert 0.3 < len(audio) / engine.sample_rate < 0.8


def test_gtts_gives_up_after_repeated_server_errors(monkeypatch):
    monkeypatch.setattr(requests.Session, "send", lambda self, request, **kw: _FakeResponse(503))
    with pytest.raises(VoiceUnavailable, match="request failed"):
        GttsEngine().fetch_mp3("Hello.", sleep=lambda s: None)


@pytest.mark.net
def test_gtts_really_speaks_when_online():
    audio = load_voice("gtts").synthesize("Hello.")
    assert len(audio) > 1000
