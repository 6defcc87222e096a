"""The cast: speakers declared in the front matter, and the `Name:` labels that hand them lines."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from scriptreel.script.errors import ScriptError
from scriptreel.script.values import BadValue, parse_speed

SPEAKER_KEYS = ("voice", "speed", "color")
"""What one speaker of `cast:` may set."""
PALETTE = ("#f0c020", "#40c0f0", "#f06080", "#60d060", "#c080f0", "#f09040")
"""Default caption colours, one per speaker in the order they are declared (readable on the
dark caption band, and told apart from each other)."""
MAX_SPEAKERS = 12
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_NAME = r"[^\W\d_][\w.'’ -]{0,30}"
_LABEL = re.compile(
    rf"^\s*(?:\*\*(?P<bold>{_NAME}):\*\*|\*\*(?P<outer>{_NAME})\*\*:|(?P<plain>{_NAME}):)(?=\s|$)"
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_CAPS_LABEL = re.compile(r"^([A-Z][A-Z.'’ -]{0,30}):\s+")
_HEADING = re.compile(r"^\s{0,3}#")


@dataclass(frozen=True)
class Speaker:
    """One voice of the cast, as the front matter declares it."""

    name: str
    """How labels call it (`Ana:`), and how captions and words.json name it."""
    voice: str | None = None
    """Voice spec as for --voice (None: the script's voice)."""
    speed: float | None = None
    """Speaking rate (None: the script's speed)."""
    color: str = PALETTE[0]
    """Caption colour, `#rrggbb`."""
    line: int = 0
    """Line of the script where it is declared (for errors about its voice)."""


def is_name(text: str) -> bool:
    """Whether `text` can name a speaker of the cast."""
    return bool(re.fullmatch(_NAME, text))


def read_cast(path: Path, key_node: yaml.Node, node: yaml.Node) -> tuple[Speaker, ...]:
    """`cast:` as a mapping of names to `{voice, speed, color}` (or to a voice spec alone)."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        raise ScriptError(
            path,
            _line(node if isinstance(node, yaml.MappingNode) else key_node),
            "cast must be a mapping of speaker names",
            'write one speaker per indented line, e.g. "  Ana: {voice: piper, speed: 1.0}"',
        )
    if len(node.value) > MAX_SPEAKERS:
        raise ScriptError(
            path, _line(key_node), f"cast has {len(node.value)} speakers", f"keep {MAX_SPEAKERS}"
        )
    speakers: list[Speaker] = []
    for index, (name_node, value_node) in enumerate(node.value):
        name = name_node.value.strip() if isinstance(name_node, yaml.ScalarNode) else ""
        if not is_name(name):
            raise ScriptError(
                path,
                _line(name_node),
                f"cast name {name or '(empty)'!r} is not a name",
                "start it with a letter; letters, digits, spaces, dots and dashes, 31 at most",
            )
        if any(s.name.lower() == name.lower() for s in speakers):
            raise ScriptError(path, _line(name_node), f"cast has {name!r} twice", "keep one")
        declared = Speaker(name, color=PALETTE[index % len(PALETTE)], line=_line(name_node))
        speakers.append(_speaker(path, name, value_node, declared))
    return tuple(speakers)


def _speaker(path: Path, name: str, node: yaml.Node, speaker: Speaker) -> Speaker:
    if isinstance(node, yaml.ScalarNode):  # `Ana:` alone, or `Ana: piper`
        text = node.value.strip()
        return replace(speaker, voice=text) if text and node.tag != _NULL else speaker
    if not isinstance(node, yaml.MappingNode):
        raise ScriptError(
            path, _line(node), f"cast entry {name!r} is a list", "write {voice: piper, speed: 1}"
        )
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
        if key not in SPEAKER_KEYS:
            close = difflib.get_close_matches(key, SPEAKER_KEYS, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ScriptError(
                path,
                _line(key_node),
                f"unknown key {key!r} for speaker {name!r}",
                hint + "a speaker takes " + ", ".join(SPEAKER_KEYS),
            )
        value = value_node.value.strip() if isinstance(value_node, yaml.ScalarNode) else ""
        try:
            speaker = replace(speaker, **{key: _checked(key, value)})
        except BadValue as exc:
            raise ScriptError(path, _line(value_node), exc.problem, exc.fix) from None
    return speaker


def _checked(key: str, value: str) -> object:
    if not value:
        raise BadValue(f"{key} has no value", f"write a value after '{key}:' or leave it out")
    if key == "speed":
        return parse_speed(value)
    if key == "color" and not _COLOR.fullmatch(value):
        raise BadValue(f"color {value!r} is not #rrggbb", 'write it in quotes, e.g. "#e02020"')
    return value


def take_labels(
    path: Path, lines: list[str], first: int, cast: tuple[Speaker, ...]
) -> tuple[list[str], dict[int, str]]:
    """The body lines with the speaker labels taken out, and the speaker each label starts, by
    file line. `first` is the file line of lines[0].

    A label is `Name:` or `**Name:**` at the start of a paragraph. Without a cast nothing is a
    label. With one, a label for an undeclared name close to a declared one is an error (a
    misspelt speaker); any other (`**Note:**`) stays prose.
    """
    if not cast:
        return lines, {}
    names = {speaker.name.lower(): speaker.name for speaker in cast}
    found: dict[int, str] = {}
    kept = list(lines)
    fenced, starts = False, True
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        label = None if fenced or not starts else _LABEL.match(line)
        starts = not line.strip() or bool(_HEADING.match(line))
        if label is None:
            continue
        name = (label["bold"] or label["outer"] or label["plain"]).strip()
        if name.lower() in names:
            found[first + index] = names[name.lower()]
            kept[index] = line[label.end() :].lstrip()
            continue
        close = difflib.get_close_matches(name.lower(), list(names), n=1, cutoff=0.75)
        if close:
            raise ScriptError(
                path,
                first + index,
                f"{name!r} is not in the cast",
                f"did you mean '{names[close[0]]}'? Or add {name} under 'cast:'",
            )
    return kept, found


def speaker_at(labels: dict[int, str], line: int) -> str | None:
    """Who speaks a sentence starting on `line`: the last label at or before it."""
    before = [at for at in labels if at <= line]
    return labels[max(before)] if before else None


def with_speakers(sentences: tuple, labels: dict[int, str]) -> tuple:
    """The sentences, each with the speaker of its line."""
    if not labels:
        return sentences
    return tuple(replace(s, speaker=speaker_at(labels, s.line)) for s in sentences)


def cue_speaker(raw: str, text: str) -> tuple[str | None, str]:
    """Who says a subtitle line, and its text without the label: a WebVTT voice span
    (`<v Ana>`), or a name in capitals and a colon at its start (`ANA: ...`), as subtitlers
    mark a change of speaker (the name is then written `Ana`)."""
    voice = _VOICE.match(raw.strip())
    if voice and is_name(voice[1].strip()):
        return voice[1].strip(), text
    caps = _CAPS_LABEL.match(text)
    if caps and is_name(caps[1]):
        return caps[1].title(), text[caps.end() :]
    return None, text


def labelled(script) -> dict[int, str]:
    """Where a Markdown copy of `script` labels a paragraph: its first sentence (by id) where
    the speaker changes, and the speaker's name."""
    found, speaker = {}, None
    for segment in script.segments:
        for sentence in segment.sentences:
            if sentence.speaker and sentence.speaker != speaker:
                found[id(sentence)] = sentence.speaker
            speaker = sentence.speaker or speaker
    return found


def cast_front_matter(script) -> list[str]:
    """`cast:` lines for the speakers of an imported script, one each in order of appearance,
    with distinct colours; empty when nobody is named."""
    names: list[str] = []
    for segment in script.segments:
        for sentence in segment.sentences:
            if sentence.speaker and sentence.speaker not in names:
                names.append(sentence.speaker)
    if not names:
        return []
    lines = [
        "# Every speaker is heard in the script's one voice until you give each a voice",
        '# of their own, e.g. {voice: "piper:en_GB-alan-medium"} (scriptreel guide cast).',
        "cast:",
    ]
    for index, name in enumerate(names):
        entry = {name: {"color": PALETTE[index % len(PALETTE)]}}
        dumped = yaml.safe_dump(entry, default_flow_style=None, allow_unicode=True, width=1000)
        lines.append("  " + dumped.strip())
    return lines


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2  # YAML counts from 0 after the opening `---`


_NULL = "tag:yaml.org,2002:null"
