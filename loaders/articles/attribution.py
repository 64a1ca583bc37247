"""Whose words a quotation is: the speech reference nearest to it, or the paragraph before.

A quotation goes to the speech reference (a person as the subject of a speech verb, "he said")
nearest to it in the sentence(s) that hold it, outside quotations. Otherwise it is nobody's —
the words of a document ("The resolution recognizes the need for “…”") or of nobody named —
except in two continuations:

- a sentence that is only a quotation continues the speaker of the sentence before;
- a paragraph that opens with an unattributed quotation continues the speaker of the paragraph
  before when that paragraph's last quotation was the speaker's and no one else spoke after it
  (the convention of multi-paragraph quotes). A paragraph left inside an unclosed quotation and
  without quotation marks of its own (garbled copy) passes the speaker on.

Words the sentence presents as what others claim are not the speaker's own and are dropped:
"asked countries that claim “…”", "those who say “…”", "dismissed claims that “…”", "rejected
the argument that “…”", "some argue that “…”" (but "she said that “…”" is hers).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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


@dataclass
class _Paragraph(Generic[P]):
    """What a paragraph passes on: the speaker of its last quotation and whether it stays open."""

    speaker: P | None = None
    open: bool = False


def attribute_quotes(doc: Document, refs: Sequence[tuple[int, P]]) -> list[tuple[QuoteSpan, P]]:
    """Each quotation of the article given to a speaker, in order; ``refs`` are (offset, speaker)
    of every speech reference. Unattributed quotations and others' words are left out."""
    quotes = find_quotes(doc.text)
    inside = [(x.open_at, x.close_at if x.close_at is not None else x.end) for x in quotes]
    lines = _Lines(doc)
    out: list[tuple[QuoteSpan, P]] = []
    last_speaker: dict[int, P] = {}  # sentence index -> speaker of its quotes
    paragraphs: dict[int, _Paragraph[P]] = {}  # line number -> what it passes on
    for q in quotes:
        first = doc.sentence_at(q.open_at)
        if first is None or first.caption:
            continue
        last = doc.sentence_at(max(q.end - 1, q.open_at)) or first
        line = lines.number(q.open_at)
        state = paragraphs.setdefault(line, _Paragraph())
        state.speaker, state.open = None, q.close_at is None
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
        elif not doc.text[first.start : q.open_at].strip() and _unattributed(doc, first, last, inside):
            previous = previous_sentence(doc, first)
            if previous is not None:
                speaker = last_speaker.get(previous.index)
            if speaker is None and lines.opens(q.open_at):
                speaker = _carried(lines, paragraphs, refs, inside, line)
        if speaker is None:
            continue
        out.append((q, speaker))
        state.speaker = speaker
        for i in range(first.index, last.index + 1):
            last_speaker[i] = speaker
    return out


def _unattributed(doc: Document, first: Sentence, last: Sentence, inside: list[tuple[int, int]]) -> bool:
    """The sentences hold nothing but quotations and lower-case attribution ("the minister added"):
    no named subject and no document ("“…,” the resolution says")."""
    rest, pos = [], first.start
    for a, b in sorted(inside):
        if b < first.start or a >= last.end:
            continue
        rest.append(doc.text[pos:a])
        pos = max(pos, b + 1)
    rest.append(doc.text[pos : last.end])
    outside = " ".join(rest)
    return not re.search(r"\b[A-Z][a-z]", outside) and not _DOCUMENT.search(outside)


def _carried(
    lines: _Lines,
    paragraphs: dict[int, _Paragraph[P]],
    refs: Sequence[tuple[int, P]],
    inside: list[tuple[int, int]],
    line: int,
) -> P | None:
    """The speaker the paragraph before ``line`` passes on, if any (see the module docstring)."""
    prev = lines.previous(line)
    if prev is None:
        return None
    state = paragraphs.get(prev)
    if state is None:  # no quotation of its own: only a garbled continuation of an open one
        before = lines.previous(prev)
        state = paragraphs.get(before) if before is not None else None
        if state is None or not state.open or not _silent(lines, refs, inside, prev):
            return None
        return state.speaker
    last_close = max((b for a, b in inside if lines.number(a) == prev), default=lines.start(prev))
    later = [p for pos, p in refs if last_close < pos < lines.end(prev) and p is not state.speaker]
    return None if later else state.speaker


def _silent(
    lines: _Lines, refs: Sequence[tuple[int, object]], inside: list[tuple[int, int]], line: int
) -> bool:
    """No speech reference and no quotation mark in the line."""
    a, b = lines.start(line), lines.end(line)
    return not any(a <= pos < b for pos, _ in refs) and not any(a <= x < b for x, _ in inside)


class _Lines:
    """Paragraphs as lines of the text (blank lines and caption lines skipped)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
        self.content = sorted({self.number(s.start) for s in doc.sentences if not s.caption})

    def number(self, offset: int) -> int:
        """The line holding ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def start(self, line: int) -> int:
        """Offset where ``line`` starts."""
        return self.starts[line]

    def end(self, line: int) -> int:
        """Offset where ``line`` ends (its newline excluded)."""
        return self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.doc.text)

    def opens(self, offset: int) -> bool:
        """Whether only spaces precede ``offset`` on its line."""
        return not self.doc.text[self.start(self.number(offset)) : offset].strip()

    def previous(self, line: int) -> int | None:
        """The nearest line before ``line`` with non-caption text."""
        i = bisect.bisect_left(self.content, line)
        return self.content[i - 1] if i else None


def previous_sentence(doc: Document, s: Sentence) -> Sentence | None:
    """The nearest sentence before ``s`` that is not a caption."""
    for i in range(s.index - 1, -1, -1):
        if not doc.sentences[i].caption:
            return doc.sentences[i]
    return None
