"""Errors raised while making a segment's media."""

from __future__ import annotations


class MediaError(Exception):
    """Making media failed; the message is shown to the user as `problem — fix`."""

    def __init__(self, problem: str, fix: str):
        self.problem = problem
        self.fix = fix
        super().__init__(f"{problem} — {fix}")


class VoiceSpecError(MediaError):
    """The user named a voice that does not exist or is written wrongly (an input error)."""


class VoiceUnavailable(MediaError):
    """A valid voice could not speak here, e.g. an online engine without network."""
