"""Hostile inputs that once took gigabytes or hung: each is rendered in a process of its own
whose address space and time are bounded, and must end as the listing says, within them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "hostile" / "bounded"
ADDRESS_SPACE = 2 << 30
"""Bytes of address space the render may map (2 GiB): a safety net, so an input that asks for
gigabytes fails with MemoryError instead of taking the machine's memory. Threads reserve
address space they never use, so the real bound is the next one."""
PEAK_MB = 600
"""Most memory (peak resident set, the render and the ffmpeg it runs) a case may use: a small
render needs about 260 MB; these inputs took 1.6 to 8.9 GB before they were bounded."""
SECONDS = 120
"""Wall-clock bound: a hung render (music read from /proc) is stopped here and fails."""


def _cases() -> list[tuple[str, int, str, list[str]]]:
    rows = []
    for line in (CORPUS / "BOUNDED.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code, text, options = (part.strip() for part in line.split("|", 3))
            rows.append((name, int(code), text, options.split()))
    return rows


LAUNCHER = """
import os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
os.setsid()  # its own group, so a timeout stops ffmpeg too
command = [sys.executable, "-m", "scriptreel", *sys.argv[3:]]
render = subprocess.Popen(command, stdout=subprocess.PIPE)
render.stdout.read()
_, status, usage = os.wait4(render.pid, 0)
with open(sys.argv[2], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""A small process between the test and the render. A forked child's peak resident set starts
at its parent's, so a render forked from this test process (hundreds of MB after the render
tests) would be charged for pytest's memory; forked from this launcher it is charged its own."""


def run_bounded(args: list[str], cwd: Path) -> tuple[int, str, float]:
    """(exit code, stderr, peak resident MB) of `scriptreel ARGS` run under the bounds."""
    env = dict(os.environ)
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as errors,
        tempfile.TemporaryDirectory() as folder,
    ):
        peak_file = Path(folder) / "peak"
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(ADDRESS_SPACE), str(peak_file), *args],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(SECONDS, stop)
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        errors.seek(0)
        stderr = errors.read()
        if stopped.is_set():
            pytest.fail(f"scriptreel {' '.join(args)} ran longer than {SECONDS} s")
        peak_kb = int(peak_file.read_text())
    return process.returncode, stderr, peak_kb / 1024


CASES = _cases()


@pytest.mark.parametrize(
    "name, code, text, options", CASES, ids=[f"{c[0]}{''.join(c[3])}" for c in CASES]
)
def test_hostile_input_ends_within_bounds(tmp_path, name, code, text, options):
    project = tmp_path / "project"
    shutil.copytree(CORPUS, project)
    args = ["render", name, "-o", "out.mp4", "--size", "320x180", *options]
    returncode, stderr, peak = run_bounded(args, project)
    assert peak < PEAK_MB, f"{peak:.0f} MB"
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[-2000:]
    assert returncode == code, stderr[-2000:]
    if code == 0:
        assert (project / "out.mp4").stat().st_size > 0 and not errors
    else:
        assert len(errors) == 1, stderr[-2000:]
        assert text in errors[0] and " — " in errors[0], errors[0]
        assert not (project / "out.mp4").exists()
