"""Call-outs keep the meaning their words have in the sentence: a "not", a qualifier, a whole
list, a noun phrase's start and a preposition's object stay with them."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.cli.main import main
from scriptreel.script.clauses import sentence_words
from scriptreel.script.facts import FactKind, sentence_facts
from scriptreel.script.meaning import NEGATION_REACH, keeps_meaning, list_spans
from scriptreel.script.windows import MOST_WORDS, phrase_window
from tests.test_autocallouts import is_bare
from tests.test_callout_import import BOLD

# A transcript as a channel would paste it: no headings, long run-on paragraphs.
TRANSCRIPT = Path(__file__).resolve().parent / "transcripts" / "raw-harbour-towns.txt"
WEAK_ENDS = ("with", "of", "for", "to", "in", "on", "by", "the", "a", "and", "or")


def _best(text: str, phrase: str, kind: FactKind = FactKind.PHRASE) -> list[str]:
    """The call-outs the sentence offers around each word of `phrase`."""
    words = sentence_words(text)
    raw = [w.strip(",.") for w in text.split()]
    start = next(i for i in range(len(raw)) if " ".join(raw[i:]).startswith(phrase))
    found = []
    for index in range(start, start + len(phrase.split())):
        window = phrase_window(words, index, index + 1, kind)
        if window is not None:
            found.append(window.text)
    return found


def test_a_call_out_keeps_the_not_that_turns_its_clause_around():
    text = "Yet the councils are not seen by their people as honest partners."
    shown = _best(text, "their people as honest partners")
    assert shown, "the sentence offers no call-out at all"
    assert all("not" in p for p in shown if "honest partners" in p), shown
    # Held with its negation, the clause is said to its end, not cut before "as".
    assert not [p for p in shown if p.endswith("their people")], shown


def test_a_negation_reaches_only_its_own_clause():
    words = sentence_words(
        "There was no road at all until 1880, when the railway reached the town."
    )
    after = next(i for i, w in enumerate(words) if w.core == "railway")
    assert keeps_meaning(words, after - 1, len(words))
    assert NEGATION_REACH >= 4


def test_qualifiers_and_amounts_stay_with_what_they_measure():
    text = "The tolls cost Brant nearly 40 percent of its winter income."
    facts = list(sentence_facts(text))
    words = sentence_words(text)
    shown = [w.text for a, b, k in facts if (w := phrase_window(words, a, b, k))]
    assert shown and all("nearly" in p for p in shown if "40 percent" in p), shown
    almost = _best("Kellow takes almost a third of Brant's catch every year.", "a third")
    assert not [p for p in almost if p.startswith("a third")], almost


def test_a_list_is_shown_whole_or_not_at_all():
    text = "Kellow also made similar pacts with Dunmore, Selby, and Ashcombe over the next decades."
    words = sentence_words(text)
    assert [" ".join(w.raw for w in words[a:b]) for a, b in list_spans(words)] == [
        "Dunmore, Selby, and Ashcombe"
    ]
    shown = _best(text, "similar pacts with Dunmore")
    assert shown
    for phrase in shown:
        has = [name in phrase for name in ("Dunmore", "Selby", "Ashcombe")]
        assert all(has) or not any(has), phrase
        assert phrase != "Dunmore, Selby, and Ashcombe"  # names alone say nothing
    quarrels = sentence_words("The towns have a history of territorial, legal and family quarrels.")
    assert list_spans(quarrels) == [(6, 11)]


def test_a_call_out_never_leaves_a_noun_phrase_or_a_pair_open():
    pact = _best("The two councils soon signed a fishing pact with the northern port.", "fishing")
    assert "pact with the northern port" not in pact
    pair = _best("It was one of Kellow and Brant's oldest quarrels over nets.", "quarrels")
    assert not [p for p in pair if p.startswith("Brant") or p.endswith("Kellow")], pair


def test_init_writes_call_outs_that_read_alone(tmp_path: Path, capsys):
    target = tmp_path / "towns.md"
    assert main(["init", str(TRANSCRIPT), "-o", str(target)]) == 0
    written = BOLD.findall(target.read_text(encoding="utf-8"))
    assert len(written) >= 8, written
    assert not [p for p in written if is_bare(p)], written
    assert not [p for p in written if p.split()[-1].lower() in WEAK_ENDS], written
    assert all(len(p.split()) <= MOST_WORDS for p in written), written
    # What the text says is not is never shown as what it is.
    assert not [p for p in written if "honest partners" in p and "not" not in p], written
    assert not [p for p in written if "friendly neighbours" in p and "not" not in p], written
    assert not [p for p in written if "open conflict" in p and "never" not in p], written
    capsys.readouterr()


def test_a_year_before_a_comma_does_not_count_up():
    from scriptreel.media.kinetic import _counted

    assert _counted("In 1979, one of its last allies", 0.5) == "In 1979, one of its last allies"
    assert _counted("12,500, then more", 0.5) == "6,250, then more"
