"""What one sentence says about a vote: vote verbs, another vote, the vote's date, a symbol.

Helpers of ``votes.py`` (which merges sentences into votes) that look at a single sentence:
whether it talks about a vote or about a council's, whether the states it names are for another
(similar, earlier) vote, which of its dates can be the vote's date (not "since Feb. 24" or
"Russia's February 24 invasion"), and the resolution symbols it states.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.articles.dates import DateMention, find_dates, resolve
from loaders.articles.text import Sentence

VOTE_VERB = re.compile(
    r"\b(?:vot(?:ed|e|es|ing)|passed|adopted|approved|backed|endorsed|rejected|"
    r"condemned|tally)\b",
    re.IGNORECASE,
)
VOTE_SUBJECT = re.compile(VOTE_VERB.pattern + r"|\b(?:assembly|resolution)\b", re.IGNORECASE)
COUNCIL = re.compile(r"\bcouncil\b|\bveto", re.IGNORECASE)
ASIDE_CLAUSE = re.compile(r",\s*(?:which|who|whose)\s+[^,;:]{1,160},")
"""A relative clause: a council named there (", which have shielded Damascus with their Security
Council vetoes,") does not make the sentence about the council's vote."""
PAST_VOTE = re.compile(
    r"\b(?:(?:chose|decided|opted)\s+to\s+(?:abstain|vote)|voted|voting|cast|abstained|abstaining|abstention\w*|"
    r"abstainers|opposed|opposing|opposition|opponents|joined|joining|sided|sides?\s+with|stood|"
    r"votes?\s+against|no\s+votes|(?:backed|supported)\s+(?:it|(?:the|that|this)\s+(?:resolution|text|measure|draft)))\b",
    re.IGNORECASE,
)
_OTHER_VOTE = re.compile(
    r"\b(?:a|an)\s+(?:similar|earlier|previous|prior|separate|comparable|different|older)\s+(?:[\w-]+\s+)?"
    r"(?:resolution|text|vote|measure|draft|motion)\b|\blast\s+year\b|\b(?:in|since)\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def other_vote(sentence: str, published: dt.date | None) -> bool:
    """A sentence without counts that names states for another, unquantified vote: "In 2014,
    Armenia and Venezuela voted against a similar resolution" (not the article's vote)."""
    for m in _OTHER_VOTE.finditer(sentence):
        if not m.group(1) or published is None or int(m.group(1)) != published.year:
            return True
    return False


_NOT_VOTE_DATE_BEFORE = re.compile(
    r"\b(?:since|after|following|before|ahead\s+of|until|till|invaded|invasion|began|begun|started|launched|"
    r"attack(?:ed)?|war)\b[^,;:—–]*$",
    re.IGNORECASE,
)
_NOT_VOTE_DATE_AFTER = re.compile(
    r"^\W{0,3}(?:invasion|attack|offensive|war|referendum|annexation)\b", re.IGNORECASE
)
RECALL = re.compile(
    r"\b(?:previous(?:ly)?|earlier|(?:first|second|third|fourth)(?!\s+anniversary)|last\s+year|prior)\b",
    re.IGNORECASE,
)
_SYMBOL = re.compile(
    r"\b(?:A/RES/)?(ES-\d{1,2}/\d{1,3})\b|\bA/RES/(\d{2,3}/\d{1,3})\b|"
    r"\b[Rr]esolution\s+(\d{2}/\d{1,3})\b(?!\s*\()"
)


def symbols_in(text: str) -> list[str]:
    """Resolution symbols stated in ``text``, normalised ("ES-11/5" -> "A/RES/ES-11/5")."""
    out = []
    for m in _SYMBOL.finditer(text):
        value = "A/RES/" + next(g for g in m.groups() if g)
        if value not in out:
            out.append(value)
    return out


_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{1,40}(?:\s\([^()]{1,20}\))?,\s+$")
"""A dateline opening a sentence: "NEW YORK, 2 March — ", "UNITED NATIONS, March 24 (Reuters) - "."""


def vote_dates(sentence: Sentence) -> tuple[list[DateMention], list[DateMention]]:
    """(dates that can be a vote's date, partial dates) of one sentence; absolute offsets."""
    usable, partial = [], []
    found = find_dates(sentence.text, sentence.start)
    dateline = any(
        d.kind in ("full", "monthday")
        and _DATELINE.match(sentence.text[: d.start - sentence.start])
        and re.match(r"\s*(?:\([^()]{1,20}\)\s*)?[—–-]", sentence.text[d.end - sentence.start :])
        for d in found
    )
    for d in found:
        if dateline and d.kind == "relative" and d.offset_days == 0:
            continue  # "NEW YORK, 2 March — … the Assembly today adopted": today is the dateline's day
        rel_start, rel_end = d.start - sentence.start, d.end - sentence.start
        if _NOT_VOTE_DATE_BEFORE.search(sentence.text[max(0, rel_start - 150) : rel_start]):
            continue
        if _NOT_VOTE_DATE_AFTER.match(sentence.text[rel_end : rel_end + 20]):
            continue
        if re.search(r"[’']s$", d.text) or re.match(r"[’']s\b", sentence.text[rel_end : rel_end + 2]):
            if not re.match(
                r"[’']s\s+(?:(?:[A-Z][\w.]*|UN|U\.N\.)\s+){0,3}(?:vote|resolution|ballot|decision|session)",
                sentence.text[rel_end:],
            ):
                continue
        (usable if d.kind in ("full", "monthday", "weekday", "relative") else partial).append(d)
    return usable, partial


_CLAUSE = re.compile(r",\s+(?:and|but|while|whereas)\b|;|\s[—–]\s|\band\s+(?=on\s)", re.IGNORECASE)


def nearest(
    dates: list[DateMention], start: int, end: int, sentence: Sentence | None = None
) -> DateMention | None:
    """The date closest to [start, end); dates in the same clause (of ``sentence``) come first."""
    if sentence is not None and dates:
        lo, hi = sentence.start, sentence.end
        for b in _CLAUSE.finditer(sentence.text):
            at = sentence.start + b.start()
            if at <= start:
                lo = sentence.start + b.end()
            elif at >= end:
                hi = at
                break
        same = [d for d in dates if lo <= d.start and d.end <= hi]
        if same:
            dates = same
    best = None
    for d in dates:
        dist = start - d.end if d.end <= start else d.start - end
        if best is None or dist < best[0]:
            best = (max(dist, 0), d)
    return best[1] if best else None


def same_date(
    a: DateMention | None, b: DateMention | None, ref: dt.date | None, anchors: dict[int, dt.date]
) -> bool:
    if a is None or b is None:
        return True
    ra, rb = resolve(a, ref, anchors), resolve(b, ref, anchors)
    if ra and rb:
        return ra == rb
    if a.kind == b.kind == "monthday":
        return (a.month, a.day) == (b.month, b.day)
    return True
