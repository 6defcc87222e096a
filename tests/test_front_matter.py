"""Front matter read as YAML: quoted, folded and block values, and errors with their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptreel.script import MAX_TITLE_CHARS, ScriptError, parse_markdown

BODY = "## A\n\nWords.\n"


def settings(front: str):
    return parse_markdown(Path("f.md"), f"---\n{front}---\n{BODY}").settings


def error(front: str) -> ScriptError:
    with pytest.raises(ScriptError) as caught:
        settings(front)
    return caught.value


def test_quoted_folded_and_block_strings():
    front = settings(
        'title: "Tides: a primer"\n'
        "subtitle: 'It''s the Moon'\n"
        "author: >\n  Ada\n  Lovelace\n"
        "outro: |\n  Thanks for watching\n"
        "date: 2024-01-02\n"
    )
    assert front.title == "Tides: a primer" and front.subtitle == "It's the Moon"
    assert front.author == "Ada Lovelace" and front.outro == "Thanks for watching"
    assert front.date == "2024-01-02"  # as written, not a date object


def test_numbers_and_sizes_are_checked_as_before():
    front = settings("size: 640x360\nfps: 25\nspeed: 1.2\npause: 0.3\nvoice: piper\n")
    assert (front.size, front.fps, front.speed, front.pause) == ((640, 360), 25, 1.2, 0.3)
    assert front.voice == "piper"


@pytest.mark.parametrize(
    "front",
    [
        'pronounce: {ISI: "I S I", NATO: nay-toe}\n',
        'pronounce:\n  ISI: "I S I"\n  NATO: nay-toe\n',
    ],
)
def test_pronounce_inline_or_block(front):
    assert settings(front).pronounce == (("ISI", "I S I"), ("NATO", "nay-toe"))


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("title: x\ntitle: [oops\n", 3, "not valid YAML"),
        ('title: x\nsubtitle: "never closed\n', 3, "not valid YAML"),
        ("title: Tides: a primer\n", 2, "not valid YAML"),
        ("fps: 30\ntitle: [a, b]\n", 3, "must be a single value, not a list"),
        ("author: {a: b}\n", 2, "not a mapping"),
        ("- title\n- size\n", 2, "not 'key: value' settings"),
        ("titel: x\n", 2, "unknown front matter key 'titel'"),
        ("size: 640x360\nsize: 1280x720\n", 3, "given twice"),
        ("title:\n", 2, "has no value"),
        ("fps: 25\nspeed: fast\n", 3, "speed 'fast' is not a number"),
        ("pronounce: ISI\n", 2, "pronounce must be a mapping"),
        ("pronounce:\n  ISI: I S I\n  NATO:\n", 4, "pronounce entry 'NATO'"),
        ("pronounce: {}\n", 2, "pronounce has no entries"),
        ("music: missing.mp3\n", 2, "music file 'missing.mp3' not found"),
        (f"title: {'W' * (MAX_TITLE_CHARS + 1)}\n", 2, "characters long"),
        ("outro: >\n  " + "W " * MAX_TITLE_CHARS + "\n", 2, "characters long"),
        ("title: a\x07b\n", 2, "control character"),
    ],
)
def test_errors_name_the_line(front, line, words):
    caught = error(front)
    assert caught.line == line and words in caught.problem, caught.one_line()
    assert caught.exit_code == 2 and caught.fix


def test_unknown_key_suggests_the_nearest():
    assert "did you mean 'speed'?" in error("sped: 1.1\n").fix


def test_a_yaml_syntax_error_says_how_to_quote():
    assert "quotes" in error("title: Tides: a primer\n").fix


def test_an_indented_dashes_line_inside_a_block_string_does_not_close_the_front_matter():
    assert settings("outro: |\n  ---\n  The end\n").outro == "---\nThe end"


def test_empty_front_matter_is_no_settings():
    assert settings("# only a comment\n").title is None


def test_music_and_theme_files_resolve_against_the_script(tmp_path):
    (tmp_path / "bed.mp3").write_bytes(b"x")
    (tmp_path / "look.toml").write_text("", encoding="utf-8")
    text = "---\nmusic: bed.mp3\ntheme: look.toml\n---\n" + BODY
    front = parse_markdown(tmp_path / "t.md", text).settings
    assert front.music == tmp_path / "bed.mp3" and front.theme == str(tmp_path / "look.toml")


def test_a_music_name_too_long_for_the_file_system_is_not_found():
    assert "not found" in error(f"music: {'m' * 5000}.mp3\n").problem


# -- captions, call-outs, motion and variants ------------------------------------------------------


def test_caption_style_callouts_and_motion():
    front = settings("caption_style: Words\ncallouts: auto\nmotion: true\n")
    assert (front.caption_style, front.callouts, front.motion) == ("words", "auto", True)
    front = settings("caption_style: lines\ncallouts: yes\nmotion: off\n")
    assert (front.caption_style, front.callouts, front.motion) == ("lines", "true", False)
    assert settings("callouts: false\n").callouts == "false"


def test_variants_are_checked_like_the_top_level_keys():
    front = settings(
        "variants:\n  - size: vertical\n    voice: piper\n  - {size: 640x360, theme: paper}\n"
    )
    assert front.variants == (
        {"size": (1080, 1920), "voice": "piper"},
        {"size": (640, 360), "theme": "paper"},
    )


def test_a_variant_theme_file_resolves_against_the_script(tmp_path):
    (tmp_path / "look.toml").write_text("", encoding="utf-8")
    text = "---\nvariants:\n  - theme: look.toml\n---\n" + BODY
    front = parse_markdown(tmp_path / "t.md", text).settings
    assert front.variants == ({"theme": str(tmp_path / "look.toml")},)


@pytest.mark.parametrize(
    "front, line, problem, fix",
    [
        ("caption_style: karaoke\n", 2, "caption_style 'karaoke' is not allowed", "lines, words"),
        ("callouts: sometimes\n", 2, "callouts 'sometimes' is not allowed", "true, false, auto"),
        ("motion: slow\n", 2, "motion 'slow' is not allowed", "true, false"),
        ("motion:\n", 2, "'motion' has no value", "write a value"),
        ("callout: true\n", 2, "unknown front matter key 'callout'", "did you mean 'callouts'?"),
        ("variants: big\n", 2, "variants must be a list", "- size"),
        ("variants: []\n", 2, "variants must be a list", "- size"),
        ("variants:\n  - vertical\n", 3, "a variant is not 'key: value' settings", "size"),
        ("variants:\n  - size: 641x360\n", 3, "odd side", "even"),
        ("variants:\n  - sise: vertical\n", 3, "unknown variant key 'sise'", "did you mean 'size'"),
        ("variants:\n  - size: 1080p\n    voice:\n", 4, "'voice' has no value", "write"),
        ("variants:\n  - {size: 1080p, size: 720p}\n", 3, "'size' is given twice", "keep"),
        ("variants:\n  - theme: gone.toml\n", 3, "theme file 'gone.toml' not found", "relative"),
        ("variants:\n  - voice: [a, b]\n", 3, "must be a single value", "one value"),
    ],
)
def test_new_keys_errors_name_the_line(front, line, problem, fix):
    caught = error(front)
    assert caught.line == line and problem in caught.problem, caught.one_line()
    assert fix in caught.fix, caught.one_line()
