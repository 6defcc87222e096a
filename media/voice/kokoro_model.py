"""Opening a Kokoro model once per process, patched to also give each phoneme's duration.

kokoro-onnx's released models output audio only; the graph computes every token's length in
frames on the way (a Round then a Clip to at least one frame), and kokoro-onnx reports phoneme
times for a model with an output named `duration`. The patch adds that output; the patched
model is kept as a file beside Piper's (see piper_model.py), so it is made once per model.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from scriptreel.media.voice.piper_model import cache_folder, keep_model, kept_model

DURATION = "duration"
"""The output name kokoro-onnx looks for to report phoneme times."""
PATCH = "kokoro-durations1"
"""Names the patch in kept files' keys: a changed patch makes a new file."""


_OPENING = threading.Lock()
"""Held while a model opens, so voices speaking on several threads open it once."""


def open_kokoro(model: Path, voices: Path, model_sha256: str, folder: Path | None = None):
    """A kokoro_onnx.Kokoro for the files, shared by every voice and speaker of them; with
    durations when the model could be patched (`model_sha256` keys the kept file)."""
    with _OPENING:
        return _opened(model, voices, model_sha256, folder)


@lru_cache(maxsize=4)
def _opened(model: Path, voices: Path, model_sha256: str, folder: Path | None):
    from kokoro_onnx import Kokoro

    return Kokoro.from_session(_session(_timed_model(model, model_sha256, folder)), str(voices))


def _timed_model(model: Path, model_sha256: str, folder: Path | None) -> Path:
    """The model patched to output durations (kept, made on first use), else the model."""
    folder = cache_folder() if folder is None else folder
    key = f"{model_sha256}-{PATCH}"
    found = kept_model(folder, key)
    if found is not None:
        return found
    data = patched_bytes(model)
    if data is None:
        return model
    return keep_model(data, folder, key) or model


def patched_bytes(model: Path) -> bytes | None:
    """The model with its token durations as an output named `duration`, serialised; None
    when it has one already or no Round-then-Clip to take it from."""
    import onnx

    proto = onnx.load(str(model))
    graph = proto.graph
    if any(output.name == DURATION for output in graph.output):
        return None
    rounded = {out for node in graph.node if node.op_type == "Round" for out in node.output}
    clip = next(
        (n for n in graph.node if n.op_type == "Clip" and n.input and n.input[0] in rounded), None
    )
    if clip is None:
        return None
    graph.node.append(onnx.helper.make_node("Identity", [clip.output[0]], [DURATION]))
    graph.output.append(onnx.helper.make_tensor_value_info(DURATION, onnx.TensorProto.FLOAT, None))
    return proto.SerializeToString()


def _session(model: Path):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # As for Piper (piper_model.py): sentences differ in shape, so memory patterns only grow
    # the arena, and idle threads should wait rather than spin beside the encoders.
    options.enable_mem_pattern = False
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.intra_op_num_threads = min(4, os.cpu_count() or 1)
    session = onnxruntime.InferenceSession(
        str(model), sess_options=options, providers=["CPUExecutionProvider"]
    )
    return session
