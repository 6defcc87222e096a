"""The one folder downloaded voices are kept in, for every engine that reads voice files."""

from __future__ import annotations

import os
from pathlib import Path

VOICES_ENV = "SCRIPTREEL_VOICES"
"""Environment variable naming the voices folder (default: the user data folder's)."""


def voices_folder() -> Path:
    """$SCRIPTREEL_VOICES, else scriptreel/voices in the user data folder ($XDG_DATA_HOME or
    ~/.local/share)."""
    if os.environ.get(VOICES_ENV):
        return Path(os.environ[VOICES_ENV]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "scriptreel" / "voices"
