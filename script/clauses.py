"""A sentence's words as a call-out sees them: what each is, which look like verbs, and
whether a run of them reads as a whole (a clause with its subject, a noun with its complement)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from scriptreel.script.terms import NAME_JOINERS, PUNCT_BREAK, STOPWORDS, VERBS, is_word, tokens

# Scales and units of count say how much, not of what: "33 billion" needs its noun.
_NO_MEANING = frozenset(
    """hundred thousand million billion trillion percent per cent half third quarter dozen
    dozens hundreds thousands millions billions""".split()
)
# Finite verbs that carry no hint in their form: a call-out holding one holds a clause.
_AUXILIARIES = frozenset(
    """is are was were am has have had do does did will would can could should shall may might
    must""".split()
)
# Irregular past forms that are never nouns, beyond the common ones of VERBS.
_PAST_FORMS = frozenset(
    """fought taught caught sought drove rode wore tore threw flew drew broke froze hid fled
    bled lent dealt meant slept swept wept sank sang rang swam drank dug swung withdrew
    overthrew undertook arose""".split()
)
# After these a plain word is a verb: "to invade" (if something follows), "have cast".
_BEFORE_VERB = frozenset(
    """to will would can could should shall may might must do does did has have had they we i
    you he she who""".split()
)
# What starts the object of a verb (or a preposition): a word before one of these governs it.
_OBJECT_STARTS = frozenset(
    "the a an this these those their its his her our my your them him us me it each every".split()
)
_DETERMINERS = frozenset(
    "the a an this these those their its his her our my your each every".split()
)
# Words that start a clause of their own inside a sentence: what follows needs its verb.
_SUBORDINATORS = frozenset("that because although though unless whereas".split())
_RELATIVES = frozenset("that which who".split())
# Adjectives among the stopwords: "the old | harbour wall" is still the wall.
_ADJECTIVES = frozenset(
    """first second third new old great good best better big small large long little high low
    early late recent major various""".split()
)
# Where a clause may begin: after these, or after punctuation that ends a phrase.
_CLAUSE_OPENERS = frozenset(
    """and but or so yet when while because although though unless until if after before since
    as where whereas once that""".split()
)
# Words before an object that are not verbs: prepositions, and times ("that winter the").
_PREPOSITIONS = frozenset(
    """inside outside across behind beyond beside besides near despite amid past like unlike
    along throughout beneath alongside opposite including following during except versus
    plus""".split()
)
_TIMES = frozenset(
    """day night week month year decade century morning evening spring summer autumn winter
    time""".split()
)
JOINS = ("and", "or")
# -ly words that are nouns, not adverbs: a call-out may end on them.
_LY_NOUNS = frozenset("family supply assembly rally anomaly monopoly butterfly ally italy".split())
_CLOSE = "\"'”’)]»"
EDGE = "\"'“”‘’()[],;:.!?…—–"


@dataclass(frozen=True)
class Word:
    """One word of a sentence as a call-out sees it."""

    raw: str
    """As written, with its punctuation."""
    core: str
    """Without punctuation or a possessive 's."""
    breaks: bool
    """Punctuation after it ends a clause or phrase."""
    meaning: bool
    """It says what something is: not a function word, a number or a scale."""
    capital: bool
    """Capitalised (part of a name, or the sentence's first word)."""
    owner: bool
    """A possessive ("Pakistan's"): the noun it owns must follow."""
    verb: bool = False
    """It looks like a verb where it stands ("rank each other", "have cast", "was")."""


@lru_cache(maxsize=4096)
def sentence_words(text: str) -> tuple[Word, ...]:
    """The words of a sentence with what a call-out needs to know of each."""
    found = []
    for raw, token in zip(text.split(), tokens(text), strict=True):
        lower = token.lower
        breaks = raw.rstrip(_CLOSE)[-1:] in PUNCT_BREAK
        # "US" is a country, not the pronoun "us": an acronym always means something.
        acronym = token.text.isupper() and len(token.text) > 1
        plain = lower not in STOPWORDS | _NO_MEANING | NAME_JOINERS | _PREPOSITIONS
        meaning = is_word(token) and (acronym or plain)
        owner = raw.rstrip(EDGE).lower().endswith(("'s", "’s"))
        found.append(Word(raw, token.text, breaks, meaning, token.capitalised, owner))
    return tuple(
        replace(word, verb=_looks_like_verb(found, index)) for index, word in enumerate(found)
    )


def _looks_like_verb(words: list[Word], index: int) -> bool:
    """A guess from the word and its neighbours, without a dictionary of English: an auxiliary,
    a common irregular verb, a plain word after "to" or a pronoun, or a plain word (or an -ed
    word not qualifying a noun) that is followed by the start of an object."""
    word = words[index]
    lower = word.core.lower()
    if word.capital and index or not word.core[:1].isalpha():
        return False
    if lower in _AUXILIARIES or lower in VERBS or lower in _PAST_FORMS:
        return True
    plain = lower not in STOPWORDS and not word.owner
    before = words[index - 1] if index else None
    after = words[index + 1] if index + 1 < len(words) and not word.breaks else None
    following = after.core.lower() if after else ""
    joined = before is not None and not before.breaks
    if plain and joined and before.core.lower() in _BEFORE_VERB:
        # "to invade Afghanistan", not "out to sea" or "rose to power in".
        objects = after and (after.meaning or after.capital or following in _OBJECT_STARTS)
        if before.core.lower() != "to" or objects:
            return True
    if after is None:
        return False
    if plain and following in _OBJECT_STARTS and lower not in _PREPOSITIONS | _TIMES:
        return True  # "rank each other", "supported the new nation"
    participle = lower.endswith("ed") and len(lower) > 4 and "-" not in lower
    if participle and joined and before.capital:
        return True  # "the US imposed", "Pakistan developed": a name and what it did
    # "created during the war", "killed a number": not "strained relations", nor "an engineer
    # named Margaret Hale".
    return participle and following in STOPWORDS and following not in JOINS


def whole_clause(words, first: int, last: int, listed: frozenset[int] = frozenset()) -> bool:
    """No run ends on a verb that takes what follows ("Pakistanis and Americans rank"), on an
    adverb, a name's adjective, or a noun whose "of" follows; none holds a verb unless it starts
    where the verb's clause starts and holds its subject ("Pakistan in 2011 have cast doubt"),
    and none goes on past a comma into a clause and stops before its verb or the clause's end
    ("In 2008, the director of the NSA"), or past "that" into a clause without its verb ("clear
    that the US and Pakistan")."""
    tail = words[last - 1]
    following = words[last] if last < len(words) and not tail.breaks else None
    if following is not None and (
        tail.verb
        or following.core.lower() == "of"
        or _adverb(tail)
        # "Pakistani | intelligence", "fiercest | rivals": a noun phrase goes on.
        or (following.meaning and not (following.capital or following.verb or _adverb(following)))
    ):
        return False
    clause = _last_clause(words, first, last, listed)
    if clause is None:
        return False
    if clause == first:
        return True
    if words[clause - 1].core.lower() in _SUBORDINATORS:
        return any(w.verb for w in words[clause:last])  # "lamps that burned whale oil"
    # Past a comma it starts a clause: it must finish it, or at least reach its verb.
    return following is None or not following.verb and any(w.verb for w in words[clause:last])


def _last_clause(words, first: int, last: int, listed: frozenset[int]) -> int | None:
    """Where the run's last clause starts (after a comma or "that"), or None if a clause in it
    has a verb without its subject, or a phrase is left open."""
    clause = first
    for index in range(first, last):
        word = words[index]
        lower = word.core.lower()
        # "grey stone hauled down": a participle after its noun is no clause of its own.
        attached = index > first and lower.endswith("ed") and _noun(words[index - 1])
        if word.verb and clause == first and not (attached or _opens_clause(words, first)):
            return None
        before = words[index - 1].core.lower() if index else ""
        opened = index == clause or before in _CLAUSE_OPENERS
        # "and supported the new nation": whose subject is not in it ("was shaped and
        # numbered" shares one, "lamps that burned" has it before "that").
        relative = before in _RELATIVES and index - 1 > first
        if word.verb and opened and not relative:
            if not any(w.verb for w in words[clause : index - 1]):
                return None
        glued = index < last - 1 and words[index + 1].core.lower() in ("the", "a", "an")
        if glued and word.meaning and not (word.verb or word.breaks or lower in _PREPOSITIONS):
            return None  # "a decade the small town": two phrases with no comma between
        if word.breaks and index < last - 1 and index not in listed:
            if lower in STOPWORDS:
                return None  # "diplomatic relations with, and ...": a phrase left open
            clause = index + 1
        elif index > first and lower in _SUBORDINATORS:
            if index - first < 2 or lower not in _RELATIVES and not _opens_clause(words, first):
                return None  # "the country unless they ended": a piece of a clause before it
            clause = index + 1
    return clause


def _noun(word: Word) -> bool:
    """A word that means something and is neither a verb nor an adverb (a guess)."""
    return word.meaning and not (word.verb or _adverb(word))


def _adverb(word: Word) -> bool:
    lower = word.core.lower()
    return not word.capital and lower.endswith("ly") and len(lower) > 5 and lower not in _LY_NOUNS


def _opens_clause(words, first: int) -> bool:
    """A clause can start at word `first`: the sentence's start, after a comma or a joining
    word ("and", "when"), or on a joining word."""
    if first == 0 or words[first].core.lower() in _CLAUSE_OPENERS:
        return True
    before = words[first - 1]
    if before.core.lower() in _DETERMINERS | _ADJECTIVES and not before.breaks:
        return _opens_clause(words, first - 1)  # "every | block was shaped": its noun, still
    if before.core.lower() in JOINS:  # "farmers and | fishermen rank": two nouns
        # "the coast and | every block was shaped": a clause, when a determiner starts it.
        return words[first - 2].breaks or words[first].core.lower() in _OBJECT_STARTS
    return before.breaks or before.core.lower() in _CLAUSE_OPENERS
