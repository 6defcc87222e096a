"""One render at a time in a background thread; a newer request cancels the running one."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable

from scriptreel.render.progress import Progress
from scriptreel.render.studio.outputs import FileInTheWay
from scriptreel.script import ScriptError, ScriptreelError

Publish = Callable[[str, dict], None]
BAR_EVERY = 0.2
"""Seconds between bar events: enough to look live, few enough not to flood the page."""


class RenderCancelled(Exception):
    """A newer save arrived: the render stops here and the pipeline removes its temp files."""


class StudioProgress(Progress):
    """Sends progress to the page, and stops the render when it is cancelled."""

    def __init__(self, publish: Publish, cancelled: threading.Event):
        super().__init__(stream=io.StringIO(), quiet=True)
        self.publish = publish
        self.cancelled = cancelled
        self._last_bar = 0.0

    def check(self) -> None:
        if self.cancelled.is_set():
            raise RenderCancelled()

    def stage(self, text: str) -> None:
        self.check()
        self.publish("progress", {"text": text})

    def step(self, done: int, total: int, text: str) -> None:
        self.check()
        self.publish("progress", {"text": text, "done": done, "total": total})

    def bar(self, fraction: float, text: str) -> None:
        self.check()
        now = time.monotonic()
        if fraction >= 1 or now - self._last_bar >= BAR_EVERY:
            self._last_bar = now
            self.publish("progress", {"text": text, "fraction": round(fraction, 3)})

    def warn(self, text: str) -> None:
        self.publish("warning", {"text": str(text)})


def was_cancelled(progress: Progress) -> bool:
    return isinstance(progress, StudioProgress) and progress.cancelled.is_set()


def error_event(exc: BaseException) -> dict:
    """An error as the page shows it: `FILE:LINE: problem — fix`, with the line to jump to."""
    if isinstance(exc, ScriptreelError):
        line = exc.line if isinstance(exc, ScriptError) else None
        return {
            "message": exc.one_line(),
            "problem": exc.problem,
            "fix": exc.fix,
            "line": line,
            "replace": isinstance(exc, FileInTheWay),
        }
    return {
        "message": f"internal error: {type(exc).__name__}: {exc} — see the terminal",
        "problem": f"{type(exc).__name__}: {exc}",
        "fix": "see the terminal",
        "line": None,
        "replace": False,
    }


class RenderWorker:
    """Runs `render(progress)` in its thread whenever asked; only the newest request counts."""

    def __init__(self, render: Callable[[Progress], dict], publish: Publish):
        self.render = render
        self.publish = publish
        self._condition = threading.Condition()
        self._pending = False
        self._busy = False
        self._stopping = False
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="studio-render", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        with self._condition:
            self._pending = True
            if self._busy:
                self._cancel.set()
            self._condition.notify()

    def stop(self) -> None:
        with self._condition:
            self._stopping = True
            self._cancel.set()
            self._condition.notify()
        self._thread.join(timeout=30)

    @property
    def busy(self) -> bool:
        with self._condition:
            return self._busy or self._pending

    def _run(self) -> None:
        while True:
            with self._condition:
                while not (self._pending or self._stopping):
                    self._condition.wait()
                if self._stopping:
                    return
                self._pending, self._busy = False, True
                self._cancel.clear()
            self._render_once()
            with self._condition:
                self._busy = False

    def _render_once(self) -> None:
        self.publish("started", {})
        try:
            result = self.render(StudioProgress(self.publish, self._cancel))
        except RenderCancelled:
            self.publish("cancelled", {})
        except Exception as exc:  # shown on the page; the studio keeps running
            self.publish("error", error_event(exc))
            if not isinstance(exc, ScriptreelError):
                import traceback

                traceback.print_exc()
        else:
            self.publish("rendered", result)
