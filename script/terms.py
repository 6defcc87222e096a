"""Words and key phrases of narration: content words, names and noun-phrase-like runs."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from scriptreel.script.model import Sentence
from scriptreel.script.sentences import SENTENCE_STARTERS

# Function words, pronouns, auxiliaries and discourse words: never the subject of a segment.
STOPWORDS = frozenset(
    """a about above after again against all almost along also although always am among an and
    another any anyone anything are around as at away back be became because become becomes been
    before being below between both but by can cannot could did do does doing done down during
    each either else enough even ever every few for from further get gets getting go goes going
    gone got had has have having he her here hers herself him himself his how however i if in
    instead into is it its itself just last least less let like made make makes making many may
    me might more moreover most much must my myself neither never next no nor not now of off
    often on once one only onto or other others otherwise our ours ourselves out over own per
    perhaps quite rather really same says said say see seen seem seems several shall she should
    since so some something soon still such than that the their theirs them themselves then there
    these they thing things this those though through thus to too toward towards under until up
    upon us very via was we well were what whatever when where whether which while who whom whose
    why will with within without would yet you your yours yourself today tomorrow yesterday
    ago already ok okay yes oh um uh hmm right actually basically maybe lot lots kind sort way
    ways put take takes took taken come comes came give gives gave given keep kept want wanted
    know knew known think thought tell told ask asked use used using find found call called try
    tried let lets per cent percent first second third new old great good best better big small
    large long little high low early late recent major own various thanks thank watching
    far away next""".split()
)
"""Words that carry no subject of their own (compared in lower case)."""

# Common verbs whose form gives no hint ("went", "began"): they end a noun phrase.
VERBS = frozenset(
    """began begin begins begun brought build builds built buy bought chose choose chosen
    fell fall falls felt go went gone grew grow grows held hold holds led lead leads left
    lost meet met paid pay rose run ran sat saw sent set shows showed shut sold spent split
    stood struck stay stays took won wrote forget forgot remember let says spoke need needs
    agreed agrees opened opens remained remains""".split()
)

# Words that refer back to what was said before, or join to it: a title never starts with one.
BACK_REFERENCES = frozenset(
    """since although though despite because but and or so yet however therefore thus also
    then meanwhile moreover furthermore additionally instead still this that these those it its
    they them their he she his her we our you your i such same both either neither another other
    further later afterwards there here which who whom whose what when while""".split()
)
"""Words no title may start with (compared in lower case)."""

# Joiners allowed inside a name: "Osama bin Laden", "Republic of Pakistan", "Ferdinand de Lesseps".
NAME_JOINERS = frozenset("of bin de del der van von la le da du al el di y".split())
_AFTER_VERB = frozenset(
    """to will would can could should may might must shall did does do has have had was were is
    are be been being they we i you he she it who which""".split()
)
_EDGE = "\"'“”‘’()[]{}«».,;:!?…—–-*_"
PUNCT_BREAK = ",;:.!?…—–)("
"""Characters at a word's end that end a phrase there."""


_SIGN_OFFS = ("thanks for", "thank you for", "don't forget", "don’t forget", "please subscribe")
# What a channel says to its viewers at the end; bounded alternatives, linear on any line.
_SIGN_OFF = re.compile(
    r"\b(?:thanks?(?: you)?(?: so much)? for (?:watching|listening|tuning in|viewing)"
    r"|like and subscribe|subscribe (?:to|for|and)|don[’']t forget to (?:like|subscribe|hit)"
    r"|see you (?:next time|in the next|soon)|hit the (?:bell|like)|smash that"
    r"|until next time)",
    re.I,
)


def is_sign_off(text: str) -> bool:
    """True for a channel's sign-off ("Thanks for watching"): about the channel, not the subject."""
    return text.lower().startswith(_SIGN_OFFS) or bool(_SIGN_OFF.search(text))


@dataclass(frozen=True)
class Token:
    """One word of a sentence as `sentence.text.split()` counts it."""

    text: str
    """The word without surrounding punctuation or possessive `'s`."""
    index: int
    """Its position in `sentence.text.split()`."""
    breaks: bool
    """True if punctuation after it ends a phrase (a comma, a full stop)."""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or any(c.isupper() for c in self.text[1:])


@lru_cache(maxsize=4096)  # titles, topics and call-outs all read the same sentences
def tokens(text: str) -> tuple[Token, ...]:
    """The words of a sentence, cleaned, with their indexes in `text.split()`."""
    found = []
    for index, raw in enumerate(text.split()):
        core = raw.strip(_EDGE)
        breaks = raw.rstrip("\"'”’»")[-1:] in PUNCT_BREAK
        for possessive in ("'s", "’s", "s'", "s’"):
            if core.lower().endswith(possessive) and len(core) > 3:
                core = core[: -len(possessive)] + ("s" if possessive.startswith("s") else "")
                breaks = True  # "Pakistan's exports": the owner and the owned are two phrases
                break
        found.append(Token(core, index, breaks))
    return tuple(found)


def stem(word: str) -> str:
    """A crude stem so that "sanction" and "sanctions" count as one term."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_word(token: Token) -> bool:
    return token.text[:1].isalpha() and len(token.text) > 1


def is_content(token: Token) -> bool:
    """A word that can name a subject: not a function word, a number or a verb-looking word."""
    return (
        is_word(token)
        and token.lower not in STOPWORDS
        and token.lower not in VERBS
        and "'" not in token.text
        and "’" not in token.text
    )


@lru_cache(maxsize=4096)
def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the content words of some text, hyphenated words split into their parts."""
    out = []
    for token in tokens(text):
        if is_content(token):
            out.extend(stem(part) for part in token.text.split("-") if len(part) > 2)
    return tuple(out)


def _looks_like_verb(token: Token, before: Token | None) -> bool:
    if token.capitalised:
        return False
    lower = token.lower
    if before is not None and before.lower in _AFTER_VERB:
        return True  # "to invade", "had supported", "they ended"
    return len(lower) > 5 and lower.endswith(("ed", "ly"))


@dataclass(frozen=True)
class Phrase:
    """A candidate subject: a name or a noun-phrase-like run of content words."""

    words: tuple[str, ...]
    """The words as written (cleaned)."""
    sentence: int
    """Index of the sentence it was found in."""
    start: int
    """Index of its first word in `sentence.text.split()`."""
    name: bool
    """True for a run of capitalised words (a person, place, organisation, event)."""

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)


def _is_name_word(token: Token, first: bool, known_names: frozenset[str]) -> bool:
    if not token.capitalised or not is_word(token):
        return False
    if first:
        # A sentence's first word is capitalised anyway: a name only if it is one elsewhere.
        return token.text in known_names and token.text not in SENTENCE_STARTERS
    return token.lower not in STOPWORDS or token.text.isupper()


def sentence_phrases(
    sentence: Sentence, index: int, known_names: frozenset[str]
) -> Iterable[Phrase]:
    """Names and noun-phrase-like runs of one sentence, left to right (linear in its words).

    A name followed by content words ("Pressler amendment", "Afghan mujahedeen fighters") is
    one phrase, and its name part another."""
    words = tokens(sentence.text)
    run: list[Token] = []
    lead = 0  # how many of the run's first words are a name
    for position, token in enumerate(words):
        before = words[position - 1] if position else None
        name = _is_name_word(token, position == 0, known_names)
        joiner = 0 < lead == len(run) and token.lower in NAME_JOINERS and not token.capitalised
        joiner = joiner and position + 1 < len(words) and words[position + 1].capitalised
        if name or joiner:
            if lead < len(run):  # a name after plain words starts a phrase of its own
                yield from _run_phrases(run, lead, index)
                run, lead = [], 0
            lead += 1
        elif is_content(token) and not _looks_like_verb(token, before):
            if not position:  # "Engineers had dreamed": capitalised only as the first word
                token = Token(token.lower, token.index, token.breaks)
        else:
            yield from _run_phrases(run, lead, index)
            run, lead = [], 0
            continue
        run.append(token)
        if token.breaks:
            yield from _run_phrases(run, lead, index)
            run, lead = [], 0
    yield from _run_phrases(run, lead, index)


def _run_phrases(run: list[Token], lead: int, index: int) -> Iterable[Phrase]:
    name = run[:lead]
    while name and name[-1].lower in NAME_JOINERS:
        name.pop()
    if name:
        yield Phrase(tuple(t.text for t in name[:6]), index, name[0].index, True)
    if len(run) > lead:
        kept = run if len(run) <= 5 else run[-4:]
        yield Phrase(tuple(t.text for t in kept), index, kept[0].index, False)


def known_names(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Capitalised words used mid-sentence somewhere: names even at a sentence's start."""
    names = set()
    for sentence in sentences:
        for token in tokens(sentence.text)[1:]:
            if token.capitalised and is_word(token) and token.lower not in STOPWORDS:
                names.add(token.text)
    return frozenset(names)


def distinctiveness(groups: Sequence[Sequence[Sentence]]) -> list[dict[str, float]]:
    """For each group of sentences, the TF-IDF weight of each content stem against the others."""
    counts = [Counter(t for s in group for t in content_stems(s.text)) for group in groups]
    spread = Counter(stem for count in counts for stem in count)
    total = len(groups)
    return [
        {term: tf * (0.1 + math.log(total / spread[term])) for term, tf in count.items()}
        for count in counts
    ]
