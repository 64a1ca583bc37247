"""Checks of single field values shared by the loaders: dates, vote counts, links."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from loaders.base import InputError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LINK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def check_date(value: str, path: str | Path, line: int) -> str:
    """``value`` if it is a valid ``YYYY-MM-DD`` date, else InputError."""
    try:
        if _DATE.match(value):
            return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise InputError(path, line, f"bad date {value!r} (expected YYYY-MM-DD)")


def check_count(value: str, what: str, path: str | Path, line: int) -> int:
    """A vote count written as ``141`` or ``141.0``, else InputError."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not (0 <= number < 1e6) or number != int(number):
        raise InputError(path, line, f"{what} is not a count: {value!r}")
    return int(number)


def check_link(value: str, path: str | Path, line: int) -> str:
    """An http(s) link usable as an IRI, else InputError."""
    if not _LINK.match(value):
        raise InputError(path, line, f"bad UN Digital Library link {value!r}")
    return value
