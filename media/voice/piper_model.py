"""Opening a Piper voice lean: its patch (word times, fixed noise) kept as a file, no memory
patterns."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

from scriptreel.media.voice.piper_noise import TAG, fix_noise

THREADS = 2
"""Threads of a session's operators, on any machine: how many a session splits its sums over
can change the last bits of its samples (3 threads differ from 1 or 2), so a fixed count keeps
a sentence the same in the render's process, in helper processes and on other machines. Two
is what a Piper session gains from; more cores are used by more processes (render.voice_pool)."""

FOLDER = "voice"
"""The cache root's folder for patched models; render.cache.Kind.VOICE names the same folder."""


def cache_folder() -> Path:
    """Where patched models are kept: FOLDER in the render cache root (SCRIPTREEL_CACHE_DIR,
    else the user cache folder); media cannot ask render, so this repeats its rule."""
    if os.environ.get("SCRIPTREEL_CACHE_DIR"):
        root = Path(os.environ["SCRIPTREEL_CACHE_DIR"]).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = Path(base) / "scriptreel"
    return root / FOLDER


def open_voice(model: Path, model_sha256: str, alignments: bool, folder: Path | None = None):
    """A PiperVoice for `model` whose session needs as little memory as it can.

    The model is the one patched to also output per-phoneme durations and to draw its noise
    from a fixed block (piper_noise), kept as a file in `folder` (default: cache_folder()) and
    made there on first use; if the folder is unusable the patched model is handed over from
    memory, which costs about 100 MB more for as long as the voice lives. Plain synthesis uses
    it too (`alignments` False), so a sentence sounds the same whether or not its word times
    were asked for.
    """
    from piper import PiperVoice
    from piper.config import PiperConfig

    config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))
    folder = cache_folder() if folder is None else folder
    key = f"{model_sha256}-piper{metadata.version('piper-tts')}-{TAG}"
    found = kept_model(folder, key)
    if found is not None:
        try:
            return PiperVoice(config=config, session=_session(found))
        except Exception:  # onnxruntime's errors have no base class of their own
            pass  # removed by `cache clean` since it was checked: make it again
    data = _patched_bytes(model)
    if data is None:  # no onnx package, or nothing in the model to patch
        return PiperVoice(config=config, session=_session(model))
    kept = keep_model(data, folder, key)
    if kept is not None:
        del data  # the session reads the file; bytes handed over stay in memory
        return PiperVoice(config=config, session=_session(kept))
    return PiperVoice(config=config, session=_session(data))


def kept_model(folder: Path, key: str) -> Path | None:
    """The patched model kept under `key`, if one is there whole.

    Its name is KEY.SUM.onnx, SUM being the first 16 hex digits of its SHA-256, checked on
    every use; KEY holds the source model's SHA-256 and the piper version (the patch is piper's),
    so a new voice or a new piper makes a new file."""
    try:
        candidates = sorted(folder.glob(f"{key}.*.onnx"))
    except OSError:
        return None
    return next((path for path in candidates if _intact(path)), None)


def keep_model(data: bytes, folder: Path, key: str) -> Path | None:
    """`data` written to the folder under `key` by a temp file and a rename, so a reader never
    sees part of it and any number of processes may write it at once; None if it cannot be."""
    path = folder / f"{key}.{hashlib.sha256(data).hexdigest()[:16]}.onnx"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.chmod(name, 0o644)
            os.replace(name, path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
    except OSError:
        return None
    return path


def _intact(path: Path) -> bool:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return path.name.split(".")[-2] == digest.hexdigest()[:16]


def _patched_bytes(model: Path) -> bytes | None:
    """The model with its duration tensor marked as an output and its noise fixed, serialised;
    None if the onnx package is missing or the model needs neither (its durations are an output
    already and it draws no noise)."""
    try:
        import onnx
        from piper.patch_voice_with_alignment import add_alignment_output
    except ImportError:
        return None
    proto = onnx.load(str(model))
    try:
        add_alignment_output(proto)
        aligned = True
    except ValueError:
        aligned = False
    if not fix_noise(proto) and not aligned:
        return None
    return proto.SerializeToString()


def noise_fixed() -> bool:
    """Whether opened voices draw fixed noise (the onnx package is there to patch them), so a
    sentence gives the same samples in any process."""
    return importlib.util.find_spec("onnx") is not None


def _session(source: Path | bytes):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # Memory patterns plan each input shape's buffers as one block of the arena, and every
    # sentence has a shape of its own: without them the arena keeps about 45 MB less (peak 380
    # instead of 420 MB for 30-word sentences) at no measurable cost, and the audio is the same.
    # Measured and left out: emptying the arena after each sentence (run option
    # memory.enable_memory_arena_shrinkage) keeps 190 MB instead of 360 between sentences but
    # not less at the peak, which a render's peak is made of, for 5-15% more CPU; no arena at
    # all peaks 130 MB higher and is 20% slower.
    options.enable_mem_pattern = False
    options.intra_op_num_threads = THREADS
    # Idle worker threads wait instead of spinning: beside the encoders on two cores, spinning
    # burnt CPU they needed (24 sentences interleaved: 11.6 s and 15.9 CPU s without it, 13.3 s
    # and 17.7 CPU s with it). Same samples: it changes when threads wake, not what they compute.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(
        str(source) if isinstance(source, Path) else source,
        sess_options=options,
        providers=["CPUExecutionProvider"],
    )
