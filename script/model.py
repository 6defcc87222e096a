"""The frozen data a parsed script becomes: a Script of Segments of Sentences."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scriptreel.script.beats import Beat
from scriptreel.script.errors import ScriptWarning


@dataclass(frozen=True)
class Sentence:
    """One unit of narration: spoken, captioned and cached on its own."""

    text: str
    """The words as the author wrote them (inline markup removed)."""
    line: int
    """Line of the script file where the sentence starts."""
    pause_after: float = 0.0
    """Extra silence after it, in seconds, from a `[pause 1.5s]` marker."""
    speaker: str | None = None
    """Who says it: a name of the front matter's `cast:` (None: the script's one voice)."""


@dataclass(frozen=True)
class Segment:
    """One title card and the narration spoken over it."""

    title: str
    """Text shown on the card."""
    sentences: tuple[Sentence, ...]
    """Narration, in order; empty for a card shown briefly without speech."""
    line: int
    """Line of the heading (or first paragraph) that starts the segment."""
    number: int | None
    """1-based segment counter shown on the card; None for the opening and closing cards."""
    subtitle: str = ""
    """Smaller text under the title (`{subtitle="..."}` on the heading)."""
    image: Path | None = None
    """Picture behind the card (`{image="map.png"}`, relative to the script)."""
    closing: bool = False
    """True for the closing card made from `outro:` in the front matter."""
    beats: tuple[Beat, ...] = ()
    """What is shown while it is narrated, in order of their anchors (pictures, clips, lists,
    quotes, call-outs); empty for a segment that shows its card throughout."""
    callouts: tuple[Beat, ...] = ()
    """A call-out beat for each `**bold**` phrase, in order, whatever the settings; they are in
    `beats` too only when the front matter sets `callouts: true` (see beats.with_callouts)."""

    @property
    def narration(self) -> str:
        return " ".join(s.text for s in self.sentences)


@dataclass(frozen=True)
class FrontMatter:
    """Settings the author put at the top of a Markdown script."""

    title: str | None = None
    """Overrides the video title."""
    voice: str | None = None
    """Narration engine spec, as for --voice."""
    size: tuple[int, int] | None = None
    """Output width and height in pixels."""
    fps: int | None = None
    """Output frames per second."""
    speed: float | None = None
    """Speaking rate: 1.0 is the voice's own, 1.2 is 20% faster."""
    pause: float | None = None
    """Seconds of silence between sentences."""
    pronounce: tuple[tuple[str, str], ...] = ()
    """Pronunciation lexicon: (word as written, how to say it)."""
    music: Path | None = None
    """Background music file (resolved against the script's folder)."""
    theme: str | None = None
    """Built-in theme name or a theme .toml file (resolved against the script's folder)."""
    subtitle: str | None = None
    """Opening card: a line under the title."""
    author: str | None = None
    """Opening card: who made it."""
    date: str | None = None
    """Opening card: when, as written."""
    outro: str | None = None
    """Text of a closing card shown at the end."""
    captions: str | None = None
    """Captions: `files` (beside the video) or `burn` (also in the picture), as --captions."""
    caption_style: str | None = None
    """Burned-in captions: `lines` or `words` (as --caption-style); `words` burns them unless
    `captions: files` says otherwise."""
    callouts: str | None = None
    """Call-outs: `true` (bold phrases), `auto` (key facts found in the text) or `false`."""
    motion: bool | None = None
    """Slow push-ins on pictures and cross-fades between beats (as --motion)."""
    variants: tuple[dict, ...] = ()
    """Videos to make of this script: mappings of size, theme and voice, as written."""
    export: tuple[str, ...] = ()
    """Editor timelines to write beside the video (as --export), names as written."""
    cast: tuple = ()
    """Speakers (script.cast.Speaker), in the order declared; empty: one voice speaks all."""
    speaker_labels: bool | None = None
    """Show a lower third naming the speaker whenever the speaker changes."""


@dataclass(frozen=True)
class Script:
    """A validated script, ready to render."""

    path: Path
    """The file it was read from."""
    title: str
    """The video title: opening card and card footers."""
    segments: tuple[Segment, ...]
    """Opening card (if any) first, then the numbered segments."""
    settings: FrontMatter = field(default_factory=FrontMatter)
    """Front-matter settings (all None for plain text)."""
    warnings: tuple[ScriptWarning, ...] = ()
    """Things the parser dropped or guessed; str() of each is its `FILE:LINE: message` line."""

    @property
    def numbered(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.number is not None)
