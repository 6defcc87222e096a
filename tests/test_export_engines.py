"""Real editors' engines open the exports: melt renders the .mlt, ges-launch the .xges, and
their frames, length and narration agree with scriptreel's own video."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import write
from tests.export_helpers import (
    FORMATS,
    SCRIPT,
    SIZE,
    envelope,
    gray_frames,
    lag_ms,
    write_media,
)
from tests.probe import decode_audio
from tests.tonevoice import ToneVoice

LIKE = 4.0
"""Largest mean difference (of 255 grey levels, on an 80x45 frame) for "the same picture":
two encodes of one picture differ by about 1; a missing call-out or picture by far more."""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from scriptreel.render import RenderSettings, render_video

    folder = tmp_path_factory.mktemp("talk")
    write_media(folder)
    settings = RenderSettings(size=SIZE, voice=ToneVoice(), export=FORMATS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCRIPTREEL_CACHE_DIR", str(folder / "cache"))
        script = write(folder / "talk.md", SCRIPT)
        summary = render_video(script, folder / "talk.mp4", settings)
    return folder, summary


def _engine(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: see .ci/run)")
    return found


@pytest.fixture(scope="module")
def by_melt(rendered) -> Path:
    folder, _ = rendered
    melt = _engine("melt")
    out = folder / "melt.mp4"
    consumer = [f"avformat:{out}", "vcodec=libx264", "acodec=aac", "ar=48000", "crf=18"]
    subprocess.run([melt, "-quiet", str(folder / "talk.mlt"), "-consumer", *consumer], check=True)
    return out


@pytest.fixture(scope="module")
def by_ges(rendered) -> Path:
    folder, _ = rendered
    ges = _engine("ges-launch-1.0")
    out = folder / "ges.webm"
    # WebM (VP8 and Vorbis) needs only the base and good plugins; MP4's AAC needs the bad ones.
    profile = "video/webm:video/x-vp8:audio/x-vorbis"
    command = [ges, "--load", str(folder / "talk.xges"), "-o", str(out), "-f", profile]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return out


def _moments(folder: Path, summary) -> list[float]:
    """A second into each chapter, and the middle of every picture and overlay clip."""
    import opentimelineio as otio

    moments = [s.start + min(1.0, (s.end - s.start) / 2) for s in summary.segments]
    timeline = otio.adapters.read_from_file(str(folder / "talk.otio"))
    for track in timeline.video_tracks():
        for clip in track.find_clips():
            span = clip.range_in_parent()
            moments.append(span.start_time.to_seconds() + span.duration.to_seconds() / 2)
    return sorted(moments)


@pytest.mark.parametrize("engine", ["by_melt", "by_ges"])
def test_engine_frames_match_the_video_in_each_chapter_and_clip(rendered, engine, request):
    folder, summary = rendered
    ours, theirs = gray_frames(folder / "talk.mp4"), gray_frames(request.getfixturevalue(engine))
    moments = _moments(folder, summary)
    assert len(moments) > len(summary.segments)  # the overlays and beats are looked at too
    for at in moments:
        frame = int(at * summary.fps)
        difference = float(abs(ours[frame] - theirs[frame]).mean())
        assert difference < LIKE, f"frame {frame} ({at:.2f}s) differs by {difference:.1f}"


@pytest.mark.parametrize("engine", ["by_melt", "by_ges"])
def test_engine_renders_as_many_frames_as_the_video(rendered, engine, request):
    folder, _ = rendered
    theirs = len(gray_frames(request.getfixturevalue(engine)))
    assert theirs == len(gray_frames(folder / "talk.mp4"))


@pytest.mark.parametrize("engine", ["by_melt", "by_ges"])
def test_engine_narration_lines_up_within_a_frame(rendered, engine, request):
    folder, summary = rendered
    ours = envelope(decode_audio(folder / "talk.mp4"))
    theirs = envelope(decode_audio(request.getfixturevalue(engine)))
    assert abs(lag_ms(ours, theirs)) <= 1000 / summary.fps


PICTURES = 3
"""What the script shows on V1: the first segment's kinetic type (the render's own coded piece),
the map and the clip (the two segments that open on their picture show no card first)."""


@pytest.mark.parametrize(
    ("suffix", "adapter"),
    [(".otio", "otio_json"), (".xml", "fcp_xml"), (".fcpxml", "fcpx_xml"), (".edl", "cmx_3600")],
)
def test_otio_adapters_read_back_the_length_and_one_clip_per_picture(rendered, suffix, adapter):
    import opentimelineio as otio

    folder, summary = rendered
    options = {"rate": summary.fps} if adapter == "cmx_3600" else {}
    timeline = otio.adapters.read_from_file(str(folder / f"talk{suffix}"), adapter, **options)
    assert abs(timeline.duration().to_seconds() - summary.duration) < 1 / summary.fps
    pictures = list(timeline.video_tracks()[0].find_clips())
    assert len(pictures) == PICTURES
    files = [Path(clip.media_reference.target_url).name for clip in pictures]
    assert all(first != second for first, second in zip(files, files[1:]))
    assert [name.startswith("movie-") for name in files] == [True, False, True]
    assert all((folder / "talk-media" / name).is_file() for name in files)
