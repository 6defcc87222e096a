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
from media.captions import Cue, to_srt
from media.card import DEFAULT_THEME, CardText, Theme, render_card
from media.voice import Voice, load_voice
from script import Script, Segment, load_script

from .assemble import AacStream, Encoder, concat_list, encode_clip, mux, resample
from .cache import Cache, cache_key, default_root, file_digest, write_atomic
from .errors import UsageError
from .progress import Progress

RATE = 48000
"""Sample rate of the narration timeline and of the AAC track."""
DEFAULT_SIZE = (1920, 1080)
DEFAULT_FPS = 30
LEAD = 0.2
"""Seconds of silence after a card appears, before the voice starts."""
SENTENCE_PAUSE = 0.15
"""Seconds of silence added between sentences."""
SILENT_CARD = 2.0
"""Seconds a card without narration stays up."""


@dataclass(frozen=True)
class RenderSettings:
    """How to render; None means: take it from the script's front matter, else the default."""

    size: tuple[int, int] | None = None
    """Output width and height (default 1920x1080)."""
    fps: int | None = None
    """Frames per second (default 30)."""
    voice: str | Voice | None = None
    """Voice spec such as `piper` or `gtts:fr` (default piper), or a loaded Voice object."""
    jobs: int | None = None
    """Parallel encodes (default: all cores)."""
    use_cache: bool = True
    """False renders from scratch in a throw-away cache."""
    breath: float = 0.5
    """Seconds of silence at the end of each segment."""
    theme: Theme = DEFAULT_THEME
    """Card colours and fonts."""
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

    def to_json(self) -> dict:
        data = asdict(self)
        data["output"], data["captions"] = str(self.output), str(self.captions)
        return data

    def line(self) -> str:
        rebuilt = sum(s.rebuilt for s in self.segments)
        minutes, seconds = divmod(round(self.duration), 60)
        if self.up_to_date:
            return f"up to date: {self.output} ({minutes}:{seconds:02d}, {len(self.segments)} cards; nothing changed) in {self.seconds:.2f}s"
        line = (f"done: {self.output} ({minutes}:{seconds:02d}, {len(self.segments)} cards: {rebuilt} rebuilt, "
                f"{len(self.segments) - rebuilt} from cache) + {self.captions.name} in {self.seconds:.1f}s")
        if 0 < rebuilt < len(self.segments):
            line += "\nrebuilt: " + "; ".join(f"{s.index} {s.title!r}" for s in self.segments if s.rebuilt)
        return line


@dataclass
class _Planned:
    segment: Segment
    audio: np.ndarray
    offsets: list[tuple[int, int]]
    """(start sample within the segment audio, sample count) per sentence."""
    frames: int
    made: bool
    narration_keys: list[str]
    start_frame: int = 0


def resolve_output(script_path: Path, output: Path | None) -> Path:
    output = Path(output) if output else script_path.with_suffix(".mp4")
    if output.suffix.lower() != ".mp4":
        raise UsageError(str(output), "the output must be an .mp4 file", "name the output like talk.mp4")
    if output.resolve() == script_path.resolve():
        raise UsageError(str(output), "the output path is the script itself", "choose another output name")
    if output.is_dir():
        raise UsageError(str(output), "the output path is a folder", "give a file name such as talk.mp4")
    if not output.parent.resolve().is_dir():
        raise UsageError(str(output), "the output folder does not exist", f"create {output.parent} first")
    return output


def render_video(script_path: Path | str, output: Path | str | None = None,
                 settings: RenderSettings = RenderSettings(), progress: Progress | None = None) -> RenderSummary:
    """Render a script file to an MP4 and an SRT beside it; returns what was done."""
    started = time.monotonic()
    progress = progress or Progress(quiet=True)
    script = load_script(script_path)
    for warning in script.warnings:
        progress.warn(warning)
    out = resolve_output(script.path, Path(output) if output else None)
    size = settings.size or script.settings.size or DEFAULT_SIZE
    fps = settings.fps or script.settings.fps or DEFAULT_FPS
    if settings.voice is not None and not isinstance(settings.voice, str):
        voice, voice_spec = settings.voice, settings.voice.name
    else:
        voice_spec = settings.voice or script.settings.voice or "piper"
        voice = load_voice(voice_spec)
    root = default_root()
    (root / "tmp").mkdir(parents=True, exist_ok=True)
    _remove_stale(root / "tmp", "run-")
    _remove_stale(out.parent, f".{out.name}.")
    _remove_stale(out.parent, f".{out.with_suffix('.srt').name}.")
    work = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=root / "tmp"))
    try:
        cache = Cache(root if settings.use_cache else work / "cache")
        run = _Run(script, out, size, fps, voice, voice_spec, cache, work, settings, progress)
        summary = run.execute()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return replace(summary, seconds=time.monotonic() - started, warnings=script.warnings)


class _Run:
    """One render's state, so the stages share it without long argument lists."""

    def __init__(self, script: Script, out: Path, size, fps: int, voice: Voice, voice_spec: str,
                 cache: Cache, work: Path, settings: RenderSettings, progress: Progress):
        self.script, self.out, self.size, self.fps = script, out, size, fps
        self.voice, self.voice_spec, self.cache, self.work = voice, voice_spec, cache, work
        self.settings, self.progress = settings, progress
        self.stages: dict[str, float] = {}
        self.captions = out.with_suffix(".srt")
        self.record = cache.root / "outputs" / (hashlib.sha256(str(out.resolve()).encode()).hexdigest() + ".json")

    def execute(self) -> RenderSummary:
        segments = self.script.segments
        maybe_current = self._output_unchanged() is not None
        jobs = self.settings.jobs or os.cpu_count() or 1
        pool = ThreadPoolExecutor(max_workers=jobs)
        # The narration is encoded to AAC while later segments are still being narrated.
        audio = AacStream(self.work / "narration.m4a", RATE, self.settings.encoder)
        try:
            planned: list[_Planned] = []
            chunks: list[Future] = []
            clock = time.monotonic()
            identity = self.voice.identity()
            frame = 0
            for index, segment in enumerate(segments):
                self.progress.step(index + 1, len(segments), "narrating segment")
                item = self._narrate(segment, identity)
                item.start_frame, frame = frame, frame + item.frames
                planned.append(item)
                audio.write(self._segment_pcm(item))
                if not maybe_current:
                    chunks.append(pool.submit(self._segment_video, item))
            self.stages["narration"] = time.monotonic() - clock
            manifest = self._manifest(planned)
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
        clock = time.monotonic()
        self._assemble(planned, [paths for paths, _ in results], frame, audio.path)
        self.stages["assembly"] = time.monotonic() - clock
        write_atomic(self.record, lambda temp: temp.write_text(json.dumps({"manifest": manifest, **self._stat(self.out)})))
        rebuilt = [item.made or made for item, (_, made) in zip(planned, results)]
        return self._summary(planned, up_to_date=False, rebuilt=rebuilt)

    # -- narration -------------------------------------------------------------------------------

    def _narrate(self, segment: Segment, identity: dict) -> _Planned:
        rate = RATE
        pause = np.zeros(round(SENTENCE_PAUSE * rate), dtype=np.int16)
        pieces: list[np.ndarray] = []
        offsets: list[tuple[int, int]] = []
        keys: list[str] = []
        made_any = False
        position = 0
        for number, sentence in enumerate(segment.sentences):
            key = cache_key("narration", text=sentence.text, voice=identity, sample_rate=rate)
            path, made = self.cache.get_or_make("narration", key, ".npy", lambda temp, text=sentence.text: _save_npy(
                temp, resample(self.voice.synthesize(text), self.voice.sample_rate, rate)))
            audio = np.load(path)
            if number:
                pieces.append(pause)
                position += len(pause)
            offsets.append((position, len(audio)))
            pieces.append(audio)
            position += len(audio)
            keys.append(key)
            made_any |= made
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
        if segment.sentences:
            seconds = LEAD + len(audio) / rate + self.settings.breath
        else:
            seconds = SILENT_CARD + (1.0 if segment.number is None else 0.0)
        frames = max(1, math.ceil(round(seconds * self.fps, 6)))
        return _Planned(segment, audio, offsets, frames, made_any, keys)

    # -- cards and video chunks ------------------------------------------------------------------

    def _card_text(self, segment: Segment) -> CardText:
        total = len(self.script.numbered)
        if segment.number is None:
            return CardText(segment.title, None, total, f"{total} parts" if total > 1 else "")
        return CardText(segment.title, segment.number, total, self.script.title)

    def _card_key(self, segment: Segment) -> str:
        from PIL import Image, features

        theme = self.settings.theme
        return cache_key("card", text=asdict(self._card_text(segment)), size=list(self.size),
                         theme={k: str(v) for k, v in asdict(theme).items()},
                         fonts=[_file_hash(theme.title_font), _file_hash(theme.text_font)],
                         pillow=Image.__version__, freetype=features.version("freetype2"),
                         layout=_file_hash(Path(card_module.__file__)))

    def _chunk_keys(self, card_key: str, frames: int) -> list[tuple[str, int]]:
        """(key, frames) per listed chunk: whole one-second units, then the remainder."""
        units, tail = divmod(frames, self.fps)
        encoder = self.settings.encoder.key()
        listed = []
        if units:
            listed += [(cache_key("chunk", card=card_key, frames=self.fps, fps=self.fps, encoder=encoder), self.fps)] * units
        if tail:
            listed.append((cache_key("chunk", card=card_key, frames=tail, fps=self.fps, encoder=encoder), tail))
        return listed

    def _segment_video(self, item: _Planned) -> tuple[list[Path], bool]:
        """The chunk files that make up this segment's frames, and whether any was made now."""
        card_key = self._card_key(item.segment)
        card_path, made = self.cache.get_or_make(
            "card", card_key, ".png",
            lambda temp: render_card(self._card_text(item.segment), self.size, self.settings.theme).save(temp, format="PNG"))
        paths: list[Path] = []
        built: dict[str, Path] = {}
        for key, frames in self._chunk_keys(card_key, item.frames):
            if key not in built:
                built[key], chunk_made = self.cache.get_or_make("chunk", key, ".mp4", lambda temp, n=frames: self._encode_card(card_path, n, temp))
                made |= chunk_made
            paths.append(built[key])
        return paths, made

    def _encode_card(self, card_path: Path, frames: int, temp: Path) -> None:
        from moviepy import ImageClip

        clip = ImageClip(str(card_path))
        try:
            encode_clip(clip, frames, self.fps, temp, self.settings.encoder)
        finally:
            clip.close()

    # -- the timeline and the output ------------------------------------------------------------

    def _manifest(self, planned: list[_Planned]) -> str:
        return cache_key("output", segments=[
            {"chunks": [k for k, _ in self._chunk_keys(self._card_key(p.segment), p.frames)], "narration": p.narration_keys,
             "frames": p.frames, "start": p.start_frame} for p in planned],
            fps=self.fps, size=list(self.size), lead=LEAD, pause=SENTENCE_PAUSE, encoder=self.settings.encoder.key(),
            title=self.script.title, rate=RATE)

    def _span(self, item: _Planned) -> tuple[int, int]:
        """First and one-past-last sample of a segment; from frame numbers, so nothing drifts."""
        def at(frame: int) -> int:
            return round(frame * RATE / self.fps)

        return at(item.start_frame), at(item.start_frame + item.frames)

    def _segment_pcm(self, item: _Planned) -> np.ndarray:
        """The segment's narration after LEAD seconds, padded with silence to its exact span."""
        first, last = self._span(item)
        pcm = np.zeros(last - first, dtype=np.int16)
        lead = round(LEAD * RATE)
        pcm[lead:lead + len(item.audio)] = item.audio[: max(0, len(pcm) - lead)]
        return pcm

    def _cues(self, planned: list[_Planned]) -> list[Cue]:
        cues: list[Cue] = []
        for item in planned:
            begin = self._span(item)[0] + round(LEAD * RATE)
            for sentence, (offset, count) in zip(item.segment.sentences, item.offsets):
                cues.append(Cue((begin + offset) / RATE, (begin + offset + count) / RATE, sentence.text))
        return cues

    def _assemble(self, planned: list[_Planned], chunk_paths: list[list[Path]], total_frames: int, audio: Path) -> None:
        listing = self.work / "chunks.ffconcat"
        listing.write_text(concat_list([p for paths in chunk_paths for p in paths]), encoding="utf-8")
        duration = total_frames / self.fps
        temp = _private_temp(self.out)
        try:
            mux(listing, audio, temp, duration, self.script.title,
                on_progress=lambda share: self.progress.bar(share, "writing video"))
            self.progress.bar(1.0, "writing video")
            _publish(temp, self.out)
        finally:
            temp.unlink(missing_ok=True)
        temp = _private_temp(self.captions)
        try:
            temp.write_text(to_srt(self._cues(planned)), encoding="utf-8")
            _publish(temp, self.captions)
        finally:
            temp.unlink(missing_ok=True)

    def _output_unchanged(self) -> str | None:
        """The manifest of the last render to this path, if the files there are still what it wrote."""
        try:
            record = json.loads(self.record.read_text())
            if self.captions.is_file() and record["size"] == self._stat(self.out)["size"] and record["mtime_ns"] == self._stat(self.out)["mtime_ns"]:
                return record["manifest"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    @staticmethod
    def _stat(path: Path) -> dict:
        info = path.stat()
        return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}

    def _summary(self, planned: list[_Planned], up_to_date: bool, rebuilt: list[bool]) -> RenderSummary:
        reports = []
        for index, (item, made) in enumerate(zip(planned, rebuilt)):
            reports.append(SegmentReport(index, item.segment.number, item.segment.title, item.start_frame / self.fps,
                                         (item.start_frame + item.frames) / self.fps, item.segment.narration, made))
        total = sum(p.frames for p in planned) / self.fps
        return RenderSummary(self.out, self.captions, total, tuple(self.size), self.fps, self.voice_spec,
                             tuple(reports), up_to_date, 0.0, self.stages)


def _save_npy(temp: Path, samples: np.ndarray) -> None:
    with open(temp, "wb") as handle:
        np.save(handle, samples.astype(np.int16, copy=False))


_FILE_HASHES: dict[Path, str] = {}


def _file_hash(path: Path) -> str:
    if path not in _FILE_HASHES:
        _FILE_HASHES[path] = file_digest(path)
    return _FILE_HASHES[path]


def _private_temp(final: Path) -> Path:
    """A temp file beside `final`, named so a later run can tell it is stale."""
    handle, name = tempfile.mkstemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=".part")
    os.close(handle)
    return Path(name)


def _publish(temp: Path, final: Path) -> None:
    """Give the temp file normal permissions (mkstemp makes it private) and move it into place."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(temp, 0o666 & ~mask)
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
        parts = entry.name[len(prefix):].split(".") if prefix.startswith(".") else entry.name[len(prefix):].split("-")
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
