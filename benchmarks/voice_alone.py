"""The floor: the same sentences through the same Piper voice, nothing else.

python benchmarks/voice_alone.py SCRIPT
"""

from __future__ import annotations

import sys

from scriptreel.media.speech import spoken
from scriptreel.media.voice.piper import PiperEngine
from scriptreel.script import load_script


def main(script_path: str) -> None:
    script = load_script(script_path)
    voice = PiperEngine.load()
    for segment in script.segments:
        for sentence in segment.sentences:
            voice.synthesize(spoken(sentence.text, {}))


if __name__ == "__main__":
    main(sys.argv[1])
