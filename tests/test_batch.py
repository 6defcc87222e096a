"""`scriptreel batch` and render_variants: parallel renders that narrate each sentence once."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest

import scriptreel.render.cli.main as cli
from scriptreel.render import RenderSettings
from scriptreel.render.batch import command as batch
from scriptreel.render.batch.ray_executor import import_ray
from scriptreel.render.batch.variants import expand_variants, parse_size_list, render_variants
from scriptreel.render.errors import UsageError
from tests.probe import streams
from tests.tonevoice import ToneVoice

ROOT = Path(__file__).resolve().parents[1]
ONE = "---\ntitle: One\n---\n\n## First\n\nThe tide comes in.\n\n## Second\n\nIt goes out again.\n"
TWO = "## Only\n\nThe Moon pulls the sea.\n"
BROKEN = "---\nsize: 321x180\n---\n\n## Bad\n\nNever rendered.\n"


class RecordingVoice(ToneVoice):
    """The tone voice, appending every sentence it speaks to a file (workers are processes)."""

    def __init__(self, log: Path):
        super().__init__(seconds_per_word=0.05)
        self.log = str(log)

    def synthesize(self, text: str, settings=None):
        with open(self.log, "a", encoding="utf-8") as spoken:
            spoken.write(text + "\n")
        return super().synthesize(text, settings)


def spoken(log: Path) -> Counter:
    return Counter(log.read_text(encoding="utf-8").splitlines()) if log.exists() else Counter()


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    batch.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["batch", *argv])


@pytest.fixture
def scripts(tmp_path) -> Path:
    folder = tmp_path / "talks"
    folder.mkdir()
    (folder / "one.md").write_text(ONE, encoding="utf-8")
    (folder / "two.md").write_text(TWO, encoding="utf-8")
    return folder


def run_batch(capsys, log: Path, *argv: str) -> tuple[int, list[dict], str]:
    code = batch.run(parse(*argv, "--json", "--fps", "12"), voice=RecordingVoice(log))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def check_videos(folder: Path) -> None:
    for stem in ("one", "two"):
        for size in ("320x180", "160x90"):
            video = folder / f"{stem}-{size}.mp4"
            assert size in streams(video).video
            assert video.with_suffix(".srt").is_file()


def test_a_batch_narrates_each_sentence_once_and_a_broken_script_fails_alone(
    scripts, tmp_path, capsys
):
    (scripts / "broken.md").write_text(BROKEN, encoding="utf-8")
    log = tmp_path / "spoken.txt"
    sizes = "320x180,160x90"
    code, lines, err = run_batch(capsys, log, str(scripts), "--size", sizes, "--workers", "2")
    assert code == 1
    check_videos(scripts)
    assert set(spoken(log).values()) == {1} and len(spoken(log)) == 3
    failed = [line for line in lines if line["error"]]
    assert [f["script"] for f in failed] == [str(scripts / "broken.md")]
    assert f"error: {scripts / 'broken.md'}:2: size 321x180 has an odd side" in err
    assert err.rstrip().endswith(failed[0]["error"])
    assert not (scripts / "broken.mp4").exists()
    done = [line for line in lines if not line["error"]]
    assert len(done) == 4 and all(line["rebuilt"] for line in done)

    (scripts / "broken.md").unlink()
    code, lines, err = run_batch(capsys, log, str(scripts), "--size", sizes, "--workers", "2")
    assert code == 0 and len(lines) == 4
    assert all(line["up_to_date"] and not line["rebuilt"] for line in lines)
    assert len(spoken(log)) == 3 and "4 of 4 videos done (4 up to date)" in err


def test_a_manifest_writes_into_its_folder_by_its_name_pattern(scripts, tmp_path, capsys):
    manifest = tmp_path / "batch.toml"
    manifest.write_text(
        'scripts = ["talks/*.md"]\noutput = "videos"\nname = "{size}/{stem}.mp4"\n'
        'variants = [{size = "160x90"}]\n',
        encoding="utf-8",
    )
    log = tmp_path / "spoken.txt"
    code, lines, _ = run_batch(capsys, log, str(manifest), "--workers", "2")
    assert code == 0
    assert sorted(line["output"] for line in lines) == [
        str(tmp_path / "videos" / "160x90" / "one.mp4"),
        str(tmp_path / "videos" / "160x90" / "two.mp4"),
    ]
    assert "160x90" in streams(tmp_path / "videos" / "160x90" / "one.mp4").video


def test_render_variants_share_the_narration_of_their_voice(scripts, tmp_path):
    log = tmp_path / "spoken.txt"
    base = RenderSettings(voice=RecordingVoice(log), fps=12)
    variants = expand_variants(base, parse_size_list("320x180,160x90,96x96"))
    summaries = render_variants(scripts / "one.md", tmp_path / "talk.mp4", base, variants)
    assert [s.output.name for s in summaries] == [
        "talk-320x180.mp4",
        "talk-160x90.mp4",
        "talk-96x96.mp4",
    ]
    assert "160x90" in streams(summaries[1].output).video
    assert len(spoken(log)) == 2 and set(spoken(log).values()) == {1}


@pytest.fixture
def plugged(monkeypatch):
    monkeypatch.setattr(cli, "PLUGGED_COMMANDS", ("batch",))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nowhere/*.md"], "nowhere/*.md: holds no scripts"),
        (["missing.md"], "missing.md: no such file or folder"),
        (["{}", "--size", "1080p,321x180"], "odd side"),
        (["{}", "--name", "{stem}.mov"], "does not end in .mp4"),
        (["{}", "--name", "same.mp4"], "would both write this video"),
    ],
)
def test_wrong_arguments_exit_2_with_one_line(plugged, scripts, capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch", *(a.replace("{}", str(scripts)) for a in argv)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and len(err.splitlines()) == 1


def test_the_batch_command_is_in_the_help(plugged, capsys):
    with pytest.raises(SystemExit):
        cli.main(["batch", "--help"])
    assert "--executor {local,ray}" in capsys.readouterr().out


def test_without_ray_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(UsageError, match=r'pip install "scriptreel\[ray\]"'):
        import_ray()


def test_the_same_batch_runs_on_ray(scripts, tmp_path, capsys):
    ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'scriptreel[ray]')")
    path = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT / "tests")]))
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    try:
        log = tmp_path / "spoken.txt"
        argv = (str(scripts), "--size", "320x180,160x90", "--executor", "ray")
        code, lines, _ = run_batch(capsys, log, *argv)
    finally:
        ray.shutdown()
    assert code == 0 and len(lines) == 4
    check_videos(scripts)
    assert set(spoken(log).values()) == {1} and len(spoken(log)) == 3


def test_the_example_manifest_loads_as_its_comment_says():
    # It named ../tides.md, outside its own folder, and the command in its first line failed.
    from scriptreel.render.batch.manifest import load_manifest

    manifest = Path(__file__).resolve().parent.parent / "examples" / "tides-batch.toml"
    assert "scriptreel batch examples/tides-batch.toml" in manifest.read_text(encoding="utf-8")
    source = load_manifest(manifest)
    assert [path.name for path in source.scripts] == ["tides.md"]
    assert len(source.variants) == 3 and source.output == manifest.parent / "videos"
