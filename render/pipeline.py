"""The render pipeline: narrate, lay out the timeline, encode what is stale, publish the MP4."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from scriptreel.render.cast_voices import cast_speakers
from scriptreel.render.cli.checks import card_problems
from scriptreel.render.editors.export import check_export, export_editors
from scriptreel.render.encode.assemble import ffmpeg_version
from scriptreel.render.encode.mp4join import join_video
from scriptreel.render.exports import output_shapes, output_texts
from scriptreel.render.narration import NarratedSegment, Narrator, segment_pcm, warm_up
from scriptreel.render.progress import Progress
from scriptreel.render.reasons import explain
from scriptreel.render.settings import (
    DEFAULT_FPS,
    DEFAULT_SIZE,
    Choices,
    RenderSettings,
    caption_problem,
    resolve_choices,
    resolve_theme,
    resolve_voice,
    with_callouts,
)
from scriptreel.render.sound.aac import AacPieces, PieceStore, segment_cuts
from scriptreel.render.sound.mixing import Mixer, load_music
from scriptreel.render.store.cache import Cache, Kind, default_root
from scriptreel.render.store.keys import entry_key
from scriptreel.render.store.locks import work_folder
from scriptreel.render.store.output import private_temp, resolve_output, sidecars
from scriptreel.render.store.prune import after_render
from scriptreel.render.store.publish import Outputs
from scriptreel.render.summary import RenderSummary, summarize
from scriptreel.render.timeline import ENDING, LEAD, RATE, frames_for, span
from scriptreel.render.timeline_value import Timeline, build_timeline
from scriptreel.render.video.moving import clip_sound
from scriptreel.render.video.segments import SegmentVideo, video_for
from scriptreel.script import Script, load_script

__all__ = ["DEFAULT_FPS", "DEFAULT_SIZE", "LEAD", "RenderSettings", "RenderSummary", "render_video"]


def render_video(
    script_path: Path | str,
    output: Path | str | None = None,
    settings: RenderSettings | None = None,
    progress: Progress | None = None,
    force: bool = False,
    script: Script | None = None,
) -> RenderSummary:
    """Render a script file to an MP4 with .srt, .vtt and .chapters.txt beside it.

    `force` replaces output files that scriptreel did not write; without it they are refused.
    `script` is the file already loaded, if the caller has it (a long script parses in 0.3 s).
    """
    started = time.monotonic()
    settings = settings or RenderSettings()
    progress = progress or Progress(quiet=True)
    script = with_callouts(settings, script or load_script(script_path, settings.allow_outside))
    for warning in script.warnings:
        progress.warn(str(warning))
    out = resolve_output(script.path, Path(output) if output else None)
    choices = resolve_choices(settings, script)
    theme = resolve_theme(settings, script)
    root = default_root()
    # The voice's model loads on a helper thread while the cards are checked; a voice that
    # cannot be resolved is reported below, in its turn. A render without the cache loads it
    # when it first speaks, keeping the model file it makes in its own work folder.
    early = _resolved_voice(settings, script, choices.speed, progress.warn)
    warming = None
    if early is not None and settings.use_cache:
        warming = warm_up(early[0], Cache(root), script.segments, choices.lexicon)
    try:
        summary = _checked_render(
            script, out, choices, theme, settings, progress, force, root, early, warming
        )
    finally:
        if warming is not None:
            warming.join()  # never left loading the model after a render that failed
    if settings.use_cache:
        after_render(root)  # the cache keeps to its size limit (render.prune)
    warnings = tuple(str(w) for w in script.warnings)
    return replace(summary, seconds=time.monotonic() - started, warnings=warnings)


def _checked_render(script, out, choices, theme, settings, progress, force, root, early, warming):
    """The render once its voice is warming up: checks, then the work in a locked folder."""
    fit = Cache(root) if settings.use_cache else None  # keeps each card's fit check
    found = card_problems(script, choices.size, theme, settings.fonts, fit)
    for warning in filter(None, [*found, caption_problem(settings, script)]):
        progress.warn(warning)
    outputs = Outputs((out, *sidecars(out)), force)
    outputs.check()
    editors = check_export(settings, script, out, force, choices.fps)
    # The work folder first: an unusable cache folder is reported before anything is spoken.
    with work_folder(root, uses_cache=settings.use_cache) as work:
        voice, voice_spec = early or resolve_voice(settings, script, choices.speed, progress.warn)
        if not settings.use_cache and voice.capabilities.model_file:
            voice.model_folder = work / "voice"
        cache = Cache(root if settings.use_cache else work / "cache")
        speakers = cast_speakers(
            script, voice, voice_spec, choices.speed, settings.cast_voices, progress.warn
        )
        video = video_for(script, theme, choices, settings, cache, work)
        run = _Run(script, out, choices, settings, voice, voice_spec, cache, work, video, progress)
        run.warming, run.speakers = warming, speakers
        run.owns_voice = settings.voice is None or isinstance(settings.voice, str)
        run.editors = (editors, force)
        summary = run.execute(outputs).with_export(run.exported)
    return summary


def _resolved_voice(settings: RenderSettings, script: Script, speed: float, warn):
    """The voice and its spec, or None if it cannot be resolved (the error comes later)."""
    from scriptreel.render.errors import ScriptreelError

    try:
        return resolve_voice(settings, script, speed, warn)
    except ScriptreelError:
        return None


@dataclass
class _Run:
    """One render's state, so the stages share it without long argument lists."""

    script: Script
    out: Path
    choices: Choices
    settings: RenderSettings
    voice: object
    voice_spec: str
    cache: Cache
    work: Path
    video: SegmentVideo
    progress: Progress
    warming: threading.Thread | None = None
    """The thread loading the voice's model, joined before the first sentence is spoken."""
    speakers: dict | None = None
    """The cast's voices by speaker (render.cast_voices); None: one voice speaks all."""
    owns_voice: bool = False
    """The render loaded its voices (no caller gave one): they go once all is said."""

    def __post_init__(self) -> None:
        self.fps = self.choices.fps
        self.stages: dict[str, float] = {}
        self.editors: tuple = ((), False)  # the formats and --force (render/editors)
        self.exported = None  # what the editor export wrote, for the summary

    def execute(self, outputs: Outputs) -> RenderSummary:
        maybe_current = outputs.unchanged() is not None
        music_key, music = (None, None)
        if self.choices.music:
            music_key, music = load_music(self.choices.music, self.cache, RATE)
        jobs = self.settings.jobs or os.cpu_count() or 1
        # One encoder beside the voice (each one more costs about 95 MB), and on two cores a second
        # for the last two segments, which are laid out together once the voice has finished.
        pool = ThreadPoolExecutor(max_workers=max(1, jobs - 1, min(jobs, 2)))
        post = ThreadPoolExecutor(max_workers=1)
        # The narration is encoded to AAC, a piece per segment, while later segments are still
        # being narrated; a piece the cache holds is not encoded again.
        audio = AacPieces(self.work / "narration.aac", RATE, self._piece_store())
        try:
            planned, chunks = self._narrate_all(
                post, pool, audio, Mixer(music, RATE), maybe_current
            )
            timeline = build_timeline(planned, self.fps, self.script.title, music_key)
            manifest = self._manifest(planned, timeline)
            if maybe_current and outputs.unchanged() == manifest:
                audio.abort()
                self._export(timeline, planned, (music_key, music))
                return self._summary(timeline, [False] * len(planned), up_to_date=True)
            if maybe_current:
                chunks = [pool.submit(self.video.build, item) for item in planned]
            results = self._encoded(chunks)
            clock = time.monotonic()
            samples = timeline.samples
            audio.finish(samples)
            self.stages["audio"] = time.monotonic() - clock
        except BaseException:
            audio.abort()
            raise
        finally:
            # On Ctrl-C, drop queued encodes instead of finishing them; running ones end cleanly.
            pool.shutdown(wait=True, cancel_futures=True)
            post.shutdown(wait=True, cancel_futures=True)
        clock = time.monotonic()
        paths = [path for path, _ in results]
        self._assemble(timeline, paths, audio, outputs, manifest)
        self.stages["assembly"] = time.monotonic() - clock
        self._export(timeline, planned, (music_key, music))
        rebuilt = [item.made or made for item, (_, made) in zip(planned, results)]
        keys, card = self.chunk_keys, self.video.card_key
        why = explain(self.cache.root, self.out, planned, keys, card, rebuilt)
        return self._summary(timeline, rebuilt, up_to_date=False, reasons=why)

    def _encoded(self, chunks: list) -> list:
        """Each segment's chunk once its encode has finished, in order, with progress."""
        clock = time.monotonic()
        results = []
        for done, future in enumerate(chunks, 1):
            results.append(future.result())
            self.progress.step(done, len(chunks), "encoding cards")
        self.stages["cards"] = time.monotonic() - clock
        return results

    def _export(self, timeline: Timeline, planned: list[NarratedSegment], music) -> None:
        formats, force = self.editors
        if formats:
            clock, bed = time.monotonic(), music if music[1] is not None else None
            made = export_editors(timeline, planned, self.video, self.out, formats, bed, force)
            self.exported = made
            self.stages["export"] = time.monotonic() - clock

    def _piece_store(self) -> PieceStore:
        quality = self.choices.encoder.audio_quality

        def key(digest: str) -> str:
            parts = {"samples": digest, "rate": RATE, "quality": quality}
            return entry_key(Kind.AUDIO, **parts, ffmpeg=ffmpeg_version())

        return PieceStore(self.cache, Kind.AUDIO.value, key, quality)

    def _narrate_all(self, post, pool, audio: AacPieces, mixer: Mixer, maybe_current: bool):
        """Narrate every segment in order, streaming the timeline's audio to the encoder and
        starting each segment's video as soon as its length is known."""
        said = (self.choices.lexicon, self.choices.pause, self.settings.breath, self.fps)
        narrator = Narrator(self.voice, self.cache, post, *said, self.speakers)
        segments = self.script.segments
        if self.warming is not None:
            self.warming.join()  # the model is loaded once, by whichever thread came first
        planned: list[NarratedSegment] = []
        chunks: list[Future] = []
        clock = time.monotonic()
        frame = 0
        narrator.share_out(segments, self.settings.jobs)
        try:
            # The voice speaks segment i + 1 before segment i is laid out, so it never waits for
            # the helper thread's normalisation.
            ahead = self._speak(narrator, pool, segments[0], maybe_current) if segments else None
            for index, segment in enumerate(segments):
                self.progress.step(index + 1, len(segments), "narrating segment")
                current = ahead
                if index + 1 < len(segments):
                    ahead = self._speak(narrator, pool, segments[index + 1], maybe_current)
                item = narrator.lay_out(segment, current, frame)
                if index == len(segments) - 1 and segment.sentences:
                    # The ending fades after the last words and their breath, not over them.
                    item.frames += frames_for(ENDING, self.fps)
                frame += item.frames
                planned.append(item)
                first, last = span(item.start_frame, item.frames, self.fps)
                if segment.sentences:
                    for cut in segment_cuts(first, last, item.lead, len(item.audio)):
                        audio.cut(cut)
                pcm, speech = segment_pcm(item, first, last)
                audio.write(mixer.push(clip_sound(item, pcm, speech, self.video), speech))
                # Only what the samples were made of is kept (a copy: a view keeps them all).
                item.audio = item.audio[:0].copy()
                if not maybe_current:
                    chunks.append(pool.submit(self.video.build, item))
        finally:
            narrator.close()
        if self.owns_voice:
            narrator.let_voices_go()
        audio.write(mixer.finish())
        self.stages["narration"] = time.monotonic() - clock
        return planned, chunks

    def _speak(self, narrator: Narrator, pool, segment, maybe_current: bool):
        """Start speaking a segment, and drawing its pictures beside the voice when it is new."""
        pending = narrator.speak(segment)
        if any(pending.made) and not maybe_current:
            pool.submit(self.video.prepare, segment)
        return pending

    def _manifest(self, planned: list[NarratedSegment], timeline: Timeline) -> str:
        segments = []
        self.chunk_keys = [[piece.key for piece in self.video.plan(p)] for p in planned]
        for p, chunks in zip(planned, self.chunk_keys):
            segments.append(
                {
                    "chunks": chunks,
                    "narration": p.narration_keys,
                    "frames": p.frames,
                    "start": p.start_frame,
                    "audio": p.audio_digest,
                    "cues": [asdict(c) for c in p.cues],
                }
            )
        return entry_key(
            Kind.OUTPUTS,
            segments=segments,
            fps=self.fps,
            size=list(self.choices.size),
            lead=LEAD,
            encoder=self.choices.encoder.key(),
            title=self.script.title,
            rate=RATE,
            music=timeline.music,
            outputs=output_shapes(self.settings),
        )

    def _assemble(
        self,
        timeline: Timeline,
        paths: list[Path],
        audio: AacPieces,
        outputs: Outputs,
        manifest: str,
    ) -> None:
        """Write the video and its sidecars privately, then publish them as one set (checked
        again at that moment: see render.publish)."""
        texts = output_texts(timeline, self.settings, self.out)
        temps = {final: private_temp(final) for final in (self.out, *texts)}
        try:
            for final, text in texts.items():
                temps[final].write_text(text, encoding="utf-8")
            progress = lambda share: self.progress.bar(share, "writing video")  # noqa: E731
            out, packets = temps[self.out], audio.packets
            join_video(paths, audio.path, timeline, out, self.work, progress, packets)
            self.progress.bar(1.0, "writing video")
            outputs.publish(temps, manifest)
        finally:
            for temp in temps.values():
                temp.unlink(missing_ok=True)

    def _summary(self, timeline: Timeline, rebuilt: list[bool], up_to_date: bool, reasons=()):
        return summarize(
            timeline, self.out, self.choices.size, self.voice_spec, rebuilt, up_to_date, self.stages
        ).with_reasons(reasons)
