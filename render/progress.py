"""Progress on stderr: stages, counters and a bar, redrawn in place on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Reports long work to a person; silent when quiet."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_bar = -1
        self._open_line = False
        self.started = time.monotonic()

    def _write(self, text: str, final: bool = True) -> None:
        if self.quiet:
            return
        if self.live:
            self.stream.write("\r\033[K" + text + ("\n" if final else ""))
            self._open_line = not final
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def stage(self, text: str) -> None:
        self._write(text)

    def step(self, done: int, total: int, text: str) -> None:
        """`text (done/total)`; on a terminal redrawn in place, in a log only the last one."""
        if self.live:
            self._write(f"{text} ({done}/{total})", final=done >= total)
        elif done >= total:
            self._write(f"{text} ({done}/{total})")

    def bar(self, fraction: float, text: str) -> None:
        percent = int(fraction * 100)
        if self.live:
            filled = int(fraction * 30)
            self._write(
                f"{text} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}%", final=fraction >= 1
            )
        elif percent // 25 != self._last_bar // 25 or (percent == 100 and self._last_bar != 100):
            self._write(f"{text} {percent}%")
        self._last_bar = percent

    def warn(self, text: str) -> None:
        self._write(f"warning: {text}")
