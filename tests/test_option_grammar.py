"""One option grammar: what `render` accepts, `batch` accepts under the same name and values."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from scriptreel.render.batch import command as batch
from scriptreel.render.cli.main import build_parser
from tests.tonevoice import ToneVoice

RENDER_ONLY = {
    "--output": "batch names many videos: --output-dir and --name",
    "--jobs": "batch plans its cores itself: --workers",
    "--words": "batch's --json is one line per video",
}
"""Options of render with no meaning for a batch, and what batch has instead."""


def _options(command: str) -> dict[str, argparse.Action]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = {}
    for action in sub.choices[command]._actions:
        for name in action.option_strings:
            if name.startswith("--"):
                found[name] = action
    return found


def test_every_render_option_that_makes_sense_in_a_batch_is_there_by_the_same_name():
    render, batched = _options("render"), _options("batch")
    missing = set(render) - set(batched) - set(RENDER_ONLY)
    assert not missing, f"batch lacks {sorted(missing)}"
    for name, action in render.items():
        if name in batched:
            assert batched[name].choices == action.choices, name
            assert batched[name].dest == action.dest, name


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    batch.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["batch", *argv])


def test_batch_force_replaces_a_file_it_did_not_write_and_callouts_pass_through(tmp_path, capsys):
    script = tmp_path / "talk.md"
    script.write_text("## One\n\nThe **tide** comes in.\n", encoding="utf-8")
    mine = tmp_path / "talk.mp4"
    mine.write_bytes(b"my own video")
    args = ("--size", "160x90", "--fps", "6", "--json", "--workers", "1")
    assert batch.run(_parse(str(script), *args), voice=ToneVoice()) == 1
    assert mine.read_bytes() == b"my own video"
    capsys.readouterr()
    forced = _parse(str(script), *args, "--force", "--no-callouts")
    assert forced.callouts == "off"
    assert batch.run(forced, voice=ToneVoice()) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert Path(line["output"]) == mine and mine.read_bytes() != b"my own video"
