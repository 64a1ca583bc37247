"""UN Digital Library General Assembly voting data (bulk CSV) -> graph ``…/graph/undl``.

Reads the CSV as users download it: one row per state and resolution, with the header
``undl_id,ms_code,ms_name,ms_vote,date,session,resolution,draft,committee_report,meeting,
title,agenda_title,subjects,vote_note,total_yes,total_no,total_abstentions,total_non_voting,
total_ms,undl_link`` or the older layout without ``vote_note``. Columns are found by their
header names (any order; unknown extra columns are ignored, a name given twice is refused).
Totals may be written ``141.0``.
``ms_vote`` is Y, N, A or X; an empty ``ms_vote`` is non-voting (X) like in the UN library,
and ``NV`` is read as X too.

The file is streamed: memory holds one small tally per resolution (rows of one resolution
need not be contiguous), so the full history (~915k rows) loads in bounded memory. The
first row met of a resolution supplies its title, draft, meeting, subjects...; every row
must agree on its date and totals. Ballots are checked against the totals at the end (see
:class:`loaders.undl_writer.UndlWriter`). Several files make one graph; a file without data
rows is refused, since loading it would replace the graph with an empty one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from loaders.base import InputError
from loaders.checks import check_count, check_date, check_link
from loaders.csv_errors import check_unique_columns, utf8_error
from loaders.undl_writer import (
    RECORD_URL,
    Resolution,
    Tally,
    Totals,
    UndlLoader,
    UndlWriter,
)

TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms")
REQUIRED = ("ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "title", *TOTALS)
OPTIONAL = ("undl_id", "draft", "committee_report", "meeting", "agenda_title", "subjects",
            "vote_note", "undl_link")
CHUNK_ROWS = 1000
"""Rows per yielded N-Triples chunk."""
_CsvReader = Any  # the type of csv.reader(...) objects (not exposed by the csv module)


class UndlCsvLoader(UndlLoader):
    """Bulk CSV files of the UN Digital Library voting data -> one named graph."""

    @staticmethod
    def read_file(path: Path, writer: UndlWriter) -> Iterator[str]:
        """Feed the records of one file to ``writer``; N-Triples chunks as they are ready."""
        return _read(path, writer)


def _columns(header: list[str] | None, path: Path) -> dict[str, int]:
    """Column positions by (lower-cased) header name; InputError on line 1 if any is missing."""
    if not header:
        raise InputError(path, 1, "empty file: no header")
    names = [name.strip().lower() for name in header]
    check_unique_columns(names, path)
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
    return {name: names.index(name) for name in (*REQUIRED, *OPTIONAL) if name in names}


def _record(row: list[str], col: dict[str, int], path: Path, line: int) -> Resolution:
    """The resolution described by one row (its date and totals checked)."""

    def get(name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None else ""

    symbol = get("resolution")
    if not symbol:
        raise InputError(path, line, "malformed row: empty resolution symbol")
    totals = Totals(*(check_count(row[col[name]].strip(), name, path, line) for name in TOTALS))
    link = get("undl_link")
    if link:
        check_link(link, path, line)
    elif get("undl_id").isdigit():
        link = RECORD_URL + get("undl_id")
    subjects = tuple(s.strip() for s in get("subjects").split("|") if s.strip())
    return Resolution(
        symbol=symbol, date=check_date(get("date"), path, line), session=get("session"),
        title=get("title"), totals=totals, draft=get("draft"), meeting=get("meeting"),
        committee_report=get("committee_report"), agenda_title=get("agenda_title"),
        subjects=subjects, vote_note=get("vote_note"), link=link,
    )


def _read(path: Path, writer: UndlWriter) -> Iterator[str]:
    """Stream one CSV file through ``writer``: resolution triples and ballots, in chunks."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(path, 1, f"malformed CSV: {exc}") from None
        except UnicodeDecodeError:
            raise utf8_error(path) from None
        col = _columns(header, path)
        yield from _rows(reader, len(header or ()), col, path, writer)


def _rows(reader: _CsvReader, width: int, col: dict[str, int], path: Path,
          writer: UndlWriter) -> Iterator[str]:
    """The hot loop over the data rows of one file."""
    i_res, i_date, i_code, i_vote, i_name = (col["resolution"], col["date"], col["ms_code"],
                                             col["ms_vote"], col["ms_name"])
    i_yes, i_no, i_abstain, i_non_voting, i_members = (col[name] for name in TOTALS)
    ballot = writer.ballot
    out: list[str] = []
    tally: Tally | None = None
    key: tuple[str, ...] = ()
    last = reader.line_num  # physical line where the previous row ended
    try:
        for row in reader:
            line = last + 1
            last = reader.line_num
            if len(row) != width:
                if not row:
                    continue  # blank line
                raise InputError(path, line, f"malformed row: {len(row)} fields, "
                                             f"the header has {width}")
            row_key = (row[i_res], row[i_date], row[i_yes], row[i_no], row[i_abstain],
                       row[i_non_voting], row[i_members])
            if row_key != key or tally is None:
                tally, text = writer.open(_record(row, col, path, line), path, line)
                key = row_key
                if text:
                    out.append(text)
            out.append(ballot(tally, row[i_code], row[i_vote].strip(), row[i_name], path, line))
            if len(out) >= CHUNK_ROWS:
                yield "".join(out)
                out.clear()
    except csv.Error as exc:
        raise InputError(path, last + 1, f"malformed CSV: {exc}") from None
    except UnicodeDecodeError:
        raise utf8_error(path) from None  # the decoder reads ahead: find the bad byte's line
    if tally is None:
        raise InputError(path, None, "no rows")  # would replace the graph with an empty one
    yield "".join(out)
