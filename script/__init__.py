"""Scripts as authors write them, parsed into a validated, frozen Script of Segments."""

from __future__ import annotations

from pathlib import Path

from scriptreel.script.errors import ScriptError, ScriptreelError, ScriptWarning, WarningKind
from scriptreel.script.formats import (
    InputFormat,
    accepted_types,
    format_for,
    input_formats,
    register_format,
)
from scriptreel.script.importer import import_transcript, to_markdown
from scriptreel.script.inline import plain_words
from scriptreel.script.limits import MAX_SEGMENTS, MAX_TITLE_CHARS, MAX_TOTAL_PAUSE
from scriptreel.script.markdown import parse_markdown
from scriptreel.script.model import FrontMatter, Script, Segment, Sentence
from scriptreel.script.paths import ALLOW_FLAG, check_paths
from scriptreel.script.plaintext import parse_plaintext, propose_title
from scriptreel.script.sentences import MAX_WORDS, paragraph_sentences, split_sentences
from scriptreel.script.timing import WORDS_PER_SECOND, estimate_seconds, word_count
from scriptreel.script.values import BadValue, parse_fps, parse_pause, parse_size, parse_speed

__all__ = [
    "ALLOW_FLAG",
    "BadValue",
    "FrontMatter",
    "InputFormat",
    "MAX_SEGMENTS",
    "MAX_TITLE_CHARS",
    "MAX_TOTAL_PAUSE",
    "MAX_WORDS",
    "WORDS_PER_SECOND",
    "Script",
    "ScriptError",
    "ScriptreelError",
    "ScriptWarning",
    "Segment",
    "Sentence",
    "WarningKind",
    "check_paths",
    "estimate_seconds",
    "import_transcript",
    "input_formats",
    "load_script",
    "paragraph_sentences",
    "parse_fps",
    "parse_markdown",
    "parse_pause",
    "parse_plaintext",
    "parse_size",
    "parse_speed",
    "plain_words",
    "propose_title",
    "register_format",
    "split_sentences",
    "to_markdown",
    "word_count",
]


def load_script(path: Path | str, allow_outside: bool = False) -> Script:
    """Parse a script file by its suffix, using the registered input formats.

    Every file it names must be inside its folder unless `allow_outside` (the command line's
    --allow-outside) says otherwise."""
    path = Path(path)
    found = format_for(path)
    if found is None:
        raise ScriptError(
            path,
            None,
            f"unsupported script type {path.suffix or '(no extension)'!r}",
            f"use one of: {accepted_types()}",
        )
    return check_paths(found.parse(path), allow_outside)
