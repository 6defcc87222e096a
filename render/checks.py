"""`scriptreel check`: what would go wrong or look wrong, found without rendering."""

from __future__ import annotations

from dataclasses import dataclass

from media.card import CardText, layout_card
from media.fonts import chain, is_emoji, uncovered
from media.themes import DEFAULT_THEME, Theme
from script import WORDS_PER_SECOND, Script

LONG_SEGMENT = 180.0
"""Seconds of estimated speech above which a segment is flagged as long for one card."""


@dataclass(frozen=True)
class Finding:
    """One problem, at a place in the script."""

    severity: str
    """'error' (the render would fail) or 'warning' (it would render, but look or sound off)."""
    where: str
    """FILE:LINE."""
    message: str
    line: int | None = None

    def text(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"


def check_script(
    script: Script, size: tuple[int, int], theme: Theme = DEFAULT_THEME
) -> list[Finding]:
    findings: list[Finding] = []
    fonts = chain(theme.title_font, theme.extra_fonts) + chain(theme.text_font, theme.extra_fonts)
    total = len(script.numbered)
    for warning in script.warnings:
        where, _, message = warning.rpartition(": ")
        findings.append(Finding("warning", where, message))
    for segment in script.segments:
        where = f"{script.path}:{segment.line}"
        card = CardText(
            segment.title,
            segment.number,
            total,
            script.title if segment.number else "",
            segment.subtitle,
        )
        layout = layout_card(card, size, theme)
        if layout.truncated:
            findings.append(
                Finding(
                    "warning",
                    where,
                    f"title too long for a {size[0]}x{size[1]} card; it will be cut with an ellipsis — shorten it",
                    segment.line,
                )
            )
        if layout.dropped:
            findings.append(
                Finding(
                    "warning",
                    where,
                    f"no colour emoji font is installed: {' '.join(dict.fromkeys(layout.dropped))} left out — install one (e.g. Noto Color Emoji) or remove them",
                    segment.line,
                )
            )
        missing = [
            c
            for c in uncovered(
                segment.title + segment.subtitle + (script.title if segment.number else ""), fonts
            )
            if not is_emoji(c)
        ]
        if missing:
            findings.append(
                Finding(
                    "error",
                    where,
                    f"no font can draw {' '.join(missing)} (U+{ord(missing[0]):04X}) — add a font that has them with --font FILE or the theme's [fonts] fallback, or remove them",
                    segment.line,
                )
            )
        if segment.number is not None and not segment.sentences:
            findings.append(
                Finding(
                    "warning",
                    where,
                    "segment has no narration; its card is shown for two seconds — add text or remove the heading",
                )
            )
        seconds = sum(len(s.text.split()) for s in segment.sentences) / WORDS_PER_SECOND
        if seconds > LONG_SEGMENT:
            findings.append(
                Finding(
                    "warning",
                    where,
                    f"segment is about {seconds / 60:.1f} minutes of speech on one card — split it with '##' headings",
                )
            )
    return findings


def card_problems(script: Script, size: tuple[int, int], theme: Theme = DEFAULT_THEME) -> list[str]:
    """Stop before rendering on an error the check finds (never draw empty boxes); return its card
    warnings (cut titles, left-out emoji) as `FILE:LINE: message` lines."""
    from script import ScriptError

    findings = check_script(script, size, theme)
    for finding in findings:
        if finding.severity == "error":
            problem, _, fix = finding.message.partition(" — ")
            raise ScriptError(script.path, finding.line, problem, fix)
    return [
        f"{f.where}: {f.message}"
        for f in findings
        if "title too long" in f.message or "emoji" in f.message
    ]


def estimated_seconds(script: Script) -> float:
    return (
        sum(len(s.text.split()) for seg in script.segments for s in seg.sentences)
        / WORDS_PER_SECOND
    )
