"""`check` on a cast, and Piper voices found by name where Piper's downloader puts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scriptreel.render.cli.voice_checks import MIN_CONTRAST, caption_box, contrast
from scriptreel.render.voice_files import find_voice
from scriptreel.script.cast import PALETTE
from tests.conftest import run_cli, write


def downloaded(folder: Path, name: str, speakers: int = 1) -> Path:
    """A Piper voice as `python -m piper.download_voices NAME --data-dir FOLDER` leaves it:
    NAME.onnx and NAME.onnx.json side by side. Only its config is read until it speaks, so the
    model's bytes do not matter here."""
    folder.mkdir(parents=True, exist_ok=True)
    model = folder / f"{name}.onnx"
    model.write_bytes(b"not a model: never loaded by these tests")
    config = {"audio": {"sample_rate": 22050}, "num_speakers": speakers}
    Path(f"{model}.json").write_text(json.dumps(config), encoding="utf-8")
    return model


def script(tmp_path: Path, cast: str, body: str = "Ana: Hello there.\n\nBen: Hi.\n") -> Path:
    text = f"---\ntitle: Talk\ncast:\n{cast}---\n\n## One\n\n{body}"
    return write(tmp_path / "talk.md", text)


def _check(tmp_path: Path):
    return run_cli("check", "talk.md", cwd=tmp_path)


def test_two_speakers_of_one_voice_are_a_warning_naming_both(tmp_path):
    script(tmp_path, "  Ana: {voice: tone}\n  Ben: {voice: tone, speed: 1.2}\n")
    done = _check(tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "warning: talk.md:5: Ana and Ben both use tone: they will sound the same — give Ben a"
        in done.stderr
    )


def test_speakers_of_one_model_with_their_own_speaker_ids_are_not_the_same_voice(
    tmp_path, voices_dir
):
    downloaded(voices_dir, "en_US-many-medium", speakers=4)
    voice = "piper:en_US-many-medium"
    script(tmp_path, f'  Ana: {{voice: "{voice}#1"}}\n  Ben: {{voice: "{voice}#2"}}\n')
    done = _check(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "sound the same" not in done.stderr and "error:" not in done.stderr


def test_a_speaker_id_beyond_the_models_speakers_is_an_error_at_the_cast_line(tmp_path, voices_dir):
    downloaded(voices_dir, "en_US-many-medium", speakers=4)
    script(tmp_path, '  Ana: {voice: tone}\n  Ben: {voice: "piper:en_US-many-medium#12"}\n')
    done = _check(tmp_path)
    assert done.returncode == 2
    assert "error: talk.md:5: Ben's voice: speaker #12 is not in" in done.stderr
    assert "use #0 to #3" in done.stderr
    render = run_cli("render", "talk.md", "--voice", "tone", "--size", "320x180", cwd=tmp_path)
    assert render.returncode == 2 and "talk.md:5: Ben's voice: speaker #12" in render.stderr
    assert not (tmp_path / "talk.mp4").exists()


def test_a_voice_that_is_not_downloaded_names_the_folders_and_the_download_command(
    tmp_path, voices_dir
):
    script(tmp_path, '  Ana: {voice: tone}\n  Ben: {voice: "piper:en_GB-alan-medium"}\n')
    done = _check(tmp_path)
    assert done.returncode == 2
    line = next(x for x in done.stderr.splitlines() if x.startswith("error:"))
    assert line.startswith("error: talk.md:5: Ben's voice: Piper voice 'en_GB-alan-medium'")
    assert str(tmp_path) in line and str(voices_dir) in line
    assert f"python -m piper.download_voices en_GB-alan-medium --data-dir {voices_dir}" in line
    render = run_cli("render", "talk.md", "--voice", "tone", "--size", "320x180", cwd=tmp_path)
    assert render.returncode == 2 and line.removeprefix("error: ") in render.stderr


def test_a_downloaded_voice_is_found_beside_the_script_first_then_in_the_voices_folder(
    tmp_path, voices_dir
):
    in_voices = downloaded(voices_dir, "en_GB-alan-medium")
    assert find_voice("piper:en_GB-alan-medium#3", tmp_path) == f"piper:{in_voices}#3"
    beside = downloaded(tmp_path, "en_GB-alan-medium")
    assert find_voice("piper:en_GB-alan-medium", tmp_path) == f"piper:{beside}"
    assert find_voice("gtts:fr", tmp_path) == "gtts:fr"  # not a Piper file: as written
    script(tmp_path, '  Ana: {voice: tone}\n  Ben: {voice: "piper:en_GB-alan-medium"}\n')
    assert _check(tmp_path).returncode == 0


def test_the_scripts_own_missing_voice_is_an_error_at_its_voice_line(tmp_path):
    write(tmp_path / "talk.md", "---\ntitle: T\nvoice: piper:en_GB-alan-medium\n---\n## A\n\nHi.\n")
    done = _check(tmp_path)
    assert done.returncode == 2 and "error: talk.md:3: Piper voice 'en_GB-alan-medium'" in (
        done.stderr
    )
    render = run_cli("render", "talk.md", "--size", "320x180", cwd=tmp_path)
    assert render.returncode == 2 and "talk.md:3: Piper voice 'en_GB-alan-medium'" in render.stderr


def test_a_speaker_who_never_speaks_is_a_warning(tmp_path):
    script(tmp_path, "  Ana: {voice: tone}\n  Ben: {voice: 'tone:220'}\n", "Ana: Hello there.\n")
    done = _check(tmp_path)
    assert done.returncode == 0
    assert "warning: talk.md:5: Ben is in the cast but never speaks" in done.stderr


def test_a_dark_caption_colour_is_a_warning_with_a_readable_one(tmp_path):
    script(tmp_path, '  Ana: {voice: tone, color: "#202060"}\n  Ben: {voice: "tone:220"}\n')
    done = _check(tmp_path)
    assert "warning: talk.md:4: Ana's colour #202060 is hard to read on the caption box" in (
        done.stderr
    )
    assert 'e.g. "#f0c020"' in done.stderr
    assert "Ben's colour" not in done.stderr


@pytest.mark.parametrize("color", PALETTE)
def test_every_default_colour_reads_on_the_caption_box_of_every_built_in_theme(color):
    from scriptreel.media.speaker_caption import rgb
    from scriptreel.media.themes import BUILT_IN

    for theme in BUILT_IN.values():
        assert contrast(rgb(color), caption_box(theme)) >= MIN_CONTRAST, theme.name


def test_contrast_is_the_wcag_ratio():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)


def test_a_missing_script_voice_is_reported_once_not_again_for_each_speaker_who_uses_it(tmp_path):
    text = '---\ntitle: T\nvoice: "piper:en_GB-alan-medium"\ncast:\n  Ana:\n  Ben: {voice: tone}\n'
    text += "---\n"
    write(tmp_path / "talk.md", text + "## A\n\nAna: Hi.\n\nBen: Hello.\n")
    done = _check(tmp_path)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert done.returncode == 2 and len(errors) == 1 and errors[0].startswith("error: talk.md:3:")
