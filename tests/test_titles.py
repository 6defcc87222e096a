"""Card titles name what each segment is about: two to six words, never a reference back."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scriptreel.script import MAX_TITLE_CHARS, Script, ScriptError, import_transcript, load_script
from scriptreel.script.terms import content_stems, stem
from scriptreel.script.titles import segment_titles, starts_badly
from tests.transcript_corpus import RAW_TEXTS

BAD_STARTS = {"since", "although", "despite", "it", "they", "the", "this", "these", "but", "and"}


def _distinctive(title: str, segment, script: Script) -> bool:
    """Some word of the title is more frequent in its segment than in the rest of the text."""
    mine = Counter(content_stems(segment.narration))
    rest = Counter(
        stem for other in script.numbered if other is not segment
        for stem in content_stems(other.narration)
    )  # fmt: skip
    mine_total, rest_total = sum(mine.values()) or 1, sum(rest.values()) or 1
    return any(
        mine[s] and mine[s] / mine_total > rest[s] / rest_total
        for word in title.split()
        for s in [stem(part) for part in word.strip(",").split("-")]
    )


@pytest.mark.parametrize("path", RAW_TEXTS, ids=[p.stem for p in RAW_TEXTS])
def test_titles_are_short_distinctive_and_never_refer_back(path):
    script = load_script(path)
    titles = [s.title for s in script.numbered]
    assert len(set(titles)) == len(titles)
    for segment in script.numbered:
        words = segment.title.split()
        assert 2 <= len(words) <= 6, segment.title
        assert words[0].lower() not in BAD_STARTS and not starts_badly(segment.title)
        assert _distinctive(segment.title, segment, script), segment.title


@pytest.mark.parametrize("path", RAW_TEXTS, ids=[p.stem for p in RAW_TEXTS])
def test_titles_are_in_sentence_case(path):
    script = load_script(path)
    for segment in script.numbered:
        first, *rest = segment.title.split()
        assert first[:1].isupper()
        spoken = segment.narration
        for word in rest:
            # A capital inside the title is one the narration has too (a name), never added.
            assert word.islower() or word in spoken or word == word.upper(), segment.title


def test_init_writes_the_titles_into_the_markdown(tmp_path):
    from scriptreel.script import parse_markdown, to_markdown

    script = import_transcript(RAW_TEXTS[0])
    (tmp_path / "t.md").write_text(to_markdown(script, "t.txt"), encoding="utf-8")
    parsed = parse_markdown(tmp_path / "t.md")
    assert [s.title for s in parsed.numbered] == [s.title for s in script.numbered]
    assert [s.narration for s in parsed.numbered] == [s.narration for s in script.numbered]


def test_speaker_labels_are_not_read_out():
    script = load_script(RAW_TEXTS[0])
    spoken = " ".join(s.narration for s in script.numbered)
    assert "Interviewer:" not in spoken and "Beekeeper:" not in spoken
    assert "My grandmother kept six hives" in spoken


def test_a_segment_without_a_subject_gets_a_numbered_title():
    from scriptreel.script.model import Sentence

    assert segment_titles([[Sentence("It is what it is.", 1)]]) == ["Part 1"]


WORDS = st.sampled_from(
    ["The", "and", "Pakistan", "1947", "$5", "bin", "of", "it", "—", ",", ".", "\n\n", "x" * 90,
     "Since", "war", "In", "Osama", "a", "quarter", "26", "metres", "“", "’s", "-", "\n"]
)  # fmt: skip


@settings(max_examples=120, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=120).map(" ".join), st.sampled_from(["t.txt", "t.srt"]))
def test_any_text_gives_titles_within_the_limits(text, name):
    try:
        script = import_transcript(Path(name), text)
    except ScriptError:
        return
    for segment in script.numbered:
        assert 1 <= len(segment.title) <= MAX_TITLE_CHARS
        assert len(segment.title.split()) <= 6
        assert not starts_badly(segment.title)
