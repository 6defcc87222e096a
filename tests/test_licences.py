"""The guide's licence table is what the installed packages' metadata says, so it cannot drift."""

from __future__ import annotations

from tests.licences import PAGE, licence, page_table, runtime_dependencies, table


def test_guide_licence_table_matches_the_installed_metadata():
    assert page_table(PAGE.read_text(encoding="utf-8")) == table(), "run: python -m tests.licences"


def test_every_runtime_dependency_has_a_stated_licence():
    names = runtime_dependencies()
    assert "piper-tts" in names and "gTTS" in names
    assert all(licence(name) != "not stated" for name in names)
    assert licence("piper-tts").startswith("GPL-3.0")  # what the redistribution note is about
