"""Every test runs with its own cache folder and an empty voices folder, so nothing touches the
user's."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# CI must pass or fail for the code, not for the day's random draw: the property tests run the
# same examples every time (HYPOTHESIS_PROFILE=explore draws new ones when hunting for bugs).
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SHARED_SAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "samples" / "raw-transcript-us-pakistan.txt"
)


@pytest.fixture(autouse=True, scope="session")
def session_cache_dir(tmp_path_factory) -> Path:
    """Module fixtures are set up before `cache_dir`: they get a cache folder of their own."""
    path = tmp_path_factory.mktemp("session-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(path))
        patch.setenv("SCRIPTREEL_VOICES", str(tmp_path_factory.mktemp("session-voices")))
        yield path


def register_tone() -> None:
    """The tone voice (`tone[:HZ]`, tests/tonevoice.py) in the real voice registry, as an engine
    a user installs would be: `--voice tone` works in every test, in process."""
    from scriptreel.media.voice import ENGINES, register_voice
    from tests.tonevoice import ToneVoice

    def load(rest: str, speed: float, on_warning) -> ToneVoice:
        return ToneVoice(seconds_per_word=0.1 / speed, frequency=float(rest or 440))

    if "tone" not in ENGINES:
        register_voice("tone", load, "tone[:HZ]", "test tone bursts, one per word", offline=True)


PIPER_MUST_BE_SLOW = True


@pytest.fixture(autouse=True)
def piper_is_slow(request, monkeypatch):
    """A test that loads the Piper model in this process must be marked `slow` (they still run
    in CI; `pytest -m "not slow"` is the quick loop), so the marker stays true."""
    from scriptreel.media.voice import piper_model

    real = piper_model.open_voice
    loaded = []

    def opening(*args, **kwargs):
        loaded.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(piper_model, "open_voice", opening)
    yield
    if loaded and request.node.get_closest_marker("slow") is None:
        listed = os.environ.get("SCRIPTREEL_LIST_PIPER_TESTS")
        if listed:
            with open(listed, "a", encoding="utf-8") as out:
                out.write(request.node.nodeid + "\n")
        elif PIPER_MUST_BE_SLOW:
            pytest.fail("this test loads the Piper model: mark it @pytest.mark.slow", False)


@pytest.fixture(autouse=True)
def tone_voice() -> None:
    # Again before every test: a test may unregister it, or swap in an engine of its own.
    register_tone()


@pytest.fixture(autouse=True)
def voices_dir(tmp_path_factory, monkeypatch) -> Path:
    """An empty voices folder: a test finds only the downloaded voices it puts there."""
    path = tmp_path_factory.mktemp("voices")
    monkeypatch.setenv("SCRIPTREEL_VOICES", str(path))
    return path


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory, monkeypatch) -> Path:
    path = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SCRIPTREEL_CACHE_DIR", str(path))
    return path


def _online() -> bool:
    try:
        socket.create_connection(("translate.google.com", 443), timeout=3).close()
        return True
    except OSError:
        return False


def pytest_collection_modifyitems(config, items):
    if any("net" in item.keywords for item in items) and not _online():
        skip = pytest.mark.skip(reason="needs the internet (translate.google.com unreachable)")
        for item in items:
            if "net" in item.keywords:
                item.add_marker(skip)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class CliResult:
    """What one run of the command printed and returned."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path) -> CliResult:
    """Run `scriptreel ARGS` in this process, in folder `cwd`, capturing what it prints.

    In-process is several times faster than a subprocess (no interpreter start), and the tone
    voice this conftest registers is available as `--voice tone`. Signal tests, which need a
    process of their own, use `run_process`.
    """
    from scriptreel.render.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    handler = signal.getsignal(signal.SIGINT)
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(previous)
        signal.signal(signal.SIGINT, handler)
    return CliResult(code, out.getvalue(), err.getvalue())


SCRIPTREEL = (sys.executable, "-m", "scriptreel")
"""The command line, for a process of its own (it inherits the import path and the cache)."""


def start_process(*args: str, cwd: Path | None = None, **options) -> subprocess.Popen:
    """Start `scriptreel ARGS` as its own process, its output piped as text: for tests that
    signal, time or race it."""
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    return subprocess.Popen([*SCRIPTREEL, *args], cwd=cwd, **{**pipes, **options})


def run_process(*args: str, cwd: Path | None = None, **options) -> subprocess.CompletedProcess:
    """Run `scriptreel ARGS` as its own process to the end, capturing what it prints."""
    return subprocess.run([*SCRIPTREEL, *args], cwd=cwd, capture_output=True, text=True, **options)


def render_once(tmp_path_factory, name: str, text: str, settings=None):
    """Render a script once for a module of tests, with its own cache folder."""
    from scriptreel.render import RenderSettings, render_video

    folder = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        script = write(folder / f"{name}.md", text)
        summary = render_video(script, folder / f"{name}.mp4", settings or RenderSettings())
    return folder, summary
