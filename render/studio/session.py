"""One studio session: the script file, the choices on the page, the storyboard and the renders."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from media.themes import BUILT_IN
from render.progress import Progress
from script import Script, ScriptreelError, load_script, parse_size

from .audition import DEFAULT_PAUSE, Voices, narration_wav
from .board import Thumbnails, check_cards, sentence_times, storyboard
from .document import ScriptFile, Watcher
from .events import EventHub
from .worker import RenderWorker, error_event

SIZES = ("1920x1080", "1280x720", "640x360", "vertical", "square")
VOICES = ("piper", "gtts", "auto")
DEFAULT_SIZE = (1920, 1080)


class Session:
    """Everything the page sees, kept in step with the file on disk."""

    def __init__(self, script: Path, output: Path | None, settings, render_on_save: bool = True):
        self.file = ScriptFile(script.resolve())
        self.output = output
        self.base = settings
        self.render_on_save = render_on_save
        self.choices = {"size": "", "theme": "", "voice": ""}
        """What the page picked; "" keeps the command line's choice, else the script's."""
        self.hub = EventHub()
        self.thumbs = Thumbnails()
        self.voices = Voices()
        self.script: Script | None = None
        self.summary = None
        self.renders = 0
        self.worker = RenderWorker(self._render, self.hub.publish)
        self.watcher = Watcher(self.file, self._changed_on_disk)

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

    def stop(self) -> None:
        self.watcher.stop()
        self.worker.stop()
        self.hub.close()

    def settings(self):
        size = parse_size(self.choices["size"]) if self.choices["size"] else self.base.size
        return replace(
            self.base,
            size=size,
            theme=self.choices["theme"] or self.base.theme,
            voice=self.choices["voice"] or self.base.voice,
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
        settings = self.settings()
        try:
            script = load_script(self.file.path)
            for warning in check_cards(
                script, self.size_for(script), settings.theme, settings.fonts
            ):
                self.hub.publish("warning", {"text": warning})
        except ScriptreelError as exc:
            self.hub.publish("error", {**error_event(exc), "source": "script"})
            return
        self.script = script
        board = storyboard(script, self.size_for(script), self.file.known[:16])
        self.hub.publish("storyboard", board)

    def size_for(self, script: Script) -> tuple[int, int]:
        return self.settings().size or script.settings.size or DEFAULT_SIZE

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

    def choose(self, choices: dict) -> None:
        """Apply the page's size, theme and voice; a ValueError says which one is wrong."""
        size, theme, voice = (str(choices.get(k, "")) for k in ("size", "theme", "voice"))
        if size:
            parse_size(size)
        if theme and theme not in BUILT_IN and theme != self.base.theme:
            raise ValueError(f"unknown theme {theme!r}")
        if voice and voice not in VOICES and voice != self.base.voice:
            raise ValueError(f"unknown voice {voice!r}")
        self.choices = {"size": size, "theme": theme, "voice": voice}
        if "renderOnSave" in choices:
            self.render_on_save = bool(choices["renderOnSave"])
        self._publish_settings()
        self.refresh_board()

    def _publish_settings(self) -> None:
        voice = self.base.voice
        default_voice = voice if isinstance(voice, str) or voice is None else voice.name
        self.hub.publish(
            "settings",
            {
                **self.choices,
                "sizes": list(SIZES),
                "themes": list(BUILT_IN),
                "voices": list(VOICES),
                "defaults": {
                    "size": "x".join(map(str, self.base.size)) if self.base.size else "script",
                    "theme": self.base.theme or "script",
                    "voice": default_voice or "script",
                },
                "renderOnSave": self.render_on_save,
            },
        )

    def audition(self, index: int) -> bytes:
        script = self.script
        if script is None or not 0 <= index < len(script.segments):
            raise IndexError(index)
        settings = self.settings()
        speed = settings.speed or script.settings.speed or 1.0
        voice = self.voices.get(settings.voice or script.settings.voice, speed)
        pause = next(
            (p for p in (settings.pause, script.settings.pause) if p is not None), DEFAULT_PAUSE
        )
        return narration_wav(script.segments[index], voice, dict(script.settings.pronounce), pause)

    def _render(self, progress: Progress) -> dict:
        from render import render_video

        version = self.file.known[:16]
        summary = render_video(self.file.path, self.output, self.settings(), progress)
        self.summary = summary
        self.renders += 1
        segments = [
            {
                "index": s.index,
                "number": s.number,
                "title": s.title,
                "start": round(s.start, 3),
                "end": round(s.end, 3),
                "rebuilt": s.rebuilt,
            }
            for s in summary.segments
        ]
        try:
            times = sentence_times(load_script(self.file.path), segments, summary.sidecars[1])
        except ScriptreelError:  # edited again meanwhile: a newer render is on its way
            times = {}
        return {
            "version": version,
            "duration": round(summary.duration, 3),
            "segments": segments,
            "rebuilt": [s["index"] for s in segments if s["rebuilt"]],
            "upToDate": summary.up_to_date,
            "seconds": round(summary.seconds, 2),
            "line": summary.line(),
            "output": summary.output.name,
            "video": f"/media/video.mp4?r={self.renders}",
            "captions": f"/media/captions.vtt?r={self.renders}",
            "sentences": {str(line): start for line, start in times.items()},
        }
