"""Cardinal numbers written in digits or in English words ("Fourteen", "thirty-five")."""

from __future__ import annotations

import re

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
UNIT_VALUES = {w: i for i, w in enumerate(_UNITS)}
TEN_VALUES = {w: 20 + 10 * i for i, w in enumerate(_TENS)}

_UNIT_RE = "|".join(sorted(_UNITS[1:10], key=len, reverse=True))
_TEEN_RE = "|".join(sorted(_UNITS[10:], key=len, reverse=True))
_TENS_RE = "|".join(_TENS)
_BELOW_100 = rf"(?:(?:{_TENS_RE})(?:[-\s‑–](?:{_UNIT_RE}))?|{_TEEN_RE}|{_UNIT_RE})"
WORDS_RE = rf"(?:(?:(?:one|a)\s+hundred(?:(?:\s+and)?\s+{_BELOW_100})?)|{_BELOW_100})"
"""Regular expression (no groups, use with re.IGNORECASE) for a number from one to 199 in words."""

NUMBER_RE = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?![\d,]*\.\d)|\b{WORDS_RE}\b)"
"""Digits (with thousands commas) or words; use with re.IGNORECASE."""

_WORDS_FULL = re.compile(rf"^{WORDS_RE}$", re.IGNORECASE)


def parse_number(text: str) -> int | None:
    """The value of ``text`` ("94", "1,597", "Fourteen", "thirty-five", "one hundred and one").

    Returns None when ``text`` is not a number this module reads.
    """
    value = text.strip().replace(",", "")
    if value.isdigit():
        return int(value)
    if not _WORDS_FULL.match(value):
        return None
    total = 0
    for word in re.split(r"[-\s‑–]+", value.lower()):
        if word in ("a", "and"):
            continue
        if word == "hundred":
            total = max(total, 1) * 100
        elif word in TEN_VALUES:
            total += TEN_VALUES[word]
        elif word in UNIT_VALUES:
            total += UNIT_VALUES[word]
        else:
            return None
    return total
