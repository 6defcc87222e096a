"""Variants: expansion, file names, manifests, the scheduler and the worker count."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from scriptreel.render import RenderSettings
from scriptreel.render.batch.executors import Job, Scheduler, worker_count
from scriptreel.render.batch.manifest import check_name, find_scripts, load_manifest, named_output
from scriptreel.render.batch.variants import (
    Variant,
    expand_variants,
    parse_size_list,
    parse_variant_list,
    plain_output,
    variant_output,
    voice_label,
)
from scriptreel.script import ScriptError
from tests.tonevoice import ToneVoice

BASE = RenderSettings()


def names(variants, output="talk.mp4") -> list[str]:
    return [variant_output(Path(output), v).name for v in variants]


def test_sizes_are_named_by_preset_or_as_width_by_height():
    variants = expand_variants(BASE, parse_size_list("1080p,vertical,square,640x360"))
    assert names(variants) == [
        "talk-1080p.mp4",
        "talk-vertical.mp4",
        "talk-square.mp4",
        "talk-640x360.mp4",
    ]


def test_one_variant_keeps_the_plain_name():
    assert names(expand_variants(BASE, parse_size_list("vertical"))) == ["talk.mp4"]
    assert names(expand_variants(BASE)) == ["talk.mp4"]


def test_a_preset_size_is_named_by_its_preset_however_it_is_written():
    variants = expand_variants(BASE, parse_size_list("1920x1080,720p,1080x1920,1080x1350"))
    assert names(variants) == [
        "talk-1080p.mp4",
        "talk-720p.mp4",
        "talk-vertical.mp4",
        "talk-1080x1350.mp4",
    ]


def test_the_same_size_written_twice_is_one_variant():
    assert names(expand_variants(BASE, parse_size_list("1080p,1920x1080"))) == ["talk.mp4"]


def test_only_the_dimensions_that_differ_are_named():
    variants = expand_variants(BASE, parse_size_list("1080p,square"), ["paper"], ["piper"])
    assert names(variants) == ["talk-1080p.mp4", "talk-square.mp4"]
    variants = expand_variants(BASE, parse_size_list("1080p"), ["paper", "brand/Look.toml"])
    assert names(variants) == ["talk-paper.mp4", "talk-Look.mp4"]
    variants = expand_variants(BASE, parse_size_list("1080p,vertical"), ["midnight", "paper"])
    assert "talk-1080p-paper.mp4" in names(variants) and len(variants) == 4


def test_voice_names_are_safe_in_file_names():
    assert voice_label("piper:/voices/en_GB-alan-low.onnx") == "piper-en_GB-alan-low"
    assert voice_label("gtts:en:co.uk") == "gtts-en-co.uk"
    assert voice_label(ToneVoice()) == "tone"
    variants = expand_variants(BASE, voices=["piper", "gtts:fr"])
    assert names(variants) == ["talk-piper.mp4", "talk-gtts-fr.mp4"]


def test_open_values_take_the_front_matter_and_are_named_after_it(tmp_path):
    front = SimpleNamespace(size=(1280, 720), theme="paper", voice=None, variants=None)
    script = SimpleNamespace(path=tmp_path / "talk.md", settings=front)
    variants = expand_variants(BASE, themes=["paper", "citrus"], script=script)
    assert [v.labels for v in variants] == [
        ("720p", "paper", "piper"),
        ("720p", "citrus", "piper"),
    ]


def test_front_matter_variants_are_crossed_with_the_command_line(tmp_path):
    listed = [{"size": "vertical"}, {"size": "square", "theme": "look.toml"}]
    front = SimpleNamespace(size=None, theme=None, voice=None, variants=listed)
    script = SimpleNamespace(path=tmp_path / "talk.md", settings=front)
    variants = expand_variants(BASE, script=script)
    assert names(variants) == ["talk-vertical-midnight.mp4", "talk-square-look.mp4"]
    assert variants[1].theme == str(tmp_path / "look.toml")
    variants = expand_variants(BASE, voices=["piper", "gtts"], script=script)
    assert len(variants) == 4
    # A single command-line value replaces the listed ones.
    assert names(expand_variants(BASE, parse_size_list("720p"), script=script)) == [
        "talk-midnight.mp4",
        "talk-look.mp4",
    ]


def test_a_variant_overrides_only_what_it_sets():
    base = RenderSettings(size=(320, 180), fps=12, theme="paper")
    settings = Variant(size=(160, 90)).settings(base)
    assert (settings.size, settings.fps, settings.theme) == ((160, 90), 12, "paper")


def test_bad_lists_say_what_is_wrong():
    with pytest.raises(ValueError, match="empty item"):
        parse_variant_list("paper,,citrus")
    with pytest.raises(ValueError, match="odd side"):
        parse_size_list("1080p,321x180")


def test_subtitle_scripts_keep_their_captions_apart():
    assert plain_output(Path("talk.srt")).name == "talk-video.mp4"
    assert plain_output(Path("talk.md"), Path("out/x.mp4")) == Path("out/x.mp4")


def test_name_patterns_drop_separators_around_an_empty_variant():
    lone, many = expand_variants(BASE)[0], expand_variants(BASE, parse_size_list("720p,square"))
    assert named_output("{stem}-{variant}.mp4", Path("a/talk.md"), lone) == "talk.mp4"
    assert named_output("{stem}-{variant}.mp4", Path("talk.md"), many[1]) == "talk-square.mp4"
    assert named_output("{voice}/{stem}_{size}.mp4", Path("t.md"), lone) == "piper/t_1080p.mp4"
    with pytest.raises(ScriptError, match="unknown field"):
        check_name("{stem}-{colour}.mp4", "m.toml", 3)
    with pytest.raises(ScriptError, match="end in .mp4"):
        check_name("{stem}.mov", "m.toml", 3)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_manifest_lists_scripts_variants_folder_and_names(tmp_path):
    write(tmp_path / "talks" / "a.md", "## A\n\nOne.\n")
    write(tmp_path / "talks" / "b.txt", "Two.\n")
    manifest = write(
        tmp_path / "batch.toml",
        'scripts = ["talks"]\noutput = "videos"\nname = "{stem}-{variant}.mp4"\n'
        'variants = [{size = "1080p"}, {size = "vertical", theme = "paper"}]\n',
    )
    source = load_manifest(manifest)
    assert [p.name for p in source.scripts] == ["a.md", "b.txt"]
    assert source.output == tmp_path / "videos"
    assert [(v.size, v.theme) for v in source.variants] == [
        ((1920, 1080), None),
        ((1080, 1920), "paper"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('scripts = ["a.md"]\n\nname = = 1\n', 3, "not valid TOML"),
        ('scripts = ["a.md"]\n\nscritps = 1\n', 3, "unknown key 'scritps'"),
        ('scripts = ["a.md"]\nvariants = [{size = "641x360"}]\n', 2, "odd side"),
        ('scripts = ["a.md"]\nvariants = [{colour = "red"}]\n', 2, "unknown variant key"),
        ('scripts = ["missing/*.md"]\n', 1, "holds no scripts"),
        ('scripts = ["a.md"]\nname = "{stem}.mov"\n', 2, "does not end in .mp4"),
    ],
)
def test_manifest_errors_name_the_file_and_line(tmp_path, text, line, message):
    write(tmp_path / "a.md", "## A\n\nOne.\n")
    manifest = write(tmp_path / "m.toml", text)
    with pytest.raises(ScriptError, match=message) as caught:
        load_manifest(manifest)
    assert caught.value.one_line().startswith(f"{manifest}:{line}: ")


def test_a_videos_captions_are_not_taken_for_scripts(tmp_path):
    write(tmp_path / "talk.md", "## A\n\nOne.\n")
    for name in ("talk.mp4", "talk.srt", "talk.vtt", "talk.chapters.txt", ".talk.md.1.part"):
        write(tmp_path / name, "x")
    write(tmp_path / "lecture.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi.\n")
    found = find_scripts([str(tmp_path)], Path())
    assert [p.name for p in found] == ["lecture.srt", "talk.md"]


def job(script: str, size: tuple[int, int], voice: str = "piper") -> Job:
    settings = RenderSettings(size=size, voice=voice)
    return Job(Path(script), Path(f"{script}-{size[0]}-{voice}.mp4"), settings)


def test_the_first_job_of_a_narration_group_runs_alone():
    a1, a2, a3 = job("a.md", (320, 180)), job("a.md", (160, 90)), job("a.md", (640, 360))
    b1 = job("b.md", (320, 180))
    scheduler = Scheduler([a1, a2, a3, b1])
    assert scheduler.take(4) == [a1, b1]
    assert scheduler.take(4) == []
    scheduler.finish(a1, ok=True)
    assert scheduler.take(4) == [a2, a3]


def test_a_failed_leader_hands_its_group_to_the_next_job():
    a1, a2, a3 = job("a.md", (320, 180)), job("a.md", (160, 90)), job("a.md", (640, 360))
    scheduler = Scheduler([a1, a2, a3])
    assert scheduler.take(2) == [a1]
    scheduler.finish(a1, ok=False)
    assert scheduler.take(2) == [a2]
    scheduler.finish(a2, ok=True)
    assert scheduler.take(2) == [a3]
    scheduler.finish(a3, ok=True)
    assert scheduler.done


def test_jobs_that_share_pictures_but_not_a_voice_wait_for_each_other():
    a, b = job("a.md", (320, 180), "piper"), job("a.md", (320, 180), "gtts")
    scheduler = Scheduler([a, b])
    assert scheduler.take(2) == [a]


def test_workers_are_bounded_by_memory_cores_and_jobs(monkeypatch):
    monkeypatch.setattr("scriptreel.render.batch.executors.cores", lambda: 8)
    monkeypatch.setattr(
        "scriptreel.render.batch.executors.available_memory", lambda: 2 * 600 * 2**20 + 1
    )
    assert worker_count(None, 10) == 2
    assert worker_count(None, 1) == 1
    assert worker_count(5, 10) == 5
    monkeypatch.setattr("scriptreel.render.batch.executors.available_memory", lambda: 100 * 2**20)
    assert worker_count(None, 10) == 1
    monkeypatch.setattr("scriptreel.render.batch.executors.available_memory", lambda: None)
    assert worker_count(None, 10) == 8
