"""The `pronounce:` lexicon: entries held to a few words, applied in one pass (no chains).

Each entry replaces a whole word (or words) of the sentence with how to say it. All entries are
matched at once, longest first, and what they say is never looked at again: entries that name
each other ("a: b b", "b: a a") cannot multiply a sentence into millions of words. The sentence
cutter measures sentences after this expansion, so what reaches the voice is what was bounded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from scriptreel.script.errors import ScriptError

MAX_ENTRIES = 500
"""Most entries in `pronounce:`."""
MAX_SAY_WORDS = 10
"""Most words an entry may say for one written word."""
MAX_SAY_CHARS = 100
"""Most characters an entry may say."""

Lexicon = tuple[tuple[str, str], ...]


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: "New York City" wins over "New York" where both match.
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def lexicon_pattern(lexicon: Lexicon | dict[str, str]) -> re.Pattern[str] | None:
    """One pattern matching every entry's written form as a whole word; None when empty."""
    entries = dict(lexicon)
    return _pattern(tuple(entries)) if entries else None


def expand(text: str, lexicon: Lexicon | dict[str, str]) -> str:
    """The text with every entry replaced by how to say it, in one pass."""
    entries = dict(lexicon)
    pattern = lexicon_pattern(entries)
    return pattern.sub(lambda found: entries[found[0]], text) if pattern else text


def check_entry(path: Path, line: int, word: str, say: str) -> None:
    """ScriptError unless the entry says a few words for a word: a long one would make every
    sentence it is in too long to say."""
    fix = "an entry says how to say a word or a name, in a few words"
    said = len(say.split())
    if said > MAX_SAY_WORDS:
        problem = f"pronounce entry {word[:40]!r} says {said} words; at most {MAX_SAY_WORDS}"
        raise ScriptError(path, line, problem, fix)
    for text, what in ((word, "is written in"), (say, "says")):
        if len(text) > MAX_SAY_CHARS:
            problem = (
                f"pronounce entry {word[:40]!r} {what} {len(text)} characters; "
                f"at most {MAX_SAY_CHARS}"
            )
            raise ScriptError(path, line, problem, fix)


__all__ = [
    "MAX_ENTRIES",
    "MAX_SAY_CHARS",
    "MAX_SAY_WORDS",
    "Lexicon",
    "check_entry",
    "expand",
    "lexicon_pattern",
]
