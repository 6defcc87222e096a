"""Studio layout in a real headless Chromium: wrapping, the player in view, sentence marks, 9:16."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from studio_helpers import SCRIPT, make_session, running
from test_studio_browser import browser, new_page, wait_for_render, wait_until_at

from scriptreel.render import RenderSettings
from scriptreel.render.studio.session import Session

__all__ = ["browser"]  # the fixture, shared with the other browser tests

LONG = "The tide " + "rises and falls with the pull of the Moon " * 12 + "today."
# Lines enough to scroll, so the text's scroll height is the height of what it holds.
WRAPPED = SCRIPT.replace("The sea rises twice a day.", LONG) + "\nMore.\n" * 30

# Six parts, so the storyboard has a second row under the player at 1280x800.
PARTS = "\n".join(f"## Part {n}\n\nThe sea moves, part {n}.\n" for n in range(1, 7))
MANY = SCRIPT.split("# Tiny tides")[0] + "# Tiny tides\n\nThe sea rises.\n\n" + PARTS

# The paragraph of "The Moon pulls" on two lines: its second sentence starts on line 14.
TWO_LINES = SCRIPT.replace(
    "It pulls the near side. It pulls the far side less.",
    "It pulls the near side, which faces it.\nIt pulls the far side less.",
)

PORTRAIT = SCRIPT.replace("size: 320x180", "size: 180x320")


def numbers_height(page) -> float:
    return page.evaluate(
        "() => [...document.querySelectorAll('#gutter div')]"
        ".reduce((sum, n) => sum + n.getBoundingClientRect().height, 0)"
    )


def test_long_lines_wrap_and_typing_at_their_end_scrolls_nothing_sideways(browser, tmp_path):
    session = make_session(tmp_path, WRAPPED)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        page.wait_for_function("() => document.getElementById('text').value.includes('today.')")
        end = WRAPPED.index("today.") + len("today.")
        page.locator("#text").evaluate(f"t => {{ t.focus(); t.setSelectionRange({end}, {end}); }}")
        page.keyboard.type(" And again and again and again.")
        text = page.locator("#text")
        assert text.evaluate("t => t.scrollLeft") == 0
        assert text.evaluate("t => t.scrollWidth <= t.clientWidth")
        # The numbers follow the rows: line 9 is as tall as its rows, and all of them together
        # are as tall as the text they number.
        row = float(text.evaluate("t => parseFloat(getComputedStyle(t).lineHeight)"))
        assert page.locator("#gutter div").nth(8).bounding_box()["height"] >= 3 * row
        assert page.locator("#gutter div").nth(9).bounding_box()["height"] == row
        padding = 20  # 10 px above and below the text
        assert abs(numbers_height(page) + padding - text.evaluate("t => t.scrollHeight")) <= 1
        page.close()


def test_clicking_a_card_in_the_second_row_keeps_the_player_in_view(browser, tmp_path):
    session = make_session(tmp_path, MANY, auto=True)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        wait_for_render(page)
        cards = page.locator("#board figure")
        assert cards.count() == 7
        last = cards.nth(6)
        first_top = cards.nth(0).bounding_box()["y"]
        assert last.bounding_box()["y"] > first_top + 50  # in a row below the first
        last.locator("img").click()
        wait_until_at(page, session.hub.latest("rendered")["segments"][6]["start"])
        player = page.locator(".player").bounding_box()
        pane = page.locator(".view-pane").bounding_box()
        assert player["y"] >= pane["y"] - 1
        assert player["y"] + player["height"] <= 800
        page.close()


def test_the_editor_marks_the_sentence_being_said_and_plays_from_a_paragraphs_second_line(
    browser, tmp_path
):
    session = make_session(tmp_path, TWO_LINES, auto=True)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        wait_for_render(page)
        words = session.summary.words
        first, second = (w for w in words if w["text"] == "It")
        page.evaluate(
            f"() => {{ const v = document.getElementById('video'); v.pause();"
            f" v.currentTime = {second['start'] + 0.2}; }}"
        )
        page.wait_for_function("() => document.getElementById('segmark').dataset.line === '14'")
        page.evaluate(
            f"() => {{ document.getElementById('video').currentTime = {first['start'] + 0.2}; }}"
        )
        page.wait_for_function("() => document.getElementById('segmark').dataset.line === '13'")

        page.locator("#gutter div").nth(13).click()  # line 14: the second sentence
        wait_until_at(page, second["start"])
        page.evaluate("() => document.getElementById('video').pause()")
        assert page.locator("#segmark").get_attribute("data-line") == "14"
        page.close()


def test_storyboard_titles_stay_readable_in_9_16(browser, tmp_path):
    session = make_session(tmp_path, PORTRAIT)
    with running(session) as server:
        page = new_page(browser)
        page.goto(server.url)
        page.locator("#board figure").nth(2).wait_for()
        assert "portrait" in page.locator("#board").get_attribute("class")
        for index in range(3):
            figure = page.locator("#board figure").nth(index)
            title = figure.locator(".title")
            width = figure.bounding_box()["width"]
            assert title.bounding_box()["width"] >= 0.8 * width
            assert title.evaluate("t => t.scrollHeight <= t.clientHeight + 1")  # nothing cut
        assert page.locator("#board figure .title").nth(1).inner_text() == "1. The Moon pulls"
        page.screenshot(path=str(tmp_path / "portrait.png"))
        page.close()


def test_ctrl_enter_renders_the_keys_are_listed_and_the_icon_loads(browser, tmp_path):
    session = make_session(tmp_path)
    with running(session) as server:
        page = new_page(browser)
        answers = []
        page.on("response", lambda answer: answers.append((answer.status, answer.url)))
        page.goto(server.url)
        page.locator("#board figure").nth(2).wait_for()
        keys = page.locator("#keys").inner_text()
        assert "Ctrl+S save" in keys and "Ctrl+Enter render" in keys
        page.locator("#text").click()
        page.keyboard.press("Control+Enter")
        wait_for_render(page)
        assert session.summary is not None
        assert [url for status, url in answers if status >= 400] == []
        assert any("/static/icon.svg" in url for status, url in answers if status == 200)
        page.close()


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("STUDIO_README_SHOTS"), reason="renders the example with the real voice"
)
def test_readme_screenshots_with_the_default_voice(browser, tmp_path):
    """STUDIO_README_SHOTS=1: the README's pictures of the studio, from the example and piper."""
    examples = Path(__file__).parent.parent / "examples"
    shutil.copytree(examples / "media", tmp_path / "media")
    shutil.copy(examples / "tides.md", tmp_path / "talk.md")
    session = Session(tmp_path / "talk.md", None, RenderSettings(), render_on_save=True)
    with running(session) as server:
        page = new_page(browser)
        page.set_default_timeout(600_000)  # the whole example, with the real voice
        page.goto(server.url)
        wait_for_render(page)
        assert "default (piper)" in page.locator("#voice").inner_text()
        # Line 23 starts the sentence "That difference, not the pull itself, ...".
        page.locator("#gutter div").nth(22).click()
        page.wait_for_timeout(1500)
        page.evaluate("() => document.getElementById('video').pause()")
        page.wait_for_timeout(800)  # the paused frame drawn
        assert page.locator("#segmark").get_attribute("data-line") == "23"
        page.screenshot(path=str(examples / "studio.png"))
        page.set_viewport_size({"width": 420, "height": 900})
        page.screenshot(path=str(examples / "studio-narrow.png"))
        page.close()
