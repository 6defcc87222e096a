"""The cast on the studio's page: who speaks which lines, in which colour and voice, and a
speaker's voice to audition."""

from __future__ import annotations

from scriptreel.media.speech import spoken
from scriptreel.render.cast_voices import cast_speakers
from scriptreel.render.narration import Speaking
from scriptreel.render.settings import SENTENCE_PAUSE, chosen_speed, voice_spec
from scriptreel.render.studio.audition import Voices, spoken_wav
from scriptreel.script import Script

SAMPLE_SENTENCES = 2
"""How many of a speaker's first sentences an audition speaks."""


def cast_board(script: Script, settings) -> list[dict]:
    """Per speaker of the cast: name, colour, the voice they are heard in (`--voice NAME=SPEC`,
    else the cast's, else the script's) and the lines where their sentences start."""
    chosen = {name.lower(): spec for name, spec in settings.cast_voices}
    script_voice = _script_spec(script, settings)
    found = []
    for index, speaker in enumerate(script.settings.cast):
        lines = [sentence.line for sentence in _said_by(script, speaker.name)]
        voice = chosen.get(speaker.name.lower()) or speaker.voice or script_voice
        found.append(
            {
                "index": index,
                "name": speaker.name,
                "color": speaker.color,
                "voice": voice,
                "line": speaker.line,
                "lines": lines,
                "audition": f"/api/speaker/{index}.wav",
            }
        )
    return found


def heard_speakers(script: Script, settings, voices: Voices) -> dict[str, Speaking]:
    """How each speaker of the cast is heard, as a render would hear them; the voices stay
    loaded in `voices` for the next audition."""
    voice = voices.get(settings.voice or script.settings.voice)
    speed = chosen_speed(settings.speed, script)
    with voices.lock:
        return cast_speakers(
            script,
            voice,
            _script_spec(script, settings),
            speed,
            settings.cast_voices,
            book=voices.book,
        )


def speaker_wav(script: Script, index: int, settings, voices: Voices) -> bytes:
    """Speaker `index` of the cast saying their first sentences (or their name, if they have
    none yet) in their own voice and speed, as a render would say them; IndexError if none."""
    cast = script.settings.cast
    if not 0 <= index < len(cast):
        raise IndexError(index)
    speaker = cast[index]
    heard = heard_speakers(script, settings, voices)[speaker.name]
    first = _said_by(script, speaker.name)[:SAMPLE_SENTENCES]
    lines = [sentence.text for sentence in first] or [f"This is {speaker.name}."]
    lexicon = dict(script.settings.pronounce)
    said = [(spoken(text, lexicon), SENTENCE_PAUSE, heard) for text in lines]
    return spoken_wav(said, heard.voice.sample_rate)


def _script_spec(script: Script, settings) -> str:
    voice = settings.voice
    if voice is not None and not isinstance(voice, str):
        return voice.name
    return voice_spec(voice, script)


def _said_by(script: Script, name: str) -> list:
    """The sentences one speaker says, in order."""
    return [s for segment in script.segments for s in segment.sentences if s.speaker == name]
