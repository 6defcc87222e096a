"""What a render reports: per segment, and for the whole video (one line, or JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from .output import sidecars


@dataclass(frozen=True)
class SegmentReport:
    """What happened to one segment."""

    index: int
    """Position in the video, 0 first."""
    number: int | None
    """The counter shown on its card; None for the opening and closing cards."""
    title: str
    """Its card title."""
    start: float
    """Seconds into the video where its card appears."""
    end: float
    """Seconds into the video where the next card appears."""
    narration: str
    """Its sentences, as written."""
    rebuilt: bool
    """True when any of its narration, card or video chunk was made in this run."""


@dataclass(frozen=True)
class RenderSummary:
    """The result of a render."""

    output: Path
    """The video."""
    captions: Path
    """The .srt beside it."""
    duration: float
    """Seconds of video."""
    size: tuple[int, int]
    """Frame width and height."""
    fps: int
    """Frames per second."""
    voice: str
    """The voice spec that narrated it."""
    segments: tuple[SegmentReport, ...]
    """One report per card, in order."""
    up_to_date: bool
    """True when nothing changed and the existing output was kept."""
    seconds: float
    """Wall time of the render."""
    stages: dict[str, float]
    """Wall time per stage."""
    warnings: tuple[str, ...] = ()
    """Warnings about the script, as `FILE:LINE: message` lines."""
    words: tuple[dict, ...] = ()
    """Every narrated word: text, start and end in the video's time, segment, estimated."""

    @property
    def sidecars(self) -> tuple[Path, ...]:
        """The .srt, .vtt, .chapters.txt and .words.json files written beside the video."""
        return sidecars(self.output)

    def to_json(self, words: bool = False) -> dict:
        """The summary as JSON data; the words (which can be many) only when asked for."""
        data = asdict(self)
        if not words:
            del data["words"]
        data["output"], data["captions"] = str(self.output), str(self.captions)
        data["files"] = [str(self.output), *map(str, self.sidecars)]
        data["warnings"] = [str(w) for w in self.warnings]
        return data

    def line(self) -> str:
        rebuilt = sum(s.rebuilt for s in self.segments)
        minutes, seconds = divmod(round(self.duration), 60)
        cards = len(self.segments)
        if self.up_to_date:
            return (
                f"up to date: {self.output} ({minutes}:{seconds:02d}, {cards} cards; "
                f"nothing changed) in {self.seconds:.2f}s"
            )
        line = (
            f"done: {self.output} ({minutes}:{seconds:02d}, {cards} cards: {rebuilt} rebuilt, "
            f"{cards - rebuilt} from cache) + .srt .vtt .chapters.txt .words.json "
            f"in {self.seconds:.1f}s"
        )
        if 0 < rebuilt < cards:
            line += "\nrebuilt: " + "; ".join(
                f"{s.index} {s.title!r}" for s in self.segments if s.rebuilt
            )
        return line
