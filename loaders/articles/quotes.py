"""Quotations in article text: “curly” or "straight" double quotes, with offsets.

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
    return [q for q in quotes if q.end > q.start and re.search(r"\w", text[q.start : q.end])]


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
