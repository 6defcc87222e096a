"""Parse a raw transcript (.txt): a short first line is the title, segments follow its topics."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from scriptreel.script.callouts import with_auto_callouts
from scriptreel.script.cast import is_name
from scriptreel.script.errors import ScriptError, ScriptWarning, WarningKind
from scriptreel.script.limits import check_limits
from scriptreel.script.model import Script, Segment, Sentence
from scriptreel.script.sentences import paragraph_sentences
from scriptreel.script.terms import is_sign_off
from scriptreel.script.text import Paragraph, paragraphs, script_text, short_title, title_from_name
from scriptreel.script.titles import segment_titles
from scriptreel.script.topics import topic_segments

# Text that web pages put under an article and copy-paste carries along; never narration.
WEB_LEFTOVERS = re.compile(
    r"^(be the first to comment|leave a (reply|comment)|your email address will not be published"
    r"|required fields are marked|this site is protected by recaptcha|this site uses akismet"
    r"|post comment|share this( article)?|related (posts|articles)|click here to subscribe"
    r"|cancel reply|you may also like)",
    re.I,
)
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|but|so|yet|well|now|or|however|in fact|also)\b[,]?\s+)+", re.I
)
# "Interviewer: ..." at a paragraph's start; a label used twice or more is a speaker, not text.
SPEAKER = re.compile(r"^([A-Z][\w.'’-]{0,30}(?: [A-Z][\w.'’-]{0,30}){0,2}):\s+")
BULLET = re.compile(r"^\s*(?:[-*+•‣◦▪–]|\d{1,3}[.)])\s+")


def unbullet(lines: list[str]) -> list[str]:
    """Lines with list bullets removed; a bulleted line ends its sentence."""
    out = []
    for line in lines:
        if BULLET.match(line):
            line = BULLET.sub("", line).rstrip()
            if line and not re.search(r"[.!?…:;]$", line):
                line += "."
            line = line[:1].upper() + line[1:]  # each item reads as its own sentence
        out.append(line)
    return out


def is_leftover(text: str) -> bool:
    """True for web-page furniture (comment forms, spam notices) or text without words."""
    return bool(WEB_LEFTOVERS.match(text.strip())) or not re.search(r"\w", text)


def parse_plaintext(path: Path, text: str | None = None, segments: int | None = None) -> Script:
    """Read a plain-text transcript into a Script of segments by topic, each titled by what it is
    about and with call-outs at its key facts; web-page leftovers are dropped with a warning.

    `segments` asks for that many segments instead of 20-60 seconds each."""
    path = Path(path)
    text = script_text(path, text)
    found = paragraphs(unbullet(text.split("\n")))
    title, title_line = title_from_name(path), 1
    if len(found) > 1 and looks_like_title(found[0].text):
        title, title_line = found[0].text.strip(), found[0].line
        found = found[1:]
    return transcript_script(path, title, title_line, without_speakers(found), segments)


def without_speakers(found: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs with speaker labels ("Interviewer:") taken out of the text the narrator reads
    and kept as the paragraph's speaker, and the next ones', until another label."""
    labels = [SPEAKER.match(p.text) for p in found]
    counts = Counter(m[1] for m in labels if m)
    kept, speaker = [], None
    for p, m in zip(found, labels, strict=True):
        if m and counts[m[1]] > 1:
            speaker = m[1] if is_name(m[1]) else None
            p = Paragraph(p.text[m.end() :], p.line)
        kept.append(Paragraph(p.text, p.line, p.speaker or speaker))
    return kept


def transcript_script(
    path: Path,
    title: str,
    title_line: int,
    found: list[Paragraph],
    segments: int | None = None,
    fix: str = "add paragraphs of text separated by blank lines",
) -> Script:
    """Paragraphs of a transcript as a Script: leftovers dropped, sentences grouped by topic into
    titled segments, call-outs found; ScriptError (with `fix`) if nothing is left to narrate."""
    warnings: list[ScriptWarning] = []
    kept = []
    for paragraph in found:
        if is_leftover(paragraph.text):
            warnings.append(leftover_warning(path, paragraph))
            continue
        sentences = paragraph_sentences(paragraph.text, paragraph.line, path)
        sentences = [replace(s, speaker=paragraph.speaker) for s in sentences]
        if sentences:
            kept.append(sentences)
    warnings += _drop_sign_off(path, kept)
    if not kept:
        raise ScriptError(path, None, "the transcript has no narration", fix)
    groups = topic_segments(kept, segments)
    cards: list[Segment] = [Segment(title, (), title_line, None)]
    for number, (group, card) in enumerate(zip(groups, segment_titles(groups), strict=True), 1):
        cards.append(with_auto_callouts(Segment(card, tuple(group), group[0].line, number)))
    return check_limits(Script(path, title, tuple(cards), warnings=tuple(warnings)))


def _drop_sign_off(path: Path, kept: list[list[Sentence]]) -> list[ScriptWarning]:
    """Take the channel's sign-off ("thanks for watching", "like and subscribe") off the end of
    the narration, one warning per sentence dropped."""
    dropped = []
    while kept and kept[-1] and is_sign_off(kept[-1][-1].text):
        sentence = kept[-1].pop()
        if not kept[-1]:
            kept.pop()
        message = f"dropped sign-off {short_title(sentence.text, 40)!r}"
        dropped.append(ScriptWarning(WarningKind.DROPPED, path, sentence.line, message))
    return dropped[::-1]


def leftover_warning(path: Path, paragraph: Paragraph) -> ScriptWarning:
    """The warning for a paragraph of web-page furniture that is left out."""
    return ScriptWarning(
        WarningKind.DROPPED,
        path,
        paragraph.line,
        f"dropped web-page leftover {short_title(paragraph.text, 40)!r}",
    )


def looks_like_title(text: str) -> bool:
    return len(text) <= 100 and len(text.split()) <= 14 and not text.rstrip().endswith((".", ","))


TITLE_WORDS = 6
_TRAILING = frozenset(
    """the a an of and or but to in on at by for with from as is are was were be been has have
    had that this these those its their our your his her""".split()
)


def propose_title(sentence: str) -> str:
    """A short card title (at most six words) from what the segment says first."""
    clauses = [
        c.strip() for c in re.split(r"[,;:—–(]", card_title(sentence).rstrip("…")) if c.strip()
    ]
    # "In 1990, the US imposed sanctions" is about the sanctions, not "In 1990".
    text = next((c for c in clauses if len(c.split()) >= 3), clauses[0] if clauses else "")
    words = [w.strip("\"'“”‘’") for w in text.split()][:TITLE_WORDS]
    while len(words) > 2 and words[-1].lower() in _TRAILING:
        words.pop()
    title = " ".join(w for w in words if w).rstrip(".!?")
    return (title[:1].upper() + title[1:]) if title else "Untitled"


def card_title(sentence: str) -> str:
    sentence = _LEADING_FILLER.sub("", sentence).strip()
    title = short_title(sentence, 44)
    return title[:1].upper() + title[1:]
