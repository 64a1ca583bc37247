"""Whose words a quotation is: the speech reference nearest to it, or the sentence before.

A quotation goes to the speech reference (a person as the subject of a speech verb, "he said")
nearest to it in the sentence(s) that hold it, outside quotations. Otherwise it is nobody's —
the words of a document ("The resolution recognizes the need for “…”") or of nobody named —
except that a sentence that is only a quotation continues the speaker of the sentence before.

Words the sentence presents as what others claim are not the speaker's own and are dropped:
"asked countries that claim “…”", "those who say “…”", "dismissed claims that “…”", "rejected
the argument that “…”", "some argue that “…”" (but "she said that “…”" is hers).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from loaders.articles.quotes import QuoteSpan, find_quotes
from loaders.articles.text import Document, Sentence

P = TypeVar("P")

_CLAIM_VERB = (
    r"(?:claims?|claimed|say|says|said|argue[sd]?|argued|allege[sd]?|insist(?:s|ed)?|suggest(?:s|ed)?|"
    r"maintain(?:s|ed)?|contend(?:s|ed)?|believe[sd]?|think|thinks|thought|assert(?:s|ed)?|pretend(?:s|ed)?)"
)
_CLAIM_NOUN = (
    r"(?:claims?|allegations?|assertions?|arguments?|accusations?|charges?|suggestions?|notion|idea|"
    r"narrative|contention|insinuations?|talk|rhetoric|line)"
)
_REBUT = (
    r"(?:dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|den(?:ied|ies|y|ying)|refut(?:ed|es|ing|e)|"
    r"rebut(?:ted|s|ting)?|disput(?:ed|es|ing|e)|ridicul(?:ed|es|ing|e)|mock(?:ed|s|ing)?|"
    r"scoff(?:ed|s|ing)?\s+at|brush(?:ed|es|ing)?\s+(?:aside|off)|push(?:ed|es|ing)?\s+back\s+(?:against|on)|"
    r"counter(?:ed|s|ing)?|challeng(?:ed|es|ing|e)|debunk(?:ed|s|ing)?|deplor(?:ed|es|ing|e))"
)
_OTHERS_WORDS = re.compile(
    # "countries that claim “", "those who say “", "critics who argued that “" (a common noun
    # before who/that: in "X, who said “…”" the words are X's own)
    rf"\b[a-z][\w-]*\s+(?:who|that)\s+(?:(?:still|now|often|falsely|wrongly|"
    rf"repeatedly|keep|continue\s+to)\s+)?{_CLAIM_VERB}\s+(?:that\s+)?[,:]?\s*$"
    # "dismissed claims that “", "rejected Moscow's argument that “", "denied the allegations of “"
    rf"|\b{_REBUT}\s+(?:[\w’'-]+\s+){{0,3}}?{_CLAIM_NOUN}\s+(?:that\s+|of\s+)?[,:]?\s*$"
    # "some argue that “", "others say “", "critics claim “"
    rf"|\b(?:[Ss]ome|[Oo]thers|[Cc]ritics|[Mm]any|(?:[Ss]ome|[Oo]ther|[Mm]any|"
    rf"several)\s+[a-z]+)\s+{_CLAIM_VERB}\s+(?:that\s+)?[,:]?\s*$"
)
_DOCUMENT = re.compile(
    r"\b(?:resolution|text|draft|charter|statement|report|declaration|letter|document|law|treaty|"
    r"agreement|communiqu[ée]|motion|amendment|preamble|article|paragraph)s?\b",
    re.IGNORECASE,
)


def others_words(before: str) -> bool:
    """Whether the words just before a quotation (``before`` ends at its opening mark) present it as
    what others claim or say, not as the words of the sentence's speaker."""
    return bool(_OTHERS_WORDS.search(before))


def attribute_quotes(doc: Document, refs: Sequence[tuple[int, P]]) -> list[tuple[QuoteSpan, P]]:
    """Each quotation of the article given to a speaker, in order; ``refs`` are (offset, speaker)
    of every speech reference. Unattributed quotations and others' words are left out."""
    quotes = find_quotes(doc.text)
    inside = [(x.open_at, x.close_at if x.close_at is not None else x.end) for x in quotes]
    out: list[tuple[QuoteSpan, P]] = []
    last_speaker: dict[int, P] = {}  # sentence index -> speaker of its quotes
    for q in quotes:
        first = doc.sentence_at(q.open_at)
        if first is None or first.caption:
            continue
        last = doc.sentence_at(max(q.end - 1, q.open_at)) or first
        if others_words(doc.text[first.start : q.open_at]):
            continue
        candidates = [
            (pos, p)
            for pos, p in refs
            if first.start <= pos < last.end and not any(a <= pos <= b for a, b in inside)
        ]
        speaker: P | None = None
        if candidates:
            speaker = min(candidates, key=lambda c: min(abs(c[0] - q.open_at), abs(c[0] - q.end)))[1]
        elif not doc.text[first.start : q.open_at].strip():
            previous = previous_sentence(doc, first)
            if previous is not None:
                speaker = last_speaker.get(previous.index)
        if speaker is None:
            continue
        out.append((q, speaker))
        for i in range(first.index, last.index + 1):
            last_speaker[i] = speaker
    return out


def previous_sentence(doc: Document, s: Sentence) -> Sentence | None:
    """The nearest sentence before ``s`` that is not a caption."""
    for i in range(s.index - 1, -1, -1):
        if not doc.sentences[i].caption:
            return doc.sentences[i]
    return None
