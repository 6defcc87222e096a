"""A segment's body read into its sentences and its visual beats: paragraphs, lists, quotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from scriptreel.script.beats import Anchor, Beat, BeatKind, rank
from scriptreel.script.block_beats import BlockBeats
from scriptreel.script.code_beats import (
    CODE_LINE,
    FENCE_CLOSE,
    FENCE_OPEN,
    LINES_MARK,
    CodeBlock,
    moved_highlight,
    take_line_marks,
    with_reveals,
)
from scriptreel.script.inline import plain_words
from scriptreel.script.inline_beats import (
    BOLD_MARK,
    MARKS,
    PICTURE_MARK,
    anchors_at,
    mark_bold,
    mark_words,
    take_pictures,
)
from scriptreel.script.model import Sentence
from scriptreel.script.pauses import HIDDEN_PAUSE, hide_pauses
from scriptreel.script.pronounce import Lexicon
from scriptreel.script.sentences import paragraph_sentences
from scriptreel.script.table_beats import TableBlock, with_row_anchors

STANDALONE = "\x00"
"""Marks a line that is a paragraph of its own (a ### heading read as a sentence); script_text
refuses NUL in the author's text, so it cannot clash."""
_LIST_MARK = re.compile(r"\s*(?:[-*+]|(\d+)[.)])\s+")
_QUOTE_MARK = re.compile(r"\s*>(?:[ \t]*>)*[ \t]?")  # nested quotes are read as one
_ATTRIBUTION = ("—", "--")
_WRITTEN_PAUSE = re.compile(r"\[pause[^\]]*\]", re.I)
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "…")
_TRAILING = f" {PICTURE_MARK}{BOLD_MARK}{LINES_MARK}"


@dataclass(frozen=True)
class Body:
    """What a segment's lines hold."""

    sentences: tuple[Sentence, ...]
    """Narration, in order."""
    beats: tuple[Beat, ...]
    """Pictures, clips, lists and quotes, in order of their anchors."""
    callouts: tuple[Beat, ...]
    """A call-out beat for each `**bold**` phrase, in order (shown only if asked for)."""


def on_their_lines(found: list[Sentence], lines: list[str], numbers: list[int]) -> list[Sentence]:
    """The paragraph's sentences, each with the line it starts on (counted in words, as the
    sentences are), so the studio can play from the sentence on a paragraph's second line."""
    ends, count = [], 0  # per line, the number of words up to its end
    for text in lines:
        count += len(plain_words(_WRITTEN_PAUSE.sub(" ", MARKS.sub("", text))).split())
        ends.append(count)
    placed, word, at = [], 0, 0
    for sentence in found:
        while at < len(ends) - 1 and ends[at] <= word:
            at += 1  # both run forward only: linear however long the paragraph
        placed.append(replace(sentence, line=numbers[at] if numbers else sentence.line))
        word += len(sentence.text.split())
    return placed


class _Group:
    """A list or a quote being read: where it began and what it holds so far."""

    def __init__(self, line: int, first: int, numbered: bool = False):
        self.line, self.first, self.numbered = line, first, numbered
        self.texts: list[list[str]] = [[]]
        """List: the lines of each item; quote: the lines of each paragraph."""
        self.starts: list[int] = []
        """List: the sentence each item starts at."""
        self.gap = False
        """List: a blank line came after the last item's text."""
        self.attribution: tuple[int, str] | None = None
        """Quote: a `— Name` line, held back in case it is the quote's last."""


def read_body(path: Path, lines: list[str], first_line: int, lexicon: Lexicon = ()) -> Body:
    """Sentences and beats of a block of body lines; the first is line `first_line`. Sentences
    are cut to length as said with the `pronounce:` lexicon."""
    reader = _Reader(path, lexicon)
    for number, line in enumerate(lines, first_line):
        reader.read(number, line)
    reader.end_table(None)
    reader.end_groups()
    if reader.code is not None:  # a fence never closed runs to the end of the segment
        reader.read(len(lines) + first_line, FENCE_CLOSE)
    order = sorted(reader.beats, key=lambda b: (b.anchor.sentence, b.anchor.word, rank(b.kind)))
    order = with_row_anchors(with_reveals(order, reader.sentences), reader.sentences)
    return Body(tuple(reader.sentences), order, tuple(reader.callouts))


class _Reader(BlockBeats):
    """Lines in, sentences and beats out; a paragraph is read when a blank line or a new
    block (list item, quote, heading) ends it."""

    def __init__(self, path: Path, lexicon: Lexicon = ()):
        self.path, self.lexicon = path, lexicon
        self.sentences: list[Sentence] = []
        self.beats: list[Beat] = []
        self.callouts: list[Beat] = []
        self.lines: list[str] = []
        self.numbers: list[int] = []
        """The file's line number of each of `lines`."""
        self.pictures: list[Beat] = []
        self.files: dict[str, Path | None] = {}
        self.start = 0
        self.has_text = False
        self.in_item = False
        """The paragraph gathered is a list item's."""
        self.list: _Group | None = None
        self.quote: _Group | None = None
        self.code: CodeBlock | None = None
        self.table: TableBlock | None = None
        self.line_marks: list[tuple[int, tuple[int, ...]]] = []
        """Each `{lines=...}` of the paragraph: its line and the lines it highlights."""

    def read(self, number: int, raw: str) -> None:
        if self._table(number, raw) or self._formula(number, raw) or self._flow(number, raw):
            return
        if raw.startswith((FENCE_OPEN, FENCE_CLOSE, CODE_LINE)):
            self._code(number, raw)
            return
        quoted = _QUOTE_MARK.match(raw)
        if bool(quoted) != (self.quote is not None):
            self.end_groups()
            if quoted:
                self.quote = _Group(number, len(self.sentences))
        text = (raw[quoted.end() :] if quoted else raw).strip()
        if quoted:
            self._quoted(number, text)
        else:
            self._text(number, text, raw[:1].isspace())

    def _quoted(self, number: int, text: str) -> None:
        assert self.quote is not None
        held, self.quote.attribution = self.quote.attribution, None
        if held:  # not the quote's last line after all: it is read
            self._text(*held, False)
        if text.startswith(_ATTRIBUTION):
            self.quote.attribution = (number, text)
        else:
            self._text(number, text, False)

    def _code(self, number: int, raw: str) -> None:
        """A fenced code block: it ends the paragraph before it and shows from the next word."""
        if raw.startswith(FENCE_OPEN):
            self.end_groups()
            self.code = CodeBlock.opened(self.path, number, raw[len(FENCE_OPEN) :])
        elif raw.startswith(CODE_LINE) and self.code is not None:
            self.code.lines.append(raw[len(CODE_LINE) :])
        elif self.code is not None:
            self.beats.append(self.code.beat(self.path, Anchor(len(self.sentences))))
            self.code = None

    def _text(self, number: int, text: str, indented: bool) -> None:
        text, pictures = take_pictures(self.path, number, text, self.files)
        text, moves = take_line_marks(self.path, number, text)
        self.line_marks += [(number, lines) for lines in moves]
        standalone = text.startswith(STANDALONE)
        text = text.lstrip(STANDALONE)
        item = _LIST_MARK.match(text)
        if not text or item or standalone:
            self.flush()
        if item:
            text = self._item(number, text[item.end() :], item[1] is not None)
        elif self.list and (standalone or (text and self.list.gap and not indented)):
            self.close_list()
        elif self.list:
            self.list.gap = not text
            self.list.texts[-1].append(text)
        if self.quote:
            if text:
                self.quote.texts[-1].append(text)
            elif self.quote.texts[-1]:
                self.quote.texts.append([])
        self.pictures += pictures
        if text:
            if not self.has_text and MARKS.sub("", text).strip():
                self.start, self.has_text = number, True
            self.lines.append(text)
            self.numbers.append(number)

    def _item(self, number: int, text: str, numbered: bool) -> str:
        """Start a list item; the text to read for it."""
        if self.list and self.list.numbered != numbered:
            self.close_list()
        if not self.list:
            self.list = _Group(number, len(self.sentences), numbered)
            self.list.texts = []
        self.list.texts.append([text])
        self.list.starts.append(len(self.sentences))
        self.list.gap = False
        self.in_item = True
        return text

    def flush(self) -> None:
        """Read the paragraph gathered so far: its sentences, and the beats inside it."""
        if not self.lines and not self.pictures:
            self.in_item = False
            return
        text = " ".join(self.lines)
        words = text.rstrip(_TRAILING)
        if self.in_item and MARKS.sub("", words) and not words.endswith(_SENTENCE_ENDS):
            # An item is its own sentence even when the author left out the full stop.
            text = words + "." + text[len(words) :]
        first = len(self.sentences)
        found = paragraph_sentences(
            MARKS.sub("", text), self.start, self.path, plain_words, self.lexicon
        )
        found = on_their_lines(found, self.lines, self.numbers)
        marked, phrases = mark_bold(hide_pauses(self.path, self.start, text))
        anchors = anchors_at(mark_words(marked), found, first)
        pictures, bold, moves = iter(self.pictures), iter(phrases), iter(self.line_marks)
        for mark, anchor in zip(MARKS.findall(marked), anchors):
            if mark == PICTURE_MARK and (picture := next(pictures, None)):
                self.beats.append(replace(picture, anchor=anchor))
            elif mark == BOLD_MARK and (phrase := next(bold, None)):
                self._callout(anchor, phrase, found[anchor.sentence - first :])
            elif mark == LINES_MARK and (move := next(moves, None)):
                self._move_highlight(move, anchor, first)
        self.sentences += found
        self.lines, self.pictures, self.has_text, self.in_item = [], [], False, False
        self.numbers = []
        self.line_marks = []

    def _move_highlight(self, move: tuple, anchor: Anchor, first: int) -> None:
        """`{lines=...}` ends a sentence: the last code block's highlight moves to those lines
        from that sentence's first word (the mark's anchor is the word after it)."""
        line, lines = move
        code = next((b for b in reversed(self.beats) if b.kind is BeatKind.CODE), None)
        moved = moved_highlight(self.path, line, code, lines)
        sentence = anchor.sentence if anchor.word else max(first, anchor.sentence - 1)
        self.beats.append(replace(moved, anchor=Anchor(sentence), line=line))

    def _callout(self, anchor: Anchor, phrase: str, rest: list[Sentence]) -> None:
        """A call-out for a bold phrase, unless no word of it was left to read."""
        if rest:  # it lasts until the end of its sentence
            ends = Anchor(anchor.sentence)
            self.callouts.append(
                Beat(BeatKind.CALLOUT, anchor, rest[0].line, items=(phrase,), ends=ends)
            )

    def end_groups(self) -> None:
        self.flush()
        self.close_list()
        self.close_quote()

    def close_list(self) -> None:
        self.flush()
        group, self.list = self.list, None
        if group is None:
            return
        ends = [*group.starts[1:], len(self.sentences)]
        items = [
            (self._plain(lines, group.line), Anchor(start))
            for lines, start, end in zip(group.texts, group.starts, ends)
            if start < end
        ]
        items = [(text, anchor) for text, anchor in items if text]
        if items:
            self.beats.append(
                Beat(
                    BeatKind.LIST,
                    items[0][1],
                    group.line,
                    items=tuple(text for text, _ in items),
                    item_anchors=tuple(anchor for _, anchor in items),
                    numbered=group.numbered,
                )
            )

    def close_quote(self) -> None:
        self.flush()
        group, self.quote = self.quote, None
        if group is None or len(self.sentences) == group.first:
            return
        held = group.attribution
        self.beats.append(
            Beat(
                BeatKind.QUOTE,
                Anchor(group.first),
                group.line,
                items=tuple(t for t in (self._plain(p, group.line) for p in group.texts) if t),
                attribution=self._plain([held[1].lstrip("—-")], held[0]) if held else "",
                ends=Anchor(len(self.sentences) - 1),
            )
        )

    def _plain(self, lines: list[str], line: int) -> str:
        """Lines as shown on a card: markup, pictures and pause markers taken out."""
        text = hide_pauses(self.path, line, " ".join(MARKS.sub("", t) for t in lines))
        return plain_words(HIDDEN_PAUSE.sub(" ", text))
