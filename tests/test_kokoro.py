"""The Kokoro engine's spec, its file search and its errors, without the model (cheap)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import numpy as np
import onnxruntime
import pytest
from onnx import TensorProto, helper

from scriptreel.media.errors import VoiceSpecError
from scriptreel.media.voice import ENGINES, load_voice, voice_help
from scriptreel.media.voice import kokoro as kokoro_module
from scriptreel.media.voice.kokoro import KokoroSpec, language_of, parse_spec
from scriptreel.media.voice.kokoro_find import find_files, voices_folder
from scriptreel.media.voice.kokoro_model import DURATION, patched_bytes
from tests.conftest import run_cli, write
from tests.licences import PAGE, licence, page_table


def _files(folder: Path, model: str = "kokoro-v1.0.onnx", voices=("af_heart", "am_adam")):
    """A stand-in model file and a real voices file (an npz of style vectors) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / model).write_bytes(b"not a model")
    with open(folder / "voices-v1.0.bin", "wb") as handle:  # a handle: savez adds no .npz
        np.savez(handle, **{name: np.zeros((4, 1, 256), np.float32) for name in voices})
    return folder / model


@pytest.fixture
def voices_env(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "voices"
    monkeypatch.setenv("SCRIPTREEL_VOICES", str(folder))
    return folder


@pytest.mark.parametrize(
    ("rest", "spec"),
    [
        ("af_heart", KokoroSpec("af_heart")),
        ("bf_emma:en-gb", KokoroSpec("bf_emma", "en-gb")),
        ("af_heart@~/kokoro", KokoroSpec("af_heart", None, Path("~/kokoro"))),
        ("ff_siwis:fr-fr@m/k.onnx", KokoroSpec("ff_siwis", "fr-fr", Path("m/k.onnx"))),
    ],
)
def test_a_spec_names_a_voice_a_language_and_a_place(rest, spec):
    assert parse_spec(rest) == spec


@pytest.mark.parametrize("rest", ["", ":en-us", "af_heart@"])
def test_a_spec_without_a_voice_or_place_says_how_to_write_it(rest):
    with pytest.raises(VoiceSpecError, match="kokoro:af_heart"):
        parse_spec(rest)


def test_a_voice_speaks_the_language_its_first_letter_names():
    assert [language_of(v) for v in ("af_heart", "bm_george", "jf_alpha", "zf_xiaoxiao")] == [
        "en-us",
        "en-gb",
        "ja",
        "cmn",
    ]


def test_the_script_folder_is_searched_before_the_voices_folder(tmp_path, voices_env):
    kept = _files(voices_env)
    assert find_files(None, tmp_path / "script") == (kept, voices_env / "voices-v1.0.bin")
    near = _files(tmp_path / "script", "kokoro-v1.0.int8.onnx")
    assert find_files(None, tmp_path / "script")[0] == near


def test_the_voices_folder_defaults_to_the_user_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SCRIPTREEL_VOICES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert voices_folder() == tmp_path / "scriptreel" / "voices"


def test_a_place_is_a_folder_or_the_model_file_and_may_be_beside_the_script(tmp_path, voices_env):
    model = _files(tmp_path / "models" / "k", "kokoro-v1.0.fp16.onnx")
    assert find_files(model.parent, None)[0] == model
    assert find_files(model, None) == (model, model.parent / "voices-v1.0.bin")
    assert find_files(Path("models/k"), tmp_path)[0] == model


def test_missing_files_name_the_folders_searched_and_where_to_download(tmp_path, voices_env):
    with pytest.raises(VoiceSpecError) as caught:
        find_files(None, tmp_path)
    error = caught.value
    assert str(tmp_path) in error.problem and str(voices_env) in error.problem
    assert "kokoro-onnx" in error.fix and "releases" in error.fix and str(voices_env) in error.fix
    (tmp_path / "kokoro-v1.0.onnx").write_bytes(b"x")
    with pytest.raises(VoiceSpecError, match="no Kokoro voices file"):
        find_files(None, tmp_path)


def test_the_engine_is_registered_and_finds_files_beside_the_script(tmp_path, voices_env):
    assert "kokoro:VOICE[:LANG][@PLACE]" in voice_help() and ENGINES["kokoro"].searches
    _files(tmp_path)
    voice = load_voice("kokoro:am_adam", speed=1.25, near=tmp_path)
    assert (voice.name, voice.voice, voice.language, voice.speed) == (
        "kokoro",
        "am_adam",
        "en-us",
        1.25,
    )
    assert voice.sample_rate == 24000 and voice.offline
    assert voice.capabilities.word_times and voice.capabilities.model_load


def test_an_unknown_voice_lists_the_voices_of_the_file(tmp_path, voices_env):
    _files(tmp_path)
    with pytest.raises(VoiceSpecError, match="no Kokoro voice 'af_nobody'") as caught:
        load_voice("kokoro:af_nobody", near=tmp_path)
    assert "af_heart, am_adam" in caught.value.fix


def test_without_the_package_the_error_gives_the_install_command(tmp_path, monkeypatch):
    real = metadata.version

    def version(name):
        if name == "kokoro-onnx":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(kokoro_module.metadata, "version", version)
    with pytest.raises(VoiceSpecError) as caught:
        load_voice("kokoro:af_heart", near=tmp_path)
    assert 'pip install "scriptreel[kokoro]"' in caught.value.fix


def _rounded_graph() -> bytes:
    """A graph shaped like Kokoro's duration step: x / speed, rounded, clipped to at least 1."""
    nodes = [
        helper.make_node("Div", ["x", "speed"], ["d"]),
        helper.make_node("Round", ["d"], ["r"]),
        helper.make_node("Clip", ["r", "one"], ["c"]),
        helper.make_node("ReduceSum", ["c"], ["audio"], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "durations",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, [None]),
            helper.make_tensor_value_info("speed", TensorProto.FLOAT, [1]),
        ],
        [helper.make_tensor_value_info("audio", TensorProto.FLOAT, [])],
        [helper.make_tensor("one", TensorProto.FLOAT, [], [1.0])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]).SerializeToString()


def test_the_patch_outputs_the_clipped_durations(tmp_path):
    model = tmp_path / "model.onnx"
    model.write_bytes(_rounded_graph())
    data = patched_bytes(model)
    session = onnxruntime.InferenceSession(data, providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["audio", DURATION]
    inputs = {"x": np.array([0.2, 3.4, 5.0], np.float32), "speed": np.array([1.0], np.float32)}
    assert session.run([DURATION], inputs)[0].tolist() == [1.0, 3.0, 5.0]
    patched = tmp_path / "patched.onnx"
    patched.write_bytes(data)
    assert patched_bytes(patched) is None  # already has it: nothing to do


def test_a_render_without_the_files_stops_at_the_scripts_voice_line(tmp_path, voices_env):
    write(tmp_path / "talk.md", "---\nvoice: kokoro:af_heart\n---\n## Hi\n\nHello there.\n")
    result = run_cli("render", "talk.md", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: talk.md:2: no Kokoro model") and "releases" in line
    assert str(tmp_path) in line and str(voices_env) in line


def test_the_licence_note_names_every_package_the_extra_brings():
    """kokoro-onnx's metadata names no licence: the guide's note says what its files do, and
    names each package it requires that is not in the runtime table already."""
    try:
        requires = metadata.requires("kokoro-onnx") or []
        files = metadata.files("kokoro-onnx") or []
    except metadata.PackageNotFoundError:
        pytest.skip("needs kokoro-onnx: pip install -e '.[kokoro]'")
    page = PAGE.read_text(encoding="utf-8")
    note = " ".join(page[page.index("The Kokoro extra is too") :].split())
    table = page_table(page)
    needed = [re.match(r"[A-Za-z0-9._-]+", r)[0] for r in requires if "extra ==" not in r]
    for name in needed:
        assert f"`{name}`" in table or f"`{name}`" in note, name
    licence_file = next(f for f in files if f.name == "LICENSE")
    assert licence_file.read_text().startswith("MIT License") and "`kokoro-onnx` is MIT" in note
    assert "GPL" in licence("phonemizer") and "`phonemizer` (GPL-3.0-or-later" in note
