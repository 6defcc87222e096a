"""The short names a theme or a voice gives a variant's file: talk-dark.mp4, talk-gtts-fr.mp4."""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_THEME = "midnight"
"""The theme a variant without one is named after."""


def theme_label(theme) -> str:
    if not isinstance(theme, str | Path):
        return safe_name(getattr(theme, "name", DEFAULT_THEME))
    text = str(theme)
    return safe_name(Path(text).stem if text.lower().endswith(".toml") else text.lower())


def voice_label(voice) -> str:
    if not isinstance(voice, str):
        return safe_name(getattr(voice, "name", "voice"))
    engine, _, rest = voice.strip().partition(":")
    if "/" in rest or "\\" in rest or rest.lower().endswith(".onnx"):
        rest = Path(rest.replace("\\", "/")).stem
    return safe_name(f"{engine}-{rest}" if rest else engine)


def safe_name(text: str) -> str:
    """Letters, digits, `_` and `.` kept; every other run becomes one `-`."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.") or "x"
