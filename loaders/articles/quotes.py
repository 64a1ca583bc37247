"""Quotations in article text: “curly” or "straight" double quotes (or ‘single’ ones), with offsets.

A quote never runs past the end of its line; an opening mark without a closing one on the line
(multi-paragraph quotes) runs to the end of the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteSpan:
    """A quotation: ``start``/``end`` delimit its words (marks excluded), offsets into the text."""

    start: int
    end: int
    open_at: int
    close_at: int | None

    def words(self, text: str) -> str:
        """The quoted words, trimmed of surrounding spaces and a trailing comma."""
        return text[self.start : self.end].strip().rstrip(",;: ").strip()


def find_quotes(text: str) -> list[QuoteSpan]:
    """Every quotation in ``text``, in order."""
    quotes: list[QuoteSpan] = []
    pos = 0
    for line in text.split("\n"):
        quotes += _line_quotes(line, pos)
        pos += len(line) + 1
    doubles = list(quotes)
    for q in _single_quotes(text):
        if not any(o.open_at <= q.open_at < (o.close_at or o.end) for o in doubles):
            quotes.append(q)
    quotes.sort(key=lambda q: q.start)
    return [q for q in quotes if q.end > q.start and re.search(r"\w", text[q.start : q.end])]


_SINGLE = re.compile(
    r"(?:^|(?<=[\s(—–]))[‘']((?:[^'‘’\n]|(?<=\w)['’](?=\w)){3,400}?)[’'](?=[\s,.;:!?)—–]|$)", re.MULTILINE
)
"""A quotation in single marks (British style): ‘…’ or '…', apostrophes inside words allowed."""


def _single_quotes(text: str) -> list[QuoteSpan]:
    """Quotations in single quotation marks that span at least two words."""
    return [
        QuoteSpan(m.start(1), m.end(1), m.start(), m.end() - 1)
        for m in _SINGLE.finditer(text)
        if " " in m.group(1).strip()
    ]


def _line_quotes(line: str, base: int) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    open_at: int | None = None
    straight_open: int | None = None
    for i, ch in enumerate(line):
        if ch == "“":
            if open_at is not None:  # an unclosed quote before a new one: it ends here
                out.append(QuoteSpan(base + open_at + 1, base + i, base + open_at, None))
            open_at = i
        elif ch == "”":
            if open_at is not None:
                out.append(QuoteSpan(base + open_at + 1, base + i, base + open_at, base + i))
                open_at = None
        elif ch == '"' and open_at is None:
            if straight_open is None:
                straight_open = i
            else:
                out.append(QuoteSpan(base + straight_open + 1, base + i, base + straight_open, base + i))
                straight_open = None
    if open_at is not None:
        out.append(QuoteSpan(base + open_at + 1, base + len(line.rstrip()), base + open_at, None))
    if straight_open is not None:
        out.append(QuoteSpan(base + straight_open + 1, base + len(line.rstrip()), base + straight_open, None))
    out.sort(key=lambda q: q.start)
    return out
