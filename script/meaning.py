"""Whether a run of a sentence's words keeps the meaning it has in the sentence: a call-out
never drops a "not" that turns it around, a qualifier of its amount ("almost", "only"), part of
a list ("Egypt, Israel, and Saudi Arabia"), the start of its noun phrase or the second of a
pair of names."""

from __future__ import annotations

from collections.abc import Sequence

from scriptreel.script.clauses import JOINS, Word

# Words that turn a clause around: a call-out after one in its clause must hold it.
_NEGATIONS = frozenset(
    "not never no nor neither none nobody nothing nowhere cannot without".split()
)
# Qualifiers of what follows them: "almost immediate", "only a third", "more than half".
_QUALIFIERS = frozenset(
    """almost nearly only just roughly approximately barely hardly merely than least mostly
    largely partly scarcely most more less fewer""".split()
)
# Prepositions that qualify an amount after them ("about 40 ships", "over a million").
_AMOUNT_QUALIFIERS = frozenset("about around over under some up".split())
# Words that start a noun phrase: a call-out starting after one has lost it ("the | US").
# (An article alone may go: "cold green water" says what "the cold green water" says.)
_PHRASE_OPENERS = frozenset(
    """this these those their its his her our my your each every other same such whole entire
    own""".split()
)
# Adjectives among the function words: "their first | nuclear program" lost "first".
_ADJECTIVES = frozenset(
    """first second third last next new old great good best better big small large long little
    high low early late recent major various""".split()
)
CLAUSE_ENDS = frozenset(
    """when while because which who whom whose where unless until although though whereas but
    and so""".split()
)
"""Words that start a new clause: a run stopping before one ends its clause."""
_PARTS = frozenset("one some many most all none part each any few several two three".split())
_COPULAS = frozenset("is are was were be been being am".split())
# Where a clause of its own starts inside a sentence, besides punctuation.
_CLAUSE_MARKS = frozenset(
    """that which who whom whose because although though unless whereas while when where if
    but yet so and or""".split()
)
# Prepositions that leave a phrase open when punctuation follows them ("relations with, and").
_PREPOSITIONS = frozenset(
    """of with to for from by in on at about against between into onto upon among toward
    towards""".split()
)
# -ing words that are nouns, not verbs taking an object.
_ING_NOUNS = frozenset(
    """morning evening building ceiling meeting wedding painting clothing feeling beginning
    setting heading warning king ring thing spring string wing nothing something
    anything everything during""".split()
)
NEGATION_REACH = 6
"""Most words between a negation and the run it turns around ("has not been viewed by | the
US as an ally")."""
MOST_LIST_PART = 3
"""Most words in one part of a list ("Saudi Arabia", "religious")."""


def negated(core: str) -> bool:
    lower = core.lower()
    return lower in _NEGATIONS or lower.endswith(("n't", "n’t"))


def keeps_meaning(
    words: Sequence[Word], first: int, last: int, amount: bool = False, spans=None
) -> bool:
    """True if words `first` to `last` say what the sentence says of them (see the module).
    An `amount` at the run's start says what it measures itself ("accounting for | a quarter
    of Pakistan's exports"). `spans` are the sentence's list_spans, if already found."""
    run = words[first:last]
    before = words[first - 1] if first and not words[first - 1].breaks else None
    if before is not None and _leans_on(words, first, _finite(run), amount):
        return False
    if _negation_before(words, first, last):
        return False
    if any(negated(w.core) for w in run) and not _ends_clause(words, last):
        return False  # "has not been viewed by the US | as an ally": what it is not, too
    following = words[last] if last < len(words) and not words[last - 1].breaks else None
    if following is not None and _goes_on(words, last):
        return False
    spans = list_spans(words) if spans is None else spans
    return not any(_cuts(span, first, last) for span in spans)


def _ends_clause(words: Sequence[Word], last: int) -> bool:
    """The run ends where its clause does: at punctuation, the end, or a word starting
    another clause."""
    return last == len(words) or words[last - 1].breaks or words[last].core.lower() in CLAUSE_ENDS


def _finite(run: Sequence[Word]) -> bool:
    """The run holds a verb of its own, not a participle after its noun ("stone hauled")."""
    return any(
        word.verb
        and not (
            index
            and word.core.endswith("ed")
            and run[index - 1].meaning
            and not run[index - 1].capital  # "the US imposed": a name and what it did
        )
        for index, word in enumerate(run)
    )


def _leans_on(words: Sequence[Word], first: int, verb: bool, amount: bool) -> bool:
    """The word before the run belongs with it: an article, a qualifier, a joining word
    before a phrase, a verb whose object the run is ("harboring | terrorists"), a preposition
    before a clause whose subject it cuts ("pressure from | the US forced"), or a name the run
    cuts ("War | on Terror")."""
    before, head = words[first - 1], words[first]
    lower = before.core.lower()
    if lower in _PHRASE_OPENERS | _QUALIFIERS | _ADJECTIVES:
        return True
    if negated(before.core):
        return True
    if lower in ("the", "a", "an") and (head.capital or verb):
        return True  # "the | United States forced Pakistan"
    if lower in _AMOUNT_QUALIFIERS and head.core[:1].isdigit():
        return True
    if amount:
        return False
    if _complement(words, first):
        return True
    if lower in JOINS:
        # "and | religious aggression": the second half of a pair (a name stands alone, and
        # a list of names is kept whole by the list rule).
        shared = head.owner and first > 1 and words[first - 2].capital  # "the US and | Pakistan's"
        return shared or not (verb or head.capital)
    if lower in _PREPOSITIONS and verb:
        return True
    if head.core.lower() in _PREPOSITIONS and before.meaning and not before.verb and verb:
        return True  # "pressure | from the United States forced Pakistan"
    following = words[first + 1] if first + 1 < len(words) else None
    if first > 1 and before.capital and not head.capital and following and following.capital:
        return True
    name = before.capital and first > 1  # not a sentence's first word ("But | pressure")
    if name and head.meaning and not head.capital and lower != "i":
        return True  # "Pakistani | intelligence"
    if before.meaning and head.meaning and not (before.capital or before.verb or head.capital):
        return not before.core.lower().endswith("ly")  # "their military | bases"
    return False


def cut_from_its_verb(words: Sequence[Word], first: int) -> bool:
    """The run starts on what the word before it governs: a verb's object ("harboring |
    terrorists"), a copula's complement ("The US is | Pakistan's largest partner"), or a
    noun's phrase ("pressure | from the United States"). Such a run may still read well
    ("used | Pakistani intelligence services"), so this is a cost, not a rule."""
    if not first or words[first - 1].breaks:
        return False
    before, head = words[first - 1], words[first]
    lower = before.core.lower()
    if lower in _COPULAS:  # not "what was | the longest"
        return first < 2 or words[first - 2].core.lower() not in ("what", "which", "that")
    if head.core.lower() in _PREPOSITIONS and before.meaning and not before.verb:
        return True
    infinitive = first > 1 and words[first - 2].core.lower() == "to" and not before.capital
    ing = lower.endswith("ing") and len(lower) > 5 and lower not in _ING_NOUNS
    return (before.verb or ing or infinitive) and not before.capital


def _complement(words: Sequence[Word], first: int) -> bool:
    """The run is what a noun before it is of or with: "a history of | territorial",
    "relations with | Egypt" (other prepositions as often belong to the verb: "jumped from
    the end | into the water")."""
    preposition = words[first - 1].core.lower()
    if preposition not in ("of", "with") or first < 2 or words[first - 2].breaks:
        return False
    noun = words[first - 2]
    if preposition == "with":
        return noun.meaning and not (noun.verb or noun.capital)
    # "the birth of | the Islamic Republic of Pakistan": a name stands alone, unless what is
    # before is a part of it ("one of | the Soviet Union's last allies").
    named = words[first].capital or (
        words[first].core.lower() in ("the", "a", "an")
        and first + 1 < len(words)
        and words[first + 1].capital
    )
    return not named or noun.core.lower() in _PARTS


def _goes_on(words: Sequence[Word], last: int) -> bool:
    """The run stops before the second name of a pair ("the US | and Pakistan's")."""
    lower = words[last].core.lower()
    pair = lower in JOINS and last + 1 < len(words) and words[last + 1].capital
    return pair and words[last - 1].capital


def _negation_before(words: Sequence[Word], first: int, last: int) -> bool:
    """A negation earlier in the run's clause than the run (and not in it)."""
    if any(negated(w.core) for w in words[first:last]):
        return False
    index = first - 1
    while index >= max(0, first - NEGATION_REACH) and not words[index].breaks:
        if negated(words[index].core):
            return True
        if words[index].core.lower() in _CLAUSE_MARKS or _starts_sentence(words, index):
            return False
        index -= 1
    return False


def _starts_sentence(words: Sequence[Word], index: int) -> bool:
    """A capitalised word after a plain one: a new sentence in text without full stops
    ("no light at all Ships came in")."""
    return bool(index) and words[index].capital and not words[index - 1].capital


def list_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """(start, end) of each list of short parts in the sentence: "Egypt, Israel, and Saudi
    Arabia", "territorial, cultural and religious aggression"."""
    spans = []
    for join, word in enumerate(words):
        if word.core.lower() not in JOINS or not join:
            continue
        start = _list_start(words, join)
        if start is None:
            continue
        end = join + 1
        while end < len(words) and end - join <= MOST_LIST_PART and _part_word(words[end]):
            end += 1
            if words[end - 1].breaks:
                break
        # Its parts are alike: all names or none ("hand, India and Pakistan" is no list).
        heads = {words[i].capital for i in _part_heads(words, start, join)} | {
            words[join + 1].capital
        }
        if end > join + 1 and len(heads) == 1:
            spans.append((start, end))
    return spans


def _list_start(words: Sequence[Word], join: int) -> int | None:
    """Where the list ending in the joining word `join` starts, if one does: a part before it
    and at least one more before that, each ended by a comma."""
    parts, end, found = 0, join, join
    while True:
        start = end
        # A part's words: none but its last ends on punctuation.
        while (
            start > 0
            and end - start < MOST_LIST_PART
            and _part_word(words[start - 1])
            and (start == end or not words[start - 1].breaks)
        ):
            start -= 1
        if start == end:
            break
        parts, found = parts + 1, start
        if start == 0 or not words[start - 1].raw.rstrip("\"'”’").endswith(","):
            break
        end = start
    return found if parts >= 2 else None


def _part_heads(words: Sequence[Word], start: int, join: int) -> list[int]:
    """The first word of each part of a list from `start` to its joining word."""
    return [start] + [i + 1 for i in range(start, join - 1) if words[i].breaks]


def _part_word(word: Word) -> bool:
    """A word that can be part of a list's item: it means something and is not a verb."""
    return (word.meaning or word.capital) and not word.verb


def _cuts(span: tuple[int, int], first: int, last: int) -> bool:
    start, end = span
    return first < end and start < last and not (first <= start and end <= last)


def list_commas(words: Sequence[Word]) -> frozenset[int]:
    """Indexes of words whose comma separates the parts of a list (not a crossing)."""
    inside = set()
    for start, end in list_spans(words):
        inside.update(i for i in range(start, end - 1) if words[i].breaks)
    return frozenset(inside)
