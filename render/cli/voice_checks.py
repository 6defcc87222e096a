"""`scriptreel check` on a cast: voices that are missing or shared, speakers who never speak,
and caption colours too close to the caption box to read."""

from __future__ import annotations

from scriptreel.media.errors import MediaError
from scriptreel.media.speaker_caption import rgb
from scriptreel.media.themes import DEFAULT_THEME, Theme
from scriptreel.media.voice import ENGINES, split_spec
from scriptreel.render.cast_voices import VoiceBook
from scriptreel.render.cli.checks import Finding, Severity
from scriptreel.render.errors import ScriptreelError
from scriptreel.render.settings import voice_spec
from scriptreel.render.voice_files import find_voice
from scriptreel.script import Script, WarningKind
from scriptreel.script.cast import PALETTE, Speaker
from scriptreel.script.front_matter import setting_line

MIN_CONTRAST = 3.0
"""Least contrast ratio (WCAG) between a caption colour and the box behind it: the level for
large text, which captions are."""
BOX = (0, 0, 0, 190)
"""The line captions' box (media/card.py's caption_overlay): black, mostly opaque."""


def cast_findings(script: Script, theme: Theme = DEFAULT_THEME) -> list[Finding]:
    """Every finding about the script's voice and its cast, in the order of the script."""
    book = VoiceBook(near=script.path.parent)
    written = voice_spec(None, script)
    found = _script_voice(script, book, written)
    if not script.settings.cast:
        return found
    spoken = {s.speaker for segment in script.segments for s in segment.sentences}
    heard: dict[tuple[str, int | None], Speaker] = {}
    broken = bool(found)  # the script's own voice: reported once, at its line
    for speaker in script.settings.cast:
        at = (script.path, speaker.line)
        if speaker.voice or not broken:
            found += _voice_findings(book, speaker, speaker.voice or written, heard, at)
        if speaker.name not in spoken:
            what = f"{speaker.name} is in the cast but never speaks"
            fix = f"start a paragraph with '{speaker.name}:', or take them out of the cast"
            found.append(Finding(Severity.WARNING, WarningKind.OTHER, *at, what, fix))
        found += _colour_findings(script, speaker, theme)
    return found


def _voice_findings(book: VoiceBook, speaker: Speaker, spec: str, heard: dict, at) -> list:
    """A speaker's voice that cannot speak, or that an earlier speaker in `heard` has already."""
    problem = _unusable(book, spec, speaker.speed or 1.0)
    if problem is not None:
        what, fix = problem
        return [
            Finding(Severity.ERROR, WarningKind.OTHER, *at, f"{speaker.name}'s voice: {what}", fix)
        ]
    same = heard.setdefault(_heard_as(book, spec), speaker)
    if same is speaker:
        return []
    what = f"{same.name} and {speaker.name} both use {spec}: they will sound the same"
    fix = f"give {speaker.name} a voice of their own ('scriptreel voices' lists them)"
    return [Finding(Severity.WARNING, WarningKind.OTHER, *at, what, fix)]


def _script_voice(script: Script, book: VoiceBook, spec: str) -> list[Finding]:
    """The voice the front matter names, checked as a render would load it."""
    if not script.settings.voice:
        return []
    problem = _unusable(book, spec, 1.0)
    if problem is None:
        return []
    line = setting_line(script.path, "voice")
    return [Finding(Severity.ERROR, WarningKind.OTHER, script.path, line, *problem)]


def _unusable(book: VoiceBook, spec: str, speed: float) -> tuple[str, str] | None:
    """Why a voice cannot speak (problem, fix), found by loading it as the render would; an
    engine that would ask the network which way to go (`auto`) is only looked up."""
    engine = ENGINES.get(split_spec(spec)[0].partition(":")[0].lower())
    try:
        if engine is not None and engine.offline is None:
            find_voice(spec, book.near)
            return None
        book.speaking(spec, speed)
    except (MediaError, ScriptreelError) as exc:
        return exc.problem, exc.fix
    return None


def _heard_as(book: VoiceBook, spec: str) -> tuple[str, int | None]:
    """What makes two speakers sound alike: the voice's file or spec, and the speaker id."""
    return split_spec(find_voice(spec, book.near))


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black and white)."""

    def luminance(color: tuple[int, int, int]) -> float:
        linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in color]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def caption_box(theme: Theme) -> tuple[int, int, int]:
    """The caption box as seen over the lighter end of the theme's background."""
    under = max(theme.background_top, theme.background_bottom, key=sum)
    alpha = BOX[3] / 255
    return tuple(round(c * (1 - alpha) + b * alpha) for c, b in zip(under, BOX))  # type: ignore[return-value]


def _colour_findings(script: Script, speaker: Speaker, theme: Theme) -> list[Finding]:
    box = caption_box(theme)
    ratio = contrast(rgb(speaker.color), box)
    if ratio >= MIN_CONTRAST:
        return []
    what = (
        f"{speaker.name}'s colour {speaker.color} is hard to read on the caption box"
        f" (contrast {ratio:.1f}:1, {MIN_CONTRAST:.0f}:1 needed)"
    )
    readable = [c for c in PALETTE if contrast(rgb(c), box) >= MIN_CONTRAST]
    fix = "pick a lighter colour" + (f', e.g. "{readable[0]}"' if readable else "")
    return [Finding(Severity.WARNING, WarningKind.OTHER, script.path, speaker.line, what, fix)]
