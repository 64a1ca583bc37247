"""Precise locations for CSV problems, shared by the UNDL reader and the small tables.

Lines are counted as the ``csv`` module counts them on a file opened with ``newline=""``:
``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a line. These helpers run only once a problem
is known (or, for the header, once per file), so they cost nothing on valid rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from loaders.base import InputError

_LONE_CR = re.compile(rb"\r(?!\n)")


def check_unique_columns(names: Iterable[str], path: str | Path) -> None:
    """InputError on line 1 if a (non-empty) column name appears twice in the header."""
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise InputError(path, 1, f"column {name} appears twice")
        if name:
            seen.add(name)


def utf8_error(path: str | Path) -> InputError:
    """The InputError for the first byte of ``path`` that is not UTF-8, on its own line.

    A text decoder reads ahead of the CSV parser, so the row being parsed when decoding
    fails is not where the bad byte is; this re-reads the raw bytes. Lines are split at
    ``\\n``, which is never part of a multi-byte UTF-8 sequence, so each decodes alone.
    """
    line, offset = 1, 0
    with open(path, "rb") as handle:
        for raw in handle:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line += len(_LONE_CR.findall(raw, 0, exc.start))
                return InputError(path, line, f"not UTF-8 text: {exc.reason} at byte "
                                              f"{offset + exc.start}")
            line += 1 + len(_LONE_CR.findall(raw))
            offset += len(raw)
    return InputError(path, None, "not UTF-8 text")  # not reached for a file that failed


def open_quote_line(lines: Iterable[str], first: int) -> int:
    """The line of the quote left open in a CSV row that starts at line ``first``.

    ``lines`` are the text lines from the row's start to the end of the file (as
    ``csv.reader`` met them); the row ran to the end of the data without its quote closing.
    Returns ``first`` if no open quote is found.
    """
    opened, quoted, field_start, pending_quote = first, False, True, False
    for number, text in enumerate(lines, first):
        for char in text:
            if quoted:
                if pending_quote:  # '""' is an escaped quote; anything else closed the field
                    pending_quote = False
                    if char != '"':
                        quoted = False
                        field_start = char in ",\r\n"
                    continue
                pending_quote = char == '"'
            elif char == '"' and field_start:
                quoted, opened = True, number
            else:
                field_start = char in ",\r\n"
    return opened if quoted and not pending_quote else first
