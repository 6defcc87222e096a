"""Moving beats: a clip, or a picture pushed in, composed with timed overlays; and clip sound."""

from __future__ import annotations

from PIL import Image

from media.beats import callout_overlay, label_overlay, picture_layers
from media.card import caption_overlay
from media.clips import clip_audio, clip_for_span, push_clip
from media.word_captions import word_caption_overlay
from script.beats import BeatKind, ClipAudio, Zoom

from .frames import WordCaption
from .mixing import mix_clip_sound
from .timeline import RATE

PUSH = 1.08
"""How far a picture beat pushes in (or pulls out) over its span, with --motion."""


def moving_clip(piece, ctx):
    """The MoviePy clip of a CLIP or PUSH piece: the beat under its label and credit, with the
    call-outs and captions of its runs layered on at their times. Closing it closes the beat's
    decoder too."""
    import numpy as np
    from moviepy import CompositeVideoClip, ImageClip

    video = ctx.video
    segment = ctx.item.segment
    seconds = piece.frames / video.fps
    beat = segment.beats[piece.beat]
    base = _beat_clip(beat, video, segment.title, seconds)
    layers = []
    where = f"{video.script.path}:{beat.line}"
    subject = _subject(beat, video, where) if any(run.callout for run in piece.layers) else None
    for run in piece.layers:
        layer = _overlay(run, video, segment.title, subject)
        if layer is not None:
            timed = ImageClip(np.asarray(layer), transparent=True).with_start(run.start / video.fps)
            layers.append(timed.with_duration(run.frames / video.fps))
    if not layers:
        return base
    composite = CompositeVideoClip([base, *layers], size=video.size).with_duration(seconds)
    close = composite.close

    def close_all() -> None:
        close()
        base.close()

    composite.close = close_all
    return composite


def _beat_clip(beat, video, title: str, seconds: float):
    """The beat itself, moving: a clip played over its span, or a picture pushed in or out."""
    where = f"{video.script.path}:{beat.line}"
    if beat.kind is BeatKind.CLIP:
        overlay = label_overlay(video.size, video.theme, title, beat.credit)
        return clip_for_span(
            beat.path,
            seconds,
            video.size,
            video.fps,
            beat.fit.value,
            beat.start,
            beat.end,
            beat.loop,
            video.theme.background_top,
            overlay=overlay,
            where=where,
        )
    if beat.kind is not BeatKind.PICTURE:
        raise ValueError(f"{where}: a {beat.kind.value} beat does not move")
    picture, overlay = picture_layers(
        beat.path,
        video.size,
        video.theme,
        beat.fit.value,
        title,
        beat.credit,
        scale=PUSH,
        where=where,
    )
    zoom = (1.0, PUSH) if beat.zoom is Zoom.IN else (PUSH, 1.0)
    return push_clip(picture, overlay, video.size, seconds, *zoom)


def _subject(beat, video, where: str):
    """Where the moving beat's subject is, so its call-outs keep off it."""
    from media.subject import clip_subject, picture_subject

    if beat.kind.value == "clip":
        fit = beat.fit.value
        return clip_subject(beat.path, video.size, fit, beat.start, beat.end, where)
    return picture_subject(beat.path, video.size, beat.fit.value, None)


def _overlay(run, video, label: str, subject=None) -> Image.Image | None:
    """The call-out and caption of a run on one transparent layer, or None when it has none;
    the call-out in the quiet part beside the beat's subject when there is room."""
    from media.callouts import quiet_zone

    parts = []
    if run.callout:
        zone = quiet_zone(run.callout, video.size, subject, video.burn_captions)
        parts.append(
            callout_overlay(run.callout, video.size, video.theme, label, zone, video.burn_captions)
        )
    if isinstance(run.caption, WordCaption):
        words = run.caption
        parts.append(word_caption_overlay(words.words, words.current, video.size, video.theme))
    elif run.caption:
        parts.append(caption_overlay(run.caption, video.size, video.theme))
    if not parts:
        return None
    layer = parts[0]
    for part in parts[1:]:
        layer = Image.alpha_composite(layer, part)
    return layer


def clip_sound(item, pcm, speech, video):
    """The segment's narration with the sound of every `audio=mix` clip beat mixed under it."""
    beats = item.segment.beats
    if not any(b.kind is BeatKind.CLIP and b.audio is ClipAudio.MIX for b in beats):
        return pcm
    fps = video.fps
    for piece, start in video.moving_spans(item):
        beat = beats[piece.beat]
        if beat.kind is not BeatKind.CLIP or beat.audio is not ClipAudio.MIX:
            continue
        where = f"{video.script.path}:{beat.line}"
        seconds = piece.frames / fps
        sound = clip_audio(beat.path, beat.start, beat.end, seconds, RATE, beat.loop, fps, where)
        pcm = mix_clip_sound(pcm, speech, sound, round(start * RATE / fps), RATE)
    return pcm
