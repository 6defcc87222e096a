"""Inline Markdown read as the words a reader would say: emphasis, links and code unwrapped."""

from __future__ import annotations

import re

_ESCAPABLE = "\\`*_{}[]()#+-.!<>~|"
_HIDDEN = 0xF0000  # a private-use plane: escaped characters wait there while markup is removed
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~|])")

# Every pattern runs on the author's text, so each must take linear time whatever it is given.
# The rule that ensures it: a repeated part never matches the character that opens an attempt
# (a link's text has no '[', a tag has no '<'), so a failed attempt stops at the next opener
# instead of scanning on to the end, and no two attempts read the same text.
_URL = r"\([^()]*(?:\([^()]*\)[^()]*)*\)"  # `(url)`, allowing one level of parentheses inside
_IMAGE = re.compile(r"!\[[^\[\]]*\]" + _URL)
_LINK = re.compile(r"\[([^\[\]]+)\]" + _URL)
_REFERENCE = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<https?://([^<>]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_CODE = re.compile(r"`+([^`]*)`+")
# Lazy `.+?` stops at the first closing delimiter, which is also the next opener: linear too.
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_STRUCK = re.compile(r"~~(.+?)~~")
# Single emphasis may not contain its own delimiter, so a failed attempt stops at the next one.
_STAR = re.compile(r"(?<![\w*])\*(?!\s)([^*]+?)(?<!\s)\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w*])_(?!\s)([^_]+?)(?<!\s)_(?![\w*])")
_SPACES = re.compile(r"\s+")


def plain_words(text: str) -> str:
    """Inline Markdown as the words a reader would say: emphasis, links and code unwrapped."""
    text = _ESCAPE.sub(lambda m: chr(_HIDDEN + ord(m[1])), text)
    text = _IMAGE.sub("", text)  # images are not read out
    text = _LINK.sub(r"\1", text)
    text = _REFERENCE.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _STAR.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    text = _STRUCK.sub(r"\1", text)
    text = "".join(
        chr(ord(c) - _HIDDEN) if ord(c) >= _HIDDEN and chr(ord(c) - _HIDDEN) in _ESCAPABLE else c
        for c in text
    )
    return _SPACES.sub(" ", text).strip()
