"""Studio safety: the browser opened without its token, bad requests as one-line 4xx answers,
replacing a file only when asked, one Piper model whatever the speed, a watcher that survives."""

from __future__ import annotations

import argparse
import io
import json
import stat
import threading
import wave
import webbrowser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from starlette.testclient import TestClient
from studio_helpers import SCRIPT, make_session, wait_for

import scriptreel.render.studio.session as session_module
from scriptreel.media.voice import piper_model
from scriptreel.render import RenderSettings
from scriptreel.render.studio import add_parser, run
from scriptreel.render.studio.app import build_app
from scriptreel.render.studio.document import ScriptFile, Watcher
from scriptreel.render.studio.server import StudioServer
from scriptreel.render.studio.session import Session
from scriptreel.render.studio.worker import StudioProgress

PORT = 8765
TOKEN = "secret-token"


@pytest.fixture
def session(tmp_path):
    session = make_session(tmp_path)
    session.refresh("open")
    yield session
    session.hub.close()


def client(session) -> TestClient:
    """The page's client: the token in its header (and the cookie, which the page has too)."""
    test = TestClient(
        build_app(session, TOKEN, PORT),
        base_url=f"http://127.0.0.1:{PORT}",
        headers={"X-Scriptreel-Token": TOKEN},
    )
    test.cookies.set(f"scriptreel_studio_{PORT}", TOKEN)
    return test


def test_the_browser_is_opened_on_a_private_file_not_on_the_token(tmp_path, monkeypatch, capsys):
    make_session(tmp_path)
    opened, seen = [], {}

    def open_in_browser(url, *args, **kwargs):
        opened.append(url)
        path = Path(unquote(urlparse(url).path))
        seen["text"] = path.read_text()
        seen["file"] = stat.S_IMODE(path.stat().st_mode)
        seen["folder"] = stat.S_IMODE(path.parent.stat().st_mode)
        seen["path"] = path
        return True

    monkeypatch.setattr(webbrowser, "open", open_in_browser)
    monkeypatch.setattr(StudioServer, "serve", lambda self: self.socket.close())
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    assert run(parser.parse_args(["studio", str(tmp_path / "talk.md")])) == 0
    printed = capsys.readouterr().err
    token = printed.split("?token=")[1].split()[0]
    assert len(opened) == 1 and opened[0].startswith("file://")
    assert token not in opened[0]  # what every local user reads in /proc/PID/cmdline
    assert f"?token={token}" in seen["text"]
    assert seen["file"] == 0o600 and seen["folder"] == 0o700
    assert not seen["path"].exists()  # removed when the studio stops


def test_a_save_with_a_lone_surrogate_is_refused_in_one_line(session):
    body = json.dumps({"text": "tide \ud800 rises", "hash": session.file.known})
    answer = client(session).post("/api/save", content=body.encode())
    assert answer.status_code == 400
    assert "lone surrogate U+D800 at character 6" in answer.json()["message"]
    assert session.file.path.read_text() == SCRIPT


@pytest.mark.parametrize("route", ["/api/save", "/api/settings", "/api/render"])
def test_a_deeply_nested_json_body_is_refused_in_one_line(session, route):
    depth = 30_000
    answer = client(session).post(route, content=b"[" * depth + b"]" * depth)
    assert answer.status_code == 400 and answer.json()["message"] == "the body is not JSON"


@pytest.mark.parametrize("route", ["/api/save", "/api/settings", "/api/render"])
def test_a_body_that_is_not_an_object_is_refused_in_one_line(session, route):
    answer = client(session).post(route, content=b'["text"]')
    assert answer.status_code == 400 and "JSON object" in answer.json()["message"]


def test_a_file_in_the_way_is_replaced_only_when_the_page_asks(session, tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"my own video")
    session.worker.start()
    try:
        session.worker.request()
        error = wait_for(lambda: session.hub.latest("error"))
        assert error["replace"] is True and "Replace it" in error["message"]
        assert (tmp_path / "talk.mp4").read_bytes() == b"my own video"
        assert client(session).post("/api/render", json={"force": True}).status_code == 202
        wait_for(lambda: session.hub.latest("rendered"))
        assert (tmp_path / "talk.mp4").read_bytes()[4:8] == b"ftyp"
        assert not session.force  # the next render asks again
    finally:
        session.worker.stop()


def test_a_script_error_offers_no_replacement(session, tmp_path):
    (tmp_path / "talk.md").write_text(SCRIPT.replace("fps: 10", "fps: sixty"))
    session.file.changed()
    session.refresh("disk")
    assert session.hub.latest("error")["replace"] is False


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as audio:
        return audio.getnframes() / audio.getframerate()


@pytest.mark.slow
def test_auditioning_at_three_speeds_loads_the_piper_model_once(tmp_path, monkeypatch):
    opened = []
    real_open = piper_model.open_voice

    def counting_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(piper_model, "open_voice", counting_open)
    (tmp_path / "talk.md").write_text(SCRIPT)
    session = Session(tmp_path / "talk.md", None, RenderSettings())  # the default voice: Piper
    seconds = {}
    for speed in ("0.5", "1.0", "2.0"):  # far apart: Piper's own noise moves a length ~15%
        text = SCRIPT.replace("fps: 10", f"fps: 10\nspeed: {speed}")
        (tmp_path / "talk.md").write_text(text)
        session.file.changed()
        session.refresh("disk")
        seconds[speed] = wav_seconds(session.audition(0))
    assert len(opened) == 1
    assert seconds["0.5"] > seconds["1.0"] > seconds["2.0"]


def test_the_watcher_survives_an_error_in_a_refresh_and_sends_the_next_edit(
    session, tmp_path, monkeypatch
):
    real_load = session_module.load_script
    calls = []

    def load_failing_once(path, *rest):
        calls.append(path)
        if len(calls) == 1:  # as a symlink loop as a picture once did
            raise RuntimeError("Symlink loop from 'a.png'")
        return real_load(path, *rest)

    monkeypatch.setattr(session_module, "load_script", load_failing_once)
    session.watcher.start()
    try:
        (tmp_path / "talk.md").write_text(SCRIPT.replace("The Sun helps", "The Sun joins in"))
        error = wait_for(lambda: session.hub.latest("error"))
        assert "RuntimeError: Symlink loop" in error["message"] and error["source"] == "script"
        (tmp_path / "talk.md").write_text(SCRIPT.replace("The Sun helps", "The Sun again"))
        wait_for(lambda: session.hub.latest("storyboard")["cards"][2]["title"] == "The Sun again")
    finally:
        session.watcher.stop()


def test_the_watcher_reports_an_error_of_its_callback_and_keeps_watching(tmp_path):
    script = tmp_path / "talk.md"
    script.write_text(SCRIPT)
    changes, errors = [], []
    changed = threading.Event()

    def on_change():
        changes.append(script.read_text())
        changed.set()
        if len(changes) == 1:
            raise RuntimeError("refresh failed")

    watcher = Watcher(ScriptFile(script), on_change, errors.append)
    watcher.start()
    try:
        script.write_text(SCRIPT + "\nOne.\n")
        wait_for(lambda: errors)
        script.write_text(SCRIPT + "\nTwo.\n")
        wait_for(lambda: len(changes) == 2)
    finally:
        watcher.stop()
    assert [str(e) for e in errors] == ["refresh failed"] and changes[1].endswith("Two.\n")


def test_saving_a_symlinked_script_writes_its_target_and_keeps_the_link(tmp_path):
    from scriptreel.render.studio.document import ScriptFile

    real = tmp_path / "drafts" / "talk.md"
    real.parent.mkdir()
    real.write_text("## A\n\nOld.\n", encoding="utf-8")
    link = tmp_path / "talk.md"
    link.symlink_to(real)
    script = ScriptFile(link)
    script.save("## A\n\nNew.\n", script.known)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "## A\n\nNew.\n"


def test_a_replace_confirmed_for_one_variant_does_not_replace_another_after_a_cancel(
    tmp_path, monkeypatch
):
    text = SCRIPT.replace("fps: 10", "fps: 10\nvariants:\n  - size: 320x180\n  - size: 180x320")
    session = make_session(tmp_path, text)
    session.refresh("open")
    forced: list[bool] = []

    def cancelled_render(script_path, output, settings, progress, force=False):
        forced.append(force)
        raise KeyboardInterrupt  # stands for the cancel: the render never finished

    monkeypatch.setattr(session_module, "studio_render", cancelled_render)
    cancel = threading.Event()
    cancel.set()
    session.request_render(force=True)  # "Replace it" for talk-320x180.mp4
    with pytest.raises(KeyboardInterrupt):
        session._render(StudioProgress(lambda *event: None, cancel))
    session.choose({"variant": "180x320"})
    with pytest.raises(KeyboardInterrupt):
        session._render(StudioProgress(lambda *event: None, threading.Event()))
    assert forced == [True, False]
