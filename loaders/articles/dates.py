"""Dates in news text: explicit ("March 2", "Oct. 12", "Feb. 24, 2022", "Thursday Feb. 23, 2023",
"2 March 2022"), relative ("on Monday", "Wednesday", "today", "yesterday"), and partial ones
("in October", "a 2014 resolution") kept for matching but never turned into a full date.

Resolution against a reference (the published date):
- a month and day without a year -> the most recent such day on or before the reference;
- a weekday -> the most recent such weekday on or before the reference;
- without a reference, a weekday resolves only through an *anchor*: an explicit full date in
  the same article written with that weekday name ("Thursday, Feb. 23, 2023") - captions and
  datelines carry these; anything else stays unresolved (None).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:19[4-9]\d|20\d\d)"

_PATTERNS = [
    ("iso", re.compile(rf"\b({_YEAR})-(0[1-9]|1[0-2])-([0-2]\d|3[01])\b")),
    (
        "md",
        re.compile(
            rf"(?:\b({_WEEKDAY})\b,?\s+)?\b({_MONTH})(?<!May\.)\s+({_DAY})(?:st|nd|rd|th)?(?![\d:])"
            rf"(?:,?\s+({_YEAR})\b)?(?!-\w)"
        ),
    ),
    (
        "dm",
        re.compile(
            rf"(?:\b({_WEEKDAY})\b,?\s+)?\b(?:the\s+)?({_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?!\w)"
            rf"(?:,?\s+({_YEAR})\b)?"
        ),
    ),
    ("weekday", re.compile(rf"\b({_WEEKDAY})(?!s\b|\w)")),
    ("relative", re.compile(r"\b(today|yesterday|tonight)\b", re.IGNORECASE)),
    ("ago", re.compile(r"\b(two|three|four|five|six|2|3|4|5|6)\s+days\s+ago\b", re.IGNORECASE)),
    (
        "month",
        re.compile(
            rf"\b(?:in|since|during|last|this|early|late|mid-?|an?|the|until|by|of|on)\s+"
            rf"(January|February|March|April|May|June|July|August|September|October|November|December)\b"
            rf"(?:\s+({_YEAR})\b)?"
        ),
    ),
    ("year", re.compile(rf"(?<![\w/-])({_YEAR})(?![\w/-]|\.\d)")),
]


_AGO_DAYS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class DateMention:
    """A date expression: offsets (into the text given to find_dates) and what it says.

    kind: "full" (year, month, day), "monthday", "weekday", "relative", "month", "year".
    """

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset_days: int = 0  # for "yesterday", "two days ago"


def _month(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def find_dates(text: str, base: int = 0) -> list[DateMention]:
    """Date expressions in ``text`` (offsets shifted by ``base``), in order, non-overlapping."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for kind, regex in _PATTERNS:
        for m in regex.finditer(text):
            a, b = m.start(), m.end()
            if not free(a, b):
                continue
            mention: DateMention | None = None
            if kind == "iso":
                mention = _full(text, a, b, int(m.group(1)), int(m.group(2)), int(m.group(3)), None, base)
            elif kind in ("md", "dm"):
                wd, mon, day, year = (
                    (m.group(1), m.group(2), m.group(3), m.group(4))
                    if kind == "md"
                    else (m.group(1), m.group(3), m.group(2), m.group(4))
                )
                weekday = WEEKDAYS[wd.lower()] if wd else None
                if year:
                    mention = _full(text, a, b, int(year), _month(mon), int(day), weekday, base)
                else:
                    mention = DateMention(
                        a + base, b + base, text[a:b], "monthday", None, _month(mon), int(day), weekday
                    )
            elif kind == "weekday":
                mention = DateMention(
                    a + base, b + base, text[a:b], "weekday", weekday=WEEKDAYS[m.group(1).lower()]
                )
            elif kind == "relative":
                word = m.group(1).lower()
                mention = DateMention(
                    a + base, b + base, text[a:b], "relative", offset_days=-1 if word == "yesterday" else 0
                )
            elif kind == "ago":
                days = _AGO_DAYS.get(m.group(1).lower()) or int(m.group(1))
                mention = DateMention(a + base, b + base, text[a:b], "relative", offset_days=-days)
            elif kind == "month":
                a = m.start(1)
                year = int(m.group(2)) if m.group(2) else None
                mention = DateMention(a + base, b + base, text[a:b], "month", year, _month(m.group(1)))
            elif kind == "year":
                mention = DateMention(a + base, b + base, text[a:b], "year", int(m.group(1)))
            if mention is not None:
                found.append(mention)
                taken.append((a, b))
    found.sort(key=lambda d: d.start)
    return found


def _full(
    text: str, a: int, b: int, year: int, month: int, day: int, weekday: int | None, base: int
) -> DateMention | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return DateMention(a + base, b + base, text[a:b], "full", year, month, day, weekday)


def weekday_anchors(mentions: list[DateMention]) -> dict[int, dt.date]:
    """Weekday -> latest explicit full date in the text that names that weekday correctly."""
    anchors: dict[int, dt.date] = {}
    for m in mentions:
        if m.kind == "full" and m.weekday is not None and m.year and m.month and m.day:
            day = dt.date(m.year, m.month, m.day)
            if day.weekday() == m.weekday and (m.weekday not in anchors or day > anchors[m.weekday]):
                anchors[m.weekday] = day
    return anchors


def resolve(
    mention: DateMention, reference: dt.date | None, anchors: dict[int, dt.date] | None = None
) -> dt.date | None:
    """The calendar date a mention stands for, or None when it cannot be known."""
    if mention.kind == "full":
        return dt.date(mention.year, mention.month, mention.day)  # type: ignore[arg-type]
    if mention.kind == "monthday" and mention.month and mention.day:
        if reference is None:
            return None
        for year in (reference.year, reference.year - 1):
            try:
                day = dt.date(year, mention.month, mention.day)
            except ValueError:
                continue
            if day <= reference:
                return day
        return None
    if mention.kind == "weekday" and mention.weekday is not None:
        if reference is not None:
            return reference - dt.timedelta(days=(reference.weekday() - mention.weekday) % 7)
        return (anchors or {}).get(mention.weekday)
    if mention.kind == "relative" and reference is not None:
        return reference + dt.timedelta(days=mention.offset_days)
    return None
