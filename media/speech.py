"""Text for speech: what the voice is given to read, so it says what a person would say.

Captions keep the author's words; only the narration goes through here.
"""

from __future__ import annotations

import re

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
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
    for word, say in (lexicon or {}).items():
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", say, text)
    text = re.sub(r"\[pause(?:\s+[\d.]+\s*s?)?\]", " ", text, flags=re.I)
    text = re.sub(
        r"\b(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|gov|edu|dev|co\.uk)\b(?:/\S*)?",
        _url,
        text,
    )
    text = re.sub(r"(?<=\b[A-Z])&(?=[A-Z]\b)", " and ", text)  # AT&T, R&D
    text = text.replace("&", " and ")
    for short, full in ABBREVIATIONS.items():
        text = re.sub(rf"(?<!\w){re.escape(short)}", full, text)
    text = re.sub(
        r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?", lambda m: " ".join(g for g in m.groups() if g), text
    )  # U.S.
    text = re.sub(
        rf"(?P<sym>[$£€¥])\s?(?P<amount>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<scale>{_SCALES})\b)?",
        _currency,
        text,
    )
    text = re.sub(r"(\d)\s?%", r"\1 percent", text)
    text = re.sub(
        r"(?<![\d,.$£€¥])\b(1[1-9]\d\d|20\d\d)\b(?![\d%]|[.,]\d)(?!\s?(?:percent|dollars|euros|pounds))",
        lambda m: year_words(int(m[1])),
        text,
    )
    text = re.sub(
        r"\b(1[1-9]\d\d|20\d\d)s\b",
        lambda m: year_words(int(m[1])).rsplit(" ", 1)[0] + " " + _plural_decade(int(m[1])),
        text,
    )
    return re.sub(r"\s+", " ", text).strip()


def _plural_decade(year: int) -> str:
    last = two_digits(year % 100)
    return last[:-1] + "ies" if last.endswith("y") else last + "s"
