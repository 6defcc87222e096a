"""Moving beats: a clip, or a picture pushed in, composed with timed overlays; and clip sound."""

from __future__ import annotations

from PIL import Image

from scriptreel.media.callouts import callout_overlay
from scriptreel.media.card import caption_overlay
from scriptreel.media.clips import clip_audio
from scriptreel.media.speaker_caption import VoicedCaption, voiced_caption_overlay
from scriptreel.media.word_captions import word_caption_overlay
from scriptreel.render.beat_kinds import spec_of
from scriptreel.render.sound.mixing import mix_clip_sound
from scriptreel.render.timeline import RATE
from scriptreel.render.video.frames import WordCaption
from scriptreel.render.video.growing import growing_clip
from scriptreel.render.video.layered import layered_clip, overlay
from scriptreel.script.beats import ClipAudio


def moving_clip(piece, ctx):
    """The MoviePy clip of a moving piece (CLIP, PUSH, GROW): the beat under its label and
    credit, with the call-outs and captions of its runs layered on at their times. Closing it
    closes the beat's decoder too."""
    video = ctx.video
    segment = ctx.item.segment
    seconds = piece.frames / video.fps
    beat = segment.beats[piece.beat]
    state = piece.layers[0].base if piece.layers else None
    if state is not None and state.growing:
        base = growing_clip(beat, state, video, segment.title, seconds)
    else:
        base = _beat_clip(beat, video, segment.title, seconds)
    overlays = []
    where = f"{video.script.path}:{beat.line}"
    subject = _subject(beat, video, where) if any(run.callout for run in piece.layers) else None
    for run in piece.layers:
        layer = _overlay(run, video, segment.title, subject)
        shown = None if layer is None else overlay(layer, run.start, run.frames, video.fps)
        if shown is not None:
            overlays.append(shown)
    if not overlays:
        return base
    return layered_clip(base, overlays, seconds)


def _beat_clip(beat, video, title: str, seconds: float):
    """The beat itself, moving: a clip played over its span, or a picture pushed in or out."""
    spec = spec_of(beat)
    if spec.moving is None:
        raise ValueError(f"{video.script.path}:{beat.line}: a {spec.name} beat does not move")
    return spec.moving(beat, video, title, seconds)


def _subject(beat, video, where: str):
    """Where the moving beat's subject is, so its call-outs keep off it."""
    spec = spec_of(beat)
    return spec.subject(beat, video, where) if spec.subject else None


def _overlay(run, video, label: str, subject=None) -> Image.Image | None:
    """The call-out and caption of a run on one transparent layer, or None when it has none;
    the call-out in the quiet part beside the beat's subject when there is room."""
    from scriptreel.media.callouts import quiet_zone

    parts = []
    if run.callout:
        zone = quiet_zone(run.callout, video.size, subject, video.burn_captions)
        parts.append(
            callout_overlay(run.callout, video.size, video.theme, label, zone, video.burn_captions)
        )
    if isinstance(run.caption, WordCaption):
        words = run.caption
        if words.label():
            parts.append(voiced_caption_overlay(words.label(), video.size, video.theme))
        parts.append(
            word_caption_overlay(words.words, words.current, video.size, video.theme, words.color)
        )
    elif isinstance(run.caption, VoicedCaption):  # a cast's: in the speaker's colour
        parts.append(voiced_caption_overlay(run.caption, video.size, video.theme))
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
    if not any(b.audio is ClipAudio.MIX for b in beats):  # only a clip may set audio=
        return pcm
    fps = video.fps
    for piece, start in video.moving_spans(item):
        beat = beats[piece.beat]
        if beat.audio is not ClipAudio.MIX:
            continue
        where = f"{video.script.path}:{beat.line}"
        seconds = piece.frames / fps
        sound = clip_audio(beat.path, beat.start, beat.end, seconds, RATE, beat.loop, fps, where)
        pcm = mix_clip_sound(pcm, speech, sound, round(start * RATE / fps), RATE)
    return pcm
