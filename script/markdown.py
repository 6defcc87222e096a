"""Parse a Markdown script: front matter, `# title`, `## segment` headings, narration."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from scriptreel.script.beat_parse import STANDALONE, read_body
from scriptreel.script.beats import with_callouts
from scriptreel.script.callouts import with_auto_callouts
from scriptreel.script.cast import take_labels, with_speakers
from scriptreel.script.code_beats import CODE_LINE, FENCE_CLOSE, FENCE_OPEN
from scriptreel.script.errors import ScriptError, ScriptWarning
from scriptreel.script.front_matter import read_front_matter
from scriptreel.script.headings import heading_attributes, parse_heading
from scriptreel.script.inline import plain_words
from scriptreel.script.limits import check_card_text, check_limits
from scriptreel.script.model import FrontMatter, Script, Segment
from scriptreel.script.text import script_text, title_from_name

_FENCE = re.compile(r"^\s*(```|~~~)")


class _Block:
    """The lines under one `##` heading (or before the first one), gathered while reading."""

    def __init__(self, title: str | None, line: int, attributes: dict):
        self.title, self.line, self.attributes = title, line, attributes
        self.lines: list[str] = []


def parse_markdown(path: Path, text: str | None = None) -> Script:
    """Read a Markdown script into a Script; ScriptError with the line of the first problem."""
    path = Path(path)
    text = script_text(path, text)
    lines = text.split("\n")
    settings, body_start = read_front_matter(path, lines)
    # Comments are author notes in the body; front matter values may contain anything.
    body = _blank_comments(path, "\n".join(lines[body_start:]), body_start).split("\n")
    body, labels = take_labels(path, body, body_start + 1, settings.cast)
    warnings: list[ScriptWarning] = []
    title: str | None = None
    title_line = 1
    blocks = [_Block(None, body_start + 1, {})]
    in_fence = False
    for number, line in enumerate(body, body_start + 1):
        fence = _FENCE.match(line)
        if fence:
            # Handed on marked, for the body reader to make a code beat of (shown, not spoken).
            info = FENCE_OPEN + line[fence.end() :] if not in_fence else FENCE_CLOSE
            in_fence = not in_fence
            blocks[-1].lines.append(info)
            continue
        heading = None if in_fence else parse_heading(line)
        if heading is None:
            blocks[-1].lines.append(CODE_LINE + line if in_fence else line)
            continue
        raw_heading, attributes = heading_attributes(path, number, heading[1])
        level, heading_text = heading[0], plain_words(raw_heading)
        if level == 1:
            _check_title(path, number, heading_text, title, title_line)
            title, title_line = heading_text, number
            blocks[-1].lines.append("")
        elif level == 2:
            if not heading_text:
                raise ScriptError(
                    path,
                    number,
                    "the '##' heading has no text",
                    "write the segment's card title after '## '",
                )
            check_card_text(path, number, heading_text)
            blocks.append(_Block(heading_text, number, attributes))
        else:
            blocks[-1].lines.append(STANDALONE + raw_heading + ".")
    video_title = settings.title or title or title_from_name(path)
    segments = _segments(path, blocks, settings, video_title, title_line if title else None)
    segments = tuple(replace(s, sentences=with_speakers(s.sentences, labels)) for s in segments)
    return check_limits(Script(path, video_title, segments, settings, tuple(warnings)))


def _check_title(
    path: Path, number: int, text: str, earlier: str | None, earlier_line: int
) -> None:
    if earlier is not None:
        raise ScriptError(
            path,
            number,
            "a second '# title' heading",
            f"keep one '# Title' (line {earlier_line}) and use '## Heading' for segments",
        )
    if not text:
        raise ScriptError(
            path, number, "the '#' title heading has no text", "write the video title after '# '"
        )
    check_card_text(path, number, text)


def _segments(
    path: Path,
    blocks: list[_Block],
    settings: FrontMatter,
    video_title: str,
    title_line: int | None,
) -> tuple[Segment, ...]:
    """The opening card (if any), one segment per `##` block, and the closing card (if any)."""
    segments = _opening(path, blocks[0], settings, video_title, title_line)
    for number, block in enumerate(blocks[1:], 1):
        body = read_body(path, block.lines, block.line + 1, settings.pronounce)
        segments.append(
            Segment(
                block.title or "",
                body.sentences,
                block.line,
                number,
                subtitle=block.attributes.get("subtitle", ""),
                image=block.attributes.get("image"),
                beats=body.beats,
                callouts=body.callouts,
            )
        )
    if settings.callouts == "true":  # the front matter asks for them: shown with the other beats
        segments = [replace(s, beats=with_callouts(s)) for s in segments]
    elif settings.callouts != "false":  # a segment with no beats moves with its words
        segments = [with_auto_callouts(s) for s in segments]
    if settings.outro and settings.outro.lower() not in ("false", "no", "off"):
        # `outro: true` asks for a plain end card: the video's title.
        text = video_title if settings.outro.lower() in ("true", "yes", "on") else settings.outro
        segments.append(Segment(text, (), 1, None, closing=True))
    if not any(s.sentences for s in segments):
        raise ScriptError(
            path,
            None,
            "the script has no narration",
            "write paragraphs under '## Heading' lines for the voice to read",
        )
    return tuple(segments)


def _opening(
    path: Path, block: _Block, settings: FrontMatter, video_title: str, title_line: int | None
) -> list[Segment]:
    """The opening card, when there is a title, narration before the first `##` or a byline."""
    intro = read_body(path, block.lines, block.line, settings.pronounce)
    if title_line is None and not (intro.sentences or settings.subtitle or settings.author):
        return []
    opening = Segment(
        video_title,
        intro.sentences,
        title_line or block.line,
        None,
        subtitle=settings.subtitle or "",
        beats=intro.beats,
        callouts=intro.callouts,
    )
    return [opening]


def _blank_comments(path: Path, text: str, offset: int = 0) -> str:
    """HTML comments removed, keeping their line breaks so line numbers stay true."""
    # Scanned with find: `<!--.*?-->` rescans to the end from every unclosed '<!--'.
    out: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            raise ScriptError(
                path,
                offset + text.count("\n", 0, start) + 1,
                "an HTML comment '<!--' is never closed",
                "end the comment with '-->'",
            )
        out += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end + 3
    out.append(text[position:])
    return "".join(out)
