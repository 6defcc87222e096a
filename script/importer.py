"""Import raw transcripts (.txt, .srt, .vtt, bulleted) into Scripts grouped for narration, and
write a Script back as editable Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ScriptError
from .markdown import paragraph_sentences
from .model import Script, Segment, Sentence
from .plaintext import is_leftover, looks_like_title, propose_title, unbullet
from .text import Paragraph, paragraphs, script_text, short_title, title_from_name

WORDS_PER_SECOND = 2.75
"""Narration pace of the bundled voice (about 165 words a minute), for estimates without a voice."""
SHORTEST, LONGEST = 20 * WORDS_PER_SECOND, 60 * WORDS_PER_SECOND
"""Segment length in words: roughly 20 to 60 seconds of speech."""

_TIMING = re.compile(r"^\s*(\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}")
_STAMP = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")
_TAGS = re.compile(r"<[^>]*>|\{\\[^}]*\}")


def import_transcript(path: Path, text: str | None = None) -> Script:
    """A raw transcript as a Script: leftovers dropped (and reported), segments of 20-60 seconds."""
    path = Path(path)
    text = script_text(path, text)
    suffix = path.suffix.lower()
    warnings: list[str] = []
    title, title_line = title_from_name(path), 1
    if suffix in (".srt", ".vtt"):
        found = _cue_paragraphs(path, text)
    else:
        found = paragraphs(unbullet(text.split("\n")))
        if found and looks_like_title(found[0].text) and len(found) > 1:
            title, title_line = found[0].text.strip(), found[0].line
            found = found[1:]
    kept = []
    for paragraph in found:
        if is_leftover(paragraph.text):
            warnings.append(
                f"{path}:{paragraph.line}: dropped web-page leftover {short_title(paragraph.text, 40)!r}"
            )
        else:
            kept.append(paragraph)
    groups = group_paragraphs([(p, paragraph_sentences(p.text, p.line, path)) for p in kept])
    segments = [Segment(title, (), title_line, None)]
    for number, sentences in enumerate(groups, 1):
        segments.append(
            Segment(propose_title(sentences[0].text), tuple(sentences), sentences[0].line, number)
        )
    if len(segments) == 1:
        raise ScriptError(
            path,
            None,
            "the transcript has no narration",
            "add text to narrate (paragraphs separated by blank lines, or subtitle cues)",
        )
    return Script(path, title, tuple(segments), warnings=tuple(warnings))


def group_paragraphs(found: list[tuple[Paragraph, list[Sentence]]]) -> list[list[Sentence]]:
    """Sentences grouped into segments of roughly 20 to 60 seconds, keeping paragraphs whole where possible."""
    groups: list[list[Sentence]] = []
    current: list[Sentence] = []

    def words(sentences: list[Sentence]) -> int:
        return sum(len(s.text.split()) for s in sentences)

    for _, sentences in found:
        if not sentences:
            continue
        if words(sentences) > LONGEST:
            # A paragraph too long for one segment is cut at sentence boundaries.
            if current:
                groups.append(current)
                current = []
            for sentence in sentences:
                if current and words(current) + len(sentence.text.split()) > LONGEST * 0.75:
                    groups.append(current)
                    current = []
                current.append(sentence)
            continue
        if current and words(current) + words(sentences) > LONGEST and words(current) >= SHORTEST:
            groups.append(current)
            current = []
        current.extend(sentences)
    if current:
        if (
            groups
            and words(current) < SHORTEST / 2
            and words(groups[-1]) + words(current) <= LONGEST * 1.25
        ):
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def _cue_paragraphs(path: Path, text: str) -> list[Paragraph]:
    """Subtitle cues as paragraphs of text: numbers, timings, tags and notes removed; cues joined
    into one paragraph until a pause of two seconds or a new speaker."""
    found: list[Paragraph] = []
    words: list[str] = []
    start_line = 1
    last_end: float | None = None
    speaker: str | None = None
    skipping = False
    lines = text.split("\n")
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
            stamps = _STAMP.findall(line)
            begin, end = (_seconds(s) for s in stamps[:2])
            if words and last_end is not None and begin - last_end >= 2.0:
                found.append(Paragraph(" ".join(words), start_line))
                words = []
            last_end = end
            continue
        if (
            line.isdigit()
            and number < len(lines)
            and _TIMING.match(lines[number].strip() if number < len(lines) else "")
        ):
            continue  # SRT cue number
        if number < len(lines) and _TIMING.match(lines[number].strip()):
            continue  # VTT cue identifier
        voice = re.match(r"<v(?:\.[\w.]+)?\s+([^>]+)>", line)
        if voice and voice[1] != speaker:
            if words and speaker is not None:
                found.append(Paragraph(" ".join(words), start_line))
                words = []
            speaker = voice[1]
        cleaned = re.sub(r"\s+", " ", _TAGS.sub("", line)).strip()
        cleaned = re.sub(r"^-\s+", "", cleaned)  # dialogue dash
        if cleaned:
            if not words:
                start_line = number
            words.append(cleaned)
    if words:
        found.append(Paragraph(" ".join(words), start_line))
    return found


def _seconds(stamp: tuple[str, str, str, str]) -> float:
    hours, minutes, seconds, millis = stamp
    return (
        int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis.ljust(3, "0")) / 1000
    )


def to_markdown(script: Script, source: str = "") -> str:
    """The Script as an editable Markdown script that parses back to the same segments."""
    lines = ["---", f"title: {_quoted(script.title)}", "---", ""]
    if source:
        lines += [
            f"<!-- Imported from {source} by scriptreel init. Edit the titles and the text, then render. -->",
            "",
        ]
    lines += [f"# {_escape_inline(script.title)}", ""]
    for segment in script.segments:
        if segment.number is None:
            if segment.sentences:
                lines += [_paragraph(segment.sentences), ""]
            continue
        lines += [f"## {_escape_inline(segment.title)}", ""]
        paragraph: list[Sentence] = []
        for sentence in segment.sentences:
            if paragraph and sentence.line != paragraph[-1].line:
                lines += [_paragraph(paragraph), ""]
                paragraph = []
            paragraph.append(sentence)
        if paragraph:
            lines += [_paragraph(paragraph), ""]
    return "\n".join(lines).rstrip() + "\n"


def _paragraph(sentences: list[Sentence]) -> str:
    parts = []
    for sentence in sentences:
        parts.append(_escape_inline(sentence.text))
        if sentence.pause_after:
            parts.append(f"[pause {sentence.pause_after:g}s]")
    return " ".join(parts)


def _escape_inline(text: str) -> str:
    """Text that Markdown would otherwise read as markup, escaped."""
    text = re.sub(r"([\\`*_\[\]<>{}])", r"\\\1", text)
    text = text.replace("<!--", "<\\!--")
    return re.sub(r"^([#>+-]|\d+[.)])", r"\\\1", text)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'
