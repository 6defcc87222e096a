"""Publishing: a file the user saves at an output path during a render is never replaced, and
the set stays all or none."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import scriptreel.render.pipeline as pipeline_module
import scriptreel.render.store.publish as publish_module
from scriptreel.render import RenderSettings, UsageError, render_video
from scriptreel.render.store.output import private_temp, sidecars
from scriptreel.render.store.ownership import record_path
from scriptreel.render.store.publish import Outputs
from tests.conftest import write
from tests.tonevoice import ToneVoice

SCRIPT = "---\nsize: 160x90\nfps: 10\n---\n## A\n\nHello there.\n"
MINE = "my own notes, the only copy\n"


def _render(script: Path, out: Path, **kwargs):
    return render_video(script, out, RenderSettings(voice=ToneVoice()), **kwargs)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_file_saved_at_an_output_during_the_render_is_kept(tmp_path, monkeypatch):
    # `talk.words.json` saved a second after starting was replaced and its only copy lost.
    script = write(tmp_path / "talk.md", SCRIPT)
    real_join = pipeline_module.join_video

    def user_saves_meanwhile(*args, **kwargs):
        (tmp_path / "talk.words.json").write_text(MINE)
        return real_join(*args, **kwargs)

    monkeypatch.setattr(pipeline_module, "join_video", user_saves_meanwhile)
    with pytest.raises(UsageError, match="talk.words.json, which scriptreel did not write") as err:
        _render(script, tmp_path / "talk.mp4")
    assert err.value.exit_code == 2 and "\n" not in err.value.one_line()
    assert (tmp_path / "talk.words.json").read_text() == MINE
    assert _listing(tmp_path) == ["talk.md", "talk.words.json"]


def _appears_at_the_last_instant(monkeypatch, folder: Path, name: str) -> None:
    """Create the user's file after the check under the lock, just before it is published."""
    real = publish_module._place_new

    def racing(temp: Path, final: Path) -> None:
        if final.name == name:
            final.write_text(MINE)
        real(temp, final)

    monkeypatch.setattr(publish_module, "_place_new", racing)


@pytest.mark.parametrize("way", ["renameat2", "link", "exclusive create"])
def test_a_file_appearing_at_the_instant_of_publishing_is_never_replaced(
    tmp_path, monkeypatch, way
):
    script = write(tmp_path / "talk.md", SCRIPT)
    if way != "renameat2":
        monkeypatch.setattr(publish_module, "_RENAMEAT2", None)
    if way == "exclusive create":

        def no_links(*args, **kwargs):
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(publish_module.os, "link", no_links)
    _appears_at_the_last_instant(monkeypatch, tmp_path, "talk.chapters.txt")
    with pytest.raises(UsageError, match="appeared while rendering") as err:
        _render(script, tmp_path / "talk.mp4")
    assert err.value.exit_code == 2
    assert (tmp_path / "talk.chapters.txt").read_text() == MINE
    # The sidecars published before it were taken back; no temp file and no record is left.
    assert _listing(tmp_path) == ["talk.chapters.txt", "talk.md"]


def test_a_failed_publish_puts_back_the_previous_set_and_its_record(tmp_path, monkeypatch):
    script = write(tmp_path / "talk.md", SCRIPT)
    out = tmp_path / "talk.mp4"
    _render(script, out)
    before = {p.name: p.read_bytes() for p in (out, *sidecars(out), record_path(out))}
    write(script, SCRIPT.replace("Hello there.", "Hello again."))
    (tmp_path / "talk.srt").unlink()  # absent at the check: published as a new name
    del before["talk.srt"]
    _appears_at_the_last_instant(monkeypatch, tmp_path, "talk.srt")
    with pytest.raises(UsageError, match="talk.srt"):
        _render(script, out)
    assert (tmp_path / "talk.srt").read_text() == MINE
    for name, data in before.items():
        assert (tmp_path / name).read_bytes() == data, name
    assert not list(tmp_path.glob(".*.part"))


def test_publishing_replaces_files_that_are_ours_and_records_them(tmp_path):
    finals = (tmp_path / "v.mp4", tmp_path / "v.srt")
    for content in ("first", "second"):
        temps = {final: private_temp(final) for final in finals}
        for final, temp in temps.items():
            temp.write_text(f"{content} {final.name}")
        Outputs(finals).publish(temps, manifest=content)
    assert [f.read_text() for f in finals] == ["second v.mp4", "second v.srt"]
    assert Outputs(finals).unchanged() == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".v.mp4.scriptreel.json",
        *["v.mp4", "v.srt"],
    ]


def test_publishing_waits_for_the_folder_lock(tmp_path):
    # Two renders publishing into one folder check, publish and record one at a time.
    import fcntl

    handle = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        with publish_module._folder_locked(tmp_path):
            other = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
            try:
                with pytest.raises(BlockingIOError):
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(other)
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(handle)


def _interrupted_at_the_video(monkeypatch, error: type[BaseException]) -> None:
    """Ctrl-C (or SIGTERM, a subclass in scriptreel) arriving as the video is moved into place,
    after its sidecars were."""
    real, raised = os.replace, []

    def replace(source, target, *args, **kwargs):
        if str(target).endswith("talk.mp4") and not raised:
            raised.append(target)
            raise error()
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(publish_module.os, "replace", replace)


def test_ctrl_c_while_publishing_puts_back_the_previous_set_and_its_record(tmp_path, monkeypatch):
    script = write(tmp_path / "talk.md", SCRIPT)
    out = tmp_path / "talk.mp4"
    _render(script, out)
    before = {p.name: p.read_bytes() for p in (out, *sidecars(out), record_path(out))}
    write(script, SCRIPT.replace("Hello there.", "Hello again."))
    _interrupted_at_the_video(monkeypatch, KeyboardInterrupt)
    with pytest.raises(KeyboardInterrupt):
        _render(script, out)
    for name, data in before.items():
        assert (tmp_path / name).read_bytes() == data, name


def test_ctrl_c_while_publishing_a_new_set_leaves_no_file_behind(tmp_path, monkeypatch):
    script = write(tmp_path / "talk.md", SCRIPT)
    monkeypatch.setattr(publish_module, "_RENAMEAT2", None)
    real = publish_module._place_new

    def place(temp: Path, final: Path) -> None:
        if final.name == "talk.mp4":
            raise KeyboardInterrupt
        real(temp, final)

    monkeypatch.setattr(publish_module, "_place_new", place)
    with pytest.raises(KeyboardInterrupt):
        _render(script, tmp_path / "talk.mp4")
    assert [n for n in _listing(tmp_path) if not n.startswith(".")] == ["talk.md"]


def test_an_exclusive_copy_cut_short_leaves_no_partial_file(tmp_path, monkeypatch):
    temp = write(tmp_path / "temp", "x" * 10)
    final = tmp_path / "final"

    def broken(source, target, length):
        target.write(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(publish_module, "_RENAMEAT2", None)
    monkeypatch.setattr(publish_module.os, "link", no_links)
    monkeypatch.setattr(publish_module.shutil, "copyfileobj", broken)
    with pytest.raises(OSError):
        publish_module._place_new(temp, final)
    assert not final.exists() and temp.exists()
