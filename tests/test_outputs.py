"""The files beside the video come from the outputs registry, and what shapes them is in the
up-to-date manifest."""

from __future__ import annotations

from scriptreel.render import RenderSettings, render_video
from scriptreel.render.exports import OUTPUTS
from tests.conftest import write
from tests.tonevoice import WordToneVoice

SCRIPT = "---\ntitle: Karaoke\nsize: 320x180\nfps: 12\n---\n## One\n\nThe tide rose slowly.\n"


def test_karaoke_vtt_after_a_plain_render_rewrites_the_vtt(tmp_path):
    script = write(tmp_path / "talk.md", SCRIPT)
    plain = render_video(script, settings=RenderSettings(voice=WordToneVoice()))
    vtt = tmp_path / "talk.vtt"
    assert "<00:" not in vtt.read_text()
    karaoke = RenderSettings(voice=WordToneVoice(), karaoke=True)
    again = render_video(script, settings=karaoke)
    assert not again.up_to_date
    assert plain.up_to_date is False and "The <00:00:" in vtt.read_text()
    assert render_video(script, settings=karaoke).up_to_date


def test_the_summary_names_every_registered_output(tmp_path):
    script = write(tmp_path / "talk.md", SCRIPT)
    summary = render_video(script, settings=RenderSettings(voice=WordToneVoice()))
    for output in OUTPUTS:
        assert output.suffix in summary.line()
        assert summary.output_file(output.name).is_file()
    data = summary.to_json()
    assert data["outputs"]["vtt"] == str(tmp_path / "talk.vtt")
    assert data["files"] == [str(tmp_path / "talk.mp4"), *(data["outputs"].values())]
