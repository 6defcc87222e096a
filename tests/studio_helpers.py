"""Helpers for the studio tests: a tiny script, a session with the tone voice, a running server."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from tonevoice import ToneVoice

from render import RenderSettings
from render.studio.server import StudioServer
from render.studio.session import Session

SCRIPT = """---
title: Tiny tides
size: 320x180
fps: 10
---

# Tiny tides

The sea rises twice a day.

## The Moon pulls

It pulls the near side. It pulls the far side less.

## The Sun helps

Spring tides come at full moon.
"""


def make_session(folder: Path, text: str = SCRIPT, auto: bool = False) -> Session:
    script = folder / "talk.md"
    script.write_text(text, encoding="utf-8")
    return Session(script, None, RenderSettings(voice=ToneVoice()), render_on_save=auto)


@contextlib.contextmanager
def running(session: Session):
    server = StudioServer(session)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wait_for(condition, timeout: float = 20.0, every: float = 0.05):
    """Poll until condition() is truthy; its value, or an AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
