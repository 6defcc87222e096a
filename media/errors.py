"""Errors raised while making a segment's media."""

from __future__ import annotations

from scriptreel.script.errors import EXIT_FAILED, EXIT_USAGE, ScriptreelError


class MediaError(ScriptreelError):
    """Making media failed for a reason outside the user's input; shown as `problem — fix`."""

    exit_code = EXIT_FAILED

    def __init__(self, problem: str, fix: str, where: str = ""):
        super().__init__(problem, fix, where)


class MediaInputError(MediaError):
    """A file the user gave (picture, font, music, clip) cannot be used as it is (exit 2)."""

    exit_code = EXIT_USAGE


class VoiceSpecError(MediaError):
    """The user named a voice that does not exist or is written wrongly (an input error)."""

    exit_code = EXIT_USAGE

    def __init__(self, problem: str, fix: str, where: str = "--voice"):
        super().__init__(problem, fix, where)


class VoiceUnavailable(MediaError):
    """A valid voice could not speak here, e.g. an online engine without network."""
