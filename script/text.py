"""Shared text helpers for the parsers: decoding files and reading paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scriptreel.script.errors import ScriptError

MAX_TITLE_CHARS = 200
"""Longest text for a card (title, subtitle, author, date, outro), in characters."""


@dataclass(frozen=True)
class Paragraph:
    """A run of non-blank lines."""

    text: str
    line: int
    speaker: str | None = None
    """Who says it, from a transcript's label (its text then without the label)."""


def read_text(path: Path) -> str:
    """The file's text with BOM and CR line ends removed; ScriptError if it is not usable text."""
    text = _decoded(path, _read_bytes(path))
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n\n")
    )
    if not text.strip():
        raise ScriptError(
            path,
            None,
            "the script is empty",
            "write a title and at least one paragraph of narration",
        )
    return text


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ScriptError(path, None, "no such file", "check the path") from None
    except IsADirectoryError:
        raise ScriptError(
            path, None, "is a folder, not a script", "name a .md or .txt file"
        ) from None
    except OSError as exc:
        raise ScriptError(
            path, None, f"cannot read the file ({exc.strerror})", "check its permissions"
        ) from None


def _decoded(path: Path, data: bytes) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows editors save "Unicode" as UTF-16 with a byte-order mark: read it as such.
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ScriptError(
                path,
                None,
                "is not valid UTF-16 text despite its byte-order mark",
                "save the file as UTF-8",
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:8192]:
            raise ScriptError(
                path,
                None,
                "looks like a binary file, not a script",
                "give a UTF-8 .md or .txt file",
            ) from None
        line = data[: exc.start].count(b"\n") + 1
        raise ScriptError(
            path, line, "is not valid UTF-8 text", "save the file as UTF-8 and try again"
        ) from None


def script_text(path: Path, text: str | None) -> str:
    """The text a parser works on: given directly, or read (and checked) from the file."""
    text = read_text(path) if text is None else text
    # Anywhere in the file, not only near its start: NUL marks lines inside the parsers.
    nul = text.find("\x00")
    if nul >= 0:
        raise ScriptError(
            path,
            text.count("\n", 0, nul) + 1,
            "the script contains a NUL character",
            "save it as plain UTF-8 text; a NUL usually means a binary or UTF-16 file",
        )
    # The parsers park escaped characters, beats and pause markers in the private-use areas; one
    # written by the author would come back as markup (U+F005B became '[') or as a beat. They
    # have no glyph in our fonts and no sound, so they are dropped.
    return _PRIVATE_PLANES.sub("", text)


_PRIVATE_PLANES = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def escaped(text: str, index: int) -> bool:
    """True if the character at index follows an odd number of backslashes (`\\[` is escaped)."""
    slashes = 0
    while index - slashes > 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def existing_file(folder: Path, name: str) -> Path | None:
    """The file `name` names, relative to folder, if it exists; None otherwise."""
    try:
        found = (folder / name).resolve()
        return found if found.is_file() else None
    # A name too long for the file system, with a NUL, or a symlink loop (RuntimeError before
    # Python 3.13): none of them is a file to use.
    except (OSError, RuntimeError, ValueError):
        return None


def title_from_name(path: Path) -> str:
    """A video title from a file name: `how-tides-work.md` -> `How tides work`."""
    words = short_title(re.sub(r"[-_]+", " ", path.stem), MAX_TITLE_CHARS)
    return words[:1].upper() + words[1:] if words else "Untitled"


def paragraphs(lines: list[str], first_line: int = 1) -> list[Paragraph]:
    """Blank-line-separated paragraphs, with the number of each one's first line."""
    found: list[Paragraph] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(lines, first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            found.append(Paragraph(" ".join(current), start))
            current = []
    if current:
        found.append(Paragraph(" ".join(current), start))
    return found


def short_title(text: str, limit: int = 48) -> str:
    """A card title from running text: cut at a word boundary, with an ellipsis if cut."""
    text = text.strip().rstrip(".,;:")
    if len(text) <= limit:
        return text
    # One long word has no boundary to cut at: cut inside it, leaving room for the ellipsis.
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head[: limit - 1]
    return cut.rstrip(",;:—– ") + "…"
