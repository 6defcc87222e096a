"""Each speaker of the cast heard through its voice: one loaded engine per spec, shared."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.speaker_caption import voiced_cues
from scriptreel.media.voice import SpeechSettings, Voice, load_voice, split_spec
from scriptreel.render.errors import UsageError
from scriptreel.render.narration import Speaking
from scriptreel.render.timeline_value import word_caption_cues
from scriptreel.render.voice_files import find_voice
from scriptreel.script import Script, ScriptError, Segment


class VoiceBook:
    """Loaded voices by spec (its `#ID` speaker id left out): two speakers of one model load it
    once, and speak it each with their own per-call settings. A voice named by its file is
    looked for `near` the script (in its folder) first, see voice_files.find_voice."""

    def __init__(self, warn=None, near: Path | None = None) -> None:
        self.warn = warn
        self.near = near or Path.cwd()
        self.loaded: dict[str, Voice] = {}

    def keep(self, spec: str, voice: Voice) -> None:
        """A voice the render already loaded, reused by speakers of the same spec."""
        try:
            self.loaded.setdefault(split_spec(find_voice(spec, self.near))[0], voice)
        except VoiceSpecError:
            pass  # loaded by other means (a Voice object given): nobody else names it

    def speaking(self, spec: str, speed: float) -> Speaking:
        loaded, speaker = split_spec(find_voice(spec, self.near))
        if loaded not in self.loaded:
            self.loaded[loaded] = load_voice(loaded, 1.0, on_warning=self.warn, near=self.near)
        voice = self.loaded[loaded]
        count = getattr(voice, "speakers", None)
        if speaker is not None and isinstance(count, int) and speaker >= count:
            ids = "only #0" if count == 1 else f"#0 to #{count - 1}"
            raise VoiceSpecError(
                f"speaker #{speaker} is not in {loaded}: its model has {count} speaker(s)",
                f"use {ids}, or leave '#{speaker}' out",
            )
        return Speaking(voice, SpeechSettings(speed=speed, speaker=speaker))


def split_overrides(voices: list[str]) -> tuple[list[str], tuple[tuple[str, str], ...]]:
    """`--voice` values apart: voices of videos, and `NAME=SPEC` voices of one speaker each."""
    plain, named = [], []
    for value in voices:
        name, mark, spec = value.partition("=")
        if mark and ":" not in name and name.strip() and spec.strip():
            named.append((name.strip(), spec.strip()))
        else:
            plain.append(value)
    return plain, tuple(named)


def cast_speakers(
    script: Script,
    voice: Voice,
    voice_spec: str,
    speed: float,
    overrides: tuple[tuple[str, str], ...] = (),
    warn=None,
    book: VoiceBook | None = None,
) -> dict[str, Speaking]:
    """Each speaker's voice and settings: `--voice NAME=SPEC` over the cast's `voice:`, over the
    script's voice; the speaker's `speed:` over the render's. The script's voice is reused, not
    loaded again, by speakers who name the same spec; `book` keeps loaded voices from one call
    to the next (the studio's auditions)."""
    cast = script.settings.cast
    names = {speaker.name.lower(): speaker.name for speaker in cast}
    for name, _ in overrides:
        if name.lower() not in names:
            known = ", ".join(s.name for s in cast) or "none declared"
            raise UsageError(
                "--voice",
                f"no speaker called {name!r} in the cast",
                f"use a name under 'cast:' ({known})",
            )
    chosen = {names[name.lower()]: spec for name, spec in overrides}
    book = book or VoiceBook(warn, script.path.parent)
    book.keep(voice_spec, voice)
    found: dict[str, Speaking] = {}
    for speaker in cast:
        rate = speaker.speed or speed
        if speaker.name in chosen:
            found[speaker.name] = book.speaking(chosen[speaker.name], rate)
        elif speaker.voice is None:
            found[speaker.name] = Speaking(voice, SpeechSettings(speed=rate))
        else:
            found[speaker.name] = _declared(book, script, speaker, rate)
    return found


def _declared(book: VoiceBook, script: Script, speaker, rate: float) -> Speaking:
    """A voice the cast names; an unusable one is reported at the speaker's line."""
    try:
        return book.speaking(speaker.voice, rate)
    except VoiceSpecError as exc:
        raise ScriptError(
            script.path, speaker.line, f"{speaker.name}'s voice: {exc.problem}", exc.fix
        ) from None


def burned_cues(script: Script, item, burn: bool) -> list:
    """The line captions burned into a narrated segment: with a cast, in each speaker's colour
    and (`speaker_labels: true`) naming a new speaker, which is burned even without captions."""
    front = script.settings
    if front.cast and (burn or front.speaker_labels):
        before = last_speaker(script, item.segment)
        return voiced_cues(item.cues, front.cast, bool(front.speaker_labels), burn, before)
    return list(item.cues) if burn else []


def burned_word_cues(script: Script, item) -> list:
    """Word-by-word captions, the spoken word in its speaker's colour; with `speaker_labels`,
    each carries the name a line caption at its time would show in the lower third."""
    cues = word_caption_cues(item, script.settings.cast)
    if not (script.settings.cast and script.settings.speaker_labels):
        return cues
    named = [cue for cue in burned_cues(script, item, False) if cue.text.name]
    found = []
    for cue in cues:
        name = next((n.text.name for n in named if n.start <= cue.start < n.end), "")
        found.append(replace(cue, text=replace(cue.text, name=name)) if name else cue)
    return found


def last_speaker(script: Script, segment: Segment) -> str | None:
    """Who spoke last before `segment` (None: nobody, or the script's one voice)."""
    before = None
    for earlier in script.segments:
        if earlier is segment:
            break
        before = next((s.speaker for s in reversed(earlier.sentences)), before)
    return before
