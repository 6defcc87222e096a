"""Pure timeline arithmetic: frames, samples, spans, caption shots and chapters (no I/O)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from scriptreel.media.captions import Cue

RATE = 48000
"""Sample rate of the narration timeline and of the AAC track."""
LEAD = 0.2
"""Seconds of silence after a card appears, before the voice starts (give or take
AAC_FRAME / 2 samples: see voice_lead)."""
AAC_FRAME = 1024
"""Samples per AAC-LC frame: each segment's narration starts on a multiple of it."""
BREATH = 0.5
"""Seconds of silence at the end of each narrated segment."""
SILENT_CARD = 2.0
"""Seconds a card without narration stays up."""
OPENING_EXTRA = 1.0
"""Extra seconds for an opening or closing card without narration (it carries more to read)."""
CAPTION_BRIDGE = 0.4
"""A burned-in caption stays up across a gap shorter than this, so it does not flicker."""
FADE = 0.3
"""Seconds of fade through black at each end of a segment, with --motion."""
ENDING = 1.0
"""Seconds of the video's last fade, to the theme's background; a narrated last segment is
this much longer, so the fade comes after the voice and its breath."""
ZOOM = 0.06
"""How far a picture pushes in over its segment, with --motion."""


def segment_seconds(narration_samples: int, narrated: bool, numbered: bool, breath: float) -> float:
    """How long a segment's card stays up: LEAD, its narration and a breath; or a silent card."""
    if narrated:
        # The voice may start up to half an AAC frame late (voice_lead): never past the card.
        return LEAD + narration_samples / RATE + max(breath, AAC_FRAME / 2 / RATE)
    return SILENT_CARD + (0.0 if numbered else OPENING_EXTRA)


def frames_for(seconds: float, fps: int) -> int:
    """Whole frames covering `seconds` (at least one); rounding first keeps 2.0 s at 60 frames."""
    return max(1, math.ceil(round(seconds * fps, 6)))


def sample_at(frame: int, fps: int) -> int:
    """The timeline sample where a frame starts; from frame numbers, so nothing drifts."""
    return round(frame * RATE / fps)


def voice_lead(start_frame: int, fps: int) -> int:
    """Samples from a segment's first frame to its narration: LEAD, moved by at most half an
    AAC frame (10.7 ms) so the narration starts on an AAC frame boundary of the timeline.

    Then a segment's narration is framed the same wherever the segment falls, so its encoded
    audio is reused when an edit earlier in the script moves it (render/sound/aac.py).
    """
    start = sample_at(start_frame, fps)
    nominal = start + round(LEAD * RATE)
    return (nominal + AAC_FRAME // 2) // AAC_FRAME * AAC_FRAME - start


def span(start_frame: int, frames: int, fps: int) -> tuple[int, int]:
    """First and one-past-last sample of a run of frames."""
    return sample_at(start_frame, fps), sample_at(start_frame + frames, fps)


def shots(cues: Sequence[Cue], frames: int, fps: int) -> list[tuple[str | None, int]]:
    """(caption or None, frames) runs that tile a segment's frames with its burned captions.

    A caption stays up across a gap shorter than CAPTION_BRIDGE, and runs of the same caption
    merge, so a segment is as few pictures as its captions allow.
    """
    marks: list[tuple[int, str | None]] = [(0, None)]
    for cue, following in zip(cues, [*cues[1:], None]):
        bridged = following is not None and following.start - cue.end < CAPTION_BRIDGE
        end = following.start if bridged else cue.end
        marks += [(round(cue.start * fps), cue.text), (round(end * fps), None)]
    runs: list[tuple[str | None, int]] = []
    for (start, text), (stop, _) in zip(marks, [*marks[1:], (frames, None)]):
        stop = min(stop, frames)
        if stop <= start:
            continue
        if runs and runs[-1][0] == text:
            runs[-1] = (text, runs[-1][1] + stop - start)
        else:
            runs.append((text, stop - start))
    return runs


def ffmetadata(title: str, chapters: Sequence[tuple[float, float, str]]) -> str:
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
