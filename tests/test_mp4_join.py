"""The video joined by copying bytes (render.encode.mp4join) is the video ffmpeg's stream copy
makes: the same packets at the same times, the same decoded pictures and sound, the same title
and chapters; and what it does not expect goes to ffmpeg."""

from __future__ import annotations

import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from scriptreel.render.encode import mp4join
from scriptreel.render.encode.assemble import Encoder, concat_list, ffmpeg_exe, mux
from scriptreel.render.encode.mp4join import join_mp4, join_video
from scriptreel.render.encode.mp4read import Unexpected, children, read_chunk
from scriptreel.render.encode.sequence import encode_clip
from scriptreel.render.sound.aac import FRAME, AacPieces, PieceStore, track_options
from scriptreel.render.store.cache import Cache, Kind
from scriptreel.render.timeline import ffmetadata

FPS, SIZE, RATE = 30, (320, 180), 48000


@dataclass
class Timeline:
    """What join_video reads of a render's timeline."""

    samples: int
    title: str
    chapters: list[tuple[float, float, str]]

    @property
    def duration(self) -> float:
        return self.samples / RATE


def _noise(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (SIZE[1], SIZE[0], 3), dtype=np.uint8)


def _chunks(folder: Path) -> list[Path]:
    """A still, a moving chunk and a longer still, the first listed again at the end."""
    from moviepy import ImageClip, VideoClip

    made = []
    for name, frames, still in (("a", 40, True), ("b", 17, False), ("c", 75, True)):
        if still:
            clip = ImageClip(_noise(len(made))).with_duration(frames / FPS)
        else:
            clip = VideoClip(lambda t: _noise(int(t * FPS) + 9), duration=frames / FPS)
        encode_clip(clip, frames, FPS, folder / f"{name}.mp4", Encoder(), still=still)
        made.append(folder / f"{name}.mp4")
    return [*made, made[0]]


def _narration(folder: Path, samples: int) -> Path:
    """A tone, cut into AAC pieces as a render writes it."""
    store = PieceStore(Cache(folder / "cache"), Kind.AUDIO.value, lambda digest: digest)
    track = AacPieces(folder / "narration.aac", RATE, store)
    track.cut(20 * FRAME)
    time = np.arange(samples) / RATE
    track.write(np.round(np.sin(2 * np.pi * 330 * time) * 9000).astype(np.int16))
    track.finish(samples)
    return track.path


def _by_ffmpeg(paths, audio, timeline, out: Path) -> Path:
    listing, metadata = out.parent / "list.ffconcat", out.parent / "meta.txt"
    listing.write_text(concat_list(paths, out.parent))
    metadata.write_text(ffmetadata(timeline.title, timeline.chapters))
    mux(listing, audio, metadata, out, timeline.duration, None, track_options(timeline.samples))
    return out


def _run(*args: str) -> str:
    done = subprocess.run([ffmpeg_exe(), "-v", "error", *args], capture_output=True, check=True)
    return done.stdout.decode("latin-1")


def _packets(path: Path, stream: str) -> str:
    """Each packet's time, length and checksum."""
    return _run("-i", str(path), "-map", f"0:{stream}", "-c", "copy", "-f", "framemd5", "-")


def _decoded(path: Path, stream: str) -> str:
    return _run("-i", str(path), "-map", f"0:{stream}", "-f", "framemd5", "-")


def _said(path: Path) -> list[str]:
    """ffmpeg's account of the file: durations, streams, title and chapters; not the encoder
    tag, the overall bit rate (the index's size differs) or ffmpeg's own chapter track; chapter
    times to the millisecond (ffmpeg's are read from its metadata file, in milliseconds)."""
    info = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)], capture_output=True)
    lines = info.stderr.decode().splitlines()[1:]
    cut = next((n for n, line in enumerate(lines) if "Data: bin_data" in line), len(lines))
    kept = [re.sub(r"bitrate: \d+ kb/s", "", line) for line in lines[:cut]]
    kept = [
        re.sub(r"\d+\.\d+", lambda m: f"{float(m[0]):.3f}", k) if "Chapter" in k else k
        for k in kept
    ]
    return [line for line in kept if "encoder" not in line and "At least one" not in line]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("join")
    paths = _chunks(folder)
    samples = (40 + 17 + 75 + 40) * RATE // FPS - 333  # not a whole number of AAC frames
    end = (40 + 17 + 75 + 40) / FPS  # a render's last chapter ends with the video
    chapters = [(0.0, 1.9, "Opening"), (1.9, 4.4, "Ça va — naïve café ☕"), (4.4, end, "End")]
    timeline = Timeline(samples, "A join: tested", chapters)
    audio = _narration(folder, samples)
    ours, theirs = folder / "ours.mp4", folder / "theirs.mp4"
    assert join_video(paths, audio, timeline, ours, folder)
    return ours, _by_ffmpeg(paths, audio, timeline, theirs)


def test_the_packets_and_their_times_are_ffmpegs(made):
    ours, theirs = made
    for stream in ("v", "a"):
        assert _packets(ours, stream) == _packets(theirs, stream)


def test_pictures_and_sound_decode_the_same(made):
    ours, theirs = made
    for stream in ("v", "a"):
        assert _decoded(ours, stream) == _decoded(theirs, stream)


def test_duration_title_and_chapters_read_as_ffmpegs(made):
    ours, theirs = made
    said = _said(ours)
    assert said == _said(theirs)
    assert "title           : Ça va — naïve café ☕" in "\n".join(said)
    assert sum("Chapter #" in line for line in said) == 3


def test_progress_is_told_and_ends_whole(tmp_path):
    shares = []
    paths = _chunks(tmp_path)
    audio = _narration(tmp_path, 172 * RATE // FPS)
    join_mp4(paths, audio, 172 * RATE // FPS, "t", [], tmp_path / "o.mp4", shares.append)
    assert shares == sorted(shares) and shares[-1] == pytest.approx(1.0) and len(shares) > 3


def test_a_long_chapter_name_is_cut_on_a_character(tmp_path):
    name = "é" * 200  # 400 bytes: a Nero chapter name holds 255
    paths = _chunks(tmp_path)[:1]
    samples = 40 * RATE // FPS
    out = tmp_path / "o.mp4"
    join_mp4(paths, _narration(tmp_path, samples), samples, "t", [(0.0, 1.0, name)], out)
    titles = [line for line in _said(out) if "title" in line]
    assert titles[-1].split(": ", 1)[1] == "é" * 127


def test_what_the_joiner_does_not_expect_goes_to_ffmpeg(tmp_path, monkeypatch):
    from moviepy import ImageClip

    paths = _chunks(tmp_path)[:2]
    other = tmp_path / "wide.mp4"  # another size: another sample description
    clip = ImageClip(np.zeros((90, 160, 3), np.uint8)).with_duration(1)
    encode_clip(clip, FPS, FPS, other, Encoder(), still=True)
    with pytest.raises(Unexpected):
        join_mp4([*paths, other], tmp_path / "none.aac", 1, "t", [], tmp_path / "x.mp4")
    samples = (40 + 17) * RATE // FPS
    audio = _narration(tmp_path, samples)
    many = [(n / 100, (n + 1) / 100, f"{n}") for n in range(256)]  # more than Nero's list holds
    used = []
    monkeypatch.setattr(mp4join, "mux", lambda *a, **k: used.append(a) or mux(*a, **k), False)
    timeline = Timeline(samples, "t", many)
    assert not join_video(paths, audio, timeline, tmp_path / "o.mp4", tmp_path)
    assert _packets(tmp_path / "o.mp4", "v") == _packets(
        _by_ffmpeg(paths, audio, Timeline(samples, "t", []), tmp_path / "f.mp4"), "v"
    )


def test_a_chunk_with_a_trimming_edit_list_is_not_read(tmp_path):
    path = _chunks(tmp_path)[0]
    data = bytearray(path.read_bytes())
    at = data.index(b"elst") + 4  # version, flags, count, then the entry's media time
    version = data[at]
    field = at + 8 + (8 if version else 4)
    data[field : field + 4] = (1000).to_bytes(4, "big")
    path.write_bytes(bytes(data))
    with pytest.raises(Unexpected, match="trims"):
        read_chunk(path)


def _chapter_track(path: Path) -> tuple[list[int], list[str], list[int]]:
    """The QuickTime chapter track's sample durations and names, and what the video track
    names as its chapters."""
    data = path.read_bytes()
    moov = children(children(data)[b"moov"][0])
    names, durations, refers = [], [], []
    for trak in moov[b"trak"]:
        boxes = children(trak)
        mdia = children(boxes[b"mdia"][0])
        kind = mdia[b"hdlr"][0][8:12]
        if kind == b"vide":
            refers = list(struct.unpack_from(">I", children(boxes[b"tref"][0])[b"chap"][0]))
        if kind != b"text":
            continue
        stbl = children(children(mdia[b"minf"][0])[b"stbl"][0])
        stts = stbl[b"stts"][0]
        for row in range(struct.unpack_from(">I", stts, 4)[0]):
            count, delta = struct.unpack_from(">II", stts, 8 + 8 * row)
            durations += [delta] * count
        at = struct.unpack_from(">I", stbl[b"stco"][0], 8)[0]
        sizes = struct.unpack_from(f">{len(durations)}I", stbl[b"stsz"][0], 12)
        for size in sizes:
            length = struct.unpack_from(">H", data, at)[0]
            names.append(data[at + 2 : at + 2 + length].decode("utf-8"))
            assert data[at + 2 + length : at + size] == b"\0\0\0\x0cencd\0\0\x01\0"
            at += size
    return durations, names, refers


def test_apple_players_find_the_chapters_in_a_chapter_track(made):
    ours, _ = made
    durations, names, refers = _chapter_track(ours)
    assert names == ["Opening", "Ça va — naïve café ☕", "End"]
    assert durations == [1900, 2500, round((40 + 17 + 75 + 40) / FPS * 1000) - 4400]
    assert refers == [3]


def test_a_long_video_keeps_one_chunk_file_open_at_a_time(tmp_path, monkeypatch):
    paths = _chunks(tmp_path) * 40  # 160 chunks: more than some systems let a process open
    samples = 40 * (40 + 17 + 75 + 40) * RATE // FPS
    audio = _narration(tmp_path, samples)
    opened, most = [], []
    real_open = open

    class Counted:
        def __init__(self, *args, **kwargs):
            self.file = real_open(*args, **kwargs)
            opened.append(self)
            most.append(len(opened))

        def __getattr__(self, name):
            return getattr(self.file, name)

        def close(self):
            if self in opened:
                opened.remove(self)
            self.file.close()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.close()

    monkeypatch.setattr(mp4join, "open", Counted, raising=False)
    join_mp4(paths, audio, samples, "t", [], tmp_path / "o.mp4")
    monkeypatch.undo()
    assert max(most) <= 2 and not opened  # the output and one chunk
    assert len(_packets(tmp_path / "o.mp4", "v").splitlines()) > 160 * 40
