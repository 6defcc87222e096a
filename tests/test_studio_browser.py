"""Studio in a real headless Chromium: edit, save, render, errors at their line, seeking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from studio_helpers import BEATS, SCRIPT, make_session, running, wait_for

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(os.environ.get("STUDIO_SCREENSHOTS", "/tmp"))

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"
)


@pytest.fixture
def browser():
    playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def studio(tmp_path):
    session = make_session(tmp_path, auto=True)
    with running(session) as server:
        yield session, server


# Where the page last seeked the player to: the video plays on at once, so by the time a test
# reads currentTime it has moved on by however long the machine took.
SEEKS = (
    "document.addEventListener('seeking', (e) => { window.seekedTo = e.target.currentTime; }, true)"
)


def new_page(browser, width: int = 1280, height: int = 800):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.add_init_script(SEEKS)
    return page


def caret_line(page) -> int:
    return page.evaluate(
        "() => { const t = document.getElementById('text');"
        " return t.value.slice(0, t.selectionStart).split('\\n').length; }"
    )


def video_duration(page) -> float:
    return page.evaluate("() => document.getElementById('video').duration || 0")


def wait_until_at(page, seconds: float, within: float = 0.05) -> None:
    page.wait_for_function(f"() => Math.abs(window.seekedTo - {seconds}) < {within}")


def wait_for_render(page) -> None:
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('done')")
    page.wait_for_function("() => document.getElementById('video').duration > 0")


def save(page, text: str) -> None:
    page.locator("#text").fill(text)
    page.keyboard.press("Control+s")


def test_edit_save_render_seek_and_errors(browser, studio, tmp_path):
    session, server = studio
    page = new_page(browser)
    page.goto(server.url)
    wait_for_render(page)
    first = video_duration(page)
    assert page.locator("#rebuilt").inner_text().startswith("Rendered all 3 segments")
    assert page.locator("#board figure").count() == 3
    assert page.locator("#gutter div").count() == SCRIPT.count("\n") + 1

    save(page, SCRIPT.replace("full moon.", "full moon and at new moon."))
    page.wait_for_function("() => document.getElementById('rebuilt').textContent.includes('Sun')")
    assert page.locator("#rebuilt").inner_text().startswith("Rebuilt: #2 The Sun helps (2 from")
    page.wait_for_function(f"() => document.getElementById('video').duration > {first + 0.1}")
    assert "new moon" in (tmp_path / "talk.md").read_text()

    rendered = session.hub.latest("rendered")
    page.locator("#board figure").nth(2).locator("img").click()
    wait_until_at(page, rendered["segments"][2]["start"])
    assert "playing" in page.locator("#board figure").nth(2).get_attribute("class")
    page.evaluate("() => document.getElementById('video').pause()")

    # A click on a sentence's line in the gutter plays from that sentence's first word.
    page.locator("#gutter div").nth(12).click()  # line 13: the Moon's sentences
    wait_until_at(page, session.summary.words[6]["start"])
    page.evaluate("() => document.getElementById('video').pause()")
    page.screenshot(path=str(SHOTS / "studio-wide.png"))
    page.set_viewport_size({"width": 420, "height": 900})
    page.screenshot(path=str(SHOTS / "studio-narrow.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    save(page, SCRIPT.replace("fps: 10", "fps: sixty"))
    error = page.locator("#errors button").first
    error.wait_for()
    assert ":4: " in error.inner_text() and " — " in error.inner_text()
    assert page.locator("#errmark").get_attribute("data-line") == "4"
    # What the last render said is gone from under the error.
    assert page.locator("#rebuilt").inner_text() == ""
    assert page.locator("#chapters li").count() == 0
    assert page.locator("#board figure.rebuilt").count() == 0
    page.locator("#text").evaluate("t => t.setSelectionRange(0, 0)")
    error.click()
    assert caret_line(page) == 4
    page.screenshot(path=str(SHOTS / "studio-error.png"))


def test_beats_in_the_storyboard_and_seeking_to_word_times(browser, tmp_path):
    session = make_session(tmp_path, BEATS, auto=True)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        wait_for_render(page)
        done = session.hub.latest("rendered")
        starts = {w["text"]: w["start"] for w in session.summary.words}
        beats = page.locator("#board figure.beat")
        assert beats.count() == 3
        shown = [float(beats.nth(i).get_attribute("data-start")) for i in range(3)]
        assert shown == [done["tiles"][2], done["tiles"][3], done["tiles"][5]]
        assert shown == [starts["It"], starts["two"], starts["Lined"]]
        assert beats.nth(1).locator("time").inner_text() == "0:03"
        assert "callout" in beats.nth(1).inner_text().lower()

        beats.nth(1).locator("img").click()  # the call-out on "two bulges"
        wait_until_at(page, starts["two"])
        assert "playing" in beats.nth(1).get_attribute("class")
        page.evaluate("() => document.getElementById('video').pause()")

        # Line 18 holds two sentences: the click plays from the first one's first word.
        page.locator("#gutter div").nth(17).click()
        wait_until_at(page, starts["It"])
        page.locator("#gutter div").nth(24).click()  # line 25, the list's second item
        wait_until_at(page, starts["At"])
        page.evaluate("() => document.getElementById('video').pause()")
        page.screenshot(path=str(SHOTS / "studio-beats-wide.png"))
        page.set_viewport_size({"width": 420, "height": 900})
        page.screenshot(path=str(SHOTS / "studio-beats-narrow.png"), full_page=True)
        page.close()
        wait_for(lambda: not session.worker.busy)


def test_a_video_the_studio_did_not_write_is_kept_and_the_page_says_why(browser, tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"my own video")
    session = make_session(tmp_path, auto=True)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        error = page.locator("#errors button").first
        error.wait_for()
        assert error.inner_text().startswith(f"{tmp_path / 'talk.mp4'}: would replace talk.mp4")
        assert " — move or rename it" in error.inner_text()
        assert page.locator("#status").inner_text() == "the render failed"
        assert page.locator("#board figure").count() == 3  # the page goes on working
    assert (tmp_path / "talk.mp4").read_bytes() == b"my own video"


def test_a_save_over_an_outside_edit_is_refused_on_the_page(browser, studio, tmp_path):
    session, server = studio
    page = new_page(browser)
    page.goto(server.url)
    page.wait_for_function("() => document.getElementById('text').value.includes('Tiny tides')")
    page.locator("#text").fill(SCRIPT + "\nMy unsaved line.\n")
    (tmp_path / "talk.md").write_text(SCRIPT + "\nWritten elsewhere.\n")
    page.locator("#notice").wait_for()
    page.locator("#save").click()
    page.wait_for_function(
        "() => document.getElementById('notice-text').textContent.includes('changed on disk')"
    )
    assert (tmp_path / "talk.md").read_text().endswith("Written elsewhere.\n")
    assert "My unsaved line." in page.locator("#text").input_value()
    page.locator("#reload").click()
    assert page.locator("#text").input_value().endswith("Written elsewhere.\n")
    wait_for(lambda: not session.worker.busy)


def test_replace_it_asks_first_and_then_renders_over_the_file(browser, tmp_path):
    (tmp_path / "talk.mp4").write_bytes(b"my own video")
    session = make_session(tmp_path, auto=True)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        assert "token" not in page.url  # dropped from the address bar and the history
        replace = page.locator("#errors button.replace")
        replace.wait_for()
        page.screenshot(path=str(SHOTS / "studio-file-in-the-way.png"))
        questions = []
        page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
        replace.click()
        page.wait_for_timeout(300)
        assert "Replace it? That file will be lost." in questions[0]
        assert (tmp_path / "talk.mp4").read_bytes() == b"my own video"
        page.once("dialog", lambda dialog: dialog.accept())
        replace.click()
        wait_for_render(page)
        page.screenshot(path=str(SHOTS / "studio-replaced.png"))
        page.close()
        wait_for(lambda: not session.worker.busy)
    assert (tmp_path / "talk.mp4").read_bytes()[4:8] == b"ftyp"


def test_each_speakers_lines_are_in_their_colour_and_their_voice_can_be_heard(browser, tmp_path):
    from test_studio_cast import TALK

    session = make_session(tmp_path, TALK)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        page.locator("#cast li").nth(2).wait_for()
        assert page.locator("#cast .name").all_inner_texts() == ["Ana", "Ben", "Cy"]
        colour = "(n) => getComputedStyle(document.getElementById('gutter').children[n - 1]).color"
        assert page.evaluate(colour, 13) == "rgb(224, 32, 32)"  # Ana: and her next paragraph
        assert page.evaluate(colour, 15) == "rgb(224, 32, 32)"
        assert page.evaluate(colour, 17) == "rgb(32, 160, 240)"  # **Ben:**
        assert page.evaluate(colour, 11) != "rgb(224, 32, 32)"  # the heading is nobody's
        assert page.locator("#board figure").first.locator(".speakers .swatch").count() == 2
        page.screenshot(path=str(SHOTS / "studio-cast.png"))
        page.locator("#cast li").nth(1).locator(".listen").click()
        page.wait_for_function(
            "() => document.getElementById('audition').src.includes('/api/speaker/1.wav')"
        )
        assert "listening to Ben" in page.locator("#status").inner_text()
