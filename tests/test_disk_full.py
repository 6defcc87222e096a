"""A full disk is one line and exit 2, never an internal error, and leaves no output behind."""

from __future__ import annotations

import errno

import pytest

import scriptreel.render.store.cache as cache_module
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.encode.assemble import ffmpeg_failed
from scriptreel.script import ScriptreelError
from tests.conftest import run_cli, write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"


def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_under_the_cache_is_one_line_and_exit_2(tmp_path, monkeypatch, cache_dir):
    script = write(tmp_path / "t.md", SCRIPT)
    monkeypatch.setattr(cache_module, "_written_temp", _full)
    with pytest.raises(ScriptreelError) as caught:
        render_video(script, tmp_path / "t.mp4", RenderSettings(voice=ToneVoice()))
    line = caught.value.one_line()
    assert caught.value.exit_code == 2 and "\n" not in line
    assert line.startswith(f"{cache_dir}: cannot write: No space left on device — free some")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md"]


def test_ffmpeg_finding_the_disk_full_is_one_line_and_exit_2():
    detail = [
        "[out#0/mp4 @ 0x1] Error writing trailer: No space left on device",
        "Conversion failed!",
    ]
    error = ffmpeg_failed("joining a segment", detail, 1)
    assert error.exit_code == 2 and "No space left on device" in error.one_line()


def test_any_write_finding_the_disk_full_is_one_line_at_the_command_line(tmp_path, monkeypatch):
    def full_render(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".t.mp4.part"))

    monkeypatch.setattr("scriptreel.render.batch.variants.render_variants", full_render)
    write(tmp_path / "t.md", SCRIPT)
    result = run_cli("render", "t.md", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / '.t.mp4.part'}: cannot write: No space left on device — free some "
        "space (or point SCRIPTREEL_CACHE_DIR at another disk), then render again"
    ]
