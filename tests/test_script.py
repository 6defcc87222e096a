"""Parsing scripts: Markdown with front matter, plain transcripts, errors with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptreel.script import ScriptError, WarningKind, load_script, parse_size, plain_words
from tests.conftest import write


def test_markdown_title_intro_and_segments(tmp_path):
    path = write(
        tmp_path / "talk.md",
        "---\ntitle: Custom\nsize: 640x360\nfps: 25\nvoice: piper\n---\n"
        "# Heading Title\n\nIntro words here.\n\n## First part\n\nOne. Two.\n\n"
        "## Second\n\nThree.\n",
    )
    script = load_script(path)
    assert script.title == "Custom"
    assert (
        script.settings.size == (640, 360)
        and script.settings.fps == 25
        and script.settings.voice == "piper"
    )
    opening, first, second = script.segments
    assert opening.number is None and opening.narration == "Intro words here."
    assert (first.title, first.number, first.line) == ("First part", 1, 11)
    assert [s.text for s in first.sentences] == ["One.", "Two."]
    assert first.sentences[0].line == 13
    assert second.narration == "Three."


def test_comments_are_not_narrated_and_line_numbers_survive(tmp_path):
    path = write(
        tmp_path / "t.md",
        "# T\n<!-- a note\nover lines -->\n## A\n\nSpoken. <!-- hidden --> Also spoken.\n",
    )
    segment = load_script(path).segments[1]
    assert segment.narration == "Spoken. Also spoken."
    assert segment.line == 4


def test_inline_markdown_is_read_as_plain_words():
    assert (
        plain_words("A **bold** and *soft* [link](http://x.org) with `code` and ![pic](a.png)")
        == "A bold and soft link with code and"
    )


def test_heading_without_narration_is_a_brief_card(tmp_path):
    path = write(tmp_path / "t.md", "# T\n\n## Quiet card\n\n## Spoken\n\nWords.\n")
    quiet = load_script(path).segments[1]
    assert quiet.title == "Quiet card" and quiet.sentences == ()


def test_list_items_become_sentences(tmp_path):
    path = write(tmp_path / "t.md", "## Steps\n\n- mix the flour\n- bake it\n")
    assert [s.text for s in load_script(path).segments[0].sentences] == [
        "mix the flour.",
        "bake it.",
    ]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\ncolour: red\n---\n## A\n\nx.\n", 2, "unknown front matter key 'colour'"),
        ("---\nsize: 641x360\n---\n## A\n\nx.\n", 2, "odd side"),
        ("---\nfps: 1000\n---\n## A\n\nx.\n", 2, "out of range"),
        ("---\ntitle: x\n## A\n\nx.\n", 1, "never closed"),
        ("# A\n# B\n## C\n\nx.\n", 2, "a second '# title'"),
        ("# A\n\n##\n\nx.\n", 3, "has no text"),
        ("# A\n\n<!-- open\n## B\n\nx.\n", 3, "never closed"),
    ],
)
def test_markdown_errors_name_the_line(tmp_path, text, line, words):
    path = write(tmp_path / "bad.md", text)
    with pytest.raises(ScriptError) as caught:
        load_script(path)
    assert caught.value.line == line
    assert words in caught.value.problem
    assert caught.value.one_line().startswith(f"{path}:{line}: ")
    assert " — " in caught.value.one_line()


@pytest.mark.parametrize(
    "content", [b"", b"  \n\n\t\n", b"\x00\x01binary\x00", b"# caf\xe9 au lait\n"]
)
def test_unusable_files_are_script_errors(tmp_path, content):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(ScriptError):
        load_script(path)


def test_bom_and_crlf_just_work(tmp_path):
    path = tmp_path / "t.md"
    path.write_bytes("\ufeff# Title\r\n\r\n## Part\r\n\r\nHello there.\r\n".encode("utf-8"))
    script = load_script(path)
    assert script.title == "Title" and script.segments[1].narration == "Hello there."


def test_script_without_narration_is_an_error(tmp_path):
    with pytest.raises(ScriptError, match="no narration"):
        load_script(write(tmp_path / "t.md", "# Only a title\n\n## And a card\n"))


def test_unknown_suffix_is_an_error(tmp_path):
    with pytest.raises(ScriptError, match="unsupported script type"):
        load_script(write(tmp_path / "t.docx", "x"))


def test_plaintext_title_paragraphs_and_web_leftovers(tmp_path):
    path = write(
        tmp_path / "t.txt",
        "How Bees Talk\n\nBees dance to share where food is found they waggle "
        "in a figure of eight\n\nThe angle points the way\n\nLeave a Reply\n\n*\n",
    )
    script = load_script(path)
    assert script.title == "How Bees Talk"
    numbered = script.numbered
    # Two short paragraphs on one subject are one segment, titled by what it is about.
    assert len(numbered) == 1 and numbered[0].narration.startswith("Bees dance")
    assert 2 <= len(numbered[0].title.split()) <= 6 and "Bee" in numbered[0].title
    assert any("Leave a Reply" in w.message for w in script.warnings)
    assert all(w.kind is WarningKind.DROPPED for w in script.warnings)
    assert all(str(w).startswith(f"{path}:{w.line}: dropped") for w in script.warnings)


def test_parse_size_rejects_bad_values():
    assert parse_size("1280x720") == (1280, 720)
    for bad in ("1280", "10x10", "1281x720", "axb"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_raw_transcript_becomes_topic_segments_with_titles_and_callouts():
    script = load_script(Path(__file__).parent / "transcripts" / "raw-canal.txt")
    assert script.title == "How A Canal Changed The Map Of Trade"
    assert 3 <= len(script.numbered) <= 6
    assert not any(
        "Akismet" in s.narration or "Leave a Reply" in s.narration for s in script.segments
    )
    assert len(script.warnings) == 5  # four web-page leftovers and the sign-off
    assert "dropped sign-off" in script.warnings[-1].message
    for segment in script.numbered:
        assert 2 <= len(segment.title.split()) <= 6, segment.title
        assert segment.title.split()[0].lower() not in {"since", "although", "it", "they", "this"}
    assert any(segment.beats for segment in script.numbered)  # call-outs of key facts


def test_input_formats_are_a_registry_that_load_script_and_its_error_use(tmp_path):
    from scriptreel.script import InputFormat, input_formats, register_format

    names = [f.name for f in input_formats()]
    assert names[:3] == ["markdown", "text", "subtitles"]
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path / "t.rst", "x"))
    assert all(s in caught.value.fix for f in input_formats() for s in f.suffixes)

    def parse_rst(path, text=None):
        return load_script(write(tmp_path / "as.md", "## From rst\n\nWords.\n"))

    register_format(InputFormat("rst", (".rst",), parse_rst, "reStructuredText"))
    try:
        assert load_script(tmp_path / "t.rst").segments[0].title == "From rst"
        assert ".rst (reStructuredText)" in _unsupported_fix(tmp_path)
    finally:
        register_format(InputFormat("rst", (), parse_rst, "reStructuredText"))
    assert "rst" not in [f.name for f in input_formats()]


def _unsupported_fix(tmp_path) -> str:
    with pytest.raises(ScriptError) as caught:
        load_script(write(tmp_path / "t.docx", "x"))
    return caught.value.fix


def test_heading_closing_hashes_need_a_space_before_them(tmp_path):
    path = write(tmp_path / "t.md", "## C# in a week ##\n\nWords.\n\n## F#\n\nMore.\n")
    assert [s.title for s in load_script(path).segments] == ["C# in a week", "F#"]
