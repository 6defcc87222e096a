"""Visual beats read from a segment's Markdown: pictures, clips, lists, quotes and call-outs."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptreel.script import ScriptError, load_script, parse_markdown
from scriptreel.script.beats import (
    Anchor,
    Beat,
    BeatKind,
    ClipAudio,
    Fit,
    Zoom,
    callouts_of,
    with_callouts,
)

SLOW = 10.0
"""Seconds a parse may take on adversarial text: a linear parse needs a second or two on a
loaded machine, a quadratic one minutes, so the bound tells them apart without failing on noise."""


def parse(folder: Path, body: str, front: str = ""):
    """The script parsed from `## A` and body, with map.png and harbour.mp4 beside it."""
    for name in ("map.png", "harbour.mp4"):
        (folder / name).write_bytes(b"")
    path = folder / "s.md"
    path.write_text((f"---\n{front}---\n" if front else "") + "## A\n\n" + body, encoding="utf-8")
    return load_script(path)


def segment(folder: Path, body: str, front: str = ""):
    return parse(folder, body, front).segments[0]


def error(folder: Path, body: str) -> ScriptError:
    with pytest.raises(ScriptError) as caught:
        parse(folder, body)
    assert caught.value.exit_code == 2 and caught.value.fix
    return caught.value


def texts(seg) -> list[str]:
    return [s.text for s in seg.sentences]


# -- pictures and clips ---------------------------------------------------------------------------


def test_a_picture_before_the_first_sentence_starts_the_segment(tmp_path):
    seg = segment(tmp_path, "![The Moon's pull](map.png)\n\nThe Moon pulls. The sea rises.\n")
    (beat,) = seg.beats
    assert beat == Beat(
        BeatKind.PICTURE, Anchor(0, 0), 3, path=tmp_path / "map.png", alt="The Moon's pull"
    )
    assert texts(seg) == ["The Moon pulls.", "The sea rises."]


def test_a_picture_between_paragraphs_starts_at_the_next_sentence(tmp_path):
    seg = segment(tmp_path, "One. Two.\n\n![](map.png)\n\nThree.\n")
    assert [b.anchor for b in seg.beats] == [Anchor(2, 0)]
    assert seg.beats[0].line == 5


def test_a_picture_on_its_own_line_inside_a_paragraph_starts_at_the_word_after_it(tmp_path):
    seg = segment(tmp_path, "One. The far side\n![](map.png)\nlags behind.\n")
    assert texts(seg) == ["One.", "The far side lags behind."]
    assert seg.beats[0].anchor == Anchor(1, 3) and seg.beats[0].line == 4


def test_a_picture_mid_sentence_is_anchored_at_its_word_and_not_read(tmp_path):
    seg = segment(tmp_path, "First. The map ![Old map](map.png) shows the coast.\n")
    assert texts(seg) == ["First.", "The map shows the coast."]
    assert seg.beats[0].anchor == Anchor(1, 2)


def test_a_picture_after_the_last_sentence_is_anchored_at_the_segments_end(tmp_path):
    seg = segment(tmp_path, "One. Two.\n\n![](map.png)\n")
    assert seg.beats[0].anchor == Anchor(2, 0)


def test_a_picture_glued_to_a_word_is_anchored_at_that_word(tmp_path):
    seg = segment(tmp_path, "Look at moon![](map.png)light here.\n")
    assert texts(seg) == ["Look at moonlight here."]
    assert seg.beats[0].anchor == Anchor(0, 2)


def test_picture_attributes(tmp_path):
    seg = segment(tmp_path, '![](map.png){fit=contain zoom=out credit="NASA / JPL"}\n\nWords.\n')
    beat = seg.beats[0]
    assert (beat.fit, beat.zoom, beat.credit) == (Fit.CONTAIN, Zoom.OUT, "NASA / JPL")
    assert texts(seg) == ["Words."]


def test_clip_attributes_quoted_or_bare(tmp_path):
    seg = segment(
        tmp_path,
        "![Harbour](harbour.mp4){start=12.5 end='20' audio=mix loop=true fit=cover .wide}\n\n"
        "Boats.\n",
    )
    beat = seg.beats[0]
    assert beat.kind is BeatKind.CLIP and beat.path == tmp_path / "harbour.mp4"
    assert (beat.start, beat.end, beat.audio, beat.loop) == (12.5, 20.0, ClipAudio.MIX, True)


def test_clip_defaults_and_minutes(tmp_path):
    beat = segment(tmp_path, "![](harbour.mp4){end=1:05}\n\nBoats.\n").beats[0]
    assert (beat.start, beat.end, beat.audio, beat.loop, beat.fit) == (
        0.0,
        65.0,
        ClipAudio.MUTE,
        False,
        Fit.COVER,
    )


def test_alt_text_and_attributes_are_never_narrated(tmp_path):
    seg = segment(
        tmp_path,
        'Tides ![secret alt words](map.png){credit="hidden credit"} rise.\n\n'
        "![more alt](harbour.mp4){start=1}\n\nEnd.\n",
    )
    spoken = seg.narration.lower()
    assert "alt" not in spoken and "credit" not in spoken and "start" not in spoken
    assert seg.narration == "Tides rise. End."


def test_a_picture_in_a_code_span_is_an_example_not_a_beat(tmp_path):
    seg = segment(tmp_path, "Write `![Map](nowhere.png)` on its own line.\n")
    assert seg.beats == ()


def test_a_picture_path_may_have_a_title_or_angle_brackets(tmp_path):
    (tmp_path / "my map.png").write_bytes(b"")
    seg = segment(tmp_path, '![](map.png "A title")\n\n![](<my map.png>)\n\nWords.\n')
    assert [b.path.name for b in seg.beats] == ["map.png", "my map.png"]


@pytest.mark.parametrize(
    "body, line, problem, fix",
    [
        ("Words.\n\n![](missing.png)\n", 5, "picture 'missing.png' not found", "relative"),
        ("![](gone.mp4){start=1}\n\nWords.\n", 3, "clip 'gone.mp4' not found", "relative"),
        ("![](map.png){fitt=cover}\n\nWords.\n", 3, "unknown picture attribute 'fitt'", "'fit'"),
        ("![](harbour.mp4){strat=1}\n\nx.\n", 3, "unknown clip attribute 'strat'", "'start'"),
        ("![](harbour.mp4){zoom=in}\n\nx.\n", 3, "unknown clip attribute 'zoom'", "start, end"),
        ("![](map.png){fit=stretch}\n\nx.\n", 3, "fit='stretch' is not allowed", "cover, contain"),
        ("![](map.png){zoom=up}\n\nx.\n", 3, "zoom='up' is not allowed", "in, out, none"),
        ("![](harbour.mp4){audio=loud}\n\nx.\n", 3, "audio='loud'", "mute, mix"),
        ("![](harbour.mp4){loop=maybe}\n\nx.\n", 3, "loop='maybe'", "true or false"),
        ("![](harbour.mp4){start=-1}\n\nx.\n", 3, "start=-1 is before the clip begins", "0 or"),
        ("![](harbour.mp4){start=abc}\n\nx.\n", 3, "start='abc' is not a number", "12.5"),
        ("![](harbour.mp4){start=nan}\n\nx.\n", 3, "is not a number", "12.5"),
        ("![](harbour.mp4){start=5 end=5}\n\nx.\n", 3, "end=5 is not after start=5", "later"),
        ("![](harbour.mp4){start=9 end=2}\n\nx.\n", 3, "end=2 is not after start=9", "later"),
        ("![](map.png){fit=cover fit=contain}\n\nx.\n", 3, "'fit' is given twice", "keep"),
        ("![](map.png){fit=cover\n\nx.\n", 3, "never closed", "'}'"),
        ("![](map.png){cover}\n\nx.\n", 3, "'cover}' is not key=value", "fit=cover"),
        ("x.\n\n![](https://x.org/a.png)\n", 5, "is a web address", "download"),
        ("x.\n\n![alt]()\n", 5, "a picture has no file", "map.png"),
    ],
)
def test_beat_errors_name_the_line(tmp_path, body, line, problem, fix):
    caught = error(tmp_path, body)
    assert caught.line == line and problem in caught.problem, caught.one_line()
    assert fix in caught.fix, caught.one_line()


def test_an_escaped_picture_is_read_as_text(tmp_path):
    seg = segment(tmp_path, "Say \\![this](nowhere.png) aloud.\n")
    assert seg.beats == () and texts(seg) == ["Say !this aloud."]


# -- lists ----------------------------------------------------------------------------------------


def test_a_bulleted_list_is_one_beat_with_an_anchor_per_item(tmp_path):
    seg = segment(tmp_path, "Three steps.\n\n- mix the *flour*\n- bake it. Then wait\n- eat\n")
    assert texts(seg) == ["Three steps.", "mix the flour.", "bake it.", "Then wait.", "eat."]
    (beat,) = seg.beats
    assert beat.kind is BeatKind.LIST and not beat.numbered and beat.line == 5
    assert beat.items == ("mix the flour", "bake it. Then wait", "eat")
    assert beat.item_anchors == (Anchor(1), Anchor(2), Anchor(4))
    assert beat.anchor == Anchor(1)


def test_a_numbered_list_is_kept_numbered_and_continuation_lines_join_their_item(tmp_path):
    seg = segment(tmp_path, "1. one\n   still one\n2) two\n")
    (beat,) = seg.beats
    assert beat.numbered and beat.items == ("one still one", "two")
    assert texts(seg) == ["one still one.", "two."]


def test_a_paragraph_after_a_list_ends_it_and_a_new_kind_starts_another(tmp_path):
    seg = segment(tmp_path, "- a\n- b\n\nAfter.\n\n- c\n\n1. d\n")
    assert [(b.items, b.numbered) for b in seg.beats] == [
        (("a", "b"), False),
        (("c",), False),
        (("d",), True),
    ]
    assert [b.anchor for b in seg.beats] == [Anchor(0), Anchor(3), Anchor(4)]


def test_a_loose_list_with_blank_lines_between_items_is_one_list(tmp_path):
    seg = segment(tmp_path, "- a\n\n- b\n\n- c\n")
    assert seg.beats[0].items == ("a", "b", "c")


# -- quotes ---------------------------------------------------------------------------------------


def test_a_quote_is_read_and_shown_from_its_first_to_its_last_sentence(tmp_path):
    seg = segment(
        tmp_path, "Before.\n\n> The sea is **everything**.\n> It covers\n> the globe.\n\nAfter.\n"
    )
    assert texts(seg) == ["Before.", "The sea is everything.", "It covers the globe.", "After."]
    (beat,) = seg.beats
    assert beat.kind is BeatKind.QUOTE and beat.line == 5
    assert beat.items == ("The sea is everything. It covers the globe.",)
    assert (beat.anchor, beat.ends, beat.attribution) == (Anchor(1), Anchor(2), "")


@pytest.mark.parametrize("dash", ["—", "--"])
def test_a_quotes_last_dash_line_is_its_attribution_and_not_read(tmp_path, dash):
    seg = segment(
        tmp_path, f"> Imagination is more important.\n>\n> Than knowledge.\n> {dash} A. Einstein\n"
    )
    (beat,) = seg.beats
    assert beat.attribution == "A. Einstein"
    assert beat.items == ("Imagination is more important.", "Than knowledge.")
    assert "Einstein" not in seg.narration and beat.ends == Anchor(1)


def test_a_dash_line_inside_a_quote_is_read(tmp_path):
    seg = segment(tmp_path, "> First.\n> — not the last line.\n> Last.\n")
    assert "not the last line" in seg.narration and seg.beats[0].attribution == ""


# -- call-outs ------------------------------------------------------------------------------------


def test_bold_phrases_are_call_outs_only_when_the_front_matter_asks(tmp_path):
    body = "Before. The distance is **384,400 km** on average.\n"
    off = segment(tmp_path, body)
    assert off.beats == () and off.narration == "Before. The distance is 384,400 km on average."
    callout = Beat(BeatKind.CALLOUT, Anchor(1, 3), 3, items=("384,400 km",), ends=Anchor(1))
    assert callouts_of(off) == (callout,) and with_callouts(off) == (callout,)
    on = segment(tmp_path, body, "callouts: true\n")
    assert on.beats == (replace(callout, line=6),) and on.narration == off.narration


def test_call_outs_are_ordered_among_the_other_beats(tmp_path):
    seg = segment(
        tmp_path,
        "A **first** word.\n\n![](map.png)\n\nThen __second__ here.\n",
        "callouts: true\n",
    )
    assert [(b.kind, b.anchor) for b in seg.beats] == [
        (BeatKind.CALLOUT, Anchor(0, 1)),
        (BeatKind.PICTURE, Anchor(1, 0)),
        (BeatKind.CALLOUT, Anchor(1, 1)),
    ]
    assert with_callouts(seg) == seg.beats


def test_a_stretch_between_pause_markers_that_is_not_read_does_not_shift_call_outs(tmp_path):
    seg = segment(tmp_path, "[pause 1s] - > [pause 1s] Tides. Then **the Moon** rises.\n")
    assert texts(seg) == ["Tides.", "Then the Moon rises."]
    assert callouts_of(seg)[0].anchor == Anchor(1, 1)


def test_a_picture_glued_between_two_marks_keeps_them_in_order(tmp_path):
    seg = segment(tmp_path, "End![](map.png)![](map.png). **Next** one.\n", "callouts: true\n")
    assert [b.anchor for b in seg.beats] == [Anchor(0, 0), Anchor(0, 0), Anchor(1, 0)]


def test_escaped_stars_are_not_a_call_out(tmp_path):
    assert callouts_of(segment(tmp_path, "Not \\*\\*bold\\*\\* at all.\n")) == ()


# -- order ----------------------------------------------------------------------------------------


def test_beats_are_in_order_of_their_anchors(tmp_path):
    seg = segment(
        tmp_path,
        "Intro ![](harbour.mp4) words.\n\n![](map.png)\n\n- one\n- two\n\n> Quoted.\n\n"
        "Late ![](map.png).\n",
    )
    assert [(b.kind, b.anchor) for b in seg.beats] == [
        (BeatKind.CLIP, Anchor(0, 1)),
        (BeatKind.PICTURE, Anchor(1, 0)),
        (BeatKind.LIST, Anchor(1, 0)),
        (BeatKind.QUOTE, Anchor(3, 0)),
        (BeatKind.PICTURE, Anchor(4, 1)),
    ]


def test_each_segment_counts_its_own_sentences(tmp_path):
    script = parse(tmp_path, "One. Two.\n\n## B\n\nThree.\n\n![](map.png)\n")
    assert [b.anchor for b in script.segments[1].beats] == [Anchor(1, 0)]


def test_the_heading_image_stays_the_cards_background(tmp_path):
    script = parse(tmp_path, 'Words.\n\n## B {image="map.png"}\n\nMore.\n')
    assert script.segments[1].image == tmp_path / "map.png" and script.segments[1].beats == ()


# -- linear time ----------------------------------------------------------------------------------

ADVERSARIAL = {
    "picture-openers": "![" * 30000,
    "pictures-with-open-attributes": "![a](map.png){" * 10000,
    "attribute-braces": "x " + "{" * 60000,
    "quote-marks": ">" * 60000 + " x",
    "quote-lines": "> x\n" * 20000,
    "bold-runs": "**" * 30000,
    "bold-words": "**a " * 20000,
    "list-lines": "- x\n" * 20000,
    "glued-pictures": "a![](map.png)" * 5000,
}


@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=list(ADVERSARIAL))
def test_adversarial_beats_parse_in_linear_time(tmp_path, text):
    (tmp_path / "map.png").write_bytes(b"")
    started = time.perf_counter()
    try:
        parse_markdown(tmp_path / "s.md", "---\ncallouts: true\n---\n## A\n\n" + text + "\n")
    except ScriptError:
        pass
    assert time.perf_counter() - started < SLOW


BEAT_TOKENS = st.sampled_from(
    ["![", "](", "]", "picture.png", "harbour.mp4", ")", "{", "}", "fit=cover ", "start=1 ", '"',
     "**", "__", ">", "> ", "- ", "1. ", "—", "--", "\n", "\n\n", "  ", "a", "Word", ". ", "`",
     "\\", "[pause 1s]", "#"]
)  # fmt: skip
BEAT_TEXT = st.lists(
    st.tuples(BEAT_TOKENS, st.integers(1, 40)).map(lambda run: run[0] * run[1]), max_size=14
).map("".join)


@settings(max_examples=120, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(BEAT_TEXT)
def test_beats_on_hostile_runs_stay_inside_their_segment_and_in_order(text):
    folder = Path(__file__).resolve().parent / "golden"  # holds a picture.png, and no clips
    try:
        script = parse_markdown(folder / "fuzz.md", "---\ncallouts: true\n---\n## A\n\n" + text)
    except ScriptError:
        return
    for seg in script.segments:
        anchors = [b.anchor for b in seg.beats]
        assert anchors == sorted(anchors, key=lambda a: (a.sentence, a.word))
        for beat in seg.beats:
            for anchor in (beat.anchor, *beat.item_anchors, *([beat.ends] if beat.ends else [])):
                assert 0 <= anchor.sentence <= len(seg.sentences)
                if anchor.sentence < len(seg.sentences):
                    assert 0 <= anchor.word < len(seg.sentences[anchor.sentence].text.split())
