"""The original raw texts the transcript tests run on, and what they should become."""

from __future__ import annotations

from pathlib import Path

TRANSCRIPTS = Path(__file__).resolve().parent / "transcripts"
RAW_TEXTS = [
    TRANSCRIPTS / name
    for name in (
        "interview-beekeeper.txt",
        "lecture-volcanoes.txt",
        "notes-sourdough.txt",
        "article-tea.txt",
        "raw-canal.txt",
        "web-page.txt",
        "bullets.txt",
    )
]
"""An interview, a lecture without full stops, notes, an article, raw pastes of web pages."""
