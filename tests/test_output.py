"""Outputs: never replace what the user made, publish all files or none, clean only our own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scriptreel.render import RenderSettings, UsageError, render_video
from scriptreel.render.store.output import (
    private_temp,
    remove_stale_temps,
    resolve_output,
    sidecars,
)
from scriptreel.render.store.publish import Outputs
from tests.conftest import write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"


def _render(script: Path, out: Path, **kwargs):
    return render_video(script, out, RenderSettings(voice=ToneVoice()), **kwargs)


def test_render_refuses_to_replace_subtitles_the_user_made(tmp_path):
    # `init lecture.srt` then `render lecture.md` used to write over the hand-timed lecture.srt.
    script = write(tmp_path / "lecture.md", SCRIPT)
    (tmp_path / "lecture.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nMine\n")
    with pytest.raises(UsageError, match="lecture.srt, which scriptreel did not write"):
        _render(script, tmp_path / "lecture.mp4")
    assert (tmp_path / "lecture.srt").read_text().endswith("Mine\n")
    assert not (tmp_path / "lecture.mp4").exists()
    _render(script, tmp_path / "lecture.mp4", force=True)
    assert "Hello there." in (tmp_path / "lecture.srt").read_text()


def test_rendering_again_replaces_what_scriptreel_wrote(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    _render(script, tmp_path / "t.mp4")
    write(script, SCRIPT.replace("Hello there.", "Hello again."))
    summary = _render(script, tmp_path / "t.mp4")
    assert not summary.up_to_date and "Hello again." in (tmp_path / "t.srt").read_text()


def test_up_to_date_only_while_the_files_hold_what_we_wrote(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    out = tmp_path / "t.mp4"
    _render(script, out)
    assert _render(script, out).up_to_date
    # Another program (or a person) put other bytes there, with the same size and time.
    info = out.stat()
    copy = tmp_path / "copy.mp4"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    os.replace(copy, out)
    os.utime(out, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(UsageError, match="did not write"):
        _render(script, out)
    assert not _render(script, out, force=True).up_to_date


def test_a_folder_in_the_way_of_a_sidecar_stops_before_anything_is_published(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    (tmp_path / "t.vtt").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        _render(script, tmp_path / "t.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md", "t.vtt"]


def test_publishing_is_all_or_none_when_a_rename_fails(tmp_path, monkeypatch):
    finals = [tmp_path / "v.mp4", *sidecars(tmp_path / "v.mp4")]
    for final in finals:
        final.write_text(f"old {final.name}")
    temps = {}
    for final in finals:
        temps[final] = private_temp(final)
        temps[final].write_text(f"new {final.name}")
    real_replace, calls = os.replace, []

    def flaky(source, target):
        if Path(target) in finals:
            calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(UsageError, match="could not publish"):
        Outputs(tuple(finals), force=True).publish(temps, None)
    monkeypatch.setattr(os, "replace", real_replace)
    assert [f.read_text() for f in finals] == [f"old {f.name}" for f in finals]


def test_stale_clean_up_touches_only_our_own_temp_names(tmp_path):
    out = tmp_path / "talk.mp4"
    dead = 2**22 + 12345  # above the default pid_max: never a live process
    users = [
        tmp_path / f".talk.mp4.backup.{dead}",
        tmp_path / f".talk.mp4.{dead}.abcdefgh.part",
        tmp_path / f".talk.mp4.scriptreel-{dead}-abcdefgh.part.keep",
    ]
    users[0].mkdir()
    (users[0] / "precious.txt").write_text("mine")
    for path in users[1:]:
        path.write_text("mine")
    ours = tmp_path / f".talk.mp4.scriptreel-{dead}-abcd_f12.part"
    ours.write_text("stale")
    live = tmp_path / f".talk.mp4.scriptreel-{os.getpid()}-abcdefgh.part"
    live.write_text("in use")
    remove_stale_temps([out])
    assert all(p.exists() for p in users) and live.exists() and not ours.exists()


def test_unwritable_output_folder_is_found_before_rendering(tmp_path, monkeypatch):
    script = write(tmp_path / "t.md", SCRIPT)

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("scriptreel.render.store.output.tempfile.mkstemp", refuse)
    with pytest.raises(UsageError, match="cannot write in the output folder") as caught:
        resolve_output(script, tmp_path / "t.mp4")
    assert caught.value.exit_code == 2


def test_preview_png_gets_the_umask_mode(tmp_path):
    from scriptreel.render.cli.preview import write_preview

    script = write(tmp_path / "t.md", SCRIPT)
    old = os.umask(0o022)
    try:
        write_preview(script, tmp_path / "board.png", (160, 90), None, (), None)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "board.png").stat().st_mode) == 0o644


def test_unusable_cache_folder_is_one_line_and_no_cache_still_renders(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(blocker))
    script = write(tmp_path / "t.md", SCRIPT)
    with pytest.raises(UsageError, match="SCRIPTREEL_CACHE_DIR") as caught:
        _render(script, tmp_path / "t.mp4")
    assert caught.value.exit_code == 2
    settings = RenderSettings(voice=ToneVoice(), use_cache=False)
    assert render_video(script, tmp_path / "t.mp4", settings).duration > 0


def test_a_storyboard_of_thousands_of_cards_stays_within_its_pixel_budget():
    # A 10,000-segment script once asked preview for a 4.8 GB contact sheet.
    from PIL import Image

    from scriptreel.media.themes import DEFAULT_THEME
    from scriptreel.render.cli.preview import SHEET_PIXELS, Tile, contact_sheet

    blank = Image.new("RGB", (64, 36), (40, 40, 40))
    shown = [Tile(f"#{i}", i * 3.0, lambda size: blank) for i in range(10_000)]
    sheet = contact_sheet(shown, (1920, 1080), DEFAULT_THEME)
    assert sheet.width * sheet.height <= SHEET_PIXELS
