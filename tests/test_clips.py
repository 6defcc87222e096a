"""Video clips for beats: probing, refusing unusable files, frames at the right time, sound."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from scriptreel.media.clip_probe import parse_probe, probe_clip, source_frame, span_frames
from scriptreel.media.clips import clip_audio, clip_for_span, frame_filters, push_clip
from scriptreel.media.errors import MediaInputError

BITS = 5
"""Frame indexes are drawn as 5 stripes, white for a 1 bit: they survive H.264 exactly."""
SIZE = (320, 180)


def ffmpeg() -> str:
    from imageio_ffmpeg import get_ffmpeg_exe

    return get_ffmpeg_exe()


def indexed_frame(index: int, size=SIZE) -> np.ndarray:
    frame = np.zeros((size[1], size[0], 3), np.uint8)
    stripe = size[0] // BITS
    for bit in range(BITS):
        if index >> bit & 1:
            frame[:, bit * stripe : (bit + 1) * stripe] = 255
    frame[: size[1] // 4, -stripe // 2 :] = (255, 0, 0)  # a red corner, to see rotation
    return frame


def read_index(frame: np.ndarray) -> int:
    stripe = frame.shape[1] // BITS
    middle = frame.shape[0] // 2
    return sum(
        1 << bit
        for bit in range(BITS)
        if frame[middle, bit * stripe + stripe // 2 - 4 : bit * stripe + stripe // 2 + 4].mean()
        > 128
    )


def write_clip(
    path: Path, frames: int = 20, fps: int = 10, extra: tuple = (), size=SIZE, first: int = 0
) -> Path:
    data = b"".join(indexed_frame(first + i, size).tobytes() for i in range(frames))
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24"]
        + ["-s", f"{size[0]}x{size[1]}", "-framerate", str(fps), "-i", "pipe:0", *extra]
        + ["-pix_fmt", "yuv420p", "-crf", "12", str(path)],
        input=data,
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def counted(tmp_path_factory) -> Path:
    """Two seconds at 10 fps, each frame showing its own index."""
    return write_clip(tmp_path_factory.mktemp("clips") / "counted.mp4")


def frames_of(clip, fps: int, times) -> list[int]:
    try:
        return [read_index(clip.get_frame(round(t * fps) / fps)) for t in times]
    finally:
        clip.close()


def test_probe_reads_duration_rate_size_and_sound(counted):
    info = probe_clip(counted)
    assert info.duration == pytest.approx(2.0, abs=0.05)
    assert info.fps == pytest.approx(10)
    assert info.size == SIZE and info.rotation == 0 and not info.has_audio


def test_clip_shows_the_source_frame_of_each_moment_at_another_frame_rate(counted):
    clip = clip_for_span(counted, 1.0, SIZE, 24, start=0.5)
    assert clip.duration == 1.0 and clip.fps == 24
    # At 24 fps, output time t shows the source frame on screen at 0.5 + t.
    times = [0, 0.25, 0.5, 0.75, 0.95]
    assert frames_of(clip, 24, times) == [int((0.5 + t) * 10 + 1e-9) for t in times]


def test_short_clip_holds_its_last_frame(counted):
    clip = clip_for_span(counted, 3.0, SIZE, 12, start=1.0, end=1.5)
    assert frames_of(clip, 12, [0, 0.45, 1.0, 2.9]) == [10, 14, 14, 14]


def test_looping_clip_starts_again(counted):
    clip = clip_for_span(counted, 2.0, SIZE, 10, start=1.0, end=1.5, loop=True)
    assert frames_of(clip, 10, [0, 0.4, 0.5, 0.9, 1.0, 1.3]) == [10, 14, 10, 14, 10, 13]


def test_reading_backwards_restarts_the_pass(counted):
    clip = clip_for_span(counted, 2.0, SIZE, 10)
    assert frames_of(clip, 10, [1.5, 0.2, 1.9]) == [15, 2, 19]


def test_variable_frame_rate_clip_keeps_its_timing(tmp_path):
    """One second at 10 fps (frames 0-9), then one second at 5 fps (frames 10-14)."""
    fast = write_clip(tmp_path / "fast.mp4", frames=10, fps=10)
    slow = write_clip(tmp_path / "slow.mp4", frames=5, fps=5, first=10)
    listing = tmp_path / "parts.txt"
    listing.write_text(f"file '{fast}'\nfile '{slow}'\n")
    joined = tmp_path / "joined.mp4"
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing)]
        + ["-c", "copy", str(joined)],
        check=True,
    )
    clip = clip_for_span(joined, 2.0, SIZE, 20)
    times = [0.05, 0.45, 0.95, 1.05, 1.25, 1.45, 1.95]
    assert frames_of(clip, 20, times) == [0, 4, 9, 10, 11, 12, 14]


def test_rotated_phone_clip_comes_out_upright(tmp_path):
    plain = write_clip(tmp_path / "plain.mp4", frames=5)
    turned = tmp_path / "phone.mp4"
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-display_rotation:v:0", "90", "-i", str(plain)]
        + ["-c", "copy", str(turned)],
        check=True,
    )
    info = probe_clip(turned)
    assert info.size == (180, 320) and info.rotation in (90, 270)
    clip = clip_for_span(turned, 0.5, (180, 320), 10)
    try:
        frame = clip.get_frame(0.2)
    finally:
        clip.close()
    # A display matrix of 90 degrees turns the picture counter-clockwise.
    expected = np.rot90(indexed_frame(2), 1)
    assert np.abs(frame.astype(int) - expected).mean() < 12


def test_contain_letterboxes_on_the_theme_colour_and_cover_fills(counted):
    tall = (180, 320)
    contained = clip_for_span(counted, 0.5, tall, 10, fit="contain", theme_background=(12, 19, 38))
    covered = clip_for_span(counted, 0.5, tall, 10, fit="cover")
    try:
        bars, full = contained.get_frame(0.3), covered.get_frame(0.3)
    finally:
        contained.close()
        covered.close()
    assert bars.shape == (320, 180, 3)
    assert np.abs(bars[:40].astype(int) - (12, 19, 38)).max() <= 3  # bar above the picture
    assert np.abs(bars[-40:].astype(int) - (12, 19, 38)).max() <= 3
    assert full[:40].max() == 255  # cover: picture right to the top edge


def test_gif_plays(tmp_path):
    gif = write_clip(tmp_path / "count.gif", frames=10, extra=("-f", "gif"))
    clip = clip_for_span(gif, 1.0, SIZE, 10)
    assert frames_of(clip, 10, [0.0, 0.5, 0.9]) == [0, 5, 9]


def test_text_file_named_mp4_is_refused(tmp_path):
    fake = tmp_path / "notes.mp4"
    fake.write_text("not a video at all\n")
    with pytest.raises(MediaInputError) as caught:
        probe_clip(fake, "talk.md:4")
    assert caught.value.where == "talk.md:4"


def test_missing_clip_is_refused(tmp_path):
    with pytest.raises(MediaInputError, match="not found"):
        clip_for_span(tmp_path / "gone.mp4", 1.0, SIZE, 10)


def test_start_past_the_end_is_refused(counted):
    with pytest.raises(MediaInputError, match="cannot start at 5"):
        clip_for_span(counted, 1.0, SIZE, 10, start=5)


def test_playlists_and_concat_lists_are_refused(tmp_path):
    playlist = tmp_path / "harbour.mp4"
    playlist.write_text("ffconcat version 1.0\nfile '/etc/passwd'\n")
    with pytest.raises(MediaInputError):
        probe_clip(playlist)
    listing = "Input #0, hls, from 'x.mp4':\n  Duration: 00:00:02.00\n"
    with pytest.raises(MediaInputError, match="format clips cannot use"):
        parse_probe(listing, Path("x.mp4"))


def test_picture_renamed_to_mp4_is_refused(tmp_path):
    from PIL import Image

    picture = tmp_path / "still.mp4"
    Image.new("RGB", (32, 32), "red").save(picture, format="PNG")
    with pytest.raises(MediaInputError):
        probe_clip(picture)


def test_zero_length_is_refused():
    text = (
        "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n  Duration: 00:00:00.00, start: 0\n"
        "  Stream #0:0[0x1](und): Video: h264, yuv420p, 320x180 [SAR 1:1 DAR 16:9], 10 fps\n"
    )
    with pytest.raises(MediaInputError, match="zero length"):
        parse_probe(text, Path("a.mp4"))


def test_audio_only_file_is_refused():
    text = "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n  Duration: 00:00:02.00\n"
    text += "  Stream #0:0: Audio: aac, 48000 Hz, mono\n"
    with pytest.raises(MediaInputError, match="no video stream"):
        parse_probe(text, Path("a.mp4"))


def test_frame_arithmetic():
    assert span_frames(0.5, 24) == 12 and span_frames(0.51, 24) == 13 and span_frames(0, 24) == 1
    assert [source_frame(i, 5, True) for i in (0, 4, 5, 11)] == [0, 4, 0, 1]
    assert [source_frame(i, 5, False) for i in (0, 4, 5, 11)] == [0, 4, 4, 4]
    assert source_frame(11, None, False) == 11


def test_clip_sound_is_the_played_span_then_silence_or_looped(tmp_path):
    toned = tmp_path / "tone.mp4"
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x90:rate=10:d=2"]
        + ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:d=2"]
        + ["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(toned)],
        check=True,
    )
    assert probe_clip(toned).has_audio
    held = clip_audio(toned, 0.5, 1.0, 2.0, rate=8000)
    assert held.dtype == np.int16 and len(held) == 16000
    assert np.abs(held[500:3500]).mean() > 1000 and np.abs(held[4200:]).max() == 0
    looped = clip_audio(toned, 0.5, 1.0, 2.0, rate=8000, loop=True, fps=10)
    assert len(looped) == 16000 and np.abs(looped[12500:15500]).mean() > 1000


def test_silent_clip_gives_silence(counted):
    assert not clip_audio(counted, 0, None, 1.0, rate=8000).any()


def test_push_in_moves_the_picture_under_a_fixed_overlay():
    from PIL import Image

    picture = Image.fromarray(indexed_frame(21, (352, 198)))
    overlay = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    overlay.paste((0, 255, 0, 255), (0, 0, 20, 20))
    clip = push_clip(picture, overlay, SIZE, 2.0, 1.0, 1.1)
    first, last = clip.get_frame(0), clip.get_frame(2.0)
    assert first.shape == last.shape == (180, 320, 3)
    assert tuple(first[5, 5]) == tuple(last[5, 5]) == (0, 255, 0)
    whole = np.asarray(picture.resize(SIZE, Image.BILINEAR)).astype(int)
    middle = np.asarray(picture.crop((16, 9, 336, 189))).astype(int)
    assert np.abs(first[30:].astype(int) - whole[30:]).mean() < 3  # the whole picture
    assert np.abs(last[30:].astype(int) - middle[30:]).mean() < 3  # pushed in 1.1 times
    assert np.abs(first.astype(int) - last.astype(int)).mean() > 20


def test_overlay_is_drawn_over_every_frame(counted):
    from PIL import Image

    overlay = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    overlay.paste((0, 255, 0, 255), (100, 100, 140, 120))
    clip = clip_for_span(counted, 1.0, SIZE, 10, overlay=overlay)
    try:
        frames = [clip.get_frame(t) for t in (0.0, 0.5)]
    finally:
        clip.close()
    assert all(tuple(frame[110, 120]) == (0, 255, 0) for frame in frames)
    assert read_index(frames[1]) == 5


def test_reading_a_long_clip_keeps_one_frame_in_memory(tmp_path):
    import tracemalloc

    long = tmp_path / "long.mp4"
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x180:rate=10:d=12"]
        + ["-pix_fmt", "yuv420p", "-preset", "ultrafast", str(long)],
        check=True,
    )
    clip = clip_for_span(long, 12.0, SIZE, 10)
    tracemalloc.start()
    try:
        for index in range(120):
            clip.get_frame(index / 10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        clip.close()
    assert peak < 10 * SIZE[0] * SIZE[1] * 3  # a few frames, not 120 of them


def test_holding_the_last_frame_decodes_the_clip_once(counted, monkeypatch):
    import scriptreel.media.clips as clips_module

    started = []
    real = subprocess.Popen

    def counting(*args, **kwargs):
        if "rawvideo" in args[0]:
            started.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(clips_module.subprocess, "Popen", counting)
    clip = clip_for_span(counted, 4.0, SIZE, 10, start=1.5)
    assert frames_of(clip, 10, [t / 10 for t in range(40)])[-1] == 19
    assert len(started) == 1


def test_clips_are_cropped_to_the_frame_before_a_lanczos_scale():
    steps = frame_filters((320, 180), 30, "cover", (0, 0, 0)).split(",scale=")
    assert "crop=" in steps[-2] and steps[-1] == "320:180:flags=lanczos"
    assert "flags=lanczos" in frame_filters((320, 180), 30, "contain", (0, 0, 0))


def test_a_cover_clip_keeps_its_middle(tmp_path):
    # A wide clip, white only in its middle third: covering a square frame shows that third.
    frame = np.zeros((60, 180, 3), np.uint8)
    frame[:, 60:120] = 255
    path = tmp_path / "wide.mp4"
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", "180x60"]
        + ["-framerate", "10", "-i", "pipe:0", "-pix_fmt", "yuv420p", "-crf", "12", str(path)],
        input=frame.tobytes() * 5,
        check=True,
    )
    clip = clip_for_span(path, 0.4, (120, 120), 10, fit="cover")
    try:
        shown = clip.get_frame(0.1).astype(int)
    finally:
        clip.close()
    assert shown[:, 10:110].mean() > 230 and shown.shape == (120, 120, 3)


GIANT_GIF = """Input #0, gif, from 'screen.gif':
  Duration: 00:00:02.00, start: 0.000000, bitrate: 0 kb/s
  Stream #0:0: Video: gif, bgra, {size}, 2 fps, 2 tbr, 100 tbn
"""


@pytest.mark.parametrize(
    "size, problem",
    [("16000x16000", "more than 40 megapixels"), ("16x6000", "more than 10 times as long")],
)
def test_a_clip_too_large_to_decode_is_refused_from_its_header(size, problem):
    with pytest.raises(MediaInputError) as refused:
        parse_probe(GIANT_GIF.format(size=size), Path("screen.gif"), "s.md:5")
    assert refused.value.where == "s.md:5" and problem in refused.value.problem
