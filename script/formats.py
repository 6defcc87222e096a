"""The input formats scriptreel reads, by file suffix: a registry others can extend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scriptreel.script.importer import import_transcript
from scriptreel.script.markdown import parse_markdown
from scriptreel.script.model import Script
from scriptreel.script.plaintext import parse_plaintext

Parser = Callable[[Path, "str | None"], Script]
"""Reads a script from its path (or from text given directly) into a Script."""


@dataclass(frozen=True)
class InputFormat:
    """A kind of script file and the parser that reads it."""

    name: str
    """Short name, e.g. "markdown"."""
    suffixes: tuple[str, ...]
    """File suffixes it is chosen by, lower case with the dot, e.g. (".md", ".markdown")."""
    parse: Parser
    """The parser: `parse(path, text=None) -> Script`, raising ScriptError."""
    description: str
    """What it is, in a few words for messages and help, e.g. "Markdown script"."""


_FORMATS: dict[str, InputFormat] = {}


def register_format(input_format: InputFormat) -> InputFormat:
    """Add (or replace, by name) an input format; its suffixes then choose it over any other."""
    _FORMATS.pop(input_format.name, None)
    for other in list(_FORMATS.values()):
        kept = tuple(s for s in other.suffixes if s not in input_format.suffixes)
        if kept != other.suffixes:
            _FORMATS[other.name] = InputFormat(other.name, kept, other.parse, other.description)
    _FORMATS[input_format.name] = input_format
    return input_format


def input_formats() -> tuple[InputFormat, ...]:
    """Every registered input format, in the order they were registered."""
    return tuple(f for f in _FORMATS.values() if f.suffixes)


def format_for(path: Path) -> InputFormat | None:
    """The input format a file's suffix chooses, or None."""
    suffix = path.suffix.lower()
    return next((f for f in _FORMATS.values() if suffix in f.suffixes), None)


def accepted_types() -> str:
    """The registered formats as a phrase for messages: `.md or .markdown (Markdown script), …`."""
    return ", ".join(f"{' or '.join(f.suffixes)} ({f.description})" for f in input_formats())


register_format(InputFormat("markdown", (".md", ".markdown"), parse_markdown, "Markdown script"))
register_format(InputFormat("text", (".txt",), parse_plaintext, "plain-text transcript"))
register_format(InputFormat("subtitles", (".srt", ".vtt"), import_transcript, "subtitles"))
