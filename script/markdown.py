"""Parse a Markdown script: front matter, `# title`, `## segment` headings, narration."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .errors import ScriptError
from .model import FrontMatter, Script, Segment, Sentence
from .sentences import split_sentences
from .text import script_text, title_from_name
from .values import parse_fps, parse_pause, parse_size, parse_speed

FRONT_MATTER_KEYS = (
    "title",
    "subtitle",
    "author",
    "date",
    "outro",
    "voice",
    "size",
    "fps",
    "speed",
    "pause",
    "pronounce",
    "music",
    "theme",
)
HEADING_ATTRIBUTES = ("image", "subtitle")
_ATTRIBUTES = re.compile(r"^(.*?)\s*(?<!\\)\{([^{}]*)\}\s*$")
_ATTRIBUTE = re.compile(
    r"""([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|([.#][\w-]+)|(\S+)"""
)
PAUSE_MARK = re.compile(r"\[pause(?:\s+([\d.]+)\s*s?)?\]", re.I)
"""`[pause]` (one second) or `[pause 1.5s]` inside narration."""

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")


def parse_markdown(path: Path, text: str | None = None) -> Script:
    """Read a Markdown script into a Script; ScriptError with the line of the first problem."""
    path = Path(path)
    text = script_text(path, text)
    lines = text.split("\n")
    settings, body_start = _front_matter(path, lines)
    # Comments are author notes in the body; front matter values may contain anything.
    lines = lines[:body_start] + _blank_comments(
        path, "\n".join(lines[body_start:]), body_start
    ).split("\n")
    warnings: list[str] = []

    title: str | None = None
    title_line = 1
    blocks: list[tuple] = [(None, body_start + 1, [], {})]
    in_fence = False
    for number, line in enumerate(lines[body_start:], body_start + 1):
        if _FENCE.match(line):
            if not in_fence:
                warnings.append(f"{path}:{number}: code block is not narrated")
            in_fence = not in_fence
            blocks[-1][2].append("")
            continue
        heading = None if in_fence else _HEADING.match(line)
        if heading is None:
            blocks[-1][2].append("" if in_fence else line)
            continue
        raw_heading, attributes = _heading_attributes(path, number, heading[2] or "")
        level, heading_text = len(heading[1]), plain_words(raw_heading)
        if level == 1:
            if title is not None:
                raise ScriptError(
                    path,
                    number,
                    "a second '# title' heading",
                    f"keep one '# Title' (line {title_line}) and use '## Heading' for segments",
                )
            if not heading_text:
                raise ScriptError(
                    path,
                    number,
                    "the '#' title heading has no text",
                    "write the video title after '# '",
                )
            title, title_line = heading_text, number
            blocks[-1][2].append("")
        elif level == 2:
            if not heading_text:
                raise ScriptError(
                    path,
                    number,
                    "the '##' heading has no text",
                    "write the segment's card title after '## '",
                )
            blocks.append((heading_text, number, [], attributes))
        else:
            blocks[-1][2].append(_STANDALONE + heading_text + ".")

    video_title = settings.title or title or title_from_name(path)
    segments: list[Segment] = []
    _, intro_line, intro_lines, _ = blocks[0]
    intro = _sentences(path, intro_lines, intro_line)
    if title is not None or intro or settings.subtitle or settings.author:
        segments.append(
            Segment(
                video_title,
                tuple(intro),
                title_line if title else intro_line,
                None,
                subtitle=settings.subtitle or "",
            )
        )
    for number, (heading_text, line, body, attributes) in enumerate(blocks[1:], 1):
        segments.append(
            Segment(
                heading_text or "",
                tuple(_sentences(path, body, line + 1)),
                line,
                number,
                subtitle=attributes.get("subtitle", ""),
                image=attributes.get("image"),
            )
        )
    if settings.outro:
        segments.append(Segment(settings.outro, (), 1, None, closing=True))
    if not any(s.sentences for s in segments):
        raise ScriptError(
            path,
            None,
            "the script has no narration",
            "write paragraphs under '## Heading' lines for the voice to read",
        )
    return Script(path, video_title, tuple(segments), settings, tuple(warnings))


_ESCAPABLE = "\\`*_{}[]()#+-.!<>~|"
_HIDDEN = 0xF0000  # a private-use plane: escaped characters wait there while markup is removed


def plain_words(text: str) -> str:
    """Inline Markdown as the words a reader would say: emphasis, links and code unwrapped."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>~|])", lambda m: chr(_HIDDEN + ord(m[1])), text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)  # images are not read out
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<https?://([^>]+)>", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)
    text = re.sub(r"`+([^`]*)`+", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = "".join(
        chr(ord(c) - _HIDDEN) if ord(c) >= _HIDDEN and chr(ord(c) - _HIDDEN) in _ESCAPABLE else c
        for c in text
    )
    return re.sub(r"\s+", " ", text).strip()


_STANDALONE = "\x00"
"""Marks a line that is a paragraph of its own (a ### heading read as a sentence)."""


def _heading_attributes(path: Path, line: int, text: str) -> tuple[str, dict]:
    """`Title {image="map.png" subtitle="1947"}` as the title and its checked attributes."""
    match = _ATTRIBUTES.match(text)
    if not match:
        return text, {}
    found: dict = {}
    for attribute in _ATTRIBUTE.finditer(match[2]):
        key, loose = attribute[1], attribute[6]
        if loose:
            raise ScriptError(
                path,
                line,
                f'heading attribute {loose!r} is not key="value"',
                'write attributes like {image="map.png" subtitle="1947-1979"}',
            )
        if not key:
            continue  # Pandoc classes and ids (.wide, #intro) have no meaning here
        if key not in HEADING_ATTRIBUTES:
            close = difflib.get_close_matches(key, HEADING_ATTRIBUTES, n=1)
            hint = f"did you mean '{close[0]}'? Known: " if close else "use one of: "
            raise ScriptError(
                path,
                line,
                f"unknown heading attribute {key!r}",
                hint + ", ".join(HEADING_ATTRIBUTES),
            )
        value = next(v for v in attribute.groups()[1:4] if v is not None)
        if key == "image":
            picture = (path.parent / value).resolve()
            if not picture.is_file():
                raise ScriptError(
                    path,
                    line,
                    f"picture {value!r} not found",
                    'give a path relative to the script, e.g. image="pictures/map.png"',
                )
            found[key] = picture
        else:
            found[key] = plain_words(value)
    return match[1], found


def _sentences(path: Path, lines: list[str], first_line: int) -> list[Sentence]:
    """Sentences of a block; blank lines and list items start new paragraphs."""
    found: list[Sentence] = []
    current: list[str] = []
    start = first_line

    def flush() -> None:
        found.extend(paragraph_sentences(plain_words(" ".join(current)), start, path))
        current.clear()

    for number, line in enumerate(lines, first_line):
        line = re.sub(r"^\s*>\s?", "", line).strip()
        item = _LIST_MARK.match(line)
        standalone = line.startswith(_STANDALONE)
        if not line or item or standalone:
            flush()
        line = line.lstrip(_STANDALONE)
        if item:
            # A list item is its own sentence even when the author left out the full stop.
            line = _LIST_MARK.sub("", line)
            line = line if re.search(r"[.!?:;…]$", line) else line + "."
        if line:
            if not current:
                start = number
            current.append(line)
    flush()
    return found


def paragraph_sentences(text: str, line: int, path: Path) -> list[Sentence]:
    """Sentences of one paragraph; a `[pause 1.5s]` marker adds silence after the sentence before it."""
    found: list[Sentence] = []
    position = 0
    for marker in [*PAUSE_MARK.finditer(text), None]:
        piece = text[position : marker.start() if marker else len(text)]
        if re.search(r"\w", piece):
            found.extend(Sentence(s, line) for s in split_sentences(piece))
        if marker is None:
            break
        position = marker.end()
        try:
            seconds = parse_pause(marker[1] or 1.0)
        except ValueError as exc:
            problem, _, fix = str(exc).partition(" — ")
            raise ScriptError(path, line, problem, fix) from None
        if found:
            last = found[-1]
            found[-1] = Sentence(last.text, last.line, last.pause_after + seconds)
    return found


def _blank_comments(path: Path, text: str, offset: int = 0) -> str:
    """HTML comments removed, keeping their line breaks so line numbers stay true."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match[0].count("\n")

    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    if "<!--" in text:
        line = offset + text[: text.index("<!--")].count("\n") + 1
        raise ScriptError(
            path, line, "an HTML comment '<!--' is never closed", "end the comment with '-->'"
        )
    return text


def _front_matter(path: Path, lines: list[str]) -> tuple[FrontMatter, int]:
    """Front-matter settings and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return FrontMatter(), 0
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if closing is None:
        raise ScriptError(
            path,
            1,
            "front matter opened with '---' is never closed",
            "add a '---' line after the settings",
        )
    values: dict[str, object] = {}
    index = 1
    while index < closing:
        number, line = index + 1, lines[index]
        stripped = line.strip()
        index += 1
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, raw = stripped.partition(":")
        key = key.strip()
        if line[:1].isspace() or not sep or not re.fullmatch(r"[A-Za-z_][\w-]*", key):
            raise ScriptError(
                path,
                number,
                f"front matter line {stripped!r} is not 'key: value'",
                "write settings as 'key: value', one per line",
            )
        if key not in FRONT_MATTER_KEYS:
            close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1)
            hint = f"did you mean '{close[0]}'? Known keys: " if close else "use one of: "
            raise ScriptError(
                path,
                number,
                f"unknown front matter key {key!r}",
                hint + ", ".join(FRONT_MATTER_KEYS),
            )
        if key in values:
            raise ScriptError(
                path, number, f"front matter key {key!r} is given twice", "keep one of them"
            )
        if key == "pronounce":
            nested = []
            while index < closing and lines[index][:1].isspace() and lines[index].strip():
                nested.append((index + 1, lines[index].strip()))
                index += 1
            values[key] = _lexicon(path, number, raw.strip(), nested)
            continue
        value = _scalar(raw)
        if not value:
            raise ScriptError(
                path,
                number,
                f"front matter key {key!r} has no value",
                f"write a value after '{key}:' or remove the line",
            )
        try:
            values[key] = _setting(path, key, value)
        except ValueError as exc:
            problem, _, fix = str(exc).partition(" — ")
            raise ScriptError(path, number, problem, fix) from None
    return FrontMatter(**values), closing + 1


def _setting(path: Path, key: str, value: str) -> object:
    if key == "size":
        return parse_size(value)
    if key == "fps":
        return parse_fps(value)
    if key == "speed":
        return parse_speed(value)
    if key == "pause":
        return parse_pause(value)
    if key == "music":
        music = (path.parent / value).resolve()
        if not music.is_file():
            raise ValueError(
                f"music file {value!r} not found — give a path relative to the script, e.g. music: bed.mp3"
            )
        return music
    if key == "theme" and value.lower().endswith(".toml"):
        theme = (path.parent / value).resolve()
        if not theme.is_file():
            raise ValueError(
                f"theme file {value!r} not found — give a path relative to the script, or a built-in theme name"
            )
        return str(theme)
    return value


def _lexicon(
    path: Path, line: int, inline: str, nested: list[tuple[int, str]]
) -> tuple[tuple[str, str], ...]:
    """`{ISI: "I S I", NATO: nay-toe}` on one line, or one `word: say` per indented line."""
    entries: list[tuple[int, str]] = []
    if inline:
        if not (inline.startswith("{") and inline.endswith("}")):
            raise ScriptError(
                path,
                line,
                "pronounce must be a mapping",
                'write pronounce: {ISI: "I S I"} or one "word: say" per indented line',
            )
        entries = [
            (line, part)
            for part in re.findall(r'(?:[^,"\']|"[^"]*"|\'[^\']*\')+', inline[1:-1])
            if part.strip()
        ]
    entries += nested
    lexicon = []
    for number, entry in entries:
        word, sep, say = entry.partition(":")
        word, say = _scalar(word), _scalar(say)
        if not sep or not word or not say:
            raise ScriptError(
                path,
                number,
                f"pronounce entry {entry.strip()!r} is not 'word: how to say it'",
                'write it like ISI: "I S I"',
            )
        lexicon.append((word, say))
    if not lexicon:
        raise ScriptError(
            path, line, "pronounce has no entries", 'add entries like pronounce: {ISI: "I S I"}'
        )
    return tuple(lexicon)


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    return re.sub(r"\s+#.*$", "", raw)
