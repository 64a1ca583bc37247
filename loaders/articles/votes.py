"""Votes of an article: sentence tallies merged into one claim per distinct recorded vote.

Per sentence: the counts (tallies.py), the states named per option (voters.py), the date that
belongs to the vote (the nearest date expression that is not about something else: "since
... Feb. 24", "Russia's February 24 invasion"), and a resolution symbol if the text states one.

Across sentences:
- a tally with yes and no equal to an earlier vote's (and no conflict) is the same vote;
- a partial tally ("Fourteen countries voted against ...") or a list of named states joins the
  vote reported just before (within a few sentences) when nothing conflicts, else starts a vote;
- a sentence without a date inherits the date of the sentence before when that one talks about
  a vote without giving counts ("voted ... on April 7 ... The vote was 93-24 ...");
- the article's main vote, still without a date, takes it from a sentence such as "The
  resolution passed on Monday ..." or "Monday's vote ...".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from loaders.articles.carryover import CarryOver
from loaders.articles.dates import DateMention, resolve
from loaders.articles.gazetteer import METONYM, NAME, Gazetteer, StateMention
from loaders.articles.model import Span, VoteClaim
from loaders.articles.tables import table_tallies
from loaders.articles.tallies import Tally, sentence_tallies
from loaders.articles.text import Document, Sentence
from loaders.articles.vote_context import (
    ASIDE_CLAUSE,
    COUNCIL,
    PAST_VOTE,
    RECALL,
    VOTE_SUBJECT,
    nearest,
    other_vote,
    same_date,
    symbols_in,
    vote_dates,
)
from loaders.articles.voters import listed_against, named_voters

_WINDOW = 6


@dataclass
class _Record:
    sentence: Sentence
    ordinal: int
    tally: Tally | None
    named: dict[str, list[str]]
    date: DateMention | None
    partial: DateMention | None
    symbol: str | None
    order: int = 0
    listed_no: int | None = None  # "Russia, Syria, ... and Belarus voted no": the list is the count


@dataclass
class _Vote:
    records: list[_Record] = field(default_factory=list)
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    date: DateMention | None = None
    partial: DateMention | None = None

    @property
    def last_index(self) -> int:
        return self.records[-1].ordinal


def _compatible(vote: _Vote, rec: _Record, ref: dt.date | None, anchors: dict[int, dt.date]) -> bool:
    t = rec.tally
    if t is not None:
        for attr in ("yes", "no", "abstain"):
            mine, theirs = getattr(vote, attr), getattr(t, attr)
            if mine is not None and theirs is not None and mine != theirs:
                return False
    return same_date(vote.date, rec.date, ref, anchors)


def _same_numbers(
    votes: list[_Vote], rec: _Record, ref: dt.date | None, anchors: dict[int, dt.date]
) -> _Vote | None:
    """The one earlier vote whose numbers include every number of a partial tally ("The 35
    abstentions included …" several paragraphs after "141-5-35"), else None."""
    t = rec.tally
    if t is None:
        return None
    given = [(attr, getattr(t, attr)) for attr in ("yes", "no", "abstain") if getattr(t, attr) is not None]
    fits = [
        v
        for v in votes
        if given and all(getattr(v, a) == n for a, n in given) and same_date(v.date, rec.date, ref, anchors)
    ]
    return fits[0] if len(fits) == 1 else None


def _absorb(vote: _Vote, rec: _Record) -> None:
    vote.records.append(rec)
    if rec.tally is not None:
        for attr in ("yes", "no", "abstain"):
            if getattr(vote, attr) is None:
                setattr(vote, attr, getattr(rec.tally, attr))
    if vote.date is None and rec.date is not None:
        vote.date = rec.date
    if vote.partial is None and rec.partial is not None:
        vote.partial = rec.partial


def _records(doc: Document, mentions: list[StateMention], gaz: Gazetteer) -> list[_Record]:
    def count_states(fragment: str) -> int:
        return len([m for m in gaz.find(fragment) if m.kind in (NAME, METONYM)])

    records: list[_Record] = []
    previous: Sentence | None = None
    prev_had_tally = False
    carry = CarryOver()
    ordinal = -1
    rows = table_tallies(doc.sentences)
    for s in doc.sentences:
        if s.caption:
            continue
        ordinal += 1
        tallies = [rows[s.start]] if s.start in rows else sentence_tallies(s.text, count_states)
        local = [
            StateMention(m.start - s.start, m.end - s.start, m.text, m.iso3, m.kind)
            for m in mentions
            if s.start <= m.start and m.end <= s.end
        ]
        named = named_voters(s.text, local)
        carried = carry.apply(s.text, local, named)  # "So did China.", "Who voted against?" + bullets
        if COUNCIL.search(ASIDE_CLAUSE.sub("", s.text)) and (
            not re.search(r"\bassembly\b", s.text, re.IGNORECASE)
            or re.search(r"\bvetoed\b", s.text, re.IGNORECASE)
        ):
            named = {key: [] for key in named}  # a council's vote (or a veto), not the General Assembly's
        has_named = (
            any(named.values())
            and (PAST_VOTE.search(s.text) is not None or carried)
            and not other_vote(s.text, doc.published)
        )
        listed_no = listed_against(s.text, local) if named["against_named"] else None
        usable, partial = vote_dates(s)
        symbols = symbols_in(s.text)
        if not tallies and has_named:
            records.append(
                _Record(
                    s,
                    ordinal,
                    None,
                    named,
                    nearest(usable, s.start, s.end) if usable else None,
                    partial[0] if partial else None,
                    symbols[0] if symbols else None,
                    listed_no=listed_no,
                )
            )
        for i, t in enumerate(tallies):
            a, b = s.start + t.start, s.start + t.end
            date = nearest(usable, a, b, s)
            if (
                date is None
                and not partial
                and previous is not None
                and not prev_had_tally
                and VOTE_SUBJECT.search(previous.text)
            ):
                inherited, _ = vote_dates(previous)
                date = inherited[-1] if inherited else None
            part = nearest(partial, a, b)
            records.append(
                _Record(
                    s,
                    ordinal,
                    t,
                    named if i == 0 else {"yes_named": [], "against_named": [], "abstain_named": []},
                    date,
                    part,
                    symbols[min(i, len(symbols) - 1)] if symbols else None,
                    listed_no=listed_no if i == 0 else None,
                )
            )
        previous, prev_had_tally = s, bool(tallies)
    for i, r in enumerate(records):
        r.order = i
    return records


def extract_votes(
    doc: Document, mentions: list[StateMention], gaz: Gazetteer, anchors: dict[int, dt.date]
) -> list[VoteClaim]:
    """One claim per distinct vote reported in the article, in order of first report."""
    ref = doc.published
    votes: list[_Vote] = []
    current: _Vote | None = None
    for rec in _records(doc, mentions, gaz):
        target: _Vote | None = None
        if rec.tally is not None and rec.tally.complete_pair():
            for v in votes:
                if v.yes == rec.tally.yes and v.no == rec.tally.no and _compatible(v, rec, ref, anchors):
                    target = v
                    break
            if (
                target is None
                and current is not None
                and not (current.yes is not None and current.no is not None)
                and rec.ordinal - current.last_index <= _WINDOW
                and _compatible(current, rec, ref, anchors)
            ):
                target = current
        elif (
            current is not None
            and rec.ordinal - current.last_index <= _WINDOW
            and _compatible(current, rec, ref, anchors)
        ):
            target = _first_of_sentence(votes, current) if rec.tally is None and rec.date is None else current
        if target is None and rec.tally is not None:
            target = _same_numbers(votes, rec, ref, anchors)
        if target is None:
            target = _Vote()
            votes.append(target)
        _absorb(target, rec)
        current = target
    _fill_main_date(doc, votes)
    for v in votes:
        listed = next((r.listed_no for r in v.records if r.listed_no), None)
        if v.no is None and v.yes is not None and listed is not None:
            v.no = listed
    return [_claim(doc, v, ref, anchors) for v in votes]


def _first_of_sentence(votes: list[_Vote], current: _Vote) -> _Vote:
    """The first vote reported in the sentence that reported ``current`` last.

    "Thursday's vote of 141-7 ... echoed the first resolution, adopted ... by 141 to 5. Mali and
    Eritrea sided with Moscow again": an undated list that follows belongs to the main vote of
    that sentence, not to the vote it recalls in passing.
    """
    last = current.records[-1].sentence.index
    return next((v for v in votes if any(r.sentence.index == last for r in v.records)), current)


def _fill_main_date(doc: Document, votes: list[_Vote]) -> None:
    if not votes or votes[0].date is not None:
        return
    used = {r.sentence.index for v in votes for r in v.records}
    for s in doc.sentences:
        if s.caption or s.index in used or not VOTE_SUBJECT.search(s.text) or RECALL.search(s.text):
            continue
        usable, _ = vote_dates(s)
        if usable:
            votes[0].date = usable[0]
            return
    stamps = list(_TIMESTAMP.finditer(doc.text))
    first = votes[0].records[0].sentence.start
    before = [m for m in stamps if m.start() < first]
    if len(stamps) >= 2 and before and doc.published is not None:
        # a live blog ("14:02 GMT — The vote is in: …"): the vote was on the day of publication
        stamp = before[-1]
        votes[0].date = DateMention(stamp.start(1), stamp.end(1), stamp.group(1), "relative")


_TIMESTAMP = re.compile(r"(?m)^[ \t]*(\d{1,2}[:.]\d{2}\s*(?:GMT|BST|CET|CEST|EST|EDT|ET|UTC))\b")
"""A live blog's time stamp opening a line."""


def _claim(doc: Document, vote: _Vote, ref: dt.date | None, anchors: dict[int, dt.date]) -> VoteClaim:
    named: dict[str, list[str]] = {"yes_named": [], "against_named": [], "abstain_named": []}
    for r in vote.records:
        for key, codes in r.named.items():
            for code in codes:
                if code not in named[key]:
                    named[key].append(code)
    main = next((r for r in vote.records if r.tally is not None and r.tally.complete_pair()), None) or next(
        (r for r in vote.records if r.tally is not None), vote.records[0]
    )
    spans = []
    for r in vote.records:
        span = Span(r.sentence.start, r.sentence.end)
        if span not in spans:
            spans.append(span)
    date = resolve(vote.date, ref, anchors) if vote.date else None
    source = vote.date or vote.partial
    symbol = next((r.symbol for r in vote.records if r.symbol), None)
    return VoteClaim(
        yes=vote.yes,
        no=vote.no,
        abstain=vote.abstain,
        against_named=named["against_named"],
        abstain_named=named["abstain_named"],
        yes_named=named["yes_named"],
        resolution=symbol,
        date=date,
        date_text=source.text if source else None,
        **_given_parts(source, date),
        evidence=Span(main.sentence.start, main.sentence.end),
        spans=spans,
    )


def _given_parts(source: DateMention | None, date: dt.date | None) -> dict[str, int | None]:
    """The year, month and day the text gives for the vote's date.

    A month and day without a year ("Oct. 12") keep no year even when the date was resolved
    against the publication date: that year is inferred, so the date is not exact (see
    ``VoteClaim.exact_date``) — unless the weekday written with it ("Wednesday, Oct. 12") agrees.
    A weekday or relative day resolved against a reference gives all three.
    """
    if source is None:
        return {"year": None, "month": None, "day": None}
    weekday_agrees = source.weekday is not None and date is not None and date.weekday() == source.weekday
    if date is not None and (source.kind != "monthday" or weekday_agrees):
        return {"year": date.year, "month": date.month, "day": date.day}
    return {"year": source.year, "month": source.month, "day": source.day}


def assign_lone_symbol(doc: Document, votes: list[VoteClaim]) -> None:
    """If the article states exactly one resolution symbol and no vote has it, give it to the first vote."""
    symbols = symbols_in(doc.text)
    if len(symbols) == 1 and votes and not any(v.resolution for v in votes):
        votes[0].resolution = symbols[0]
