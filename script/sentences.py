"""Split paragraph text into speakable sentences, recovering missing full stops."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from scriptreel.script.errors import ScriptError
from scriptreel.script.model import Sentence
from scriptreel.script.pauses import HIDDEN_PAUSE, hidden_seconds, hide_pauses
from scriptreel.script.pronounce import Lexicon, expand

MAX_WORDS = 30
"""Longest sentence handed to a voice, in words said (after `pronounce:`): Piper's memory and
time grow with sentence length."""
MAX_CHARS = 400
"""Longest sentence handed to a voice, in characters said: bounds sentences of long words."""
MAX_WORD_CHARS = 200
"""Longest single word (after `pronounce:`): a word cannot be cut, so a longer one is refused."""


class WordTooLong(ValueError):
    """One word longer than MAX_WORD_CHARS, which no cut can bring under the limits."""

    def __init__(self, word: str):
        self.word = word
        super().__init__(f"a word of {len(word)} characters")


# Words that end in a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc e.g i.e a.m p.m u.s u.k u.n e.u no fig approx
    jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp gen col lt sgt rev""".split()
)

# Capitalised words that, right after a word with no punctuation, almost always start a new
# sentence in transcripts that lost their full stops ("allied countries The US is ...").
# Proper nouns are deliberately absent: "in Pakistan in 2011" must stay one sentence.
SENTENCE_STARTERS = frozenset(
    """The A An And But So Yet Or In On At By For From With Without After Before Since During
    When While Although Though However Meanwhile Additionally Moreover Furthermore Instead
    Today Now Then Still Even Also This That These Those There Here It Its They Their We Our
    He His She Her You Your If As Because Thanks Well Fearing Despite Unlike Like What Why
    How Who Where Which Some Many Most Both Each Every No Not Over Under""".split()
)

_CLOSERS = "\"'”’)]»"
_TOKEN = re.compile(r"\S+")


def _ends_sentence(word: str, following: str) -> bool:
    core = word.rstrip(_CLOSERS)
    if not core or core[-1] not in ".!?…":
        return False
    if core[-1] == "." and core.lower().rstrip(".").lstrip("(\"'“‘") in ABBREVIATIONS:
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)+", core):  # initials such as "J." or "U.S."
        return False
    first = following.lstrip("\"'“‘([«")[:1]
    return first.isupper() or first.isdigit() or not first.isalpha()


# A capitalised word followed by one of these verbs is the subject of a new sentence
# ("a necessary ally Pakistan had long supported"), unless a function word comes before it.
_SUBJECT_VERBS = frozenset(
    "had has have is was were are will would can could did does may might must should".split()
)
_FUNCTION_WORDS = frozenset(
    """in of the a an and or but nor to from by with for at on as that than because when while if
    since after before whom which who where whose said says told into onto upon about against
    between like unlike via per
    so yet both either neither whether than then also even only just not""".split()
)


def _lost_full_stop(word: str, following: str, after: str = "") -> bool:
    if not re.search(r"[A-Za-z0-9%’']$", word):
        return False
    if following.rstrip(",;:") in SENTENCE_STARTERS:
        return True
    return (
        following[:1].isupper()
        and following.isalpha()
        and after.lower() in _SUBJECT_VERBS
        and word[:1].islower()
        and word.lower() not in _FUNCTION_WORDS
    )


def split_sentences(paragraph: str, close: bool = True, lexicon: Lexicon = ()) -> list[str]:
    """Sentences of one paragraph, as written, each at most MAX_WORDS words and MAX_CHARS
    characters as said (with `lexicon` applied); full stops the text lost are put back, and with
    `close` the paragraph's last one too (not before a pause marker, which may stand in the
    middle of a sentence). WordTooLong if one word alone is longer than MAX_WORD_CHARS."""
    words = _TOKEN.findall(paragraph)
    for word in words:
        if len(word) > MAX_WORD_CHARS and len(expand(word, lexicon)) > MAX_WORD_CHARS:
            raise WordTooLong(word)
    sentences: list[list[str]] = []
    current: list[str] = []
    for i, word in enumerate(words):
        current.append(word)
        following = words[i + 1] if i + 1 < len(words) else ""
        after = words[i + 2] if i + 2 < len(words) else ""
        if following and _ends_sentence(word, following):
            sentences.append(current)
            current = []
        elif following and _lost_full_stop(word, following, after):
            # The full stop the transcript lost is put back, so captions and `init` show it.
            current[-1] = _with_full_stop(current[-1])
            sentences.append(current)
            current = []
    if current:
        if close:
            current[-1] = _with_full_stop(current[-1])
        sentences.append(current)
    out: list[str] = []
    for sentence in sentences:
        out.extend(" ".join(part) for part in _limit_length(sentence, lexicon))
    return out


def _with_full_stop(word: str) -> str:
    """The word ending a sentence, with a full stop if it ends in a letter or digit (a word that
    ends in punctuation, a closing quote or a pause marker is left as it is)."""
    return word + "." if re.search(r"[A-Za-z0-9%’']$", word) else word


# Where a long sentence may be cut, best first: after clause punctuation, then before a
# conjunction or relative word.
_CUT_AFTER = re.compile(r"[,;:—–]$|\)$")
_CUT_BEFORE = frozenset(
    "and but or which who while whereas because although though including unless until "
    "where when after before since so yet that as".split()
)


def _fits(words: list[str], lexicon: Lexicon) -> bool:
    """True if the words, as said, are within MAX_WORDS and MAX_CHARS."""
    if len(words) > MAX_WORDS or sum(map(len, words)) + len(words) > MAX_CHARS + 1:
        return False  # too long as written: cut it without expanding (cheap on long runs)
    said = expand(" ".join(words), lexicon) if lexicon else " ".join(words)
    return len(said.split()) <= MAX_WORDS and len(said) <= MAX_CHARS


def _limit_length(words: list[str], lexicon: Lexicon = ()) -> list[list[str]]:
    if _fits(words, lexicon):
        return [words]
    if len(words) == 1:
        return [words]  # under MAX_WORD_CHARS (checked first): said whole
    middle = len(words) / 2
    best: tuple[float, int] | None = None
    for i in range(3, len(words) - 2):
        if _CUT_AFTER.search(words[i - 1]):
            cost = abs(i - middle)
        elif words[i].lower() in _CUT_BEFORE:
            cost = abs(i - middle) + 3
        else:
            continue
        if best is None or cost < best[0]:
            best = (cost, i)
    cut = best[1] if best else len(words) // 2
    return _limit_length(words[:cut], lexicon) + _limit_length(words[cut:], lexicon)


def paragraph_sentences(
    text: str,
    line: int,
    path: Path,
    words: Callable[[str], str] | None = None,
    lexicon: Lexicon = (),
) -> list[Sentence]:
    """Sentences of one paragraph; a `[pause 1.5s]` marker adds silence after the sentence before
    it. `words` turns the text between markers into plain words (Markdown markup removed);
    sentences are cut to length as said with the `pronounce:` lexicon. ScriptError for a word
    too long to say."""
    hidden = hide_pauses(path, line, text)
    if words is not None:
        hidden = words(hidden)
    found: list[Sentence] = []
    pieces = HIDDEN_PAUSE.split(hidden)
    spoken = [i for i, piece in enumerate(pieces) if not HIDDEN_PAUSE.fullmatch(piece)]
    spoken = [i for i in spoken if re.search(r"\w", pieces[i])]
    for index, piece in enumerate(pieces):
        if HIDDEN_PAUSE.fullmatch(piece):
            if found:
                last = found[-1]
                found[-1] = Sentence(last.text, last.line, last.pause_after + hidden_seconds(piece))
        elif re.search(r"\w", piece):
            close = index == spoken[-1]
            try:
                cut = split_sentences(piece, close, lexicon)
            except WordTooLong as exc:
                raise ScriptError(
                    path,
                    line,
                    f"a word of {len(exc.word)} characters ({exc.word[:24]}…) is too long to say; "
                    f"the voice takes words of at most {MAX_WORD_CHARS}",
                    "put spaces into it, or leave it out of the narration",
                ) from None
            found.extend(Sentence(s, line) for s in cut)
    return found
