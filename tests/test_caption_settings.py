"""Burned captions asked for by the script's front matter, the command line or `batch`: the
command line wins over the front matter, and word-by-word captions imply burning."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
from PIL import Image

from scriptreel.media.grid import Grid
from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render import RenderSettings, render_video
from scriptreel.render.batch import command as batch
from scriptreel.render.settings import caption_problem, resolve_choices
from scriptreel.script import load_script
from tests.conftest import run_cli, write
from tests.probe import frame_png, srt_cues
from tests.tonevoice import ToneVoice

BODY = "## Tides\n\nThe Moon pulls the sea toward it. The water piles up on the near side.\n"


def front(*lines: str) -> str:
    return (
        "---\ntitle: Tides\nsize: 320x180\nfps: 12\n"
        + "".join(f"{line}\n" for line in lines)
        + "---\n"
    )


def choices(tmp_path, text: str, **settings):
    script = load_script(write(tmp_path / "s.md", text + BODY))
    made = RenderSettings(**settings)
    return resolve_choices(made, script), caption_problem(made, script)


@pytest.mark.parametrize(
    ("lines", "settings", "burn", "style"),
    [
        ((), {}, False, CaptionStyle.LINES),
        (("captions: burn",), {}, True, CaptionStyle.LINES),
        (("captions: burn",), {"burn_captions": False}, False, CaptionStyle.LINES),
        (("captions: files",), {"burn_captions": True}, True, CaptionStyle.LINES),
        (("caption_style: words",), {}, True, CaptionStyle.WORDS),
        ((), {"caption_style": CaptionStyle.WORDS}, True, CaptionStyle.WORDS),
        (
            ("caption_style: words",),
            {"caption_style": CaptionStyle.LINES},
            False,
            CaptionStyle.LINES,
        ),
    ],
)
def test_the_command_line_wins_over_the_front_matter(tmp_path, lines, settings, burn, style):
    found, problem = choices(tmp_path, front(*lines), **settings)
    assert (found.burn_captions, found.caption_style) == (burn, style)
    assert problem is None


def test_word_captions_with_captions_as_files_are_a_warning(tmp_path):
    _, problem = choices(tmp_path, front("captions: files", "caption_style: words"))
    assert "caption_style words draws nothing with captions: files" in problem
    _, problem = choices(tmp_path, front("caption_style: words"), burn_captions=False)
    assert "with --captions files" in problem


def test_check_warns_about_word_captions_that_are_not_burned(tmp_path):
    write(tmp_path / "s.md", front("captions: files", "caption_style: words") + BODY)
    result = run_cli("check", "s.md", cwd=tmp_path)
    assert result.returncode == 0
    assert "warning: s.md: caption_style words draws nothing" in result.stderr
    assert "1 warning" in result.stderr


def _caption_rows(tmp_path, name: str, text: str, plain: np.ndarray, at: float) -> np.ndarray:
    """Rows where a frame of the video of `text` differs from the same frame without captions."""
    render_video(
        write(tmp_path / f"{name}.md", text + BODY), settings=RenderSettings(voice=ToneVoice())
    )
    frame = frame_png(tmp_path / f"{name}.mp4", at, tmp_path / f"{name}.png")
    shown = np.asarray(Image.open(frame).convert("L")).astype(int)
    return np.nonzero(np.abs(shown - plain).max(axis=1) > 60)[0]


def test_front_matter_keys_burn_captions_into_the_caption_band(tmp_path):
    render_video(
        write(tmp_path / "plain.md", front() + BODY), settings=RenderSettings(voice=ToneVoice())
    )
    start, end, _ = srt_cues(tmp_path / "plain.srt")[0]
    at = (start + end) / 2
    plain = np.asarray(
        Image.open(frame_png(tmp_path / "plain.mp4", at, tmp_path / "p.png")).convert("L")
    )
    plain = plain.astype(int)
    for name, key in (("burn", "captions: burn"), ("words", "caption_style: words")):
        rows = _caption_rows(tmp_path, name, front(key), plain, at)
        # Drawn in the caption band, inside the title-safe area (the card's title moves up,
        # out of the band, so its rows change too).
        band = Grid((320, 180), captions=True).caption()
        in_band = (rows >= band[1]) & (rows <= band[3])
        assert len(rows) and in_band.sum() >= 5 and rows.max() < 171, (key, rows)


def test_batch_carries_the_caption_settings_to_every_job(tmp_path, monkeypatch):
    write(tmp_path / "s.md", front() + BODY)
    parser = argparse.ArgumentParser()
    batch.add_parser(parser.add_subparsers(dest="command"))
    ran = []
    monkeypatch.setattr(batch, "run_jobs", lambda jobs, *_: ran.extend(jobs))
    for argv, burn, style in (
        ([], None, None),
        (["--caption-style", "words"], None, CaptionStyle.WORDS),
        (["--captions", "burn", "--caption-style", "lines"], True, CaptionStyle.LINES),
        (["--captions", "files"], False, None),
    ):
        ran.clear()
        batch.run(parser.parse_args(["batch", str(tmp_path / "s.md"), "--quiet", *argv]))
        (job,) = ran
        assert (job.settings.burn_captions, job.settings.caption_style) == (burn, style)


def test_the_studio_renders_with_the_scripts_caption_settings(tmp_path):
    from tests.studio_helpers import make_session

    session = make_session(tmp_path, front("captions: burn", "caption_style: words") + BODY)
    found = resolve_choices(session.settings(), load_script(tmp_path / "talk.md"))
    assert found.burn_captions and found.caption_style is CaptionStyle.WORDS
