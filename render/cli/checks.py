"""`scriptreel check`: what would go wrong or look wrong, found without rendering."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from scriptreel.media.card import CardText, layout_card
from scriptreel.media.errors import MediaInputError
from scriptreel.media.fonts import chain, check_font, is_emoji, uncovered
from scriptreel.media.pictures import check_picture, soft_warning
from scriptreel.media.themes import DEFAULT_THEME, Theme
from scriptreel.render.beat_kinds import spec_of
from scriptreel.render.store.cache import Kind
from scriptreel.render.store.keys import entry_key, portable
from scriptreel.script import Script, ScriptError, Segment, WarningKind
from scriptreel.script.beats import Beat
from scriptreel.script.timing import sentence_seconds

LONG_SEGMENT = 180.0
"""Seconds of estimated speech above which a segment is flagged as long for one card."""


class Severity(Enum):
    ERROR = "error"
    """The render would fail."""
    WARNING = "warning"
    """It would render, but look or sound off."""
    NOTE = "note"
    """What the render will do (each beat, for example): nothing wrong."""


@dataclass(frozen=True)
class Finding:
    """One problem, at a place in the script."""

    severity: Severity
    kind: WarningKind
    """What it is about, so callers can pick findings without reading their text."""
    path: Path
    line: int | None
    problem: str
    fix: str = ""

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    @property
    def message(self) -> str:
        return f"{self.problem} — {self.fix}" if self.fix else self.problem

    def text(self) -> str:
        return f"{self.severity.value}: {self.where}: {self.message}"


def check_script(
    script: Script, size: tuple[int, int], theme: Theme = DEFAULT_THEME, cache=None
) -> list[Finding]:
    """Every finding on the script, in its order; `cache` (a render's) keeps what laying each
    card out found, so unchanged cards are not laid out again."""
    findings: list[Finding] = []
    for warning in script.warnings:
        findings.append(
            Finding(Severity.WARNING, warning.kind, warning.path, warning.line, warning.message)
        )
    soft: set[Path] = set()
    for segment in script.segments:
        findings += _picture_findings(script, segment)
        for beat in segment.beats:
            findings += _beat_findings(script, segment, beat, size, soft)
        findings += _card_findings(script, segment, size, theme, cache)
        findings += _narration_findings(script, segment)
    # in the order of the script, so they read down the file (a stable sort: per line as found)
    return sorted(findings, key=lambda finding: (finding.path != script.path, finding.line or 0))


def theme_findings(script: Script) -> tuple[Theme, list[Finding]]:
    """The theme the script names, loaded as a render would, or the default theme and the
    error that render would stop on (an unknown name, a theme file that does not load)."""
    from scriptreel.render.settings import RenderSettings, resolve_theme

    try:
        return resolve_theme(RenderSettings(), script), []
    except ScriptError as exc:
        found = Finding(Severity.ERROR, WarningKind.OTHER, exc.path, exc.line, exc.problem, exc.fix)
        return DEFAULT_THEME, [found]


def _picture_findings(script: Script, segment: Segment) -> list[Finding]:
    """A picture that cannot be used is an error found now, not after narrating."""
    if segment.image is None:
        return []
    try:
        check_picture(segment.image, f"{script.path}:{segment.line}")
    except MediaInputError as exc:
        return [
            Finding(
                Severity.ERROR, WarningKind.OTHER, script.path, segment.line, exc.problem, exc.fix
            )
        ]
    return []


def _beat_findings(
    script: Script, segment: Segment, beat: Beat, frame: tuple[int, int], soft: set[Path]
) -> list[Finding]:
    """One line per beat: what it shows and from which sentence, or why it cannot be shown; and
    a warning the first time a picture or clip is shown enlarged enough to look soft."""
    where = f"{script.path}:{beat.line}"
    start = f"from sentence {beat.anchor.sentence + 1} of segment {segment.title!r}"
    try:
        what, source = spec_of(beat).describe(beat, where)
    except MediaInputError as exc:
        return [
            Finding(Severity.ERROR, WarningKind.OTHER, script.path, beat.line, exc.problem, exc.fix)
        ]
    if beat.path is not None:  # the file as the author wrote it, not only its name
        what = what.replace(f" {beat.path.name}", f" {_as_written(beat.path, script.path)}", 1)
    found = [Finding(Severity.NOTE, WarningKind.OTHER, script.path, beat.line, f"{what} {start}")]
    blurry = (
        source
        and beat.path not in soft
        and soft_warning(_as_written(beat.path, script.path), source, frame, beat.fit)
    )
    if blurry:
        soft.add(beat.path)
        fix = "use one made at the size of the video or larger"
        found.append(
            Finding(Severity.WARNING, WarningKind.SOFT, script.path, beat.line, blurry, fix)
        )
    return found


def _as_written(path: Path, script: Path) -> str:
    """A beat's file relative to the script's folder (where the script names it from)."""
    try:
        return path.relative_to(script.parent.resolve()).as_posix()
    except ValueError:
        try:
            return path.relative_to(script.parent).as_posix()
        except ValueError:
            return str(path)


def _fitted(card: CardText, size: tuple[int, int], theme: Theme, cache) -> tuple[bool, list]:
    """Whether the card's title is cut, and the emoji left out of it. Laying a card out takes
    about 15 ms, so a 30-minute script's cards took 0.5 s of every render: with a cache, each
    card's answer is kept (Kind.CARD, keyed like the card itself) and an edit lays out only the
    cards that changed."""
    if cache is None:
        layout = layout_card(card, size, theme)
        return layout.truncated, list(layout.dropped)
    from PIL import Image, features

    parts = {"fit": portable(asdict(card)), "size": list(size), "theme": portable(asdict(theme))}
    key = entry_key(
        Kind.CARD, **parts, pillow=Image.__version__, freetype=features.version("freetype2")
    )

    def write(temp: Path) -> None:
        layout = layout_card(card, size, theme)
        temp.write_text(json.dumps([layout.truncated, list(layout.dropped)]), encoding="utf-8")

    try:
        found, _ = cache.get_or_make(Kind.CARD.value, key, ".fit", write)
        truncated, dropped = json.loads(found.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # an unusable cache is reported when the render opens it
        return _fitted(card, size, theme, None)
    return truncated, dropped


def _card_findings(
    script: Script, segment: Segment, size: tuple[int, int], theme: Theme, cache=None
) -> list[Finding]:
    found: list[Finding] = []
    footer = script.title if segment.number else ""
    total = len(script.numbered)
    card = CardText(segment.title, segment.number, total, footer, segment.subtitle)
    truncated, dropped = _fitted(card, size, theme, cache)
    at = (script.path, segment.line)
    if truncated:
        problem = f"title too long for a {size[0]}x{size[1]} card; it will be cut with an ellipsis"
        found.append(Finding(Severity.WARNING, WarningKind.TITLE_CUT, *at, problem, "shorten it"))
    if dropped:
        emoji = " ".join(dict.fromkeys(dropped))
        problem = f"no colour emoji font is installed: {emoji} left out"
        fix = "install one (e.g. Noto Color Emoji) or remove them"
        found.append(Finding(Severity.WARNING, WarningKind.EMOJI, *at, problem, fix))
    fonts = chain(theme.title_font, theme.extra_fonts) + chain(theme.text_font, theme.extra_fonts)
    text = segment.title + segment.subtitle + footer
    missing = [c for c in uncovered(text, fonts) if not is_emoji(c)]
    if missing:
        problem = f"no font can draw {' '.join(missing)} (U+{ord(missing[0]):04X})"
        fix = (
            "add a font that has them with --font FILE or the theme's [fonts] fallback,"
            " or remove them"
        )
        found.append(Finding(Severity.ERROR, WarningKind.OTHER, *at, problem, fix))
    return found


def _narration_findings(script: Script, segment: Segment) -> list[Finding]:
    at = (script.path, segment.line)
    if segment.number is not None and not segment.sentences:
        problem = "segment has no narration; its card is shown for two seconds"
        fix = "add text or remove the heading"
        return [Finding(Severity.WARNING, WarningKind.NO_NARRATION, *at, problem, fix)]
    seconds = sum(sentence_seconds(s.text) for s in segment.sentences)
    if seconds > LONG_SEGMENT:
        problem = f"segment is about {seconds / 60:.1f} minutes of speech on one card"
        fix = "split it with '##' headings"
        return [Finding(Severity.WARNING, WarningKind.LONG, *at, problem, fix)]
    return []


def card_problems(
    script: Script,
    size: tuple[int, int],
    theme: Theme = DEFAULT_THEME,
    fonts: tuple[Path, ...] = (),
    cache=None,
) -> list[str]:
    """Stop before rendering on an error the check finds (never draw empty boxes); return its card
    warnings (cut titles, left-out emoji) as `FILE:LINE: message` lines. `fonts` are the extra
    fonts from the command line, checked here when the theme came ready-made (not loaded)."""
    for font in fonts:
        check_font(Path(font), "--font")
    findings = check_script(script, size, theme, cache)
    for finding in findings:
        if finding.severity is Severity.ERROR:
            raise ScriptError(script.path, finding.line, finding.problem, finding.fix)
    card_kinds = (WarningKind.TITLE_CUT, WarningKind.EMOJI, WarningKind.SOFT)
    return [f"{f.where}: {f.message}" for f in findings if f.kind in card_kinds]
