"""The files written beside the video: one `Output` each, in one registry.

An output declares its name, the suffix of its file and the render settings that shape its
text, and writes that text from the render's Timeline. The registry is the one list the rest
reads: the files a render publishes and owns, the up-to-date manifest (a setting an output
declares is in it, so changing the setting rewrites the file), the summary line and `--json`.
A new export is one more entry here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scriptreel.media.captions import chapter_list, to_srt, to_vtt
from scriptreel.render.timeline_value import Timeline

if TYPE_CHECKING:
    from scriptreel.render.settings import RenderSettings


@dataclass(frozen=True)
class Output:
    """One file written beside the video."""

    name: str
    """What it is called in the summary's JSON and by the studio."""
    suffix: str
    """The end of its file name: the video's name with this suffix."""
    shaped_by: tuple[str, ...]
    """The RenderSettings fields its text depends on (besides the timeline)."""
    write: Callable[[Timeline, RenderSettings], str]
    """Its text, from the timeline and the render settings."""

    def path(self, video: Path) -> Path:
        return video.with_suffix(self.suffix)

    def shape(self, settings: RenderSettings) -> dict:
        """The values of the settings that shape it, for the up-to-date manifest."""
        return {name: getattr(settings, name) for name in self.shaped_by}


def _srt(timeline: Timeline, settings: RenderSettings) -> str:
    return to_srt(list(timeline.cues))


def _vtt(timeline: Timeline, settings: RenderSettings) -> str:
    karaoke = getattr(settings, "karaoke", False)
    return to_vtt(list(timeline.cues), timeline.cue_words if karaoke else None)


def _chapters(timeline: Timeline, settings: RenderSettings) -> str:
    return chapter_list(timeline.chapters)


def _words(timeline: Timeline, settings: RenderSettings) -> str:
    # vars, not asdict: the fields are flat, and asdict deep-copies each one (a long script has
    # tens of thousands of words).
    return json.dumps({"words": [vars(word) for word in timeline.words]}, indent=1) + "\n"


OUTPUTS: tuple[Output, ...] = (
    Output("srt", ".srt", (), _srt),
    Output("vtt", ".vtt", ("karaoke",), _vtt),
    Output("chapters", ".chapters.txt", (), _chapters),
    Output("words", ".words.json", (), _words),
)
"""Every output beside the video, in the order they are listed to the user."""


def output_named(name: str) -> Output:
    """The registered output of that name; an unknown name fails, listing the known ones."""
    for output in OUTPUTS:
        if output.name == name:
            return output
    known = ", ".join(output.name for output in OUTPUTS)
    raise KeyError(f"no output named {name!r} (known: {known})")


def output_paths(video: Path) -> dict[str, Path]:
    """Each output's file beside a video, by name."""
    return {output.name: output.path(video) for output in OUTPUTS}


def output_texts(timeline: Timeline, settings: RenderSettings, video: Path) -> dict[Path, str]:
    """The text of every output, by the file it goes to."""
    return {output.path(video): output.write(timeline, settings) for output in OUTPUTS}


def output_shapes(settings: RenderSettings) -> dict[str, dict]:
    """What shapes each output besides the timeline, for the up-to-date manifest."""
    return {output.name: output.shape(settings) for output in OUTPUTS}
