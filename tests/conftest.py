"""Every test runs with its own cache folder, so nothing touches the user's cache."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

SHARED_SAMPLE = (
    Path(__file__).resolve().parents[2] / "shared" / "samples" / "raw-transcript-us-pakistan.txt"
)


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


def render_once(tmp_path_factory, name: str, text: str, settings=None):
    """Render a script once for a module of tests, with its own cache folder."""
    import os

    from render import RenderSettings, render_video

    folder = tmp_path_factory.mktemp(name)
    os.environ["SCRIPTREEL_CACHE_DIR"] = str(folder / "cache")
    try:
        summary = render_video(
            write(folder / f"{name}.md", text), folder / f"{name}.mp4", settings or RenderSettings()
        )
    finally:
        del os.environ["SCRIPTREEL_CACHE_DIR"]
    return folder, summary
