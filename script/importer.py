"""Import raw transcripts (.txt, .srt, .vtt, bulleted) into Scripts grouped for narration, and
write a Script back as editable Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from scriptreel.script.beats import Beat, BeatKind
from scriptreel.script.callouts import callout_span
from scriptreel.script.cast import cast_front_matter, cue_speaker, labelled
from scriptreel.script.model import Script, Sentence
from scriptreel.script.plaintext import parse_plaintext, transcript_script
from scriptreel.script.text import Paragraph, script_text, title_from_name

# Bounded digit runs and classes that exclude their own opener keep these linear on any line.
_STAMP = r"(?:\d{1,4}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"^\s*({_STAMP})\s*-->\s*({_STAMP})")
_STAMP_PARTS = re.compile(r"(?:(\d+):)?(\d+):(\d+)[.,](\d+)")
_TAGS = re.compile(r"<[^<>]*>|\{\\[^{}]*\}")
_EDGE = "\"'“”‘’()[],;:.!?…—–"
_OPEN, _CLOSE = "\ue010", "\ue011"
"""Stand for the `**` around a call-out until the sentence is escaped."""


def import_transcript(path: Path, text: str | None = None, segments: int | None = None) -> Script:
    """A raw transcript (.txt, .srt, .vtt) as a Script: leftovers dropped (and reported),
    segments of 20-60 seconds by topic (or `segments` of them), titled, with call-outs."""
    path = Path(path)
    if path.suffix.lower() not in (".srt", ".vtt"):
        return parse_plaintext(path, text, segments)
    text = script_text(path, text)
    return transcript_script(
        path,
        title_from_name(path),
        1,
        _cue_paragraphs(path, text),
        segments,
        "add text to narrate (paragraphs separated by blank lines, or subtitle cues)",
    )


def _cue_lines(lines: list[str]) -> Iterator[tuple[int, str, tuple[float, float] | None]]:
    """The lines of a subtitle file that carry text or a timing, with their numbers: headers,
    notes, styles, regions, cue numbers and cue identifiers left out."""
    skipping = False
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if number == 1 and line.startswith("WEBVTT"):
            continue
        if not line:
            skipping = False
            continue
        if (
            skipping
            or line.startswith(("NOTE", "STYLE", "REGION"))
            and (number == 1 or not lines[number - 2].strip())
        ):
            skipping = True
            continue
        timing = _TIMING.match(line)
        if timing:
            begin, end = (_seconds(stamp) for stamp in timing.groups())
            yield number, line, (begin, end)
        elif not (number < len(lines) and _TIMING.match(lines[number].strip())):
            yield number, line, None  # (a line before a timing is a cue number or identifier)


def _cue_paragraphs(path: Path, text: str) -> list[Paragraph]:
    """Subtitle cues as paragraphs of text: numbers, timings, tags and notes removed; cues joined
    into one paragraph until a pause of two seconds or a new speaker."""
    found: list[Paragraph] = []
    words: list[str] = []
    start_line = 1
    last_end: float | None = None
    speaker: str | None = None
    for number, line, timing in _cue_lines(text.split("\n")):
        if timing:
            if words and last_end is not None and timing[0] - last_end >= 2.0:
                found.append(Paragraph(" ".join(words), start_line, speaker))
                words = []
            last_end = timing[1]
            continue
        cleaned = re.sub(r"\s+", " ", _TAGS.sub("", line)).strip()
        cleaned = re.sub(r"^-\s+", "", cleaned)  # dialogue dash
        named, cleaned = cue_speaker(line, cleaned)
        if named and named != speaker:
            if words:
                found.append(Paragraph(" ".join(words), start_line, speaker))
                words = []
            speaker = named
        if cleaned:
            if not words:
                start_line = number
            words.append(cleaned)
    if words:
        found.append(Paragraph(" ".join(words), start_line, speaker))
    return found


def _seconds(stamp: str) -> float:
    hours, minutes, seconds, millis = _STAMP_PARTS.fullmatch(stamp).groups()
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000
    )


def to_markdown(script: Script, source: str = "", callouts: bool = False) -> str:
    """The Script as an editable Markdown script that parses back to the same segments; with
    `callouts`, each call-out beat is written as the `**bold**` phrase it shows, and the front
    matter turns bold phrases into call-outs (`callouts: true`), so they can be edited."""
    lines = ["---", _yaml_setting("title", script.title)]
    lines += cast_front_matter(script)
    lines += ["callouts: true", "---", ""] if callouts else ["---", ""]
    if source:
        lines += [
            f"<!-- Imported from {_inside_comment(source)} by scriptreel init. "
            "Edit the titles and the text, then render. -->",
            "",
        ]
    lines += [f"# {_escape_inline(script.title)}", ""]
    said = labelled(script)  # each paragraph's label, where the speaker changes
    for segment in script.segments:
        bold = segment.beats if callouts else ()
        if segment.number is None:
            if segment.sentences:
                lines += [_paragraph(list(enumerate(segment.sentences)), bold, said), ""]
            continue
        lines += [f"## {_escape_inline(segment.title)}", ""]
        paragraph: list[tuple[int, Sentence]] = []
        for index, sentence in enumerate(segment.sentences):
            if paragraph and sentence.line != paragraph[-1][1].line:
                lines += [_paragraph(paragraph, bold, said), ""]
                paragraph = []
            paragraph.append((index, sentence))
        if paragraph:
            lines += [_paragraph(paragraph, bold, said), ""]
    return "\n".join(lines).rstrip() + "\n"


def _paragraph(
    sentences: list[tuple[int, Sentence]], beats: tuple[Beat, ...] = (), said: dict | None = None
) -> str:
    label = (said or {}).get(id(sentences[0][1]))
    parts = [f"{label}:"] if label else []
    for index, sentence in sentences:
        shown = [b for b in beats if b.kind is BeatKind.CALLOUT and b.anchor.sentence == index]
        parts.append(_with_bold(sentence.text, shown))
        if sentence.pause_after:
            parts.append(f"[pause {sentence.pause_after:g}s]")
    return " ".join(parts)


def _with_bold(text: str, beats: list[Beat]) -> str:
    """The sentence escaped for Markdown, each call-out's words in `**bold**` (punctuation at
    either end of them left outside, as the call-out shows them without it)."""
    words = text.split()
    for beat in beats:
        start, end = callout_span(text, beat)
        if end <= start:
            continue
        first, last = words[start], words[end - 1]
        lead = len(first) - len(first.lstrip(_EDGE))
        words[start] = first[:lead] + _OPEN + first[lead:]
        last = words[end - 1]
        trail = len(last.rstrip(_EDGE))
        words[end - 1] = last[:trail] + _CLOSE + last[trail:]
    escaped = _escape_inline(" ".join(words))
    return escaped.replace(_OPEN, "**").replace(_CLOSE, "**")


def _escape_inline(text: str) -> str:
    """Text that Markdown would otherwise read as markup, escaped."""
    text = re.sub(r"([\\`*_\[\]<>{}])", r"\\\1", text)
    text = text.replace("<!--", "<\\!--")
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # "1." is a list item: "1\." is not
    return re.sub(r"^([#>+-])", r"\\\1", text)


def _yaml_setting(key: str, value: str) -> str:
    """`key: value` as one line of YAML that reads back as exactly the value."""
    return yaml.safe_dump({key: value}, allow_unicode=True, width=float("inf")).rstrip("\n")


def _inside_comment(text: str) -> str:
    """Text safe to write inside an HTML comment: no `--`, so no `-->` ends it early and no
    `<!--` opens another."""
    return re.sub(r"-(?=-)", "- ", text.replace("\n", " "))
