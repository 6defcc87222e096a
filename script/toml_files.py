"""TOML files the user writes (themes, batch manifests), read with errors at their line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from scriptreel.script.errors import ScriptError

MAX_TOML_BYTES = 1_000_000
"""Largest theme file or batch manifest read: a few kilobytes is a big one."""


def read_toml(path: Path, noun: str, missing_fix: str, syntax_fix: str) -> tuple[dict, list[str]]:
    """The file's data and its lines; ScriptError (exit 2) when it is missing, unreadable or not
    TOML, with the line TOML's parser names. `noun` says what the file is in messages."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_TOML_BYTES + 1)
        if len(data) > MAX_TOML_BYTES:
            raise ScriptError(
                path,
                None,
                f"the {noun} is larger than {MAX_TOML_BYTES // 1000} kB",
                "check that it is the right file",
            )
        text = data.decode("utf-8-sig")
        return tomllib.loads(text), text.split("\n")
    except RecursionError:
        raise ScriptError(
            path, None, f"the {noun} is nested too deeply to read", syntax_fix
        ) from None
    except FileNotFoundError:
        raise ScriptError(path, None, f"{noun} not found", missing_fix) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(
            path, None, f"cannot read the {noun} ({exc})", "save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        line = int(match[1]) if match else None
        raise ScriptError(path, line, f"not valid TOML ({exc})", syntax_fix) from None
