"""Beats written inside narration: pictures and clips taken out of a line, `**bold**` phrases,
and the word of the segment each one stands at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from scriptreel.script.attributes import read_attributes
from scriptreel.script.beats import CLIP_SUFFIXES, Anchor, Beat, BeatKind
from scriptreel.script.code_beats import LINES_MARK
from scriptreel.script.errors import ScriptError
from scriptreel.script.inline import plain_words
from scriptreel.script.model import Sentence
from scriptreel.script.pauses import HIDDEN_PAUSE
from scriptreel.script.text import existing_file

PICTURE_MARK = "\ue000"
"""Stands where a picture was taken out of the text, so its word can be found later."""
BOLD_MARK = "\ue001"
"""Stands just before a `**bold**` phrase, so its first word can be found later."""
MARKS = re.compile(f"[{PICTURE_MARK}{BOLD_MARK}{LINES_MARK}]")
# Linear for the reason given in inline.py: no repeated part matches the opener '[' or '('.
_PICTURE = re.compile(r"!\[([^\[\]]*)\]\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>~|]")
_CODE = re.compile(r"`+[^`]*`+")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_WORD = re.compile(r"\w")
_REMOTE = ("http://", "https://", "ftp://", "data:")


def _masked(text: str) -> str:
    """The text with escaped characters blanked, same length: `\\!` opens no picture."""
    return _ESCAPE.sub("  ", text)


def take_pictures(
    path: Path, number: int, line: str, files: dict[str, Path | None]
) -> tuple[str, list[Beat]]:
    """The line with each picture (and its `{...}`) replaced by PICTURE_MARK, and their beats,
    anchored at the start until their paragraph is read. `files` remembers the files found."""
    line = MARKS.sub("\ufffd", line)  # the author's own mark characters
    if "![" not in line:
        return line, []
    masked = _masked(line)
    code = [(m.start(), m.end()) for m in _CODE.finditer(masked)]
    out: list[str] = []
    beats: list[Beat] = []
    position = 0
    while found := _PICTURE.search(masked, position):
        if any(start <= found.start() < end for start, end in code):
            out.append(line[position : found.end()])  # an example in a code span, not shown
            position = found.end()
            continue
        end = found.end()
        beat = _picture(path, number, line[found.start(1) : found.end(1)], found[2])
        if masked.startswith("{", end):
            fields, end = read_attributes(path, number, line, end, beat.kind.value)
            beat = replace(beat, **fields)
        beats.append(_checked_file(path, number, beat, files))
        out += [line[position : found.start()], PICTURE_MARK]
        position = end
    out.append(line[position:])
    return "".join(out), beats


def _picture(path: Path, number: int, alt: str, target: str) -> Beat:
    name = _file_name(target)
    if not name:
        raise ScriptError(
            path, number, "a picture has no file", "write its file name, e.g. ![Map](map.png)"
        )
    if name.lower().startswith(_REMOTE):
        raise ScriptError(
            path,
            number,
            f"picture {name[:60]!r} is a web address",
            "download it next to the script and give its file name, e.g. ![Map](map.png)",
        )
    kind = BeatKind.CLIP if name.lower().endswith(CLIP_SUFFIXES) else BeatKind.PICTURE
    return Beat(kind, Anchor(0), number, path=Path(name), alt=plain_words(alt))


def _file_name(target: str) -> str:
    """`map.png`, `<my map.png>` or `map.png "A title"` as the file name, escapes undone."""
    target = target.strip()
    if target.startswith("<") and ">" in target:
        name = target[1 : target.index(">")]
    else:
        name = target.split()[0] if target else ""
    return re.sub(r"\\(.)", r"\1", name)


def _checked_file(path: Path, number: int, beat: Beat, files: dict[str, Path | None]) -> Beat:
    """The beat with its file resolved against the script's folder; ScriptError if missing."""
    name = str(beat.path)
    if name not in files:  # a picture shown many times is looked for once
        files[name] = existing_file(path.parent, name)
    found = files[name]
    if found is None:
        example = "clips/harbour.mp4" if beat.kind is BeatKind.CLIP else "pictures/map.png"
        raise ScriptError(
            path,
            number,
            f"{beat.kind.value} {name!r} not found",
            f"give a path relative to the script's folder, e.g. ![]({example})",
        )
    return replace(beat, path=found)


def mark_bold(text: str) -> tuple[str, list[str]]:
    """The text with BOLD_MARK before each `**bold**` phrase, and the phrases as plain words."""
    masked = _masked(text)
    out: list[str] = []
    phrases: list[str] = []
    position = 0
    for found in _STRONG.finditer(masked):
        inside = text[found.start(2) : found.end(2)]
        phrase = plain_words(MARKS.sub("", HIDDEN_PAUSE.sub(" ", inside)))
        if phrase:
            out += [text[position : found.start()], BOLD_MARK]
            phrases.append(phrase)
            position = found.start()
    out.append(text[position:])
    return "".join(out), phrases


def mark_words(text: str) -> list[int]:
    """For each mark in the text, in order, the index of the plain word it stands at."""
    pieces = MARKS.split(_spoken(text))
    plain = [plain_words(piece).split() for piece in pieces]
    # Whether the text after each mark starts with a word glued to it ("![](x)light").
    glued_after = [False] * len(pieces)
    for index in range(len(pieces) - 2, -1, -1):
        following = pieces[index + 1]
        glued_after[index] = (
            bool(plain[index + 1]) and not following[0].isspace()
            if following
            else glued_after[index + 1]
        )
    positions: list[int] = []
    count = 0  # words started so far
    in_word = False  # the text so far ends inside a word
    for index, piece in enumerate(pieces[:-1]):
        if plain[index]:
            count += len(plain[index]) - (in_word and not piece[0].isspace())
            in_word = not piece[-1].isspace()
        elif piece and (piece[0].isspace() or piece[-1].isspace()):
            in_word = False
        # A mark between two letters ("moon![](x)light") stands at the word they make.
        positions.append(count - 1 if in_word and glued_after[index] else count)
    return positions


def _spoken(text: str) -> str:
    """The text as paragraph_sentences reads it, marks kept: pause markers part words, and a
    stretch between them with no word in it is not read."""
    out: list[str] = []
    for part in HIDDEN_PAUSE.split(text):
        if HIDDEN_PAUSE.fullmatch(part):
            out.append(" ")
        elif _WORD.search(plain_words(MARKS.sub("", part))):
            out.append(part)
        else:
            out.append(" " + "".join(MARKS.findall(part)) + " ")
    return "".join(out)


def anchors_at(positions: Sequence[int], sentences: Sequence[Sentence], first: int) -> list[Anchor]:
    """Word positions in a paragraph (ascending) as anchors in the segment, whose sentence
    `first` is the paragraph's first; a position past its last word is the next sentence."""
    anchors: list[Anchor] = []
    sentence, before = 0, 0  # the sentence looked at, and the words of those before it
    last = 0
    for position in positions:
        position = last = max(position, last)  # in order, whatever markup did to the words
        while sentence < len(sentences) and position >= before + _words(sentences[sentence]):
            before += _words(sentences[sentence])
            sentence += 1
        word = position - before if sentence < len(sentences) else 0
        anchors.append(Anchor(first + sentence, word))
    return anchors


def _words(sentence: Sentence) -> int:
    return len(sentence.text.split())
