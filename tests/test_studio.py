"""Studio: the local web page's server — its guard, saving, watching, rendering and audition."""

from __future__ import annotations

import argparse
import io
import socket
import stat
import threading
import wave

import pytest
from starlette.testclient import TestClient
from studio_helpers import BEATS, SCRIPT, make_session, wait_for

from scriptreel.render import RenderSettings, UsageError, render_video
from scriptreel.render.studio import add_parser, run
from scriptreel.render.studio.app import build_app
from scriptreel.render.studio.server import StudioServer
from scriptreel.render.studio.session import Session
from scriptreel.render.studio.worker import RenderCancelled, RenderWorker, StudioProgress

PORT = 8765
TOKEN = "secret-token"


@pytest.fixture
def session(tmp_path):
    session = make_session(tmp_path)
    session.refresh("open")
    yield session
    session.hub.close()


def client(session, host=f"127.0.0.1:{PORT}", token=True) -> TestClient:
    """A client as the studio's page is: the token in the header its scripts send."""
    headers = {"X-Scriptreel-Token": TOKEN} if token else {}
    return TestClient(build_app(session, TOKEN, PORT), base_url=f"http://{host}", headers=headers)


def test_every_request_needs_the_token(session):
    bare = client(session, token=False)
    assert bare.get("/").status_code == 403
    assert bare.get("/api/tile/0.png").status_code == 403
    assert bare.get("/?token=wrong").status_code == 403
    assert bare.get("/?token=%C3%A9t%C3%A9").status_code == 403
    assert bare.post("/api/render", headers={"X-Scriptreel-Token": "wrong"}).status_code == 403


def test_the_token_in_the_address_opens_the_page_and_a_strict_cookie(session):
    bare = client(session, token=False)
    answer = bare.get(f"/?token={TOKEN}", follow_redirects=False)
    assert answer.status_code == 200 and "scriptreel studio" in answer.text
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert "access-control-allow-origin" not in answer.headers
    cookie = answer.headers["set-cookie"]
    assert f"scriptreel_studio_{PORT}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert bare.get("/").status_code == 200  # a reload: the cookie opens the page shell
    assert bare.get("/static/studio.js").status_code == 200


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/events"),
        ("POST", "/api/save"),
        ("POST", "/api/render"),
        ("POST", "/api/settings"),
        ("GET", "/api/tile/0.png"),
        ("GET", "/api/audition/0.wav"),
        ("GET", "/media/video.mp4"),
    ],
)
def test_the_cookie_alone_opens_no_api_route(session, method, path):
    # Browsers send 127.0.0.1's cookies to every port: a server on another port that received
    # the cookie must not be able to use it.
    session.hub.close()  # were the stream opened, it would end after its replay
    bare = client(session, token=False)
    bare.cookies.set(f"scriptreel_studio_{PORT}", TOKEN)
    answer = bare.request(method, path, json={"text": "taken", "hash": session.file.known})
    assert answer.status_code == 403 and "token" in answer.json()["message"]
    assert session.file.path.read_text() == SCRIPT


def test_media_and_the_event_stream_take_the_token_in_their_address(session):
    session.hub.close()
    bare = client(session, token=False)
    assert bare.get(f"/api/tile/0.png?v=1&token={TOKEN}").content.startswith(b"\x89PNG")
    with bare.stream("GET", f"/events?token={TOKEN}") as stream:
        assert "event: storyboard" in "".join(stream.iter_text())


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{PORT}", f"127.0.0.1:{PORT + 1}", "127.0.0.1"]
)
def test_a_foreign_host_header_is_refused(session, host):
    assert client(session, host=host).get("/").status_code == 403


def test_localhost_is_the_same_studio(session):
    assert client(session, host=f"localhost:{PORT}").get("/").status_code == 200


def test_a_post_from_another_site_is_refused(session):
    answer = client(session).post("/api/render", headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/files/page.html",
        "/files/%2e%2e/secret.txt",
        "/files/..%2fsecret.txt",
        "/files/%2Fetc%2Fpasswd",
        "/files/link.txt",
        "/files/a%00b",
        "/static/a%00b",
        "/media/a%00b",
        "/static/..%2fapp.py",
    ],
)
def test_no_file_of_the_script_folder_is_served_on_the_studio_origin(session, tmp_path, path):
    # An HTML or SVG file of the project served here could call the save API as the page.
    (tmp_path / "page.html").write_text("<script>fetch('/api/save')</script>")
    (tmp_path.parent / "secret.txt").write_text("private")
    (tmp_path / "link.txt").symlink_to(tmp_path.parent / "secret.txt")
    answer = client(session).get(path)
    assert answer.status_code == 404
    assert "private" not in answer.text and "<script>" not in answer.text


def test_an_oversized_save_is_refused(session, tmp_path):
    text = "x" * (2 * 1024 * 1024 + 1)
    answer = client(session).post("/api/save", json={"text": text, "hash": session.file.known})
    assert answer.status_code == 413
    assert (tmp_path / "talk.md").read_text() == SCRIPT


def test_an_oversized_body_without_a_length_is_refused(session):
    chunks = (b"x" * 65536 for _ in range(40))
    assert client(session).post("/api/save", content=chunks).status_code == 413
    assert client(session).post("/api/render", content=b"x" * 70_000).status_code == 413


def test_the_server_listens_on_loopback_only(tmp_path):
    server = StudioServer(make_session(tmp_path))
    try:
        assert server.socket.getsockname()[0] == "127.0.0.1"
        assert server.url.startswith(f"http://127.0.0.1:{server.port}/?token=")
        others = {
            info[4][0]
            for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
            if not info[4][0].startswith("127.")
        }
        server.socket.listen()
        for address in others:
            with pytest.raises(OSError):
                socket.create_connection((address, server.port), timeout=1).close()
    finally:
        server.socket.close()


def test_save_writes_atomically_and_keeps_the_mode(session, tmp_path):
    script = tmp_path / "talk.md"
    script.chmod(0o640)
    edited = SCRIPT.replace("full moon", "new moon")
    answer = client(session).post("/api/save", json={"text": edited, "hash": session.file.known})
    assert answer.status_code == 200 and answer.json()["hash"] == session.file.known
    assert script.read_text() == edited
    assert stat.S_IMODE(script.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md"]
    assert session.hub.latest("script")["source"] == "save"


def test_save_keeps_windows_line_ends_and_a_bom(tmp_path):
    (tmp_path / "talk.md").write_bytes(b"\xef\xbb\xbf" + SCRIPT.replace("\n", "\r\n").encode())
    session = Session(tmp_path / "talk.md", None, RenderSettings())
    assert "\r" not in session.file.text
    session.save(session.file.text.replace("full moon", "new moon"), session.file.known)
    data = (tmp_path / "talk.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"new moon.\r\n" in data


def test_save_is_refused_when_the_file_changed_on_disk(session, tmp_path):
    loaded = session.file.known
    (tmp_path / "talk.md").write_text(SCRIPT + "\nAdded elsewhere.\n")
    answer = client(session).post("/api/save", json={"text": "mine", "hash": loaded})
    assert answer.status_code == 409
    assert "changed on disk" in answer.json()["message"]
    assert (tmp_path / "talk.md").read_text().endswith("Added elsewhere.\n")


def test_an_edit_in_another_editor_reaches_the_page(session, tmp_path):
    session.watcher.start()
    try:
        (tmp_path / "talk.md").write_text(SCRIPT.replace("The Sun helps", "The Sun joins in"))
        event = wait_for(lambda: (e := session.hub.latest("script"))["source"] == "disk" and e)
        assert "The Sun joins in" in event["text"]  # never a half-written file
        # The storyboard follows the text: parsed right after it is sent.
        wait_for(
            lambda: session.hub.latest("storyboard")["cards"][2]["title"] == "The Sun joins in"
        )
    finally:
        session.watcher.stop()


def test_the_storyboard_has_every_card_with_its_estimated_start(session):
    board = session.hub.latest("storyboard")
    cards = board["cards"]
    assert [c["title"] for c in cards] == ["Tiny tides", "The Moon pulls", "The Sun helps"]
    assert cards[0]["start"] == 0 and cards[1]["start"] < cards[2]["start"]
    assert [c["line"] for c in cards] == [7, 11, 15]
    assert cards[1]["sentences"] == [13, 13]
    png = client(session).get(cards[1]["thumb"])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client(session).get("/api/tile/3.png").status_code == 404


def test_the_storyboard_shows_every_beat_with_its_start(tmp_path):
    session = make_session(tmp_path, BEATS)
    session.refresh("open")
    tiles = session.hub.latest("storyboard")["tiles"]
    kinds = [(t["segment"], t["kind"], t["line"]) for t in tiles]
    assert kinds == [
        (0, "card", 8),
        (1, "card", 12),
        (1, "picture", 16),
        (1, "callout", 18),
        (2, "card", 20),
        (2, "list", 24),
    ]
    starts = [t["start"] for t in tiles]
    assert starts == sorted(starts) and starts[2] > starts[1]
    for tile in tiles:
        png = client(session).get(tile["thumb"])
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_real_start_times_come_from_the_words_of_the_render(tmp_path):
    session = make_session(tmp_path, BEATS)
    session.refresh("open")
    session.worker.start()
    try:
        session.worker.request()
        done = wait_for(lambda: session.hub.latest("rendered"))
    finally:
        session.worker.stop()
    words = session.summary.words
    start = {w["text"]: w["start"] for w in words}  # the words looked up are unique
    segments = [s["start"] for s in done["segments"]]
    # Cards at their segment; the picture on the next sentence's first word, the call-out on
    # its phrase, the list on its first item.
    assert done["tiles"] == [segments[0], segments[1], start["It"], start["two"]] + [
        segments[2],
        start["Lined"],
    ]
    # A sentence line plays from its first sentence's first word.
    assert done["sentences"] == {
        "10": words[0]["start"],
        "14": start["Gravity"],
        "18": start["It"],
        "22": words[22]["start"],
        "24": start["Lined"],
        "25": start["At"],
    }


def test_a_script_error_is_sent_with_its_line(session, tmp_path):
    (tmp_path / "talk.md").write_text(SCRIPT.replace("fps: 10", "fps: sixty"))
    session.file.changed()
    session.refresh("disk")
    error = session.hub.latest("error")
    assert error["line"] == 4 and error["source"] == "script"
    assert error["message"].startswith(f"{tmp_path / 'talk.md'}:4: ")
    assert " — " in error["message"]
    (tmp_path / "talk.md").write_text(SCRIPT)
    session.file.changed()
    session.refresh("disk")
    assert session.hub.latest("error") is None  # a page opened now sees no stale error


def test_audition_speaks_one_segment_without_video(session, tmp_path):
    answer = client(session).get("/api/audition/1.wav")
    assert answer.status_code == 200 and answer.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(answer.content)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    # Eleven words at 0.1 s each from the tone voice, plus two pauses of 0.15 s.
    assert seconds == pytest.approx(1.1 + 0.3, abs=0.01)
    assert not list(tmp_path.glob("*.mp4"))
    assert client(session).get("/api/audition/9.wav").status_code == 404


def test_a_render_reports_segments_rebuilt_and_sentence_times(session, tmp_path):
    session.worker.start()
    try:
        session.worker.request()
        first = wait_for(lambda: session.hub.latest("rendered"))
        assert first["rebuilt"] == [0, 1, 2] and (tmp_path / "talk.mp4").is_file()
        assert first["sentences"]["13"] == session.summary.words[6]["start"]
        session.save(SCRIPT.replace("full moon", "full moon and new moon"), session.file.known)
        session.worker.request()
        second = wait_for(lambda: (e := session.hub.latest("rendered")) is not first and e)
        assert second["rebuilt"] == [2] and second["duration"] > first["duration"]
        video = client(session).get(second["video"])
        assert video.status_code == 200 and video.headers["content-type"] == "video/mp4"
        assert client(session).get(second["captions"]).text.startswith("WEBVTT")
    finally:
        session.worker.stop()


def test_a_cancelled_render_leaves_nothing_behind(tmp_path):
    session = make_session(tmp_path)
    cancelled = threading.Event()
    cancelled.set()
    progress = StudioProgress(lambda kind, data: None, cancelled)
    with pytest.raises(RenderCancelled):
        render_video(session.file.path, None, session.settings(), progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["talk.md"]


def test_a_newer_request_cancels_the_running_render_and_starts_after_it(tmp_path):
    events, running = [], threading.Event()

    def slow_render(progress):
        running.set()
        for step in range(200):
            progress.step(step, 200, "working")
            threading.Event().wait(0.01)
        events.append("finished")
        return {}

    def publish(kind, data):
        if kind != "progress":
            events.append(kind)

    worker = RenderWorker(slow_render, publish)
    worker.start()
    try:
        worker.request()
        running.wait(5)
        worker.request()
        worker.request()  # two saves while busy: one more render, not two
        wait_for(lambda: "rendered" in events, timeout=10)
    finally:
        worker.stop()
    assert events == ["started", "cancelled", "started", "finished", "rendered"]


def test_the_events_stream_replays_the_state_to_a_new_page(session):
    session.hub.close()  # the stream then ends after the replay
    with client(session).stream("GET", "/events") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        body = "".join(stream.iter_text())
    assert "event: script" in body and "event: storyboard" in body


def test_settings_change_the_storyboard_size(session):
    answer = client(session).post("/api/settings", json={"size": "640x360", "theme": "paper"})
    assert answer.status_code == 200
    assert session.hub.latest("storyboard")["size"] == [640, 360]
    assert client(session).post("/api/settings", json={"theme": "nope"}).status_code == 400


def test_the_command_line_options(tmp_path):
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["studio", str(tmp_path / "talk.md"), "--size", "720p", "--no-browser", "--port", "0"]
    )
    assert args.size == (1280, 720) and args.no_browser and args.port == 0
    with pytest.raises(UsageError, match="no such file"):
        run(args)


def test_a_file_the_studio_did_not_write_is_not_replaced(session, tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"my own video")
    session.worker.start()
    try:
        session.worker.request()
        error = wait_for(lambda: session.hub.latest("error"))
    finally:
        session.worker.stop()
    assert (tmp_path / "talk.mp4").read_bytes() == b"my own video"
    assert error["message"].startswith(f"{tmp_path / 'talk.mp4'}: would replace talk.mp4")
    assert " — move or rename it" in error["message"] and "--force" not in error["message"]


def test_the_variants_of_the_script_are_offered_and_the_chosen_one_rendered(tmp_path):
    text = SCRIPT.replace("fps: 10", "fps: 10\nvariants:\n  - size: 320x180\n  - size: 180x320")
    session = make_session(tmp_path, text)
    session.refresh("open")
    session._publish_settings()
    settings = session.hub.latest("settings")
    assert settings["variants"] == ["320x180", "180x320"] and settings["variant"] == "320x180"
    answer = client(session).post("/api/settings", json={"variant": "180x320"})
    assert answer.status_code == 200
    assert session.hub.latest("storyboard")["size"] == [180, 320]
    assert client(session).post("/api/settings", json={"variant": "9x9"}).status_code == 400
    session.worker.start()
    try:
        session.worker.request()
        done = wait_for(lambda: session.hub.latest("rendered"))
    finally:
        session.worker.stop()
    assert done["output"] == "talk-180x320.mp4" and not (tmp_path / "talk.mp4").exists()


def test_the_favicon_is_served_to_the_page_shell_instead_of_refused(session):
    bare = client(session, token=False)
    assert bare.get("/favicon.ico").status_code == 403  # no token and no cookie yet
    assert bare.get(f"/?token={TOKEN}").status_code == 200
    icon = bare.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/svg+xml"
    assert icon.text.startswith("<svg") and bare.get("/static/icon.svg").text == icon.text


def test_the_default_voice_is_named_not_called_script(tmp_path):
    from scriptreel.render.studio.session import default_labels
    from scriptreel.script import load_script

    (tmp_path / "talk.md").write_text(SCRIPT)
    (tmp_path / "own.md").write_text(SCRIPT.replace("fps: 10", "fps: 10\nvoice: espeak"))
    script, own = load_script(tmp_path / "talk.md"), load_script(tmp_path / "own.md")
    assert default_labels(RenderSettings(), script) == {
        "size": "320x180",
        "theme": "midnight",
        "voice": "piper",
    }
    assert default_labels(RenderSettings(), own)["voice"] == "espeak"
    assert default_labels(RenderSettings(theme="paper"), None)["theme"] == "paper"


def test_the_storyboard_keeps_a_card_for_a_segment_that_opens_on_its_picture(tmp_path):
    # A segment whose picture lands in its first moment never shows its card in the video; the
    # board still has one card per segment, and opening such a script failed with IndexError.
    text = BEATS.replace(
        "Gravity weakens with distance.\n\n![The pull](pull.png){fit=contain}\n\n",
        "![The pull](pull.png){fit=contain}\n\nGravity weakens with distance.\n\n",
    )
    session = make_session(tmp_path, text)
    session.refresh("open")
    tiles = session.hub.latest("storyboard")["tiles"]
    assert [(t["segment"], t["kind"]) for t in tiles][:3] == [
        (0, "card"),
        (1, "card"),
        (1, "picture"),
    ]
    assert len(session.hub.latest("storyboard")["cards"]) == 3
