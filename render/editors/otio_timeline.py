"""The edit plan as an OpenTimelineIO timeline, which the OTIO adapters write as each format."""

from __future__ import annotations

from collections.abc import Sequence

from scriptreel.render.editors.plan import Clip, ClipKind, EditPlan


def otio_timeline(
    plan: EditPlan,
    tracks: Sequence[str] = ("V1", "V2", "A1", "A2"),
    url=str,
    clip_markers: bool = False,
    words: bool = True,
):
    """The plan's tracks (those named), with a marker per chapter (and per word, if the plan
    has them and `words`); `url` turns a clip's relative file into the reference the format
    wants. The markers are on the whole timeline, or with `clip_markers` on the V1 clip they
    fall in (for formats that keep only those)."""
    import opentimelineio as otio

    timeline = otio.schema.Timeline(name=plan.title)
    timeline.global_start_time = otio.opentime.RationalTime(0, plan.fps)
    chosen = {
        "V1": (plan.pictures, otio.schema.TrackKind.Video),
        "V2": (plan.overlays, otio.schema.TrackKind.Video),
        "A1": (plan.narration, otio.schema.TrackKind.Audio),
        "A2": (plan.music, otio.schema.TrackKind.Audio),
    }
    for name in tracks:
        clips, kind = chosen[name]
        if clips or name in ("V1", "A1"):
            track = _track(name, kind, clips, plan, url)
            if name == "A2" and plan.music_levels:
                # No OTIO schema holds a volume curve: kept for tools that read it.
                levels = [list(point) for point in plan.music_levels]
                track.metadata["scriptreel"] = {"volume_db_keyframes": levels}
            timeline.tracks.append(track)
    marks = [
        (frame, title or "chapter", otio.schema.MarkerColor.RED) for frame, title in plan.markers
    ]
    if words:
        marks += [(frame, word, otio.schema.MarkerColor.GREEN) for frame, word in plan.words]
    for frame, name, color in marks:
        where, at = timeline.tracks, frame
        if clip_markers:
            where, at = _clip_at(timeline.tracks[0], frame, plan.fps)
        marked = otio.opentime.TimeRange(_time(at, plan.fps), _time(0, plan.fps))
        where.markers.append(otio.schema.Marker(name=name, marked_range=marked, color=color))
    return timeline


def _clip_at(track, frame: int, fps: int):
    """The clip of a track playing at a frame, and that frame in the clip's own media."""
    at = 0
    for item in track:
        frames = item.source_range.duration.to_frames()
        if at <= frame < at + frames and hasattr(item, "media_reference"):
            return item, item.source_range.start_time.to_frames() + frame - at
        at += frames
    return track, frame


def _time(frames: int, fps: int):
    import opentimelineio as otio

    return otio.opentime.RationalTime(frames, fps)


def _track(name: str, kind, clips: Sequence[Clip], plan: EditPlan, url):
    import opentimelineio as otio

    track = otio.schema.Track(name=name, kind=kind)
    at = 0
    for clip in clips:
        if clip.start > at:
            track.append(otio.schema.Gap(source_range=_range(0, clip.start - at, plan.fps)))
        start = max(at, clip.start)
        frames = clip.end - start
        if frames <= 0:
            continue
        offset = clip.offset + start - clip.start
        track.append(_clip(clip, offset, frames, plan, url))
        at = clip.end
    return track


def _clip(clip: Clip, offset: int, frames: int, plan: EditPlan, url):
    import opentimelineio as otio

    length = clip.length if clip.length is not None else offset + frames
    reference = otio.schema.ExternalReference(
        target_url=url(clip.file), available_range=_range(0, length, plan.fps)
    )
    # An EDL names a reel in 8 characters: the start of the file's digest tells them apart.
    metadata = {"cmx_3600": {"reel": clip.file.rsplit("-", 1)[-1][:8]}}
    if clip.kind in (ClipKind.PICTURE, ClipKind.OVERLAY):
        reference.metadata["scriptreel"] = {"still": True, "alpha": clip.kind is ClipKind.OVERLAY}
    return otio.schema.Clip(
        name=clip.name,
        media_reference=reference,
        source_range=_range(offset, frames, plan.fps),
        metadata=metadata,
    )


def _range(start: int, frames: int, fps: int):
    import opentimelineio as otio

    return otio.opentime.TimeRange(_time(start, fps), _time(frames, fps))
