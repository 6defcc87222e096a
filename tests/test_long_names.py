"""Long output names: rendered when every file beside them fits, refused before rendering when
not, never failing after the render with empty temp files left behind."""

from __future__ import annotations

import pytest

from scriptreel.render import RenderSettings, UsageError, render_video
from tests.conftest import run_cli, write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"


def test_an_output_name_of_230_bytes_renders(tmp_path):
    # Names from about 218 bytes failed after the whole render: the temp names passed 255 bytes.
    script = write(tmp_path / "t.md", SCRIPT)
    out = tmp_path / ("a" * 226 + ".mp4")
    render_video(script, out, RenderSettings(voice=ToneVoice()))
    assert out.stat().st_size > 0 and out.with_suffix(".chapters.txt").is_file()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("stem", ["b" * 236, "é" * 120])
def test_a_name_too_long_for_its_record_is_refused_before_rendering(tmp_path, stem):
    write(tmp_path / "t.md", SCRIPT)
    result = run_cli("render", "t.md", "-o", f"{stem}.mp4", cwd=tmp_path)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "the output name is too long" in result.stderr
    assert "choose a name of at most 234 bytes with -o" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md"]


def test_the_longest_name_allowed_renders(tmp_path):
    script = write(tmp_path / "t.md", SCRIPT)
    out = tmp_path / ("c" * 230 + ".mp4")
    render_video(script, out, RenderSettings(voice=ToneVoice()))
    with pytest.raises(UsageError, match="too long"):
        render_video(script, tmp_path / ("c" * 231 + ".mp4"), RenderSettings(voice=ToneVoice()))


def test_a_name_too_long_for_the_editor_exports_record_is_refused_before_rendering(tmp_path):
    # .STEM.editors.scriptreel.json is 4 bytes longer than the video's record: a 238-byte name
    # rendered, then its export failed.
    write(tmp_path / "t.md", SCRIPT)
    name = "d" * 234 + ".mp4"
    result = run_cli("render", "t.md", "-o", name, "--export", "otio", cwd=tmp_path)
    assert result.returncode == 2 and "the output name is too long" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.md"]
