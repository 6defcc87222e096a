"""Batch safety: manifests stay in their folder, names stay in -o, patterns cannot ask for
memory, Ray addresses are checked and time out, and a dead worker fails only its own job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import scriptreel.render.cli.main as cli
from scriptreel.render import RenderSettings
from scriptreel.render.batch.executors import Job, run_jobs
from tests.test_batch import parse
from tests.tonevoice import ToneVoice

ROOT = Path(__file__).resolve().parents[1]
TALK = "---\nsize: 160x90\nfps: 6\n---\n\n## {title}\n\n{title} speaks here.\n"


@pytest.fixture
def plugged(monkeypatch):
    monkeypatch.setattr(cli, "PLUGGED_COMMANDS", ("batch",))


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with one script, and a script outside it."""
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "one.md").write_text(TALK.format(title="One"), encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "theirs.md").write_text(TALK.format(title="Theirs"))
    return tmp_path / "project"


def one_line_error(capsys, argv: list[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        cli.main(["batch", *argv])
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.startswith("error: ") and len(err.splitlines()) == 1
    return err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("{stem:>1500000000}.mp4", "field {stem:>1500000000} has a format of its own"),
        ("{stem:d}.mp4", "field {stem:d} has a format of its own"),
        ("{stem!r}.mp4", "field {stem!r} has a format of its own"),
        ("{stem.upper}.mp4", "unknown field {stem.upper}"),
        ("../../x/{stem}.mp4", "leads out of the output folder"),
        ("/tmp/x/{stem}.mp4", "leads out of the output folder"),
        ("sub/../../{stem}.mp4", "leads out of the output folder"),
    ],
)
def test_a_name_pattern_that_asks_too_much_exits_2_in_one_line(
    plugged, project, capsys, name, message
):
    err = one_line_error(capsys, [str(project), "-o", str(project / "out"), "--name", name])
    assert message in err
    assert not (project / "out").exists() and not (project.parent / "x").exists()


@pytest.mark.parametrize("address", ["foo::bar", "http//x", "127.0.0.1:99999", "host:"])
def test_a_malformed_ray_address_exits_2_in_one_line(plugged, project, capsys, address):
    err = one_line_error(capsys, [str(project), "--executor", "ray", "--ray-address", address])
    assert "is not HOST:PORT" in err


@pytest.mark.parametrize(
    "scripts",
    ['["../elsewhere/*.md"]', '["{elsewhere}/theirs.md"]', '["../elsewhere"]'],
)
def test_a_manifest_naming_scripts_outside_its_folder_is_refused(plugged, project, capsys, scripts):
    manifest = project / "batch.toml"
    elsewhere = project.parent / "elsewhere"
    manifest.write_text(f"scripts = {scripts.format(elsewhere=elsewhere)}\n", encoding="utf-8")
    err = one_line_error(capsys, [str(manifest)])
    assert f"error: {manifest}:1: {elsewhere / 'theirs.md'} is outside the manifest's folder" in err
    assert "--allow-outside" in err
    assert not (elsewhere / "theirs.mp4").exists()
    from scriptreel.render.batch.command import _sources

    allowed = _sources(parse(str(manifest), "--allow-outside"))
    assert [path.resolve() for path in allowed[0].scripts] == [elsewhere / "theirs.md"]


def test_a_manifest_output_folder_outside_its_folder_is_refused(plugged, project, capsys):
    manifest = project / "batch.toml"
    manifest.write_text('scripts = ["*.md"]\noutput = "../videos"\n', encoding="utf-8")
    err = one_line_error(capsys, [str(manifest)])
    assert f"{manifest}:2: " in err and "outside the manifest's folder" in err


def run_batch_on_ray(project: Path, address: str) -> subprocess.CompletedProcess:
    """`scriptreel batch --executor ray` in its own process, joining within 2 s."""
    code = (
        "import sys, scriptreel.render.batch.ray_executor as r, scriptreel.render.cli.main as c; "
        "r.CONNECT_SECONDS = 2; "
        "c.PLUGGED_COMMANDS = ('batch',); c.main(sys.argv[1:])"
    )
    argv = ["batch", str(project), "--executor", "ray", "--ray-address", address]
    env = dict(os.environ)
    env.pop("RAY_ADDRESS", None)
    # Ray alone retries such an address for more than 90 s: the bound is what is tested.
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=60
    )


def test_a_ray_address_where_nothing_listens_fails_at_once_in_one_line(project):
    pytest.importorskip("ray", reason="ray is not installed (pip install 'scriptreel[ray]')")
    done = run_batch_on_ray(project, "127.0.0.1:1")
    assert done.returncode == 1
    assert done.stderr.splitlines()[1:] == [
        "error: --ray-address 127.0.0.1:1: cannot reach the Ray cluster (Connection refused) — "
        "start one with 'ray start --head', or check the address"
    ]


def test_a_ray_address_that_never_answers_times_out_in_one_line(project):
    pytest.importorskip("ray", reason="ray is not installed (pip install 'scriptreel[ray]')")
    with socket.socket() as silent:  # accepts connections (its backlog) but never speaks
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        done = run_batch_on_ray(project, address)
    assert done.returncode == 1
    assert (
        f"error: --ray-address {address}: no Ray cluster answered within 2 s — start one with "
        "'ray start --head', or check the address"
    ) in done.stderr.splitlines()
    assert "Traceback" not in done.stderr


class PidVoice(ToneVoice):
    """The tone voice, noting which process speaks which script; "Victim" hangs until killed,
    the others wait until it has been killed, so both are in flight at once."""

    def __init__(self, folder: Path):
        super().__init__(seconds_per_word=0.05)
        self.folder = str(folder)

    def synthesize(self, text: str, settings=None):
        folder = Path(self.folder)
        (folder / f"{text.split()[0]}.pid").write_text(str(os.getpid()))
        while text.startswith("Victim") or not (folder / "killed").exists():
            time.sleep(0.05)
        return super().synthesize(text)


def test_a_killed_worker_fails_only_the_job_it_was_running(tmp_path):
    voice = PidVoice(tmp_path)
    settings = RenderSettings(voice=voice, fps=6)
    jobs = []
    for title in ("Victim", "Bystander", "Later"):
        script = tmp_path / f"{title.lower()}.md"
        script.write_text(TALK.format(title=title), encoding="utf-8")
        jobs.append(Job(script, script.with_suffix(".mp4"), settings, title))

    reported = threading.Event()

    def kill_the_victim():
        pid = tmp_path / "Victim.pid"
        deadline = time.monotonic() + 120
        while not (pid.exists() and (tmp_path / "Bystander.pid").exists()):
            assert time.monotonic() < deadline, "the jobs never started"
            time.sleep(0.05)
        os.kill(int(pid.read_text()), signal.SIGKILL)
        # The bystander goes on only once the victim's end is reported: it was in flight then.
        reported.wait(120)
        (tmp_path / "killed").touch()

    def done(result):
        results.append(result)
        if result.job.variant == "Victim":
            reported.set()

    killer = threading.Thread(target=kill_the_victim, daemon=True)
    killer.start()
    results = []
    run_jobs(jobs, 2, done)
    killer.join(5)
    by_job = {result.job.variant: result for result in results}
    assert sorted(by_job) == ["Bystander", "Later", "Victim"]
    assert "the worker process died" in by_job["Victim"].error
    assert by_job["Bystander"].ok and by_job["Later"].ok
    assert (tmp_path / "bystander.mp4").is_file() and (tmp_path / "later.mp4").is_file()
    assert not (tmp_path / "victim.mp4").exists()


def test_batch_force_never_writes_captions_over_another_input_script(plugged, tmp_path, capsys):
    script = tmp_path / "a.md"
    script.write_text(TALK.format(title="A"), encoding="utf-8")
    captions = tmp_path / "a.srt"
    captions.write_text("1\n00:00:00,000 --> 00:00:01,000\nMy own words.\n", encoding="utf-8")
    before = captions.read_bytes()
    err = one_line_error(capsys, [str(script), str(captions), "--force"])
    assert "would write over the script" in err and "a.srt" in err
    assert captions.read_bytes() == before


@pytest.mark.parametrize("folder", ["afile", "afile/sub"])
def test_batch_with_an_output_folder_that_is_a_file_exits_2_in_one_line(
    plugged, project, capsys, folder
):
    (project / "afile").write_text("mine")
    err = one_line_error(capsys, [str(project / "one.md"), "-o", str(project / folder)])
    assert "is a file, not a folder" in err
    assert (project / "afile").read_text() == "mine"
