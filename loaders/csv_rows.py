"""Reading the small CSV tables of reference data (members, Wikidata alignment), checked.

The bulk UNDL CSV has its own streaming reader (loaders/undl.py); these tables have a few
hundred rows, so the file is decoded whole, which lets a decoding error name its exact line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from loaders.base import InputError


def read_rows(path: Path, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for every data row of a UTF-8 CSV file whose header names ``columns``.

    Raises InputError naming the file and line for text that is not UTF-8, a missing column,
    malformed CSV, or a row with more or fewer fields than the header. Extra columns are allowed.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(path, line, f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise InputError(path, 1, f"missing column(s): {', '.join(missing)}")
        for row in reader:
            if None in row or None in row.values():
                fields = len(header) + len(row.get(None) or ()) - list(row.values()).count(None)
                raise InputError(path, reader.line_num,
                                 f"{fields} field(s) where the header has {len(header)}")
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        # the csv module's own count: the line where parsing stopped (DictReader's lags a row)
        raise InputError(path, reader.reader.line_num, f"malformed CSV: {exc}") from None
    return rows
