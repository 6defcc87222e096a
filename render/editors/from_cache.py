"""An editor export without the video: narrate and lay out from the cache, encode no MP4.

What the cache lacks (a new sentence, a still, a moving piece) is made as a render would make
it, and the timeline comes out frame for frame as the render's.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scriptreel.render.cast_voices import cast_speakers
from scriptreel.render.editors.export import check_export, export_editors
from scriptreel.render.editors.publish import Exported
from scriptreel.render.narration import NarratedSegment, Narrator
from scriptreel.render.progress import Progress
from scriptreel.render.settings import (
    RenderSettings,
    resolve_choices,
    resolve_theme,
    resolve_voice,
    with_callouts,
)
from scriptreel.render.sound.mixing import load_music
from scriptreel.render.store.cache import Cache, default_root
from scriptreel.render.store.locks import work_folder
from scriptreel.render.store.output import resolve_output
from scriptreel.render.timeline import ENDING, RATE, frames_for
from scriptreel.render.timeline_value import build_timeline
from scriptreel.render.video.segments import video_for
from scriptreel.script import load_script


def export_script(
    script_path: Path,
    output: Path | None,
    settings: RenderSettings,
    progress: Progress | None = None,
    force: bool = False,
) -> Exported:
    """Write the editor timelines of `settings.export` (and their media) beside the video a
    render of the script would make, without making the video."""
    progress = progress or Progress(quiet=True)
    script = with_callouts(settings, load_script(script_path, settings.allow_outside))
    for warning in script.warnings:
        progress.warn(str(warning))
    out = resolve_output(script.path, output)
    choices = resolve_choices(settings, script)
    root = default_root()
    formats = check_export(settings, script, out, force, choices.fps)
    with work_folder(root, uses_cache=True) as work:
        voice, spec = resolve_voice(settings, script, choices.speed, progress.warn)
        speakers = cast_speakers(
            script, voice, spec, choices.speed, settings.cast_voices, progress.warn
        )
        cache = Cache(root)
        video = video_for(script, resolve_theme(settings, script), choices, settings, cache, work)
        planned = _narrated(script, voice, cache, choices, settings.breath, progress, speakers)
        music = load_music(choices.music, cache, RATE) if choices.music else None
        timeline = build_timeline(planned, choices.fps, script.title, music and music[0])
        return export_editors(timeline, planned, video, out, formats, music, force)


def _narrated(script, voice, cache: Cache, choices, breath: float, progress, speakers=None) -> list:
    """Every segment laid out as the render lays it out (pipeline._Run._narrate_all), each
    sentence in its speaker's voice."""
    planned: list[NarratedSegment] = []
    frame = 0
    with ThreadPoolExecutor(max_workers=1) as post:
        narrator = Narrator(
            voice, cache, post, choices.lexicon, choices.pause, breath, choices.fps, speakers
        )
        segments = script.segments
        for index, segment in enumerate(segments):
            progress.step(index + 1, len(segments), "narrating segment")
            item = narrator.lay_out(segment, narrator.speak(segment), frame)
            if index == len(segments) - 1 and segment.sentences:
                item.frames += frames_for(ENDING, choices.fps)
            frame += item.frames
            planned.append(item)
    return planned
