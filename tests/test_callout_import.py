"""Automatic call-outs are visible and editable: `init` writes them as bold phrases, `check`
lists them, removing the bold removes the call-out; a channel's sign-off is not narrated."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from script import import_transcript, load_script
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


def test_check_lists_call_outs_found_by_callouts_auto(tmp_path):
    text = HARBOUR.read_text(encoding="utf-8").split("\n\n")
    body = "\n\n".join(text[1:4])
    write(tmp_path / "auto.md", f"---\ncallouts: auto\n---\n\n# Harbour\n\n## Light\n\n{body}\n")
    result = run_cli("check", "auto.md", cwd=tmp_path)
    assert result.stderr.count(": call-out '") >= 3


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
