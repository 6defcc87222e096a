"""Render settings and how they are resolved: command line, then front matter, then defaults."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.themes import Theme, load_theme
from scriptreel.media.voice import Voice, load_voice
from scriptreel.media.word_captions import CaptionStyle
from scriptreel.render.encode.assemble import Encoder
from scriptreel.render.errors import UsageError
from scriptreel.render.timeline import BREATH
from scriptreel.render.voice_files import find_voice
from scriptreel.script import Script, ScriptError
from scriptreel.script.front_matter import setting_line

DEFAULT_SIZE = (1920, 1080)
DEFAULT_FPS = 30
DEFAULT_VOICE = "piper"
SENTENCE_PAUSE = 0.15
"""Seconds of silence added between sentences, unless the script or --pause says otherwise."""
DRAFT_WIDTH, DRAFT_FPS = 640, 12
DRAFT_ENCODER = Encoder(preset="ultrafast", crf=30, audio_quality="1")


@dataclass(frozen=True)
class RenderSettings:
    """How to render; None means: take it from the script's front matter, else the default."""

    size: tuple[int, int] | None = None
    """Output width and height (default 1920x1080)."""
    fps: int | None = None
    """Frames per second (default 30)."""
    voice: str | Voice | None = None
    """Voice spec such as `piper` or `gtts:fr` (default piper), or a loaded Voice object."""
    cast_voices: tuple[tuple[str, str], ...] = ()
    """(speaker, voice spec) from `--voice NAME=SPEC`: one speaker of the cast's voice."""
    speed: float | None = None
    """Speaking rate factor (default 1.0)."""
    pause: float | None = None
    """Seconds between sentences (default 0.15)."""
    burn_captions: bool | None = None
    """Also draw the captions into the picture; None: as the script says (`captions: burn`, or
    `caption_style: words`), else not."""
    jobs: int | None = None
    """Cores to use (default: all); card encoding gets all but one while the voice speaks."""
    use_cache: bool = True
    """False renders from scratch in a throw-away cache."""
    breath: float = BREATH
    """Seconds of silence at the end of each segment."""
    theme: Theme | str | None = None
    """A Theme, a built-in theme name or a .toml theme file (default: the script's, else
    midnight)."""
    fonts: tuple[Path, ...] = ()
    """Extra fonts tried for characters the theme's fonts lack."""
    motion: bool = False
    """Fade through black between segments and slowly zoom pictures (slower to render)."""
    draft: bool = False
    """Quick check of timing: small frame, low frame rate, fastest encoder settings."""
    encoder: Encoder = field(default_factory=Encoder)
    """Video and audio encoder settings."""
    caption_style: CaptionStyle | None = None
    """Burned-in captions as cues of lines (default), or a few words at a time with the spoken
    one lit."""
    karaoke: bool = False
    """Write each word's start into the .vtt as WebVTT timestamp tags (karaoke style)."""
    callouts: str | None = None
    """`on`: bold phrases become call-outs; `auto`: key facts found in the text; `off`: none;
    None: as the script says (on for plain text and subtitles, the front matter's for Markdown)."""
    export: tuple[str, ...] = ()
    """Editor timelines to write beside the video (render/editors); empty: as the script says."""
    export_markers: str | None = None
    """The timelines' markers: `chapters` (None: the default) or `words` (chapters and words)."""
    allow_outside: bool = False
    """Let the script name files outside its folder (--allow-outside)."""


@dataclass(frozen=True)
class Choices:
    """Settings resolved from the command line, the front matter and the defaults."""

    size: tuple[int, int]
    """Frame width and height."""
    fps: int
    """Frames per second."""
    speed: float
    """Speaking rate factor."""
    pause: float
    """Seconds between sentences."""
    lexicon: dict[str, str]
    """Pronunciations: word as written -> how to say it."""
    music: Path | None
    """Background music file, if any."""
    encoder: Encoder
    """Encoder settings (the draft ones for a draft)."""
    caption_style: CaptionStyle
    """How burned-in captions look."""
    burn_captions: bool = False
    """Whether the captions are drawn into the picture too."""


def first_set(*values):
    """The first value that is not None (0 and empty strings count as set)."""
    return next((value for value in values if value is not None), None)


def chosen_size(given: tuple[int, int] | None, script: Script) -> tuple[int, int]:
    """The frame size: the command line's, else the front matter's, else the default."""
    return given or script.settings.size or DEFAULT_SIZE


def voice_spec(given: str | None, script: Script) -> str:
    """The voice spec: the command line's, else the front matter's, else the default."""
    return given or script.settings.voice or DEFAULT_VOICE


def chosen_speed(given: float | None, script: Script) -> float:
    """The speaking speed: the command line's, else the front matter's, else 1."""
    return given or script.settings.speed or 1.0


def resolve_choices(settings: RenderSettings, script: Script) -> Choices:
    front = script.settings
    size = chosen_size(settings.size, script)
    fps = settings.fps or front.fps or DEFAULT_FPS
    encoder = settings.encoder
    if settings.draft:
        # About 640 pixels wide at 12 fps, keeping the shape (even sides for yuv420p).
        scale = min(1.0, DRAFT_WIDTH / size[0])
        size = (max(64, round(size[0] * scale / 2) * 2), max(64, round(size[1] * scale / 2) * 2))
        fps = min(fps, DRAFT_FPS)
        encoder = DRAFT_ENCODER
    return Choices(
        size=size,
        fps=fps,
        speed=chosen_speed(settings.speed, script),
        pause=first_set(settings.pause, front.pause, SENTENCE_PAUSE),
        lexicon=dict(front.pronounce),
        music=front.music,
        encoder=encoder,
        caption_style=_caption_style(settings, script),
        burn_captions=_burn_captions(settings, script),
    )


def _caption_style(settings: RenderSettings, script: Script) -> CaptionStyle:
    front = script.settings.caption_style
    return first_set(settings.caption_style, front and CaptionStyle(front), CaptionStyle.LINES)


def _burn_captions(settings: RenderSettings, script: Script) -> bool:
    """Burned captions as asked; word-by-word captions only exist burned, so asking for them
    burns captions unless `captions: files` (or --captions files) says otherwise."""
    front = script.settings.captions
    words = _caption_style(settings, script) is CaptionStyle.WORDS or None
    return first_set(settings.burn_captions, front and front == "burn", words, False)


def caption_problem(settings: RenderSettings, script: Script) -> str | None:
    """A warning when word-by-word captions are asked for and burning them is turned off."""
    if _caption_style(settings, script) is not CaptionStyle.WORDS:
        return None
    if _burn_captions(settings, script):
        return None
    where = "--captions files" if settings.burn_captions is False else "captions: files"
    return (
        f"{script.path}: caption_style words draws nothing with {where} — "
        "burn the captions (captions: burn) or drop the caption style"
    )


CALLOUT_MODES = {"on": "on", "true": "on", "auto": "auto", "off": "off", "false": "off"}


def with_callouts(settings: RenderSettings, script: Script) -> Script:
    """The script with its call-out beats as the command line or the front matter ask."""
    from scriptreel.script.beats import is_callout
    from scriptreel.script.beats import with_callouts as bold_callouts
    from scriptreel.script.callouts import with_auto_callouts

    mode = CALLOUT_MODES.get(settings.callouts or script.settings.callouts or "")
    if mode is None:
        return script
    segments = []
    for segment in script.segments:
        if mode == "off":
            kept = tuple(b for b in segment.beats if not is_callout(b))
            segments.append(replace(segment, beats=kept))
        elif mode == "on" and segment.callouts:
            # Its bold phrases are its call-outs, in place of any found automatically.
            placed = tuple(b for b in segment.beats if not is_callout(b) or b in segment.callouts)
            segments.append(replace(segment, beats=bold_callouts(replace(segment, beats=placed))))
        elif mode == "on":
            segments.append(segment)
        else:
            segments.append(with_auto_callouts(segment))
    return replace(script, segments=tuple(segments))


def resolve_theme(settings: RenderSettings, script: Script) -> Theme:
    """The settings' Theme object, or the named/file theme (a file named on the command line is
    found from the working folder, one named in the script from the script's folder)."""
    if isinstance(settings.theme, Theme):
        if settings.fonts:
            return replace(
                settings.theme, extra_fonts=tuple(settings.fonts) + settings.theme.extra_fonts
            )
        return settings.theme
    base = script.path.parent if not settings.theme else Path.cwd()
    # A theme file the script names (itself, or in a variant) may only draw with files from the
    # script's folder; one named on the command line is the user's own.
    named = {str(variant.get("theme")) for variant in script.settings.variants}
    from_script = not settings.theme or str(settings.theme) in named
    inside = script.path.parent if from_script and not settings.allow_outside else None
    spec = settings.theme or script.settings.theme
    try:
        return load_theme(spec, base, tuple(settings.fonts), inside)
    except ScriptError as exc:
        if settings.theme and exc.problem.startswith("unknown theme"):
            # Named on the command line: say so, as every other option's error does.
            raise UsageError("--theme", exc.problem, exc.fix) from None
        if exc.problem == f"unknown theme {spec!r}":
            # Named in the script: point at its `theme:` line.
            line = setting_line(script.path, "theme")
            raise ScriptError(script.path, line, exc.problem, exc.fix) from None
        raise


def resolve_voice(
    settings: RenderSettings, script: Script, speed: float, warn
) -> tuple[Voice, str]:
    """The loaded voice and the spec it was named by."""
    if settings.voice is not None and not isinstance(settings.voice, str):
        return settings.voice, settings.voice.name
    spec = voice_spec(settings.voice, script)
    try:
        found = find_voice(spec, script.path.parent)
        return load_voice(found, speed, on_warning=warn, near=script.path.parent), spec
    except VoiceSpecError as exc:
        if settings.voice is None and script.settings.voice:
            # Named in the script: point at its `voice:` line.
            line = setting_line(script.path, "voice")
            raise ScriptError(script.path, line, exc.problem, exc.fix) from None
        raise
