"""Helpers for the studio tests: a tiny script, a session with the tone voice, a running server."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from tonevoice import ToneVoice

from scriptreel.render import RenderSettings
from scriptreel.render.studio.server import StudioServer
from scriptreel.render.studio.session import Session

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


BEATS = """---
title: Tide beats
size: 320x180
fps: 10
callouts: true
---

# Tide beats

The sea rises twice a day.

## The Moon pulls

Gravity weakens with distance.

![The pull](pull.png){fit=contain}

It pulls the near side. So there are **two bulges** at once.

## The Sun helps

The Sun adds a little.

- Lined up, the tides grow.
- At half moon they shrink.
"""
"""A script with beats: a picture, a call-out and a list (items on lines 26 and 27)."""


def make_picture(path: Path) -> None:
    """A small generated picture for a picture beat."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 90), (30, 60, 120))
    ImageDraw.Draw(image).ellipse((50, 15, 110, 75), fill=(90, 160, 90))
    image.save(path)


def make_session(folder: Path, text: str = SCRIPT, auto: bool = False) -> Session:
    if "pull.png" in text:
        make_picture(folder / "pull.png")
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
