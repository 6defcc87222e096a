"""The files a script names stay inside its folder, unless the command line allows otherwise.

A script someone sends you must not be able to put your own pictures, clips or music into a
video: every file it names is resolved (symlinks followed) and must lie inside the script's
folder. Only `--allow-outside` on the command line lifts the rule; the script itself cannot.
"""

from __future__ import annotations

import re
from pathlib import Path

from scriptreel.script.errors import ScriptError
from scriptreel.script.model import Script
from scriptreel.script.text import read_text

ALLOW_FLAG = "--allow-outside"
"""The command-line flag that lets a script name files anywhere."""
_FRONT_KEY = re.compile(r"(music|theme|variants)\s*:")


def is_inside(folder: Path, found: Path) -> bool:
    """True if `found` (resolved) lies in `folder` or below it."""
    try:
        base = folder.resolve()
    except (OSError, RuntimeError):  # a folder in a symlink loop holds nothing
        return False
    return found == base or base in found.parents


def outside_error(path: Path, line: int | None, what: str, found: Path) -> ScriptError:
    """The one-line refusal of a file outside the script's folder."""
    return ScriptError(
        path,
        line,
        f"{what} {str(found)!r} is outside the script's folder",
        f"copy it into the script's folder (or below it), or pass {ALLOW_FLAG} if you "
        "trust this script",
    )


def check_paths(script: Script, allow_outside: bool = False) -> Script:
    """The script unchanged, or ScriptError at the first file it names outside its folder."""
    if allow_outside:
        return script
    folder = script.path.parent
    for segment in script.segments:
        if segment.image is not None and not is_inside(folder, segment.image):
            raise outside_error(script.path, segment.line, "picture", segment.image)
        for beat in segment.beats:
            if beat.path is not None and not is_inside(folder, beat.path):
                raise outside_error(script.path, beat.line, beat.kind.value, beat.path)
    settings = script.settings
    named = [("music", settings.music)]
    themes = [("theme", settings.theme)] + [("variants", v.get("theme")) for v in settings.variants]
    named += [(key, Path(t)) for key, t in themes if t and str(t).lower().endswith(".toml")]
    for key, found in named:
        if found is not None and not is_inside(folder, found):
            what = "music file" if key == "music" else "theme file"
            raise outside_error(script.path, _front_line(script.path, key), what, found)
    return script


def _front_line(path: Path, key: str) -> int | None:
    """Line of `key:` in the front matter (only looked for when refusing its file)."""
    try:
        lines = read_text(path).split("\n")
    except ScriptError:
        return None
    for number, text in enumerate(lines[1:], 2):
        if text.rstrip() in ("---", "..."):
            return None
        found = _FRONT_KEY.match(text)
        if found and found[1] == key:
            return number
    return None
