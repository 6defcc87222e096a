"""Where a voice named by its file lives: `piper:NAME` is looked for beside the script, then in
the one voices folder that Piper's own downloader fills."""

from __future__ import annotations

from pathlib import Path

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.voice import split_spec
from scriptreel.media.voice.folders import voices_folder


def download_command(name: str) -> str:
    """How to fetch a Piper voice into the voices folder, with Piper's own downloader."""
    return f"python -m piper.download_voices {name} --data-dir {voices_folder()}"


def is_voice_name(rest: str) -> bool:
    """Whether `piper:REST` names a downloaded voice (`en_GB-alan-medium`), not a file."""
    return bool(rest) and not rest.endswith(".onnx") and "/" not in rest and "\\" not in rest


def find_voice(spec: str, folder: Path) -> str:
    """`spec` with a Piper model it names made a path: a voice name (`piper:en_GB-alan-medium`)
    found as NAME.onnx in `folder` (the script's), then in the voices folder; a relative model
    file found in `folder` first. Other specs come back as they are.

    Raises VoiceSpecError for a voice name found in neither folder, with the download command."""
    loaded, speaker = split_spec(spec)
    engine, _, rest = loaded.partition(":")
    if engine.lower() != "piper" or not rest:
        return spec
    if is_voice_name(rest):
        searched = (folder, voices_folder())
        found = next((f / f"{rest}.onnx" for f in searched if (f / f"{rest}.onnx").is_file()), None)
        if found is None:
            raise VoiceSpecError(
                f"Piper voice {rest!r} is in neither the script's folder ({folder.resolve()})"
                f" nor the voices folder ({searched[1]})",
                f"download it with Piper's own downloader: {download_command(rest)}",
            )
        rest = str(found)
    elif not Path(rest).expanduser().is_absolute() and (folder / rest).is_file():
        rest = str(folder / rest)
    located = f"{engine}:{rest}"
    return located if speaker is None else f"{located}#{speaker}"
