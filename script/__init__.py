"""Scripts as authors write them, parsed into a validated, frozen Script of Segments."""

from __future__ import annotations

from pathlib import Path

from .errors import ScriptError, ScriptreelError, ScriptWarning, WarningKind
from .importer import WORDS_PER_SECOND, import_transcript, to_markdown
from .markdown import parse_markdown, plain_words
from .model import FrontMatter, Script, Segment, Sentence
from .plaintext import parse_plaintext, propose_title
from .sentences import MAX_WORDS, split_sentences
from .values import parse_fps, parse_pause, parse_size, parse_speed

SUFFIXES = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_plaintext,
    ".srt": import_transcript,
    ".vtt": import_transcript,
}

__all__ = [
    "FrontMatter",
    "MAX_WORDS",
    "WORDS_PER_SECOND",
    "import_transcript",
    "propose_title",
    "to_markdown",
    "Script",
    "ScriptError",
    "ScriptreelError",
    "ScriptWarning",
    "WarningKind",
    "Segment",
    "Sentence",
    "load_script",
    "parse_fps",
    "parse_markdown",
    "parse_pause",
    "parse_plaintext",
    "parse_size",
    "parse_speed",
    "plain_words",
    "split_sentences",
]


def load_script(path: Path | str) -> Script:
    """Parse a script file by its extension: .md/.markdown, .txt, or subtitles (.srt, .vtt)."""
    path = Path(path)
    parser = SUFFIXES.get(path.suffix.lower())
    if parser is None:
        raise ScriptError(
            path,
            None,
            f"unsupported script type {path.suffix or '(no extension)'!r}",
            "use a .md (Markdown) script, or a .txt, .srt or .vtt transcript",
        )
    return parser(path)
