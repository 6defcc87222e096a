"""One studio session: the script file, the choices on the page, the storyboard and the renders."""

from __future__ import annotations

import traceback
from dataclasses import replace
from pathlib import Path

from scriptreel.media.themes import BUILT_IN
from scriptreel.render.batch.variants import (
    DEFAULT_SIZE_LABEL,
    DEFAULT_THEME,
    DEFAULT_VOICE,
    plain_output,
)
from scriptreel.render.progress import Progress
from scriptreel.render.settings import SENTENCE_PAUSE, chosen_size, chosen_speed
from scriptreel.render.studio.audition import Voices, narration_wav
from scriptreel.render.studio.board import Thumbnails, check_cards, script_theme, storyboard
from scriptreel.render.studio.document import ScriptFile, Watcher
from scriptreel.render.studio.events import EventHub
from scriptreel.render.studio.outputs import Variants, studio_render
from scriptreel.render.studio.results import rendered_event
from scriptreel.render.studio.speakers import cast_board, heard_speakers, speaker_wav
from scriptreel.render.studio.worker import RenderWorker, error_event, was_cancelled
from scriptreel.script import Script, ScriptreelError, load_script, parse_size

SIZES = ("1920x1080", "1280x720", "640x360", "vertical", "square")
VOICES = ("piper", "gtts", "auto")


def default_labels(base, script: Script | None) -> dict:
    """What the page's "default" choices stand for: the command line's, else the script's,
    else scriptreel's own (so the voice reads "piper", never a vague "script")."""
    written = script.settings if script is not None else None
    voice = base.voice if isinstance(base.voice, str) or base.voice is None else base.voice.name
    size = base.size or (written and written.size)
    return {
        "size": "x".join(map(str, size)) if size else DEFAULT_SIZE_LABEL,
        "theme": base.theme or (written and written.theme) or DEFAULT_THEME,
        "voice": voice or (written and written.voice) or DEFAULT_VOICE,
    }


class Session:
    """Everything the page sees, kept in step with the file on disk."""

    def __init__(self, script: Path, output: Path | None, settings, render_on_save: bool = True):
        self.file = ScriptFile(script.resolve())
        self.output = output
        self.base = settings
        self.render_on_save = render_on_save
        self.choices = {"size": "", "theme": "", "voice": ""}
        """What the page picked; "" keeps the variant's, else the command line's, else the
        script's choice."""
        self.variants = Variants(settings)
        self.hub = EventHub()
        self.thumbs = Thumbnails()
        self.voices = Voices(self.file.path.parent)
        self.script: Script | None = None
        self.summary = None
        self.renders = 0
        self.force: Path | None = None
        """The video the writer confirmed replacing a file at; only a render of that video may,
        and it holds until such a render has finished."""
        self.worker = RenderWorker(self._render, self.hub.publish)
        self.watcher = Watcher(self.file, self._changed_on_disk, self._refresh_failed)

    @property
    def folder(self) -> Path:
        return self.file.path.parent

    def start(self) -> None:
        self.refresh("open")
        self._publish_settings()
        self.worker.start()
        self.watcher.start()
        if self.render_on_save:
            self.worker.request()

    def request_render(self, force: bool = False) -> None:
        if force:
            self.force = self._video()
        self.worker.request()

    def _video(self, output: Path | None = None) -> Path:
        output = output or self.variants.output(self.file.path, self.output)
        return plain_output(self.file.path, output)

    def stop(self) -> None:
        self.watcher.stop()
        self.worker.stop()
        self.hub.close()

    def settings(self):
        """The render settings: the page's choices over the chosen variant's, over the base."""
        base = self.variants.settings()
        size = parse_size(self.choices["size"]) if self.choices["size"] else base.size
        return replace(
            base,
            size=size,
            theme=self.choices["theme"] or base.theme,
            voice=self.choices["voice"] or base.voice,
        )

    def refresh(self, source: str) -> None:
        """Tell the page the text, then parse it and send the storyboard (or the error)."""
        self.hub.publish(
            "script",
            {
                "text": self.file.text,
                "hash": self.file.known,
                "source": source,
                "name": self.file.path.name,
            },
        )
        self.refresh_board()

    def refresh_board(self) -> None:
        try:
            script = load_script(self.file.path, self.base.allow_outside)
            if self.variants.update(script):
                self._publish_settings()
            settings = self.settings()
            size, fonts = self.size_for(script), tuple(settings.fonts)
            for warning in check_cards(script, size, settings.theme, fonts):
                self.hub.publish("warning", {"text": warning})
            theme = script_theme(script, settings.theme, fonts)
        except Exception as exc:  # shown on the page; a refresh must never stop the studio
            self._refresh_failed(exc)
            return
        self.script = script
        board = storyboard(script, size, self.file.known[:16], theme)
        self.hub.publish("storyboard", {**board, "cast": cast_board(script, settings)})

    def size_for(self, script: Script) -> tuple[int, int]:
        return chosen_size(self.settings().size, script)

    def save(self, text: str, base: str) -> str:
        known = self.file.save(text, base)
        self.after_change("save")
        return known

    def after_change(self, source: str) -> None:
        self.refresh(source)
        if self.render_on_save:
            self.worker.request()

    def _changed_on_disk(self) -> None:
        self.after_change("disk")

    def _refresh_failed(self, exc: Exception) -> None:
        self.hub.publish("error", {**error_event(exc), "source": "script"})
        if not isinstance(exc, ScriptreelError):
            traceback.print_exc()

    def choose(self, choices: dict) -> None:
        """Apply the page's variant, size, theme and voice; a ValueError says which is wrong."""
        variant = self.variants.check(str(choices.get("variant", "")))
        size, theme, voice = (str(choices.get(k, "")) for k in ("size", "theme", "voice"))
        if size:
            parse_size(size)
        if theme and theme not in BUILT_IN and theme != self.base.theme:
            raise ValueError(f"unknown theme {theme!r}")
        if voice and voice not in VOICES and voice != self.base.voice:
            raise ValueError(f"unknown voice {voice!r}")
        self.choices = {"size": size, "theme": theme, "voice": voice}
        switched, self.variants.chosen = variant != self.variants.chosen, variant
        if switched:  # a replacement confirmed for one video is not one for another
            self.force = None
        if "renderOnSave" in choices:
            self.render_on_save = bool(choices["renderOnSave"])
        self._publish_settings()
        self.refresh_board()
        if switched and self.render_on_save:  # another variant is another video: show it
            self.worker.request()

    def _publish_settings(self) -> None:
        base = self.variants.settings()
        self.hub.publish(
            "settings",
            {
                **self.choices,
                "sizes": list(SIZES),
                "themes": list(BUILT_IN),
                "voices": list(VOICES),
                "defaults": default_labels(base, self.script),
                "renderOnSave": self.render_on_save,
                "variants": self.variants.labels(),
                "variant": self.variants.chosen,
            },
        )

    def audition(self, index: int) -> bytes:
        script = self.script
        if script is None or not 0 <= index < len(script.segments):
            raise IndexError(index)
        settings = self.settings()
        spec = settings.voice or script.settings.voice
        voice = self.voices.get(spec)
        # A Voice object given by the caller speaks as it was made, as it does in a render.
        speed = None if voice is spec else chosen_speed(settings.speed, script)
        pause = next(
            (p for p in (settings.pause, script.settings.pause) if p is not None), SENTENCE_PAUSE
        )
        lexicon = dict(script.settings.pronounce)
        # With a cast, each sentence is heard in its speaker's voice, as in the video.
        speakers = heard_speakers(script, settings, self.voices) if script.settings.cast else {}
        return narration_wav(script.segments[index], voice, lexicon, pause, speed, speakers)

    def speaker_audition(self, index: int) -> bytes:
        """Speaker `index` of the cast in their own voice; IndexError if there is none."""
        if self.script is None:
            raise IndexError(index)
        return speaker_wav(self.script, index, self.settings(), self.voices)

    def _render(self, progress: Progress) -> dict:
        version = self.file.known[:16]
        output = self.variants.output(self.file.path, self.output)
        force = self.force is not None and self.force == self._video(output)
        try:
            summary = studio_render(self.file.path, output, self.settings(), progress, force)
        finally:
            # A cancelled render leaves the confirmed replacement to the render that follows.
            if force and not was_cancelled(progress):
                self.force = None
        self.summary = summary
        self.renders += 1
        try:
            script = load_script(self.file.path, self.base.allow_outside)
        except ScriptreelError:  # edited again meanwhile: a newer render is on its way
            script = None
        return rendered_event(summary, script, version, self.renders)
