"""Automatic call-outs are visible and editable: `init` writes them as bold phrases, `check`
lists them, removing the bold removes the call-out; a channel's sign-off is not narrated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scriptreel.render.settings import RenderSettings, with_callouts
from scriptreel.script import WORDS_PER_SECOND, Script, import_transcript, load_script
from scriptreel.script.beats import BeatKind
from scriptreel.script.callouts import OPENING_SECONDS, auto_callouts
from tests.conftest import run_cli, write
from tests.test_autocallouts import is_bare
from tests.transcript_corpus import TRANSCRIPTS

HARBOUR = TRANSCRIPTS / "raw-harbour-light.txt"
SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples"
BOLD = re.compile(r"\*\*(.+?)\*\*")


def _init(source: Path, folder: Path) -> tuple[str, str]:
    copy = folder / source.name
    shutil.copy(source, copy)
    result = run_cli("init", copy.name, cwd=folder)
    assert result.returncode == 0, result.stderr
    return (folder / (copy.stem + ".md")).read_text(encoding="utf-8"), result.stderr


def test_init_writes_the_call_outs_it_chose_as_bold_phrases(tmp_path):
    markdown, _ = _init(HARBOUR, tmp_path)
    written = BOLD.findall(markdown)
    assert len(written) >= 8
    assert not [phrase for phrase in written if is_bare(phrase)]
    assert "callouts: true" in markdown
    imported = import_transcript(HARBOUR)
    parsed = load_script(tmp_path / "raw-harbour-light.md")
    # The Markdown shows the same call-outs, on the same words, as the transcript renders with.
    for before, after in zip(imported.numbered, parsed.numbered, strict=True):
        assert [(b.anchor, b.items) for b in before.beats] == [
            (b.anchor, b.items) for b in after.beats
        ]


def test_removing_the_bold_removes_the_call_out(tmp_path):
    markdown, _ = _init(HARBOUR, tmp_path)
    first = BOLD.search(markdown)
    edited = markdown[: first.start()] + first[1] + markdown[first.end() :]
    before = load_script(write(tmp_path / "before.md", markdown))
    after = load_script(write(tmp_path / "after.md", edited))
    phrases = [b.items[0] for s in after.segments for b in s.beats]
    assert first[1] not in phrases
    assert len(phrases) == sum(len(s.beats) for s in before.segments) - 1


def test_check_lists_every_call_out_the_render_will_show(tmp_path):
    markdown, _ = _init(HARBOUR, tmp_path)
    result = run_cli("check", "raw-harbour-light.md", cwd=tmp_path)
    notes = [line for line in result.stderr.splitlines() if ": call-out '" in line]
    assert len(notes) == len(BOLD.findall(markdown))


@pytest.mark.parametrize("front", ["callouts: auto\n", "title: Harbour\n"], ids=["auto", "default"])
def test_check_lists_call_outs_found_by_callouts_auto(tmp_path, front):
    write(tmp_path / "auto.md", f"---\n{front}---\n\n# Harbour\n\n## Light\n\n{_harbour()}\n")
    result = run_cli("check", "auto.md", cwd=tmp_path)
    assert result.stderr.count(": call-out '") >= 3


def _harbour() -> str:
    """A few paragraphs of the harbour transcript: plain narration with facts in it."""
    return "\n\n".join(HARBOUR.read_text(encoding="utf-8").split("\n\n")[1:4])


def _markdown(tmp_path: Path, front: str = "", extra: str = "") -> Script:
    """A script of one segment of narration without beats (and `extra` after it, as a second)."""
    text = f"---\ntitle: Harbour\n{front}---\n\n## Light\n\n{_harbour()}\n{extra}"
    return load_script(write(tmp_path / "harbour.md", text))


def test_a_markdown_segment_without_beats_moves_with_its_words_by_default(tmp_path):
    script = _markdown(tmp_path, extra="\n## Keepers\n\nThe keepers left.\n\n- Oil\n- Gas\n")
    light, keepers = script.numbered
    assert len(light.beats) >= 3 and light.beats == auto_callouts(light)
    # A segment with a beat of the author's shows exactly what the author wrote.
    assert [b.kind for b in keepers.beats] == [BeatKind.LIST]


def test_callouts_false_keeps_a_segment_without_beats_still(tmp_path):
    assert not _markdown(tmp_path, "callouts: false\n").numbered[0].beats
    quiet = with_callouts(RenderSettings(callouts="off"), _markdown(tmp_path))
    assert not quiet.numbered[0].beats


def test_bold_phrases_asked_for_replace_the_automatic_ones(tmp_path):
    script = _markdown(tmp_path, extra="\n## Keepers\n\nThe **last two keepers** left in 1990.\n")
    on = with_callouts(RenderSettings(callouts="on"), script)
    assert [b.items[0] for b in on.numbered[1].beats] == ["last two keepers"]
    assert on.numbered[0].beats == script.numbered[0].beats  # no bold: still found for it
    assert [b.items[0] for b in load_script(_bold_only(tmp_path)).numbered[0].beats] == ["lamp"]


def _bold_only(tmp_path: Path) -> Path:
    text = f"---\ncallouts: true\n---\n\n## Light\n\nThe **lamp** was lit. {_harbour()}\n"
    return write(tmp_path / "bold.md", text)


def test_the_opening_card_is_read_before_a_call_out_covers_it(tmp_path):
    text = f"---\ntitle: Harbour\nauthor: A. Keeper\n---\n\n# Harbour\n\n{_harbour()}\n"
    opening = load_script(write(tmp_path / "open.md", text)).segments[0]
    assert opening.number is None and opening.beats
    first = opening.beats[0].anchor
    before = sum(len(s.text.split()) for s in opening.sentences[: first.sentence]) + first.word
    assert before >= OPENING_SECONDS * WORDS_PER_SECOND


def test_the_sign_off_at_the_end_is_dropped_with_a_warning(tmp_path):
    markdown, warnings = _init(HARBOUR, tmp_path)
    assert "dropped sign-off" in warnings and "Thanks for watching" in warnings
    assert "raw-harbour-light.txt:" in warnings
    assert "subscribe" not in markdown.lower() and "see you next time" not in markdown.lower()
    script = import_transcript(HARBOUR)
    assert "visitors can take a boat" in script.numbered[-1].narration.lower()


def test_a_sign_off_phrase_mid_text_is_kept():
    text = "Title\n\nWe say thanks for watching the tide to the keepers. The light turned.\n"
    script = import_transcript(Path("t.txt"), text)
    assert "thanks for watching the tide" in script.numbered[0].narration
    assert not script.warnings


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="the shared sample transcript is not beside it")
def test_the_sample_transcript_gets_meaningful_call_outs(tmp_path):
    sample = next(SAMPLE.glob("raw-transcript-*.txt"))
    markdown, warnings = _init(sample, tmp_path)
    written = BOLD.findall(markdown)
    assert len(written) >= 8
    assert not [phrase for phrase in written if is_bare(phrase)]
    assert "dropped sign-off" in warnings and "subscribe" not in markdown
