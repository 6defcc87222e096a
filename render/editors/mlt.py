"""MLT XML (.mlt), the project format of Kdenlive and Shotcut, which `melt` renders.

Written here rather than through OTIO's kdenlive adapter, so that how the tracks are stacked is
chosen, not left to a Kdenlive version: V1 and V2 are composited with `affine` (the overlays
keep their alpha) and the sounds mixed with `mix`, as `melt` renders them.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from scriptreel.render.editors.plan import Clip, ClipKind, EditPlan

NEEDS: tuple[str, ...] = ()
"""Python packages it is written with (the `export` extra)."""
SUFFIX = ".mlt"
WORD_GUIDE = 3
"""The Kdenlive guide category of word markers (chapters are category 0)."""


def write(plan: EditPlan, folder: Path) -> str:
    root = ET.Element("mlt", LC_NUMERIC="C", title=plan.title, producer="main")
    _profile(root, plan)
    last = str(plan.frames - 1)
    black = _producer(root, "black", "black", plan.frames, {"mlt_service": "color"})
    background = ET.SubElement(root, "playlist", id="background")
    ET.SubElement(background, "entry", producer=black, attrib={"in": "0", "out": last})
    tracks = [("V1", plan.pictures), ("V2", plan.overlays)]
    tracks += [("A1", plan.narration), ("A2", plan.music)]
    for name, clips in tracks:
        playlist = _playlist(root, name, clips)
        if name == "A2" and plan.music_levels:
            _volume(playlist, plan.music_levels)
    tractor = ET.SubElement(root, "tractor", id="main", attrib={"in": "0", "out": last})
    _guides(tractor, plan)
    ET.SubElement(tractor, "track", producer="background")
    for name, _ in tracks:
        hide = "audio" if name.startswith("V") else "video"
        ET.SubElement(tractor, "track", producer=name, hide=hide)
    for number, (name, _) in enumerate(tracks, 1):
        if name.startswith("V"):
            _transition(tractor, "affine", number, {"distort": "1", "rect": _rect(plan)})
        else:
            _transition(tractor, "mix", number, {"sum": "1"})
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _profile(root: ET.Element, plan: EditPlan) -> None:
    width, height = plan.size
    ET.SubElement(
        root,
        "profile",
        description=f"{width}x{height} {plan.fps} fps",
        width=str(width),
        height=str(height),
        progressive="1",
        sample_aspect_num="1",
        sample_aspect_den="1",
        display_aspect_num=str(width),
        display_aspect_den=str(height),
        frame_rate_num=str(plan.fps),
        frame_rate_den="1",
        colorspace="709",
    )


def _producer(root: ET.Element, name: str, resource: str, length: int, extra=None) -> str:
    producer = ET.SubElement(root, "producer", id=name)
    properties = {"resource": resource, "length": str(length), **(extra or {})}
    for key, value in properties.items():
        ET.SubElement(producer, "property", name=key).text = value
    return name


def _playlist(root: ET.Element, name: str, clips: tuple[Clip, ...]) -> ET.Element:
    made: dict[str, str] = {}
    entries = []
    at = 0
    for clip in clips:
        if clip.file not in made:
            length = clip.length if clip.length is not None else clip.frames
            extra = {"ttl": "1"} if clip.kind in (ClipKind.PICTURE, ClipKind.OVERLAY) else {}
            if clip.length is None:
                # A still's producer must last as long as its longest use.
                length = max(c.frames for c in clips if c.file == clip.file)
            made[clip.file] = _producer(root, f"{name}.{len(made)}", clip.file, length, extra)
        entries.append((clip, made[clip.file]))
    playlist = ET.SubElement(root, "playlist", id=name)
    for clip, producer in entries:
        if clip.start > at:
            ET.SubElement(playlist, "blank", length=str(clip.start - at))
        start = max(at, clip.start)
        if clip.end <= start:
            continue
        first = clip.offset + start - clip.start
        span = {"in": str(first), "out": str(first + clip.end - start - 1)}
        ET.SubElement(playlist, "entry", producer=producer, attrib=span)
        at = clip.end
    return playlist


def _volume(playlist: ET.Element, levels: tuple[tuple[int, float], ...]) -> None:
    """The music's ducking and fades as keyframes of a volume filter (its level in dB)."""
    volume = ET.SubElement(playlist, "filter")
    keyframes = ";".join(f"{frame}={decibels:g}" for frame, decibels in levels)
    for key, value in (("mlt_service", "volume"), ("level", keyframes)):
        ET.SubElement(volume, "property", name=key).text = value


def _rect(plan: EditPlan) -> str:
    width, height = plan.size
    return f"0 0 {width} {height} 1"


def _transition(tractor: ET.Element, service: str, track: int, extra: dict) -> None:
    transition = ET.SubElement(tractor, "transition")
    properties = {"mlt_service": service, "a_track": "0", "b_track": str(track)}
    properties |= {"always_active": "1", **extra}
    for key, value in properties.items():
        ET.SubElement(transition, "property", name=key).text = value


def _guides(tractor: ET.Element, plan: EditPlan) -> None:
    """Chapters (and words) as Kdenlive guides and Shotcut markers."""
    guides = [{"comment": title, "pos": frame, "type": 0} for frame, title in plan.markers]
    guides += [{"comment": word, "pos": frame, "type": WORD_GUIDE} for frame, word in plan.words]
    ET.SubElement(tractor, "property", name="kdenlive:docproperties.guides").text = json.dumps(
        guides
    )
    markers = ET.SubElement(tractor, "properties", name="shotcut:markers")
    marks = [(frame, title, "#0080ff") for frame, title in plan.markers]
    marks += [(frame, word, "#00a040") for frame, word in plan.words]
    for index, (frame, title, color) in enumerate(marks):
        marker = ET.SubElement(markers, "properties", name=str(index))
        at = _clock(frame, plan.fps)
        for key, value in (("text", title), ("start", at), ("end", at), ("color", color)):
            ET.SubElement(marker, "property", name=key).text = value


def _clock(frame: int, fps: int) -> str:
    seconds = frame / fps
    return f"{int(seconds // 3600):02d}:{int(seconds // 60 % 60):02d}:{seconds % 60:06.3f}"
