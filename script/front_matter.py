"""Front matter: the YAML settings between `---` lines at the top of a Markdown script."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml

from scriptreel.script.cast import read_cast
from scriptreel.script.errors import ScriptError
from scriptreel.script.limits import check_card_text, music_problem
from scriptreel.script.model import FrontMatter
from scriptreel.script.pronounce import MAX_ENTRIES, check_entry
from scriptreel.script.text import existing_file
from scriptreel.script.values import BadValue, parse_fps, parse_pause, parse_size, parse_speed

FRONT_MATTER_KEYS = (
    "title",
    "subtitle",
    "author",
    "date",
    "outro",
    "voice",
    "size",
    "fps",
    "speed",
    "pause",
    "pronounce",
    "music",
    "theme",
    "captions",
    "caption_style",
    "callouts",
    "motion",
    "variants",
    "export",
    "allow_outside",
    "cast",
    "speaker_labels",
)
VARIANT_KEYS = ("size", "theme", "voice")
"""What one entry of `variants:` may set; each value is checked as the top-level key is."""
CHOICES = {
    "captions": ("files", "burn"),
    "caption_style": ("lines", "words"),
    "callouts": ("true", "false", "auto"),
    "motion": ("true", "false"),
    "speaker_labels": ("true", "false"),
}
"""Settings that take one of a few words."""
_YAML_TRUTH = {"yes": "true", "on": "true", "no": "false", "off": "false"}
CARD_TEXT_KEYS = frozenset({"title", "subtitle", "author", "date", "outro"})
"""Settings shown on a card, so held to the card text limit."""
_FIX = (
    "write settings as 'key: value', one per line; put a value with ': ', '#', '[' or '{' "
    'in quotes, e.g. title: "Tides: a primer"'
)
_NULL = "tag:yaml.org,2002:null"
MAX_FRONT_MATTER_CHARS = 100_000
"""Longest front matter read: YAML is read at about 100 kB a second, and settings (even 500
pronounce entries) take a few kilobytes."""
_FIRST_LINE = 2
"""File line of the first front matter line: YAML counts lines from 0 after the opening `---`."""


def setting_line(path: Path, key: str) -> int | None:
    """The file line of a top-level front-matter `key:`, for errors found after parsing (a
    theme name only the renderer knows); None when the file or the key is not there."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    if not lines or lines[0].strip() != "---":
        return None
    for number, line in enumerate(lines[1:], start=_FIRST_LINE):
        if line.rstrip() in ("---", "..."):
            return None
        if line.split(":", 1)[0] == key and ":" in line:
            return number
    return None


def read_front_matter(path: Path, lines: list[str]) -> tuple[FrontMatter, int]:
    """Front-matter settings and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return FrontMatter(), 0
    # At the start of a line only: an indented '---' belongs to a block string.
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        raise ScriptError(
            path,
            1,
            "front matter opened with '---' is never closed",
            "add a '---' line after the settings",
        )
    text = "\n".join(lines[1:closing])
    if len(text) > MAX_FRONT_MATTER_CHARS:
        raise ScriptError(
            path,
            1,
            f"the front matter is {len(text)} characters long; at most {MAX_FRONT_MATTER_CHARS}",
            "keep only settings between the '---' lines; is its closing '---' missing?",
        )
    root = _compose(path, text)
    if root is None:
        return FrontMatter(), closing + 1
    if not isinstance(root, yaml.MappingNode):
        raise ScriptError(path, _line(root), "the front matter is not 'key: value' settings", _FIX)
    values: dict[str, object] = {}
    for key_node, value_node in root.value:
        key = _key(path, key_node)
        if key in values:
            raise ScriptError(
                path,
                _line(key_node),
                f"front matter key {key!r} is given twice",
                "keep one of them",
            )
        values[key] = _value(path, key, key_node, value_node)
    return FrontMatter(**values), closing + 1


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + _FIRST_LINE


def _compose(path: Path, text: str) -> yaml.Node | None:
    """The YAML node tree (kept for the line of each value); ScriptError on a syntax error."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        # "Unexpected end" points past the last line; where the open bracket or quote began helps.
        if exc.context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
            mark = exc.context_mark
        line = mark.line + _FIRST_LINE if mark is not None else 1
        what = f"{exc.context}, {exc.problem}" if exc.context else exc.problem
        raise ScriptError(
            path, line, f"the front matter is not valid YAML ({what})", _FIX
        ) from None
    except RecursionError:
        raise ScriptError(
            path,
            _FIRST_LINE,
            "the front matter is nested too deeply to read",
            "write settings as 'key: value', one per line; no setting needs nesting",
        ) from None
    except yaml.YAMLError as exc:  # a character YAML does not allow (yaml.reader.ReaderError)
        position = getattr(exc, "position", 0)
        raise ScriptError(
            path,
            text.count("\n", 0, position) + _FIRST_LINE,
            "the front matter holds a control character YAML does not allow",
            "remove it, or write it as an escape inside double quotes",
        ) from None


def _key(
    path: Path, node: yaml.Node, known: tuple[str, ...] = FRONT_MATTER_KEYS, what: str = ""
) -> str:
    key = node.value if isinstance(node, yaml.ScalarNode) else None
    if key in known:
        return key
    what = what or "front matter"
    if key is None:
        raise ScriptError(path, _line(node), f"a {what} key is not a name", _FIX)
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean '{close[0]}'? Known keys: " if close else "use one of: "
    raise ScriptError(path, _line(node), f"unknown {what} key {key!r}", hint + ", ".join(known))


def _value(path: Path, key: str, key_node: yaml.Node, node: yaml.Node) -> object:
    if key == "allow_outside":
        # A script someone sends you must not be able to read your files: only the person
        # running scriptreel can lift the folder rule, on the command line.
        raise ScriptError(
            path,
            _line(key_node),
            "allow_outside cannot be set by the script itself",
            "remove it, and pass --allow-outside to render, watch, preview or check if you "
            "trust this script",
        )
    if key == "pronounce":
        return _lexicon(path, key_node, node)
    if key == "variants":
        return _variants(path, key_node, node)
    if key == "cast":
        return read_cast(path, key_node, node)
    if not isinstance(node, yaml.ScalarNode):
        kind = "list" if isinstance(node, yaml.SequenceNode) else "mapping"
        raise ScriptError(
            path,
            _line(node),
            f"front matter key {key!r} must be a single value, not a {kind}",
            f"write one value after '{key}:' (in quotes if it starts with '[' or '{{')",
        )
    text = node.value.strip()
    if node.tag == _NULL or not text:
        raise ScriptError(
            path,
            _line(key_node),
            f"front matter key {key!r} has no value",
            f"write a value after '{key}:' or remove the line",
        )
    if key in CARD_TEXT_KEYS:
        return check_card_text(path, _line(node), text, key)
    try:
        return _setting(path, key, text)
    except BadValue as exc:
        raise ScriptError(path, _line(node), exc.problem, exc.fix) from None


def _setting(path: Path, key: str, value: str) -> object:
    """One checked setting; BadValue if it is not usable."""
    if key in CHOICES:
        word = _YAML_TRUTH.get(value.lower(), value.lower())
        if word not in CHOICES[key]:
            raise BadValue(
                f"{key} {value!r} is not allowed", "use one of: " + ", ".join(CHOICES[key])
            )
        return word == "true" if key in ("motion", "speaker_labels") else word
    if key == "export":
        # Which editor formats exist is the render layer's to say (render/editors).
        return tuple(name.strip().lower() for name in value.split(",") if name.strip())
    if key == "size":
        return parse_size(value)
    if key == "fps":
        return parse_fps(value)
    if key == "speed":
        return parse_speed(value)
    if key == "pause":
        return parse_pause(value)
    if key == "music":
        music = existing_file(path.parent, value)
        if music is None:
            raise BadValue(
                f"music file {value!r} not found",
                "give a path relative to the script, e.g. music: bed.mp3",
            )
        problem = music_problem(music)
        if problem:
            raise BadValue(f"music file {value!r} {problem}", "use an audio file, e.g. bed.mp3")
        return music
    if key == "theme" and value.lower().endswith(".toml"):
        theme = existing_file(path.parent, value)
        if theme is None:
            raise BadValue(
                f"theme file {value!r} not found",
                "give a path relative to the script, or a built-in theme name",
            )
        return str(theme)
    return value


def _lexicon(path: Path, key_node: yaml.Node, node: yaml.Node) -> tuple[tuple[str, str], ...]:
    """`{ISI: "I S I", NATO: nay-toe}` on one line, or one `word: say` per indented line."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL:
        entries = []
    elif isinstance(node, yaml.MappingNode):
        entries = node.value
    else:
        raise ScriptError(
            path,
            _line(node),
            "pronounce must be a mapping",
            'write pronounce: {ISI: "I S I"} or one "word: say" per indented line',
        )
    lexicon = []
    for word_node, say_node in entries:
        word, say = (
            n.value.strip() if isinstance(n, yaml.ScalarNode) and n.tag != _NULL else ""
            for n in (word_node, say_node)
        )
        if not word or not say:
            raise ScriptError(
                path,
                _line(word_node),
                f"pronounce entry {word or '(empty)'!r} is not 'word: how to say it'",
                'write it like ISI: "I S I"',
            )
        check_entry(path, _line(word_node), word, say)
        lexicon.append((word, say))
    if len(lexicon) > MAX_ENTRIES:
        raise ScriptError(
            path,
            _line(key_node),
            f"pronounce has {len(lexicon)} entries; at most {MAX_ENTRIES} are read",
            "keep the words the voice gets wrong",
        )
    if not lexicon:
        raise ScriptError(
            path,
            _line(key_node),
            "pronounce has no entries",
            'add entries like pronounce: {ISI: "I S I"}',
        )
    return tuple(lexicon)


def _variants(path: Path, key_node: yaml.Node, node: yaml.Node) -> tuple[dict, ...]:
    """`variants:` as a list of `{size, theme, voice}` mappings, each value checked."""
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise ScriptError(
            path,
            _line(node if isinstance(node, yaml.SequenceNode) else key_node),
            "variants must be a list of settings",
            "write one entry per video, e.g. '  - size: 1080x1920' under 'variants:'",
        )
    variants = []
    for entry in node.value:
        if not isinstance(entry, yaml.MappingNode) or not entry.value:
            raise ScriptError(
                path,
                _line(entry),
                "a variant is not 'key: value' settings",
                "write it like '- {size: 1080x1920, voice: piper}'",
            )
        variant: dict[str, object] = {}
        for name_node, value_node in entry.value:
            name = _key(path, name_node, VARIANT_KEYS, "variant")
            if name in variant:
                raise ScriptError(
                    path, _line(name_node), f"variant key {name!r} is given twice", "keep one"
                )
            variant[name] = _value(path, name, name_node, value_node)
        variants.append(variant)
    return tuple(variants)
