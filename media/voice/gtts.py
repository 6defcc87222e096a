"""Online narration through gTTS (Google Translate's voice), with timeouts and retries."""

from __future__ import annotations

import io
import subprocess
import time
from dataclasses import dataclass
from importlib import metadata

import numpy as np

from scriptreel.media.errors import VoiceSpecError, VoiceUnavailable
from scriptreel.media.voice.base import Capabilities, SpeechSettings

SAMPLE_RATE = 24000
"""gTTS returns 24 kHz MP3; we decode to PCM at the same rate."""
RETRIES = 3
"""Extra attempts after a 429 or 5xx answer."""
TIMEOUT = (5.0, 15.0)
"""Connect and read timeouts in seconds, so a dead network fails fast."""

OFFLINE_FIX = "check the network connection, or narrate offline with --voice piper"
USAGE = "gtts[:LANG[:TLD]][:slow]"
SLOW_SPEED = 0.75
"""gTTS has normal and slow speech only: speeds up to this one are spoken slowly."""
"""How a gTTS voice is written."""
KNOWN_TLDS = ("com", "co.uk", "com.au", "ca", "co.in", "ie", "co.za", "fr", "com.br", "pt", "es")
"""Google domains known to answer, used when gTTS does not ship its own list."""


def google_tlds() -> frozenset[str]:
    """Top-level domains of Google Translate hosts a request may go to: gTTS's own list of
    accents where it ships one, else KNOWN_TLDS. Anything else could send the narration to a
    host that is not Google's."""
    try:
        from gtts.accents import accents
    except ImportError:  # pragma: no cover - older gTTS
        return frozenset(KNOWN_TLDS)
    return frozenset(accents) | frozenset(KNOWN_TLDS)


def parse_spec(rest: str) -> tuple[str, str, bool]:
    """(language, tld, slow) from what follows `gtts:` in a voice spec, e.g. `en:co.uk:slow`."""
    parts = [p for p in rest.split(":") if p]
    slow = "slow" in parts
    parts = [p for p in parts if p != "slow"]
    if len(parts) > 2:
        raise VoiceSpecError(
            f"voice 'gtts:{rest}' has more parts than gTTS takes", f"write it like {USAGE}"
        )
    return (parts[0] if parts else "en", parts[1] if len(parts) > 1 else "com", slow)


@dataclass
class GttsEngine:
    """gTTS settings; every request goes to Google's servers."""

    lang: str = "en"
    """Language code, e.g. `en`, `fr`, `pt`."""
    tld: str = "com"
    """Google domain that picks the accent, e.g. `co.uk`, `com.au`."""
    slow: bool = False
    """Speak slowly."""
    name: str = "gtts"
    offline: bool = False
    sample_rate: int = SAMPLE_RATE
    capabilities: Capabilities = Capabilities()
    """Nothing beyond speaking: no word times, no model."""

    def __post_init__(self) -> None:
        from gtts.lang import tts_langs

        if self.lang not in tts_langs():
            raise VoiceSpecError(
                f"gTTS has no language {self.lang!r}",
                "use a code from 'gtts-cli --all', e.g. gtts:en or gtts:fr",
            )
        if self.tld.lower() not in google_tlds():
            raise VoiceSpecError(
                f"{self.tld!r} is not a Google Translate domain",
                "use a Google domain for the accent, e.g. gtts:en:com, gtts:en:co.uk, "
                "gtts:en:com.au, gtts:en:co.in or gtts:fr:ca",
            )

    def identity(self) -> dict:
        return {
            "engine": self.name,
            "engine_version": metadata.version("gTTS"),
            "lang": self.lang,
            "tld": self.tld,
            "slow": self.slow,
        }

    def synthesize(self, text: str, settings: SpeechSettings | None = None) -> np.ndarray:
        """The sentence spoken; `settings` for this call only (None: as loaded). gTTS has
        normal and slow speech only, and one voice per language."""
        slow = self.slow if settings is None else settings.speed <= SLOW_SPEED
        lang = settings.language if settings and settings.language else None
        return decode_mp3(self.fetch_mp3(text, slow=slow, lang=lang), self.sample_rate)

    def fetch_mp3(
        self, text: str, sleep=time.sleep, slow: bool | None = None, lang: str | None = None
    ) -> bytes:
        from gtts import gTTS, gTTSError

        for attempt in range(RETRIES + 1):
            buffer = io.BytesIO()
            try:
                gTTS(
                    text,
                    lang=lang or self.lang,
                    tld=self.tld,
                    slow=self.slow if slow is None else slow,
                    timeout=TIMEOUT,
                ).write_to_fp(buffer)
                return buffer.getvalue()
            except gTTSError as exc:
                status = getattr(exc.rsp, "status_code", None)
                if status is None:
                    raise VoiceUnavailable(
                        f"gTTS could not reach Google's text-to-speech service ({exc})", OFFLINE_FIX
                    ) from None
                if (status == 429 or status >= 500) and attempt < RETRIES:
                    sleep(2.0**attempt)
                    continue
                raise VoiceUnavailable(
                    f"gTTS request failed: {exc}",
                    "try again later, or narrate offline with --voice piper",
                ) from None
        raise AssertionError("unreachable")


def reachable(timeout: float = 3.0) -> bool:
    """True when Google's translate host answers a TCP connection (cheap, for --voice auto)."""
    import socket

    try:
        socket.create_connection(("translate.google.com", 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def language_names() -> dict[str, str]:
    from gtts.lang import tts_langs

    return tts_langs()


def decode_mp3(data: bytes, sample_rate: int) -> np.ndarray:
    """MP3 bytes as mono int16 PCM, decoded by the bundled ffmpeg."""
    from imageio_ffmpeg import get_ffmpeg_exe

    result = subprocess.run(
        [
            get_ffmpeg_exe(),
            "-v",
            "error",
            "-i",
            "pipe:0",
            "-f",
            "s16le",
            "-ac",
            "1",
            "-ar",
            str(sample_rate),
            "pipe:1",
        ],
        input=data,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise VoiceUnavailable(
            "gTTS returned audio that could not be decoded",
            "try again, or narrate offline with --voice piper",
        )
    return np.frombuffer(result.stdout, dtype=np.int16).copy()
