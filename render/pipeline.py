"""The render pipeline: narrate, lay out the timeline, encode what is stale, assemble the MP4."""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

import media.card as card_module
import media.fonts as fonts_module
import media.loudness as loudness_module
from media.captions import Cue, caption_chunks, chapter_list, split_times, to_srt, to_vtt
from media.card import (
    CardText,
    caption_overlay,
    card_text,
    draw_caption,
    render_card,
    render_layers,
)
from media.loudness import TARGET_LUFS, normalize
from media.speech import spoken
from media.themes import Theme, load_theme, theme_files
from media.voice import Voice, load_voice
from script import Script, Segment, load_script

from .assemble import (
    AacStream,
    Encoder,
    concat_list,
    encode_clip,
    load_npy,
    mux,
    resample,
    run_ffmpeg,
    save_npy,
)
from .cache import (
    Cache,
    cache_key,
    default_root,
    file_digest,
    give_normal_permissions,
    write_atomic,
)
from .checks import card_problems
from .errors import UsageError
from .mixing import Mixer, load_music
from .progress import Progress

RATE = 48000
"""Sample rate of the narration timeline and of the AAC track."""
DEFAULT_SIZE = (1920, 1080)
DEFAULT_FPS = 30
LEAD = 0.2
"""Seconds of silence after a card appears, before the voice starts."""
SENTENCE_PAUSE = 0.15
"""Seconds of silence added between sentences, unless the script or --pause says otherwise."""
SILENT_CARD = 2.0
"""Seconds a card without narration stays up."""
CAPTION_BRIDGE = 0.4
"""A burned-in caption stays up across a gap shorter than this, so it does not flicker."""
FADE = 0.3
"""Seconds of fade through black at each end of a segment, with --motion."""
ZOOM = 0.06
"""How far a picture pushes in over its segment, with --motion."""


@dataclass(frozen=True)
class RenderSettings:
    """How to render; None means: take it from the script's front matter, else the default."""

    size: tuple[int, int] | None = None
    """Output width and height (default 1920x1080)."""
    fps: int | None = None
    """Frames per second (default 30)."""
    voice: str | Voice | None = None
    """Voice spec such as `piper` or `gtts:fr` (default piper), or a loaded Voice object."""
    speed: float | None = None
    """Speaking rate factor (default 1.0)."""
    pause: float | None = None
    """Seconds between sentences (default 0.15)."""
    burn_captions: bool = False
    """Also draw the captions into the picture."""
    jobs: int | None = None
    """Cores to use (default: all); card encoding gets all but one while the voice speaks."""
    use_cache: bool = True
    """False renders from scratch in a throw-away cache."""
    breath: float = 0.5
    """Seconds of silence at the end of each segment."""
    theme: Theme | str | None = None
    """A Theme, a built-in theme name or a .toml theme file (default: the script's, else midnight)."""
    fonts: tuple[Path, ...] = ()
    """Extra fonts tried for characters the theme's fonts lack."""
    motion: bool = False
    """Fade through black between segments and slowly zoom pictures (slower to render)."""
    draft: bool = False
    """Quick check of timing: small frame, low frame rate, fastest encoder settings."""
    encoder: Encoder = field(default_factory=Encoder)
    """Video and audio encoder settings."""


@dataclass(frozen=True)
class SegmentReport:
    """What happened to one segment."""

    index: int
    number: int | None
    title: str
    start: float
    end: float
    narration: str
    rebuilt: bool
    """True when any of its narration, card or video chunk was made in this run."""


@dataclass(frozen=True)
class RenderSummary:
    """The result of a render."""

    output: Path
    captions: Path
    duration: float
    size: tuple[int, int]
    fps: int
    voice: str
    segments: tuple[SegmentReport, ...]
    up_to_date: bool
    """True when nothing changed and the existing output was kept."""
    seconds: float
    """Wall time of the render."""
    stages: dict[str, float]
    """Wall time per stage."""
    warnings: tuple[str, ...] = ()

    @property
    def sidecars(self) -> tuple[Path, Path, Path]:
        """The .srt, .vtt and .chapters.txt files written beside the video."""
        return _sidecars(self.output)

    def to_json(self) -> dict:
        data = asdict(self)
        data["output"], data["captions"] = str(self.output), str(self.captions)
        data["files"] = [str(self.output), *map(str, self.sidecars)]
        return data

    def line(self) -> str:
        rebuilt = sum(s.rebuilt for s in self.segments)
        minutes, seconds = divmod(round(self.duration), 60)
        if self.up_to_date:
            return f"up to date: {self.output} ({minutes}:{seconds:02d}, {len(self.segments)} cards; nothing changed) in {self.seconds:.2f}s"
        line = (
            f"done: {self.output} ({minutes}:{seconds:02d}, {len(self.segments)} cards: {rebuilt} rebuilt, "
            f"{len(self.segments) - rebuilt} from cache) + .srt .vtt .chapters.txt in {self.seconds:.1f}s"
        )
        if 0 < rebuilt < len(self.segments):
            line += "\nrebuilt: " + "; ".join(
                f"{s.index} {s.title!r}" for s in self.segments if s.rebuilt
            )
        return line


def _sidecars(output: Path) -> tuple[Path, Path, Path]:
    return (
        output.with_suffix(".srt"),
        output.with_suffix(".vtt"),
        output.with_suffix(".chapters.txt"),
    )


@dataclass
class _Planned:
    segment: Segment
    audio: np.ndarray
    """The segment's narration at RATE, pauses included, loudness-normalised per sentence."""
    offsets: list[tuple[int, int]]
    """(start sample within the segment audio, sample count) per sentence."""
    cues: list[Cue]
    """Captions, timed from the segment's start."""
    frames: int
    made: bool
    narration_keys: list[str]
    start_frame: int = 0


@dataclass(frozen=True)
class _Piece:
    """One chunk of a segment's video."""

    key: str
    frames: int
    kind: str
    """still, fade-in, fade-out or zoom."""
    caption: str | None
    """The burned-in caption on its picture, if any."""


@dataclass(frozen=True)
class _Choices:
    """Settings resolved from the command line, the front matter and the defaults."""

    size: tuple[int, int]
    fps: int
    speed: float
    pause: float
    lexicon: dict[str, str]
    music: Path | None


def resolve_output(script_path: Path, output: Path | None) -> Path:
    if output is None:
        # A subtitle script must not be replaced by the captions written beside the video.
        clash = script_path.suffix.lower() in (".srt", ".vtt")
        output = script_path.with_name(script_path.stem + ("-video" if clash else "") + ".mp4")
    output = Path(output)
    if output.suffix.lower() != ".mp4":
        raise UsageError(
            str(output), "the output must be an .mp4 file", "name the output like talk.mp4"
        )
    if output.resolve() == script_path.resolve():
        raise UsageError(
            str(output), "the output path is the script itself", "choose another output name"
        )
    if any(side.resolve() == script_path.resolve() for side in _sidecars(output)):
        raise UsageError(
            str(output),
            f"the captions written beside this video would replace the script {script_path.name}",
            "choose another output name with -o",
        )
    if output.is_dir():
        raise UsageError(
            str(output), "the output path is a folder", "give a file name such as talk.mp4"
        )
    if not output.parent.resolve().is_dir():
        raise UsageError(
            str(output), "the output folder does not exist", f"create {output.parent} first"
        )
    return output


def render_video(
    script_path: Path | str,
    output: Path | str | None = None,
    settings: RenderSettings = RenderSettings(),
    progress: Progress | None = None,
) -> RenderSummary:
    """Render a script file to an MP4 with .srt, .vtt and .chapters.txt beside it."""
    started = time.monotonic()
    progress = progress or Progress(quiet=True)
    script = load_script(script_path)
    for warning in script.warnings:
        progress.warn(warning)
    out = resolve_output(script.path, Path(output) if output else None)
    front = script.settings
    size = settings.size or front.size or DEFAULT_SIZE
    fps = settings.fps or front.fps or DEFAULT_FPS
    if settings.draft:
        # About 640 pixels wide at 12 fps, keeping the shape (even sides for yuv420p).
        scale = min(1.0, 640 / size[0])
        size = (max(64, round(size[0] * scale / 2) * 2), max(64, round(size[1] * scale / 2) * 2))
        fps = min(fps, 12)
        settings = replace(
            settings, encoder=Encoder(preset="ultrafast", crf=30, audio_bitrate="96k")
        )
    choices = _Choices(
        size=size,
        fps=fps,
        speed=settings.speed or front.speed or 1.0,
        pause=settings.pause
        if settings.pause is not None
        else front.pause
        if front.pause is not None
        else SENTENCE_PAUSE,
        lexicon=dict(front.pronounce),
        music=front.music,
    )
    theme = (
        settings.theme
        if isinstance(settings.theme, Theme)
        else load_theme(
            settings.theme or front.theme,
            script.path.parent if not settings.theme else Path.cwd(),
            tuple(settings.fonts),
        )
    )
    if isinstance(settings.theme, Theme) and settings.fonts:
        theme = replace(theme, extra_fonts=tuple(settings.fonts) + theme.extra_fonts)
    for warning in card_problems(script, choices.size, theme):
        progress.warn(warning)
    if settings.voice is not None and not isinstance(settings.voice, str):
        voice, voice_spec = settings.voice, settings.voice.name
    else:
        voice_spec = settings.voice or front.voice or "piper"
        voice = load_voice(voice_spec, choices.speed, on_warning=progress.warn)
    root = default_root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    _remove_stale(root / "tmp", "run-")
    for path in (out, *_sidecars(out)):
        _remove_stale(out.parent, f".{path.name}.")
    work = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=root / "tmp"))
    try:
        cache = Cache(root if settings.use_cache else work / "cache")
        run = _Run(script, out, choices, theme, voice, voice_spec, cache, work, settings, progress)
        summary = run.execute()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return replace(summary, seconds=time.monotonic() - started, warnings=script.warnings)


class _Run:
    """One render's state, so the stages share it without long argument lists."""

    def __init__(
        self,
        script: Script,
        out: Path,
        choices: _Choices,
        theme: Theme,
        voice: Voice,
        voice_spec: str,
        cache: Cache,
        work: Path,
        settings: RenderSettings,
        progress: Progress,
    ):
        self.script, self.out, self.choices, self.theme = script, out, choices, theme
        self.size, self.fps = choices.size, choices.fps
        self.voice, self.voice_spec, self.cache, self.work = voice, voice_spec, cache, work
        self.settings, self.progress = settings, progress
        self.stages: dict[str, float] = {}
        self.captions = out.with_suffix(".srt")
        self.record = (
            cache.root
            / "outputs"
            / (hashlib.sha256(str(out.resolve()).encode()).hexdigest() + ".json")
        )

    def execute(self) -> RenderSummary:
        segments = self.script.segments
        maybe_current = self._output_unchanged() is not None
        jobs = self.settings.jobs or os.cpu_count() or 1
        music_key, music = (None, None)
        if self.choices.music:
            music_key, music = load_music(self.choices.music, self.cache, RATE)
        mixer = Mixer(music, RATE)
        # Piper already uses every core while it speaks, and a still card's chunks are cheap: one
        # encoder beside it is enough, and each one more costs about 95 MB.
        pool = ThreadPoolExecutor(max_workers=max(1, jobs - 1))
        post = ThreadPoolExecutor(max_workers=1)
        # The narration is encoded to AAC while later segments are still being narrated.
        audio = AacStream(self.work / "narration.m4a", RATE, self.settings.encoder)
        try:
            planned: list[_Planned] = []
            chunks: list[Future] = []
            clock = time.monotonic()
            identity = self.voice.identity()
            frame = 0
            # The voice speaks segment i + 1 before segment i is laid out, so it never waits for
            # the helper thread's normalisation.
            ahead = self._speak(segments[0], identity, post) if segments else None
            for index, segment in enumerate(segments):
                self.progress.step(index + 1, len(segments), "narrating segment")
                current, ahead = (
                    ahead,
                    (
                        self._speak(segments[index + 1], identity, post)
                        if index + 1 < len(segments)
                        else None
                    ),
                )
                item = self._narrate(segment, current)
                item.start_frame, frame = frame, frame + item.frames
                planned.append(item)
                pcm, speech = self._segment_pcm(item)
                audio.write(mixer.push(pcm, speech))
                if not maybe_current:
                    chunks.append(pool.submit(self._segment_video, item))
            audio.write(mixer.finish())
            self.stages["narration"] = time.monotonic() - clock
            manifest = self._manifest(planned, music_key)
            if maybe_current and self._output_unchanged() == manifest:
                audio.abort()
                return self._summary(planned, up_to_date=True, rebuilt=[False] * len(planned))
            if maybe_current:
                chunks = [pool.submit(self._segment_video, item) for item in planned]
            clock = time.monotonic()
            results = []
            for done, future in enumerate(chunks, 1):
                results.append(future.result())
                self.progress.step(done, len(chunks), "encoding cards")
            self.stages["cards"] = time.monotonic() - clock
            clock = time.monotonic()
            audio.finish()
            self.stages["audio"] = time.monotonic() - clock
        except BaseException:
            audio.abort()
            raise
        finally:
            # On Ctrl-C, drop queued encodes instead of finishing them; running ones end cleanly.
            pool.shutdown(wait=True, cancel_futures=True)
            post.shutdown(wait=True, cancel_futures=True)
        clock = time.monotonic()
        self._assemble(planned, [paths for paths, _ in results], frame, audio.path)
        self.stages["assembly"] = time.monotonic() - clock
        write_atomic(
            self.record,
            lambda temp: temp.write_text(
                json.dumps({"manifest": manifest, **self._stat(self.out)})
            ),
        )
        rebuilt = [item.made or made for item, (_, made) in zip(planned, results)]
        return self._summary(planned, up_to_date=False, rebuilt=rebuilt)

    # -- narration -------------------------------------------------------------------------------

    def _narration_key(self, text: str, identity: dict) -> str:
        return cache_key(
            "narration",
            spoken=text,
            voice=identity,
            sample_rate=RATE,
            loudness=TARGET_LUFS,
            code=[_file_hash(Path(loudness_module.__file__))],
        )

    def _finish_narration(self, key: str, raw: np.ndarray) -> Path:
        """Resample, loudness-normalise and cache one synthesized sentence."""
        samples = normalize(resample(raw, self.voice.sample_rate, RATE), RATE)
        return self.cache.put("narration", key, ".npy", lambda temp: save_npy(temp, samples))

    def _speak(
        self, segment: Segment, identity: dict, post: ThreadPoolExecutor
    ) -> tuple[list[tuple[Path | Future, bool]], list[str]]:
        """Synthesize what the cache lacks; a helper thread normalises it while the voice goes on."""
        sources: list[tuple[Path | Future, bool]] = []
        keys: list[str] = []
        for sentence in segment.sentences:
            text = spoken(sentence.text, self.choices.lexicon)
            key = self._narration_key(text, identity)
            found = self.cache.get("narration", key, ".npy")
            sources.append(
                (found, False)
                if found
                else (post.submit(self._finish_narration, key, self.voice.synthesize(text)), True)
            )
            keys.append(key)
        return sources, keys

    def _narrate(
        self, segment: Segment, spoken_parts: tuple[list[tuple[Path | Future, bool]], list[str]]
    ) -> _Planned:
        """The segment's audio, timing and captions, once its sentences are ready."""
        sources, keys = spoken_parts
        pieces: list[np.ndarray] = []
        offsets: list[tuple[int, int]] = []
        made_any = False
        position = 0
        last = len(segment.sentences) - 1
        for number, (sentence, (source, made)) in enumerate(zip(segment.sentences, sources)):
            audio = load_npy(source.result() if isinstance(source, Future) else source)
            offsets.append((position, len(audio)))
            gap = sentence.pause_after + (self.choices.pause if number < last else 0.0)
            pieces += [audio, np.zeros(round(gap * RATE), dtype=np.int16)]
            position += len(audio) + len(pieces[-1])
            made_any |= made
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        if segment.sentences:
            seconds = LEAD + len(audio) / RATE + self.settings.breath
        else:
            seconds = SILENT_CARD + (1.0 if segment.number is None else 0.0)
        frames = max(1, math.ceil(round(seconds * self.fps, 6)))
        cues = []
        for sentence, (offset, count) in zip(segment.sentences, offsets):
            chunks = caption_chunks(sentence.text)
            for text, (begin, end) in zip(
                chunks, split_times(audio[offset : offset + count], RATE, chunks)
            ):
                cues.append(Cue(LEAD + (offset + begin) / RATE, LEAD + (offset + end) / RATE, text))
        return _Planned(segment, audio, offsets, cues, frames, made_any, keys)

    # -- cards and video chunks ------------------------------------------------------------------

    def _card_text(self, segment: Segment) -> CardText:
        return card_text(self.script, segment)

    def _card_key(self, segment: Segment) -> str:
        from PIL import Image, features

        card = self._card_text(segment)
        files = [*theme_files(self.theme), *([card.image] if card.image else [])]
        return cache_key(
            "card",
            text=asdict(card),
            size=list(self.size),
            theme={k: str(v) for k, v in asdict(self.theme).items()},
            files=[_file_hash(Path(f)) for f in files],
            pillow=Image.__version__,
            freetype=features.version("freetype2"),
            layout=[
                _file_hash(Path(card_module.__file__)),
                _file_hash(Path(fonts_module.__file__)),
            ],
        )

    def _shots(self, item: _Planned) -> list[tuple[str | None, int]]:
        """(caption or None, frames) runs that make up the segment's picture."""
        if not self.settings.burn_captions or not item.cues:
            return [(None, item.frames)]
        marks: list[tuple[int, str | None]] = [(0, None)]
        for cue, following in zip(item.cues, [*item.cues[1:], None]):
            end = (
                following.start
                if following and following.start - cue.end < CAPTION_BRIDGE
                else cue.end
            )
            marks += [(round(cue.start * self.fps), cue.text), (round(end * self.fps), None)]
        shots: list[tuple[str | None, int]] = []
        for (start, text), (stop, _) in zip(marks, [*marks[1:], (item.frames, None)]):
            stop = min(stop, item.frames)
            if stop > start:
                if shots and shots[-1][0] == text:
                    shots[-1] = (text, shots[-1][1] + stop - start)
                else:
                    shots.append((text, stop - start))
        return shots

    def _picture_key(self, card_key: str, caption: str | None) -> str:
        if caption is None:
            return card_key
        return cache_key("card", card=card_key, caption=caption)

    def _chunk_key(self, **parts) -> str:
        return cache_key("chunk", fps=self.fps, encoder=self.settings.encoder.key(), **parts)

    def _pieces(self, item: _Planned) -> list[_Piece]:
        """The chunks, in order, that make up the segment's frames.

        A still picture is whole one-second units plus a remainder, each encoded once and listed
        as often as needed. With motion, the first and last frames fade through black, and a
        segment with a picture is composed frame by frame with a slow zoom.
        """
        card_key = self._card_key(item.segment)
        if self.settings.motion and self._card_text(item.segment).image:
            cues = [asdict(c) for c in item.cues] if self.settings.burn_captions else []
            key = self._chunk_key(
                motion="zoom", card=card_key, cues=cues, frames=item.frames, zoom=ZOOM, fade=FADE
            )
            return [_Piece(key, item.frames, "zoom", None)]
        runs = [["still", caption, frames] for caption, frames in self._shots(item)]
        if self.settings.motion:
            fade = min(
                round(FADE * self.fps),
                runs[0][2] // (2 if len(runs) == 1 else 1),
                runs[-1][2] // (2 if len(runs) == 1 else 1),
            )
            if fade:
                runs[0][2] -= fade
                runs[-1][2] -= fade
                runs = [["fade-in", runs[0][1], fade], *runs, ["fade-out", runs[-1][1], fade]]
        pieces = []
        for kind, caption, frames in runs:
            if frames <= 0:
                continue
            picture = self._picture_key(card_key, caption)
            if kind != "still":
                pieces.append(
                    _Piece(
                        self._chunk_key(motion=kind, card=picture, frames=frames),
                        frames,
                        kind,
                        caption,
                    )
                )
                continue
            units, tail = divmod(frames, self.fps)
            pieces += [
                _Piece(self._chunk_key(card=picture, frames=self.fps), self.fps, kind, caption)
            ] * units
            if tail:
                pieces.append(
                    _Piece(self._chunk_key(card=picture, frames=tail), tail, kind, caption)
                )
        return pieces

    def _segment_video(self, item: _Planned) -> tuple[list[Path], bool]:
        """The chunk files that make up this segment's frames, and whether any was made now."""
        card = self._card_text(item.segment)
        card_key = self._card_key(item.segment)
        card_path, made = self.cache.get_or_make(
            "card",
            card_key,
            ".png",
            lambda temp: render_card(card, self.size, self.theme).save(temp, format="PNG"),
        )
        pictures: dict[str | None, Path] = {None: card_path}
        paths: list[Path] = []
        built: dict[str, Path] = {}
        pieces = self._pieces(item)
        for piece in pieces:
            if piece.caption not in pictures:
                pictures[piece.caption], picture_made = self.cache.get_or_make(
                    "card",
                    self._picture_key(card_key, piece.caption),
                    ".png",
                    lambda temp, text=piece.caption: draw_caption(
                        _open_rgb(card_path), text, self.theme
                    ).save(temp, format="PNG"),
                )
                made |= picture_made
            if piece.key not in built:
                built[piece.key], chunk_made = self.cache.get_or_make(
                    "chunk",
                    piece.key,
                    ".mp4",
                    lambda temp, piece=piece: self._encode_piece(
                        piece, pictures[piece.caption], card, item, temp
                    ),
                )
                made |= chunk_made
            paths.append(built[piece.key])
        # One file per segment, joined by stream copy: the final join then opens a few files
        # instead of one per second of video (a quarter of a second saved per 4 minutes).
        key = cache_key("segment", chunks=[piece.key for piece in pieces], fps=self.fps)
        segment_path, _ = self.cache.get_or_make(
            "segment", key, ".mp4", lambda temp: self._join(paths, temp)
        )
        return [segment_path], made

    def _join(self, paths: list[Path], temp: Path) -> None:
        listing = self.work / f"{temp.name}.ffconcat"
        try:
            listing.write_text(concat_list(paths), encoding="utf-8")
            run_ffmpeg(
                [
                    "-f",
                    "concat",
                    "-safe",
                    "0",
                    "-i",
                    str(listing),
                    "-c",
                    "copy",
                    "-video_track_timescale",
                    str(self.fps * 1000),
                    "-f",
                    "mp4",
                    str(temp),
                ],
                "joining a segment",
            )
        finally:
            listing.unlink(missing_ok=True)

    def _encode_piece(
        self, piece: _Piece, picture: Path, card: CardText, item: _Planned, temp: Path
    ) -> None:
        from moviepy import ImageClip, vfx

        seconds = piece.frames / self.fps
        if piece.kind == "zoom":
            clip = self._zoom_clip(card, item, seconds)
        else:
            clip = ImageClip(str(picture)).with_duration(seconds)
            if piece.kind == "fade-in":
                clip = clip.with_effects([vfx.FadeIn(seconds)])
            elif piece.kind == "fade-out":
                clip = clip.with_effects([vfx.FadeOut(seconds)])
        try:
            encode_clip(
                clip,
                piece.frames,
                self.fps,
                temp,
                self.settings.encoder,
                still=piece.kind == "still",
            )
        finally:
            clip.close()

    def _zoom_clip(self, card: CardText, item: _Planned, seconds: float):
        """A slow push-in on the card's picture under its text (and captions), with fades."""
        import numpy as np
        from moviepy import CompositeVideoClip, ImageClip, vfx

        background, overlay = render_layers(card, self.size, self.theme)
        base = ImageClip(np.asarray(background)).with_duration(seconds)
        base = base.resized(lambda t: 1 + ZOOM * t / max(seconds, 1e-6)).with_position("center")
        layers = [base, ImageClip(np.asarray(overlay), transparent=True).with_duration(seconds)]
        if self.settings.burn_captions:
            for cue in item.cues:
                caption = ImageClip(
                    np.asarray(caption_overlay(cue.text, self.size, self.theme)), transparent=True
                )
                layers.append(
                    caption.with_start(cue.start).with_duration(max(0.01, cue.end - cue.start))
                )
        fade = min(FADE, seconds / 2)
        return (
            CompositeVideoClip(layers, size=self.size)
            .with_duration(seconds)
            .with_effects([vfx.FadeIn(fade), vfx.FadeOut(fade)])
        )

    # -- the timeline and the output ------------------------------------------------------------

    def _manifest(self, planned: list[_Planned], music_key: str | None) -> str:
        segments = []
        for p in planned:
            chunks = [piece.key for piece in self._pieces(p)]
            segments.append(
                {
                    "chunks": chunks,
                    "narration": p.narration_keys,
                    "frames": p.frames,
                    "start": p.start_frame,
                    "audio": hashlib.sha256(p.audio.tobytes()).hexdigest(),
                    "cues": [asdict(c) for c in p.cues],
                }
            )
        return cache_key(
            "output",
            segments=segments,
            fps=self.fps,
            size=list(self.size),
            lead=LEAD,
            encoder=self.settings.encoder.key(),
            title=self.script.title,
            rate=RATE,
            music=music_key,
            code=[_file_hash(Path(__file__))],
        )

    def _span(self, item: _Planned) -> tuple[int, int]:
        """First and one-past-last sample of a segment; from frame numbers, so nothing drifts."""

        def at(frame: int) -> int:
            return round(frame * RATE / self.fps)

        return at(item.start_frame), at(item.start_frame + item.frames)

    def _segment_pcm(self, item: _Planned) -> tuple[np.ndarray, np.ndarray]:
        """The segment's narration after LEAD seconds, padded with silence to its exact span, and
        where in it the voice speaks (for ducking music)."""
        first, last = self._span(item)
        pcm = np.zeros(last - first, dtype=np.int16)
        speech = np.zeros(last - first, dtype=bool)
        lead = round(LEAD * RATE)
        pcm[lead : lead + len(item.audio)] = item.audio[: max(0, len(pcm) - lead)]
        for offset, count in item.offsets:
            speech[lead + offset : lead + offset + count] = True
        return pcm, speech

    def _cues(self, planned: list[_Planned]) -> list[Cue]:
        return [cue.shifted(self._span(item)[0] / RATE) for item in planned for cue in item.cues]

    def _chapters(self, planned: list[_Planned]) -> list[tuple[float, float, str]]:
        return [
            (self._span(p)[0] / RATE, self._span(p)[1] / RATE, p.segment.title) for p in planned
        ]

    def _assemble(
        self, planned: list[_Planned], chunk_paths: list[list[Path]], total_frames: int, audio: Path
    ) -> None:
        listing = self.work / "chunks.ffconcat"
        listing.write_text(
            concat_list([p for paths in chunk_paths for p in paths]), encoding="utf-8"
        )
        chapters = self._chapters(planned)
        metadata = self.work / "chapters.ffmeta"
        metadata.write_text(_ffmetadata(self.script.title, chapters), encoding="utf-8")
        duration = total_frames / self.fps
        cues = self._cues(planned)
        srt, vtt, chapter_file = _sidecars(self.out)
        texts = {
            srt: to_srt(cues),
            vtt: to_vtt(cues),
            chapter_file: chapter_list([(start, title) for start, _, title in chapters]),
        }
        temps = {final: _private_temp(final) for final in (self.out, *texts)}
        try:
            for final, text in texts.items():
                temps[final].write_text(text, encoding="utf-8")
            mux(
                listing,
                audio,
                metadata,
                temps[self.out],
                duration,
                on_progress=lambda share: self.progress.bar(share, "writing video"),
            )
            self.progress.bar(1.0, "writing video")
            for final, temp in temps.items():
                _publish(temp, final)
        finally:
            for temp in temps.values():
                temp.unlink(missing_ok=True)

    def _output_unchanged(self) -> str | None:
        """The manifest of the last render to this path, if the files there are still what it wrote."""
        try:
            record = json.loads(self.record.read_text())
            if (
                all(p.is_file() for p in _sidecars(self.out))
                and record["size"] == self._stat(self.out)["size"]
                and record["mtime_ns"] == self._stat(self.out)["mtime_ns"]
            ):
                return record["manifest"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    @staticmethod
    def _stat(path: Path) -> dict:
        info = path.stat()
        return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}

    def _summary(
        self, planned: list[_Planned], up_to_date: bool, rebuilt: list[bool]
    ) -> RenderSummary:
        reports = []
        for index, (item, made) in enumerate(zip(planned, rebuilt)):
            reports.append(
                SegmentReport(
                    index,
                    item.segment.number,
                    item.segment.title,
                    item.start_frame / self.fps,
                    (item.start_frame + item.frames) / self.fps,
                    item.segment.narration,
                    made,
                )
            )
        total = sum(p.frames for p in planned) / self.fps
        return RenderSummary(
            self.out,
            self.captions,
            total,
            tuple(self.size),
            self.fps,
            self.voice_spec,
            tuple(reports),
            up_to_date,
            0.0,
            self.stages,
        )


def _ffmetadata(title: str, chapters: list[tuple[float, float, str]]) -> str:
    """ffmpeg's metadata file: the title and one chapter per segment, in milliseconds."""

    def escape(text: str) -> str:
        return "".join("\\" + c if c in "=;#\\\n" else c for c in text)

    lines = [";FFMETADATA1", f"title={escape(title)}"]
    for start, end, name in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(start * 1000)}",
            f"END={round(end * 1000)}",
            f"title={escape(name)}",
        ]
    return "\n".join(lines) + "\n"


def _open_rgb(path: Path):
    from PIL import Image

    with Image.open(path) as image:
        return image.convert("RGB")


_FILE_HASHES: dict[Path, str] = {}


def _file_hash(path: Path) -> str:
    if path not in _FILE_HASHES:
        _FILE_HASHES[path] = file_digest(path)
    return _FILE_HASHES[path]


def _private_temp(final: Path) -> Path:
    """A temp file beside `final`, named so a later run can tell it is stale."""
    handle, name = tempfile.mkstemp(
        dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=".part"
    )
    os.close(handle)
    return Path(name)


def _publish(temp: Path, final: Path) -> None:
    """Give the temp file normal permissions (mkstemp makes it private) and move it into place."""
    give_normal_permissions(temp)
    os.replace(temp, final)


def _remove_stale(folder: Path, prefix: str) -> None:
    """Remove temp files and folders left by runs that were killed (their process is gone)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        parts = (
            entry.name[len(prefix) :].split(".")
            if prefix.startswith(".")
            else entry.name[len(prefix) :].split("-")
        )
        pid = next((int(p) for p in parts if p.isdigit()), None)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.endswith(".part"):
            entry.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
