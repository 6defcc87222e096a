"""ffmpeg for video: its settings, the coded-picture plumbing, joining chunks and muxing them with
the narration (render.encode.sequence encodes the chunks)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from scriptreel.render.encode import h264
from scriptreel.render.errors import DISK_FULL_TEXT, RenderError, disk_full


@dataclass(frozen=True)
class Encoder:
    """Video encoder settings; every chunk of a video uses the same ones, so chunks join by copy."""

    preset: str = "veryfast"
    """x264 speed preset (cards are still pictures: a fast preset loses nothing)."""
    crf: int = 20
    """x264 constant quality; lower is better and larger."""
    audio_quality: str = "2"
    """ffmpeg's AAC VBR quality (-q:a) of the narration track: 2 is about 130 kb/s on speech."""

    def key(self) -> dict:
        return {**asdict(self), "ffmpeg": ffmpeg_version()}


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    from imageio_ffmpeg import get_ffmpeg_exe

    return get_ffmpeg_exe()


@lru_cache(maxsize=1)
def ffmpeg_version() -> str:
    from imageio_ffmpeg import get_ffmpeg_version

    return get_ffmpeg_version()


def encoder_env() -> dict[str, str]:
    """The environment of the ffmpeg processes that encode pictures: glibc hands blocks of 4 MB
    and more (a 1080p frame is 6 MB) straight back to the system when freed, instead of keeping
    them for reuse. An x264 process encoding 1080p frames fed through a pipe then holds about
    150 MB instead of 250 (four cold renders of the sample each way), for no measurable time.
    A value the user set is kept."""
    return {"MALLOC_MMAP_THRESHOLD_": str(4 * 2**20), **os.environ}


def ffmpeg_failed(what: str, detail: list[str], code: int) -> RenderError:
    """The error for an ffmpeg run that failed: its last line of output says why."""
    reason = detail[-1] if detail else f"exit {code}"
    full = [line for line in detail if any(text in line for text in DISK_FULL_TEXT)]
    if full:
        return disk_full("ffmpeg", f"{what} failed ({full[-1]})")
    return RenderError(
        "ffmpeg",
        f"{what} failed ({reason})",
        "rerun with --debug; if it persists, report it with the script",
    )


def run_ffmpeg(
    args: list[str], what: str, stdin: bytes | None = None, cwd: Path | None = None
) -> bytes:
    """Run ffmpeg to the end (in folder `cwd`: see concat_list); what it wrote to standard
    output, or the error saying `what` failed."""
    result = subprocess.run(
        [ffmpeg_exe(), "-nostdin" if stdin is None else "-hide_banner", "-v", "error", "-y", *args],
        input=stdin,
        capture_output=True,
        check=False,
        cwd=cwd,
        env=encoder_env(),
    )
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ffmpeg_failed(what, detail, result.returncode)
    return result.stdout


def _x264_args(fps: int, encoder: Encoder, gop: int, container: str = "mp4") -> list[str]:
    codec = ["-c:v", "libx264", "-preset", encoder.preset, "-tune", "stillimage"]
    codec += ["-crf", str(encoder.crf), "-profile:v", "high", "-pix_fmt", "yuv420p", "-bf", "0"]
    # A GOP of one frame would change the SPS (no reference frames): chunks would not join.
    codec += ["-g", str(max(gop, 2)), "-threads", "1", *_COLOUR, "-an"]
    if container == "mp4":
        return [*codec, "-video_track_timescale", str(fps * 1000), "-f", "mp4"]
    return [*codec, "-f", container]


_COLOUR = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]
_COLOUR += ["-color_range", "tv"]

# setparams tags the frames themselves: ffmpeg's encoder takes colour primaries and transfer
# from the frames, so the -color_* options alone leave them "unknown" in the stream.
_TAGS = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
_TO_YUV = f"scale=out_color_matrix=bt709:out_range=tv:flags=bicubic,format=yuv420p,{_TAGS}"

# x264's rate-control lookahead per preset. A still is encoded this many times plus one, so its
# one kept frame gets the quality its macroblock tree gives a picture that stays on screen.
_LOOKAHEAD = {"ultrafast": 0, "superfast": 0, "veryfast": 10, "faster": 20, "fast": 30}
_LOOKAHEAD |= {"medium": 40, "slow": 50, "slower": 60, "veryslow": 60, "placebo": 60}


def _to_h264(
    args: list[str], what: str, stdin: bytes | None = None, cwd: Path | None = None
) -> list[list[bytes]]:
    """The coded pictures of an encode to Annex-B H.264 on standard output."""
    return h264.access_units(h264.nal_units(run_ffmpeg([*args, "pipe:1"], what, stdin, cwd)))


@lru_cache(maxsize=8)
def _skip_slice(size: tuple[int, int], fps: int, encoder: Encoder) -> tuple[bytes, bytes, bytes]:
    """An all-skip P slice for these settings, with the SPS and PPS it was coded under.

    Flat mid-grey is coded without loss, so its second frame repeats the first exactly and
    every macroblock of it is skipped with zero motion, whatever the picture it follows.
    """
    width, height = size
    grey = b"\x80" * (width * height * 3 // 2) * 2
    source = ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}"]
    source += ["-framerate", str(fps), "-i", "pipe:0"]
    args = [*source, "-vf", f"format=yuv420p,{_TAGS}", *_x264_args(fps, encoder, 2, "h264")]
    units = _to_h264([*args, "-frames:v", "2"], "making a repeat frame", grey)
    return h264.all_skip_slice(units[-1]), *h264.parameter_sets(units[0])


def write_repeated(
    pictures: list[list[bytes]],
    counts: list[int],
    fps: int,
    out: Path,
    encoder: Encoder,
    size: tuple[int, int],
) -> None:
    """Write coded pictures, each shown for its count of frames, as an MP4 chunk."""
    skip, *sets = _skip_slice(size, fps, encoder)
    try:
        if list(h264.parameter_sets(pictures[0])) != sets:
            raise h264.StreamError("the pictures and the repeat frame have different SPS or PPS")
        stream = h264.repeat_pictures(pictures, counts, skip)
    except h264.StreamError as error:
        raise RenderError(
            "ffmpeg", f"the encoded stills cannot be repeated ({error})", "report it"
        ) from error
    # Raw H.264 has no timestamps: ffmpeg would count them in microseconds and drift by one
    # tick every hundred frames, so each packet's is set from its index.
    stamps = f"setts=ts=N/({fps}*TB)"
    args = ["-f", "h264", "-framerate", str(fps), "-i", "pipe:0", "-c", "copy", "-bsf:v", stamps]
    args += ["-video_track_timescale", str(fps * 1000), "-an", "-f", "mp4", str(out)]
    run_ffmpeg(args, "writing a still chunk", stdin=stream)


def concat_list(paths: list[Path], folder: Path) -> str:
    """An ffmpeg concat-demuxer list to be saved in `folder` and read by an ffmpeg running there
    (`cwd`, the list given by its bare name); a chunk repeated is simply listed again."""
    return "ffconcat version 1.0\n" + "".join(_concat_entry(p, folder) + "\n" for p in paths)


def _concat_entry(path: Path, folder: Path) -> str:
    """A `file` line naming `path` relative to `folder`. ffmpeg reads the list line by line, so
    an absolute path with a line break cannot be listed, and it resolves a relative entry against
    the list's path as a URL, where a '?' or '#' cuts it: relative names read from inside the
    folder avoid both, whatever the cache folder is called."""
    relative = os.path.relpath(Path(path).resolve(), Path(folder).resolve())
    if "\n" in relative or "\r" in relative:
        raise RenderError(
            str(path),
            "a file to join has a line break in its path, which ffmpeg cannot read from a list",
            "use a cache folder (SCRIPTREEL_CACHE_DIR) without line breaks in its name",
        )
    return "file '" + relative.replace("'", "'\\''") + "'"


def mux(
    list_file: Path,
    audio: Path,
    metadata: Path,
    out: Path,
    duration: float,
    on_progress: Callable[[float], None] | None = None,
    audio_options: tuple[list[str], list[str]] = ([], []),
) -> None:
    """Join the video chunks (`list_file`, from concat_list) and the encoded narration, both by
    stream copy, with the title and chapters from an ffmetadata file, index first.
    `audio_options` are ffmpeg options for the narration: those that read it (before its -i) and
    those for its stream in the output."""
    inputs = ["-f", "concat", "-safe", "0", "-i", list_file.name]
    inputs += [*audio_options[0], "-i", os.path.abspath(audio)]
    inputs += ["-f", "ffmetadata", "-i", os.path.abspath(metadata)]
    maps = ["-map", "0:v:0", "-map", "1:a:0", "-map_metadata", "2", "-map_chapters", "2"]
    args = [ffmpeg_exe(), "-nostdin", "-hide_banner", "-v", "error", "-y", *inputs, *maps]
    args += ["-c", "copy", *audio_options[1], "-movflags", "+faststart", "-f", "mp4"]
    args += ["-progress", "pipe:1", "-nostats", os.path.abspath(out)]
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=list_file.parent
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            match = re.match(r"out_time_us=(\d+)", line)
            if match and on_progress and duration > 0:
                on_progress(min(1.0, int(match[1]) / 1e6 / duration))
        stderr = process.stderr.read() if process.stderr else ""
    except BaseException:
        process.kill()  # interrupted: do not leave ffmpeg writing a file nobody will use
        process.wait()
        raise
    if process.wait() != 0:
        raise ffmpeg_failed("joining the video", stderr.strip().splitlines(), process.returncode)
