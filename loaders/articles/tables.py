"""Recap tables of votes: a header row naming the options, then one row per vote.

    | Date | Resolution | Yes | No | Abstained |
    | March 2, 2022 | Aggression against Ukraine | 141 | 5 | 35 |

Cells are separated by ``|`` or tabs. A header is a row with a yes column ("Yes", "For",
"In favour") and a no column ("No", "Against"); an abstain column ("Abstain…", "Abstentions")
is optional. Each later row of the same table whose cells in those columns are plain numbers
gives one tally (offsets relative to the row). Anything else ends the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.articles.tallies import Count, Tally
from loaders.articles.text import Sentence

_SPLIT = re.compile(r"\s*\|\s*|\t+")
_HEADS = (
    ("yes", re.compile(r"(?:yes|for|in\s+favou?r|favou?r)\Z", re.IGNORECASE)),
    ("no", re.compile(r"(?:no|against|opposed)\Z", re.IGNORECASE)),
    ("abstain", re.compile(r"(?:abstain\w*|abstentions?)\Z", re.IGNORECASE)),
)


def _cells(row: str) -> list[tuple[str, int, int]]:
    """The cells of a table row with their offsets, or [] if the row is not a table row."""
    if "|" not in row and "\t" not in row:
        return []
    cells: list[tuple[str, int, int]] = []
    pos = 0
    for m in _SPLIT.finditer(row + "|"):
        cell = row[pos : m.start()]
        start = pos + len(cell) - len(cell.lstrip())
        cells.append((cell.strip(), start, start + len(cell.strip())))
        pos = m.end()
    while cells and not cells[0][0]:
        cells.pop(0)
    while cells and not cells[-1][0]:
        cells.pop()
    return cells


def _header(cells: list[tuple[str, int, int]]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, (cell, _, _) in enumerate(cells):
        for option, regex in _HEADS:
            if option not in columns and regex.match(cell):
                columns[option] = i
    return columns if "yes" in columns and "no" in columns else None


def _row_tally(cells: list[tuple[str, int, int]], columns: dict[str, int]) -> Tally | None:
    tally = Tally()
    for option, i in columns.items():
        if i >= len(cells) or not re.fullmatch(r"\d{1,3}", cells[i][0]):
            return None
        value = int(cells[i][0])
        setattr(tally, option, value)
        tally.counts.append(Count(option, value, cells[i][1], cells[i][2]))
    tally.start = min(c.start for c in tally.counts)
    tally.end = max(c.end for c in tally.counts)
    return tally


def table_tallies(sentences: Sequence[Sentence]) -> dict[int, Tally]:
    """Tallies of recap-table rows, keyed by the row's start offset in the document."""
    found: dict[int, Tally] = {}
    columns: dict[str, int] | None = None
    for s in sentences:
        cells = _cells(s.text)
        if not cells:
            columns = None
            continue
        header = _header(cells)
        if header is not None:
            columns = header
            continue
        if columns is None or re.fullmatch(r"[\s|:-]*", s.text):
            continue
        tally = _row_tally(cells, columns)
        if tally is None:
            columns = None
            continue
        found[s.start] = tally
    return found
