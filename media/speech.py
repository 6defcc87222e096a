"""Text for speech: what the voice is given to read, so it says what a person would say.

Captions keep the author's words; only the narration goes through here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from scriptreel.script.pronounce import lexicon_pattern

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

ABBREVIATIONS = {
    "Dr.": "Doctor",
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "Ms.": "Miz",
    "Prof.": "Professor",
    "etc.": "et cetera",
    "e.g.": "for example",
    "i.e.": "that is",
    "vs.": "versus",
    "approx.": "approximately",
    "Jan.": "January",
    "Feb.": "February",
    "Aug.": "August",
    "Sept.": "September",
    "Oct.": "October",
    "Nov.": "November",
    "Dec.": "December",
    "Inc.": "Incorporated",
    "Ltd.": "Limited",
}
CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "€": ("euro", "euros", "cent", "cents"),
    "¥": ("yen", "yen", "sen", "sen"),
}
_SCALES = "thousand|million|billion|trillion"


def two_digits(number: int) -> str:
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def year_words(year: int) -> str:
    """1947 -> nineteen forty-seven; 2005 -> two thousand five; 2011 -> twenty eleven."""
    century, rest = divmod(year, 100)
    if 2000 <= year <= 2009:
        return "two thousand" + (f" {_ONES[rest]}" if rest else "")
    if rest == 0:
        return f"{two_digits(century)} hundred"
    if rest < 10:
        return f"{two_digits(century)} oh {_ONES[rest]}"
    return f"{two_digits(century)} {two_digits(rest)}"


def _currency(match: re.Match[str]) -> str:
    one, many, small_one, small_many = CURRENCIES[match["sym"]]
    amount, scale = match["amount"].replace(",", ""), match["scale"]
    if scale:
        return f"{amount} {scale} {many}"
    whole, _, cents = amount.partition(".")
    words = f"{whole} {one if whole == '1' else many}"
    if cents and int(cents):
        cents = (cents + "0")[:2]
        words += f" and {int(cents)} {small_one if int(cents) == 1 else small_many}"
    return words


def _url(match: re.Match[str]) -> str:
    address = re.sub(r"^(https?://)?(www\.)?", "", match[0]).rstrip("/")
    address = address.replace(".", " dot ").replace("/", " slash ").replace("-", " dash ")
    return re.sub(r"\s+", " ", address)


def spoken(text: str, lexicon: dict[str, str] | None = None) -> str:
    """The sentence as the voice should read it."""
    return spoken_words(text, lexicon).text


_KEPT: dict[tuple, SpokenWords] = {}
"""spoken_words' answers in this process: a render asks for each sentence on two threads (is it
in the cache? then to speak it or lay it out), and the rules cost about half a millisecond a
sentence."""
_KEEP_AT_MOST = 50_000


def spoken_words(text: str, lexicon: dict[str, str] | None = None) -> SpokenWords:
    """The sentence as the voice should read it, with each author word's spoken words."""
    key = (text, tuple(sorted((lexicon or {}).items())))
    found = _KEPT.get(key)
    if found is None:
        found = _spoken_words(text, lexicon)
        if len(_KEPT) >= _KEEP_AT_MOST:
            _KEPT.clear()
        _KEPT[key] = found
    return found


def _spoken_words(text: str, lexicon: dict[str, str] | None) -> SpokenWords:
    said = _Traced(text)
    entries = dict(lexicon or {})
    if pattern := lexicon_pattern(entries):
        # One pass, as the sentence cutter measured it: what an entry says is not expanded again.
        said.sub(pattern, lambda found: entries[found[0]])
    said.sub(r"\[pause(?:\s+[\d.]+\s*s?)?\]", " ", re.I)
    said.sub(
        r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|gov|edu|dev|co\.uk)\b(?:/\S*)?",
        _url,
    )
    said.sub(r"(?<=\b[A-Z])&(?=[A-Z]\b)", " and ")  # AT&T, R&D
    said.sub("&", " and ")
    for short, full in ABBREVIATIONS.items():
        said.sub(rf"(?<!\w){re.escape(short)}", full)
    said.sub(
        r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?", lambda m: " ".join(g for g in m.groups() if g)
    )  # U.S.
    said.sub(
        rf"(?P<sym>[$£€¥])\s?(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<scale>{_SCALES})\b)?",
        _currency,
    )
    said.sub(r"(\d)\s?%", r"\1 percent")
    said.sub(
        r"(?<![\d,.$£€¥])\b(1[1-9]\d\d|20\d\d)\b(?![\d%]|[.,]\d)(?!\s?(?:percent|dollars|euros|pounds))",
        lambda m: year_words(int(m[1])),
    )
    said.sub(
        r"\b(1[1-9]\d\d|20\d\d)s\b",
        lambda m: year_words(int(m[1])).rsplit(" ", 1)[0] + " " + _plural_decade(int(m[1])),
    )
    said.sub(r"\s+", " ")
    return said.words(text)


def _plural_decade(year: int) -> str:
    last = two_digits(year % 100)
    return last[:-1] + "ies" if last.endswith("y") else last + "s"


@dataclass(frozen=True)
class SpokenWords:
    """A sentence as the voice reads it, and which spoken words each author word became."""

    text: str
    """What the voice is given (the same as spoken())."""
    author: tuple[str, ...]
    """The author's words: the sentence split on white space, as captions show them."""
    said: tuple[str, ...]
    """The voice's words: text split on white space."""
    sources: tuple[tuple[int, int], ...]
    """Per author word, the half-open range of `said` it became; author words that became one
    spoken word together share one range, and a word with nothing to say has an empty one."""


class _Traced:
    """A string rewritten by substitutions that remembers where each character came from."""

    def __init__(self, text: str):
        self.text = text
        self.origin = list(range(len(text)))

    def sub(self, pattern: str | re.Pattern[str], replacement, flags: int = 0) -> None:
        """Like re.sub; replaced characters inherit the origins of what they replace."""
        parts: list[str] = []
        origin: list[int] = []
        done = 0
        for match in re.finditer(pattern, self.text, flags):
            start, end = match.span()
            new = replacement(match) if callable(replacement) else match.expand(replacement)
            parts += [self.text[done:start], new]
            origin += self.origin[done:start] + _inherit(match[0], new, self.origin[start:end])
            done = end
        self.text = "".join(parts) + self.text[done:]
        self.origin = origin + self.origin[done:]

    def words(self, source: str) -> SpokenWords:
        author = [m.span() for m in re.finditer(r"\S+", source)]
        owner = [-1] * len(source)
        for index, (start, end) in enumerate(author):
            owner[start:end] = [index] * (end - start)
        said = list(re.finditer(r"\S+", self.text))
        touched = [_owners(self.origin[m.start() : m.end()], owner) for m in said]
        return SpokenWords(
            self.text.strip(),
            tuple(source[a:b] for a, b in author),
            tuple(m[0] for m in said),
            _ranges(len(author), touched),
        )


def _inherit(old: str, new: str, origin: list[int]) -> list[int]:
    """Origins for the characters of `new`, which replaces `old` (whose origins are given):
    kept characters keep theirs, changed ones take those of what they replace, proportionally,
    and inserted ones take the character before them."""
    result: list[int] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            result += origin[i1:i2]
        elif op == "replace":
            result += [origin[i1 + (j - j1) * (i2 - i1) // (j2 - j1)] for j in range(j1, j2)]
        elif op == "insert":
            result += [origin[max(i1 - 1, 0)]] * (j2 - j1)
    return result


def _owners(origins: list[int], owner: list[int]) -> set[int]:
    """Author words a spoken word's characters came from; white space belongs to the next word."""
    found = {owner[i] for i in origins if owner[i] >= 0}
    if found or not origins:
        return found
    after = [owner[i] for i in range(origins[0], len(owner)) if owner[i] >= 0]
    return {after[0]} if after else {max(owner)}


def _ranges(count: int, touched: list[set[int]]) -> tuple[tuple[int, int], ...]:
    """Per author word the range of spoken words; words sharing a spoken word share a range."""
    spans: list[list[int]] = [[] for _ in range(count)]
    for said, owners in enumerate(touched):
        for author in owners:
            spans[author].append(said)
    blocks: list[list[int]] = []  # [first author word, last author word, start, end]
    for index, said in enumerate(spans):
        if not said:
            edge = blocks[-1][3] if blocks else 0
            blocks.append([index, index, edge, edge])
        elif blocks and blocks[-1][2] < blocks[-1][3] and min(said) < blocks[-1][3]:
            last = blocks[-1]
            last[1], last[2], last[3] = index, min(last[2], min(said)), max(last[3], max(said) + 1)
        else:
            blocks.append([index, index, min(said), max(said) + 1])
    return tuple((b[2], b[3]) for b in blocks for _ in range(b[0], b[1] + 1))
