"""Reading the small CSV tables of reference data (members, people, Wikidata alignment), checked.

The bulk UNDL CSV has its own streaming reader (loaders/undl.py); these tables have a few
hundred rows, so the file is decoded whole. A row is reported at the line where it starts
(a quoted field may span lines), an unclosed quote where it opens.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from pathlib import Path

from loaders.base import InputError
from loaders.csv_errors import check_unique_columns, open_quote_line, utf8_error


def read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """(line where the row starts, row) for every data row of a UTF-8 CSV file whose header
    names ``columns``.

    Raises InputError naming the file and line for text that is not UTF-8, a missing or
    repeated column, malformed CSV, a row with more or fewer fields than the header, or a
    file without data rows (loading it would empty its graph). Extra columns are allowed;
    blank lines are skipped.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise utf8_error(path) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    start = 1
    try:
        header = next(reader, [])
        check_unique_columns(header, path)
        missing = [c for c in columns if c not in header]
        if missing:
            raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(path, line, f"{len(row)} field(s) where the header has {len(header)}")
            rows.append((line, dict(zip(header, row, strict=True))))
    except csv.Error as exc:
        line = reader.line_num  # where parsing stopped: the offending character's line
        if "unexpected end of data" in str(exc):
            rest = itertools.islice(io.StringIO(text, newline=""), start - 1, None)
            line = open_quote_line(rest, start)
        raise InputError(path, line, f"malformed CSV: {exc}") from None
    if not rows:
        raise InputError(path, None, "no rows")
    return rows
