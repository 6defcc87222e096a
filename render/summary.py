"""What a render reports: per segment, and for the whole video (one line, or JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path

from scriptreel.render.exports import OUTPUTS, output_named
from scriptreel.render.store.output import sidecars
from scriptreel.render.timeline_value import Timeline


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
    reason: str = ""
    """Why it was rebuilt, from the last render of the same video ("its text changed"); empty
    when it was not rebuilt or there is nothing to compare with."""


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
    exported: tuple[Path, ...] = ()
    """The editor export (--export): each timeline file, then the media folder; empty: none."""
    export_written: tuple[Path, ...] = ()
    """Of the export, the timeline and media files this run wrote (the rest were current)."""

    @property
    def sidecars(self) -> tuple[Path, ...]:
        """The files written beside the video, one per registered output."""
        return sidecars(self.output)

    def output_file(self, name: str) -> Path:
        """The file of the registered output of that name (`srt`, `vtt`, ...)."""
        return output_named(name).path(self.output)

    def to_json(self, words: bool = False) -> dict:
        """The summary as JSON data; the words (which can be many) only when asked for."""
        data = asdict(self)
        if not words:
            del data["words"]
        data["output"], data["captions"] = str(self.output), str(self.captions)
        data["files"] = [str(self.output), *map(str, self.sidecars)]
        data["outputs"] = {each.name: str(each.path(self.output)) for each in OUTPUTS}
        data["warnings"] = [str(w) for w in self.warnings]
        data["exported"] = [str(path) for path in self.exported]
        data["export_written"] = [str(path) for path in self.export_written]
        return data

    def with_export(self, exported) -> RenderSummary:
        """The summary naming what the editor export (render/editors/publish.Exported) wrote."""
        if exported is None:
            return self
        media = tuple(exported.media / name for name in exported.written)
        return replace(
            self,
            exported=(*exported.timelines.values(), exported.media),
            export_written=(*exported.timelines_written, *media),
        )

    def with_reasons(self, reasons) -> RenderSummary:
        """The summary with why each segment was rebuilt (render.reasons), where known."""
        if not reasons:
            return self
        segments = tuple(replace(s, reason=r) for s, r in zip(self.segments, reasons))
        return replace(self, segments=segments)

    def line(self) -> str:
        rebuilt = sum(s.rebuilt for s in self.segments)
        minutes, seconds = divmod(round(self.duration), 60)
        count = len(self.segments)
        cards = f"{count} card{'' if count == 1 else 's'}"
        if self.up_to_date:
            return (
                f"up to date: {self.output} ({minutes}:{seconds:02d}, {cards}; "
                f"{'video unchanged' if self.export_written else 'nothing changed'})"
                f"{self._export_part()} in {self.seconds:.2f}s"
            )
        line = (
            f"done: {self.output} ({minutes}:{seconds:02d}, {cards}: {rebuilt} rebuilt, "
            f"{count - rebuilt} from cache) + {' '.join(each.suffix for each in OUTPUTS)}"
            f"{self._export_part()} in {self.seconds:.1f}s"
        )
        if 0 < rebuilt < count:
            line += "\nrebuilt: " + "; ".join(
                f"{s.index} {s.title!r}" + (f": {s.reason}" if s.reason else "")
                for s in self.segments
                if s.rebuilt
            )
        return line

    def _export_part(self) -> str:
        """`; exported talk.mlt talk-media/ (3 files written)`, or nothing without an export."""
        if not self.exported:
            return ""
        *timelines, media = self.exported
        names = " ".join([*(path.name for path in timelines), f"{media.name}/"])
        count = len(self.export_written)
        written = f"{count} file{'' if count == 1 else 's'} written" if count else "unchanged"
        return f"; exported {names} ({written})"


def summarize(
    timeline: Timeline,
    output: Path,
    size: tuple[int, int],
    voice: str,
    rebuilt: list[bool],
    up_to_date: bool,
    stages: dict[str, float],
) -> RenderSummary:
    """The summary of a render from its timeline (its wall time is added by the caller)."""
    reports = tuple(
        SegmentReport(
            at.index,
            at.number,
            at.title,
            at.start_frame / timeline.fps,
            (at.start_frame + at.frames) / timeline.fps,
            at.narration,
            made,
        )
        for at, made in zip(timeline.segments, rebuilt)
    )
    return RenderSummary(
        output,
        output_named("srt").path(output),
        timeline.duration,
        tuple(size),
        timeline.fps,
        voice,
        reports,
        up_to_date,
        0.0,
        stages,
        words=tuple(asdict(word) for word in timeline.words),
    )
