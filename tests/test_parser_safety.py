"""Hostile scripts: every parser takes linear time, and runaway requests stop with a line."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptreel.script import (
    MAX_SEGMENTS,
    MAX_TITLE_CHARS,
    MAX_TOTAL_PAUSE,
    Script,
    ScriptError,
    import_transcript,
    load_script,
    parse_markdown,
    parse_plaintext,
    to_markdown,
)

SLOW = 10.0
"""Seconds any parse may take here: the fixed parsers need a second or two on a loaded machine,
the old ones minutes, so a generous bound still tells them apart without failing on noise."""

ADVERSARIAL = {
    "heading-title-then-spaces": ("s.md", "## a" + " " * 2000 + "x\n\nx."),
    "attributes-after-spaces": ("s.md", "## A {" + " " * 2000 + "a}\n\nx."),
    "unclosed-emphasis": ("s.md", "## A\n\n" + " *a" * 10000),
    "unclosed-links": ("s.md", "## A\n\n" + "[[" * 10000),
    "unclosed-images": ("s.md", "## A\n\n" + "![x](" * 30000),
    "unclosed-tags": ("s.md", "## A\n\n" + "<a" * 60000),
    "unclosed-comments": ("s.md", "## A\n\n" + "<!--" * 20000),
    "pause-openers": ("s.md", "## A\n\nx. " + "[pause " * 10000),
    "digits-after-a-timing": ("s.srt", "00:00:01,000 --> 00:00:02,000 " + "1" * 20000 + "\nhi\n"),
    "unclosed-subtitle-tags": ("s.srt", "00:00:01,000 --> 00:00:02,000\n" + "<" * 80000 + "\n"),
}


@pytest.mark.parametrize("name, text", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_adversarial_text_parses_in_linear_time(name, text):
    parser = {".md": parse_markdown, ".txt": parse_plaintext, ".srt": import_transcript}
    started = time.perf_counter()
    try:
        parser[Path(name).suffix](Path(name), text)
    except ScriptError:
        pass
    assert time.perf_counter() - started < SLOW


HOSTILE_TOKENS = st.sampled_from(
    [" ", "#", "*", "_", "[", "]", "{", "}", "`", "(", ")", "<", ">", "!", "~", "-", "\\", "=",
     '"', "\n", "\n\n", "a", "Word", ". ", "[pause", "[pause 1s]", "<!--", "-->", "](", "---"]
)  # fmt: skip
HOSTILE_TEXT = st.lists(
    st.tuples(HOSTILE_TOKENS, st.integers(1, 400)).map(lambda run: run[0] * run[1]),
    max_size=12,
).map("".join)


SPOKEN_MARKER = re.compile(r"\[pause(?:\s[^\]]*)?\]", re.I)


def _script_or_script_error(parser, name: str, text: str) -> None:
    try:
        script = parser(Path(name), text)
    except ScriptError as exc:
        assert exc.one_line().startswith(name)
        return
    assert isinstance(script, Script)
    if "\\" not in text:  # an escaped marker is read out, as the author asked
        spoken = [m[0] for s in _sentences(script) for m in SPOKEN_MARKER.finditer(s.text)]
        # Markup can put brackets together into something marker-shaped ("[pause``]"); only
        # markers written as such must never be spoken.
        assert not any(marker in text for marker in spoken), spoken


def _sentences(script: Script):
    return [sentence for segment in script.segments for sentence in segment.sentences]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_markdown_parser_on_hostile_runs_is_quick_and_never_crashes(text):
    _script_or_script_error(parse_markdown, "fuzz.md", text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT)
def test_plaintext_parser_on_hostile_runs_is_quick_and_never_crashes(text):
    _script_or_script_error(parse_plaintext, "fuzz.txt", text)


# -- pause markers --------------------------------------------------------------------------------


def test_back_to_back_pause_markers_are_not_read_as_a_link():
    script = parse_markdown(Path("p.md"), "## A\n\nOne. [pause 1s][pause 2s] Two.\n")
    sentences = _sentences(script)
    assert [s.text for s in sentences] == ["One.", "Two."]
    assert sentences[0].pause_after == 3.0


@pytest.mark.parametrize(
    "narration",
    ["[pause 1s](http://x.org)", "**One [pause] two**", "[[pause]]", "[pause][pause] [PAUSE 2 s]"],
)
def test_pause_markers_are_never_spoken(narration):
    script = parse_markdown(Path("p.md"), f"## A\n\nStart. {narration} End.\n")
    assert "pause" not in " ".join(s.text.lower() for s in _sentences(script))


def test_a_malformed_pause_marker_is_an_error_with_its_line():
    with pytest.raises(ScriptError) as caught:
        parse_markdown(Path("p.md"), "## A\n\nWords. [pause for effect] More.\n")
    assert caught.value.line == 3 and "pause marker" in caught.value.problem


def test_an_escaped_pause_marker_is_read_out():
    script = parse_markdown(Path("p.md"), "## A\n\nSay \\[pause 2s] aloud.\n")
    assert _sentences(script)[0].text == "Say [pause 2s] aloud."
    assert _sentences(script)[0].pause_after == 0


def test_pause_markers_adding_up_to_hours_are_an_error_at_the_marker_past_the_cap():
    paragraphs = "\n\n".join("Words. [pause 10s]" for _ in range(20))
    with pytest.raises(ScriptError) as caught:
        parse_markdown(Path("p.md"), f"## A\n\n{paragraphs}\n")
    marker = int(MAX_TOTAL_PAUSE // 10) + 1  # the first paragraph whose marker passes the cap
    assert caught.value.line == 3 + 2 * (marker - 1)
    assert f"more than {MAX_TOTAL_PAUSE:g} seconds" in caught.value.problem


def test_pause_markers_up_to_the_cap_are_kept():
    paragraphs = "\n\n".join("Words. [pause 10s]" for _ in range(int(MAX_TOTAL_PAUSE // 10)))
    script = parse_markdown(Path("p.md"), f"## A\n\n{paragraphs}\n")
    assert sum(s.pause_after for s in _sentences(script)) == MAX_TOTAL_PAUSE


# -- NUL, titles, segments ------------------------------------------------------------------------


def test_a_nul_byte_past_the_first_8_kb_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"## A\n\n" + b"Words here. " * 1000 + b"\n\nLate \x00 NUL.\n")
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert caught.value.line == 5 and caught.value.exit_code == 2
    assert caught.value.problem == "the script contains a NUL character"


def test_a_card_title_past_the_limit_is_an_error_with_its_line():
    title = "W" * (MAX_TITLE_CHARS + 1)
    with pytest.raises(ScriptError) as caught:
        parse_markdown(Path("t.md"), f"# Talk\n\n## {title}\n\nWords.\n")
    assert caught.value.line == 3 and "shorten" in caught.value.fix
    assert parse_markdown(Path("t.md"), f"## {title[:-1]}\n\nWords.\n").segments[0].title


def test_a_title_heading_past_the_limit_is_an_error():
    with pytest.raises(ScriptError) as caught:
        parse_markdown(Path("t.md"), f"# {'W' * 250}\n\n## A\n\nWords.\n")
    assert caught.value.line == 1


def test_more_segments_than_the_limit_is_an_error_at_the_first_one_past_it():
    def segments(count: int) -> str:
        return "".join(f"## S{n}\n\nx.\n\n" for n in range(count))

    with pytest.raises(ScriptError) as caught:
        parse_markdown(Path("many.md"), segments(MAX_SEGMENTS + 5))
    assert caught.value.line == 4 * MAX_SEGMENTS + 1
    assert len(parse_markdown(Path("ok.md"), segments(MAX_SEGMENTS)).numbered) == MAX_SEGMENTS


def test_a_long_file_name_gives_a_title_within_the_limit():
    script = parse_plaintext(Path("w" * 250 + ".txt"), "Some words to say here.\n")
    assert len(script.title) <= MAX_TITLE_CHARS


# -- init writes a comment naming its source ----------------------------------------------------


@pytest.mark.parametrize("source", ["notes-->.txt", "a<!--b.txt", "x--y--->.srt"])
def test_init_comment_naming_a_source_with_comment_markers_stays_closed(source):
    imported = import_transcript(Path("t.txt"), "A Title\n\nFirst words here. Then more.\n")
    parsed = parse_markdown(Path("t.md"), to_markdown(imported, source))
    assert [s.narration for s in parsed.segments] == [s.narration for s in imported.segments]


# -- numbers too long for Python's int ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, line, problem",
    [
        ("---\nsize: " + "9" * 5000 + "x720\n---\n## A\n\nHi.\n", 2, "is out of range"),
        ("## A\n\nLook.\n\n![c](c.mp4){start=" + "9" * 5000 + ":00}\n", 5, "not a number"),
        ("---\ntitle: " + "[" * 20000 + "\n---\n## A\n\nHi.\n", 2, "nested too deeply"),
    ],
    ids=["size", "clip-start", "nested-yaml"],
)
def test_huge_numbers_and_deep_nesting_are_one_line_not_an_internal_error(
    tmp_path, text, line, problem
):
    (tmp_path / "c.mp4").write_bytes(b"")
    (tmp_path / "s.md").write_text(text, encoding="utf-8")
    with pytest.raises(ScriptError) as caught:
        load_script(tmp_path / "s.md")
    assert caught.value.line == line and problem in caught.value.problem
    assert len(caught.value.one_line()) < 400


def test_front_matter_of_megabytes_is_refused_before_it_is_read_as_yaml(tmp_path):
    entries = "".join(f"  w{i}: x\n" for i in range(100_000))
    (tmp_path / "s.md").write_text(f"---\npronounce:\n{entries}---\n## A\n\nHi.\n", "utf-8")
    with pytest.raises(ScriptError) as caught:
        load_script(tmp_path / "s.md")
    assert caught.value.line == 1 and "at most 100000" in caught.value.problem
