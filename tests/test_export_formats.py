"""Each editor format from a small edit plan, without rendering: what the files hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from scriptreel.render.editors import EDITORS
from scriptreel.render.editors.plan import Clip, ClipKind, EditPlan, joined, looped


def plan(fps: int = 25, size: tuple[int, int] = (256, 144)) -> EditPlan:
    card = Clip(0, 2 * fps, "talk-media/picture-a.png", "card", ClipKind.PICTURE)
    label = Clip(fps, fps // 2, "talk-media/overlay-b.png", "label", ClipKind.OVERLAY)
    voice = Clip(3, fps, "talk-media/voice-c.wav", "words", ClipKind.SOUND, 0, fps)
    return EditPlan(
        "Tides", fps, size, 2 * fps, 48000, (card,), (label,), (voice,), (), ((0, "A"),)
    )


def test_xges_at_25_fps_is_not_rendered_at_the_adapters_30_fps(tmp_path):
    from scriptreel.render.editors import xges

    text = xges.write(plan(fps=25, size=(256, 144)), tmp_path)
    assert r"framerate\=\(fraction\)25/1" in text and r"width\=\(int\)256" in text
    assert r"framerate\=\(fraction\)30/1" not in text


def test_mlt_profile_and_tracks_follow_the_plan(tmp_path):
    from xml.etree import ElementTree as ET

    from scriptreel.render.editors import mlt

    root = ET.fromstring(mlt.write(plan(fps=25, size=(256, 144)), tmp_path))
    profile = root.find("profile")
    assert (profile.get("frame_rate_num"), profile.get("width")) == ("25", "256")
    overlay = root.find("playlist[@id='V2']")
    assert overlay.find("blank").get("length") == "25"
    assert overlay.find("entry").get("out") == "11"  # 12 frames: in and out are inclusive


def _written(editor, folder: Path) -> str:
    """The format's file written from the plan into `folder` (beside the plan's media, made
    here), as text: a bundle's list of files and its timeline."""
    import zipfile

    (folder / "talk-media").mkdir(exist_ok=True)
    for name in ("picture-a.png", "overlay-b.png", "voice-c.wav"):
        (folder / "talk-media" / name).write_bytes(b"media")
    path = folder / f"talk{editor.suffix}"
    editor.maker(plan(fps=25), folder)(path)
    if not zipfile.is_zipfile(path):
        return path.read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as bundle:
        return " ".join(bundle.namelist()) + bundle.read("content.otio").decode()


@pytest.mark.parametrize("editor", EDITORS, ids=lambda each: each.name)
def test_every_format_names_the_media_by_relative_path_or_uri(editor, tmp_path):
    text = _written(editor, tmp_path)
    assert "picture-a.png" in text
    if editor.name == "xges":
        assert (tmp_path / "talk-media" / "picture-a.png").as_uri() in text
    if editor.name == "otioz":
        assert "media/voice-c.wav" in text and str(tmp_path) not in text


def test_joined_merges_one_picture_shown_on_and_on_but_not_two():
    first = Clip(0, 5, "m/a.png", "a", ClipKind.PICTURE)
    again = Clip(5, 7, "m/a.png", "a", ClipKind.PICTURE)
    other = Clip(12, 3, "m/b.png", "b", ClipKind.PICTURE)
    assert joined([first, again, other]) == [Clip(0, 12, "m/a.png", "a", ClipKind.PICTURE), other]


def test_looped_music_fills_the_video_exactly():
    clips = looped(0, 25, 10, "m/music.wav", "music")
    assert [(clip.start, clip.frames) for clip in clips] == [(0, 10), (10, 10), (20, 5)]


def test_writing_a_format_leaves_no_file_but_its_own_behind(tmp_path):
    for editor in EDITORS:
        _written(editor, tmp_path)
    expected = {"talk-media", *(f"talk{editor.suffix}" for editor in EDITORS)}
    assert {path.name for path in tmp_path.iterdir()} == expected


@pytest.mark.parametrize("editor", EDITORS, ids=lambda each: each.name)
def test_every_format_takes_names_with_quotes_and_markup(editor, tmp_path):
    # A sentence's words name its clips: the FCPXML adapter looked clips up with the name in
    # an XPath predicate, and "Earth's" failed the whole export with a SyntaxError.
    from dataclasses import replace

    name = """Earth's "big" <tide> & [moon]"""
    odd = plan()
    odd = replace(odd, pictures=tuple(replace(c, name=name) for c in odd.pictures))
    (tmp_path / "talk-media").mkdir()
    for media in ("picture-a.png", "overlay-b.png", "voice-c.wav"):
        (tmp_path / "talk-media" / media).write_bytes(b"media")
    path = tmp_path / f"talk{editor.suffix}"
    editor.maker(odd, tmp_path)(path)
    assert path.stat().st_size > 0
