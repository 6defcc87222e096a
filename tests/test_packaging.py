"""The wheel a user installs holds every module and data file the checkout runs with."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("script", "media", "render")
"""The folders at the checkout's top, installed as scriptreel.script, .media and .render."""
DATA = {".otf", ".ttf", ".txt", ".html", ".css", ".js", ".svg", ".png", ".ico", ".md"}


def _in_wheel(path: str) -> str:
    """Where a checkout file lands in the wheel: under scriptreel/, render/top/ as its top."""
    if path.startswith("render/top/"):
        return "scriptreel/" + path.removeprefix("render/top/")
    return "scriptreel/" + path


def _shipped_files() -> set[str]:
    """Every module and data file under the packages, as paths inside a wheel."""
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py" or path.suffix in DATA:
                found.add(_in_wheel(path.relative_to(ROOT).as_posix()))
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    pytest.importorskip("setuptools")
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*command, "-w", str(out), str(source)], check=True, capture_output=True)
    (built,) = out.glob("scriptreel-*.whl")
    return zipfile.ZipFile(built)


def test_a_new_sub_package_is_in_the_wheel(wheel):
    # render/beat_kinds was left out of the package list once: the checkout ran, an install broke.
    missing = _shipped_files() - set(wheel.namelist())
    assert not missing, f"not in the wheel: {sorted(missing)}"


def test_the_wheel_installs_one_top_level_name_of_our_own(wheel):
    # PyPI has packages named render and media: a wheel that installed ours under those names
    # would overwrite theirs, or be overwritten by them.
    top = {name.split("/")[0] for name in wheel.namelist()}
    top = {name for name in top if not name.endswith(".dist-info")}
    assert top == {"scriptreel"}


def test_the_unpacked_wheel_imports_on_its_own(wheel, tmp_path):
    wheel.extractall(tmp_path / "unpacked")
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import scriptreel, scriptreel.media.voice, scriptreel.render.cli.main as cli; "
        "from scriptreel import script, media, render; "
        "assert all(m.__file__.startswith(sys.argv[1]) for m in (script, media, render, cli)); "
        "from scriptreel.render.cli import guide; "  # the guide's pages, read as package data
        "assert {'index', 'commands'} <= set(guide._pages()); "
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "unpacked")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "ok", result.stderr
