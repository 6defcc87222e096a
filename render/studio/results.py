"""What the page learns from a render: when each card, beat and sentence really starts."""

from __future__ import annotations

from scriptreel.script import Script, Segment
from scriptreel.script.beats import Anchor


def words_by_segment(words, count: int) -> list[list[dict]]:
    """The render's words (the OUT.words.json list) grouped by the index of their segment."""
    grouped: list[list[dict]] = [[] for _ in range(count)]
    for word in words:
        if 0 <= word["segment"] < count:
            grouped[word["segment"]].append(word)
    return grouped


def anchor_time(segment: Segment, anchor: Anchor, words: list[dict], end: float) -> float:
    """Seconds into the video where the anchored word starts.

    The words of a segment are its sentences' words in order, split as `sentence.text.split()`
    (as anchors count them), so the anchor's place in that list is a plain count. An anchor
    past the last word (a beat at the segment's end) starts where the narration ends.
    """
    before = segment.sentences[: anchor.sentence]
    index = sum(len(s.text.split()) for s in before) + anchor.word
    if index < len(words):
        return words[index]["start"]
    return words[-1]["end"] if words else end


def real_times(script: Script, segments: list[dict], words) -> dict:
    """Start times from a render: per storyboard tile (cards and beats) and per sentence line.

    `segments` are the render's segment reports (index, start, end); a sentence line maps to
    its first sentence's first word, so a click on it plays from exactly there.
    """
    grouped = words_by_segment(words, len(script.segments))
    tiles: list[float] = []
    lines: dict[str, float] = {}
    for segment, report, own in zip(script.segments, segments, grouped):
        tiles.append(report["start"])
        for beat in segment.beats:
            tiles.append(round(anchor_time(segment, beat.anchor, own, report["end"]), 3))
        for number, sentence in enumerate(segment.sentences):
            at = anchor_time(segment, Anchor(number), own, report["end"])
            lines.setdefault(str(sentence.line), round(at, 3))
    return {"tiles": tiles, "sentences": lines}


def rendered_event(summary, script: Script | None, version: str, renders: int) -> dict:
    """The `rendered` event: the render's segments, files and real start times."""
    segments = [
        {
            "index": s.index,
            "number": s.number,
            "title": s.title,
            "start": round(s.start, 3),
            "end": round(s.end, 3),
            "rebuilt": s.rebuilt,
        }
        for s in summary.segments
    ]
    times = (
        real_times(script, segments, summary.words)
        if script is not None
        else {"tiles": [], "sentences": {}}
    )
    return {
        "version": version,
        "duration": round(summary.duration, 3),
        "segments": segments,
        "rebuilt": [s["index"] for s in segments if s["rebuilt"]],
        "upToDate": summary.up_to_date,
        "seconds": round(summary.seconds, 2),
        "line": summary.line(),
        "output": summary.output.name,
        "video": f"/media/video.mp4?r={renders}",
        "captions": f"/media/captions.vtt?r={renders}",
        **times,
    }
