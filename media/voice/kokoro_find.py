"""Where the Kokoro model and voices files are: a place the spec names, else the script's folder,
else the voices folder. Nothing is downloaded: the user fetches the two files once."""

from __future__ import annotations

from pathlib import Path

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.voice.folders import voices_folder

MODEL_NAMES = ("kokoro-v1.0.onnx", "kokoro-v1.0.fp16.onnx", "kokoro-v1.0.int8.onnx")
"""Model files of kokoro-onnx's releases, in the order they are preferred in one folder."""
VOICES_NAMES = ("voices-v1.0.bin",)
"""The voices file of kokoro-onnx's releases."""
DOWNLOAD = (
    "download kokoro-v1.0.onnx (or the int8 one) and voices-v1.0.bin from the kokoro-onnx "
    "project's releases (github.com/thewh1teagle/kokoro-onnx, 'model-files-v1.0') into {where}"
)


def find_files(place: Path | None, near: Path | None) -> tuple[Path, Path]:
    """(model, voices) files: at `place` (a model file with the voices file beside it, or a
    folder holding both) when the spec names one, else in `near` (the script's folder), else in
    voices_folder(). A relative `place` is taken from `near` when it exists there."""
    near = near.absolute() if near is not None else None
    if place is not None:
        place = place.expanduser()
        if not place.is_absolute() and near is not None and (near / place).exists():
            place = near / place
        if place.is_file():
            return place, _voices_beside(place.parent, [place.parent])
        folders = [place]
    else:
        folders = [folder for folder in (near, voices_folder()) if folder is not None]
    for folder in folders:
        model = _first(folder, MODEL_NAMES, "kokoro*.onnx")
        if model is not None:
            return model, _voices_beside(folder, folders)
    raise VoiceSpecError(
        f"no Kokoro model (kokoro-v1.0.onnx) in {_listed(folders)}",
        DOWNLOAD.format(where=_where(folders)),
    )


def _voices_beside(folder: Path, searched: list[Path]) -> Path:
    voices = _first(folder, VOICES_NAMES, "voices*.bin") or _first(folder, (), "voices*.npz")
    if voices is None:
        raise VoiceSpecError(
            f"no Kokoro voices file (voices-v1.0.bin) beside the model in {folder}",
            DOWNLOAD.format(where=str(folder)),
        )
    return voices


def _first(folder: Path, names: tuple[str, ...], pattern: str) -> Path | None:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    try:
        found = sorted(path for path in folder.glob(pattern) if path.is_file())
    except OSError:
        return None
    return found[0] if found else None


def _listed(folders: list[Path]) -> str:
    return " or ".join(str(folder) for folder in folders) or "no folder"


def _where(folders: list[Path]) -> str:
    """Where to put the files: the place named, else the voices folder (for every script)."""
    return str(folders[0] if len(folders) == 1 else folders[-1])
