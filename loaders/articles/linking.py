"""Linking reported votes and vetoes to the official record (a small in-memory index).

The index holds one :class:`OfficialVote` per recorded vote (symbol, date, the four counts and,
for Security Council drafts, the vetoing states). ``graph/build.py`` fills it from the official
sources (the shipped files for ``build``, the store for ``load articles``); this module knows
nothing of either.

How a reported General Assembly vote is matched (first rule that gives one answer wins):

1. ``symbol``: the article names a symbol that the record has.
2. ``date+tally``: the record has votes on the reported date (a full date, or the year/month/day
   parts the article gives, e.g. "March 2" without a year) and the reported numbers agree with
   one of them, tolerating one wrong number (the disagreement shows in ``conflicts.rq``).
   ``date`` when the article gives a date but no numbers and the record has one vote that day.
3. ``date+near-tally``: the article gives an exact full date (a resolved weekday counts; a
   month and day whose year was inferred from the publication date does not), the
   record has exactly one General Assembly vote that day, every reported number is within
   :func:`near_margin` of the official count (so "143-6 with 34 abstentions" for 143-5-35 links,
   and both wrong counts become conflicts), the article names no other symbol, and two or more
   reported numbers are not exactly another recorded vote's tally (that vote is taken by rule 4,
   with the date as the conflict). Several votes that day: only rule 2 decides.
4. ``tally``: the reported numbers (all that are given) equal one official tally; if several
   do, the latest on or before the publication date. One number alone must be unique.
5. ``none``: nothing fits; the loader mints a provisional resolution.

A Security Council veto is matched by the draft symbol if given, else by the vetoing state and
the date (exact: ``vetoer+date``; within a week: ``vetoer+nearby-date``, so that an article that
is a day off still links and the wrong date becomes a conflict).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from loaders.articles.model import VetoClaim, VoteClaim

GENERAL_ASSEMBLY = "General Assembly"
SECURITY_COUNCIL = "Security Council"
NEARBY_DAYS = 7
"""How far a reported veto date may be from the official one and still link."""
NEAR_MIN = 3
NEAR_SHARE = 0.05
"""A reported count is near an official one within max(NEAR_MIN, NEAR_SHARE x official)."""


def near_margin(official: int) -> int:
    """How far a reported count may be from ``official`` for a link by exact date alone.

    Three votes, or 5 % of a large count (7 of 143): late changes of vote and misprints stay
    inside it, while another body's vote on the same day (a Security Council 10-1-4, a Human
    Rights Council 19-17-11, a procedural vote 107-13-39) falls outside it for the yes count.
    """
    return max(NEAR_MIN, round(NEAR_SHARE * official))


@dataclass(frozen=True)
class OfficialVote:
    """One recorded vote of the official record."""

    symbol: str
    date: dt.date | None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    non_voting: int | None = None
    body: str = GENERAL_ASSEMBLY
    vetoed_by: frozenset[str] = frozenset()

    def mismatches(self, yes: int | None, no: int | None, abstain: int | None) -> list[str]:
        """Names of the reported numbers (yes/no/abstain) that differ from this record."""
        pairs = (("yes", yes, self.yes), ("no", no, self.no), ("abstain", abstain, self.abstain))
        return [name for name, got, want in pairs if got is not None and got != want]

    def near(self, yes: int | None, no: int | None, abstain: int | None) -> bool:
        """Whether every reported number is within :func:`near_margin` of this record's count."""
        pairs = ((yes, self.yes), (no, self.no), (abstain, self.abstain))
        return all(
            got is None or (want is not None and abs(got - want) <= near_margin(want)) for got, want in pairs
        )


@dataclass(frozen=True)
class Link:
    """The outcome of matching one claim: the official symbol (None if unmatched) and how."""

    symbol: str | None
    matched_by: str = "none"
    official: OfficialVote | None = None
    mismatches: tuple[str, ...] = ()

    @property
    def linked(self) -> bool:
        """Whether an official counterpart was found."""
        return self.symbol is not None


NO_LINK = Link(None)


@dataclass
class OfficialIndex:
    """The official votes, searchable by symbol, date and tally."""

    votes: list[OfficialVote] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_symbol = {v.symbol.replace(" ", "").upper(): v for v in self.votes}

    @classmethod
    def of(cls, votes: Iterable[OfficialVote]) -> OfficialIndex:
        """An index over ``votes`` (sorted by date, then symbol)."""
        return cls(sorted(votes, key=lambda v: (v.date or dt.date.min, v.symbol)))

    def __len__(self) -> int:
        return len(self.votes)

    def get(self, symbol: str) -> OfficialVote | None:
        """The official vote on ``symbol`` (spacing and case ignored)."""
        return self._by_symbol.get(symbol.replace(" ", "").upper())

    def body(self, name: str) -> list[OfficialVote]:
        """The votes of one body (General Assembly or Security Council)."""
        return [v for v in self.votes if v.body == name]

    # ----- General Assembly votes -----
    def match_vote(self, vote: VoteClaim, published: dt.date | None = None) -> Link:
        """The official vote a reported vote is about (see module docs for the rules)."""
        if vote.resolution and (found := self.get(vote.resolution)):
            return Link(found.symbol, "symbol", found, tuple(found.mismatches(*_numbers(vote))))
        assembly = self.body(GENERAL_ASSEMBLY)
        dated = [v for v in assembly if _date_fits(v.date, vote)]
        if dated:
            link = _by_date(dated, vote)
            if link.linked:
                return link
        link = _by_exact_date(assembly, dated, vote)
        return link if link.linked else _by_tally(assembly, vote, published)

    # ----- Security Council vetoes -----
    def match_veto(self, veto: VetoClaim) -> Link:
        """The Security Council draft a reported veto is about."""
        if veto.draft and (found := self.get(veto.draft)):
            return Link(found.symbol, "symbol", found)
        council = [v for v in self.body(SECURITY_COUNCIL) if veto.state in v.vetoed_by]
        if veto.date is None:
            return Link(council[0].symbol, "vetoer", council[0]) if len(council) == 1 else NO_LINK
        exact = [v for v in council if v.date == veto.date]
        if len(exact) == 1:
            return Link(exact[0].symbol, "vetoer+date", exact[0])
        near = [v for v in council if v.date and abs((v.date - veto.date).days) <= NEARBY_DAYS]
        if near:
            best = min(near, key=lambda v: abs((v.date or veto.date) - veto.date))  # type: ignore[operator]
            return Link(best.symbol, "vetoer+nearby-date", best, ("date",))
        return NO_LINK


def _numbers(vote: VoteClaim) -> tuple[int | None, int | None, int | None]:
    return vote.yes, vote.no, vote.abstain


def _date_parts(vote: VoteClaim) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) the article gives for the vote, from the date or the partial parts."""
    if vote.date is not None:
        return vote.date.year, vote.date.month, vote.date.day
    return vote.year, vote.month, vote.day


def _date_fits(official: dt.date | None, vote: VoteClaim) -> bool:
    """Whether the official date agrees with every date part the article gives (some given)."""
    parts = _date_parts(vote)
    if official is None or all(p is None for p in parts):
        return False
    wanted = (official.year, official.month, official.day)
    return all(p is None or p == w for p, w in zip(parts, wanted, strict=True))


def _by_date(dated: list[OfficialVote], vote: VoteClaim) -> Link:
    """Among the votes on the reported date, the one whose tally agrees (one wrong number ok)."""
    numbers = _numbers(vote)
    given = sum(n is not None for n in numbers)
    if given == 0:
        return Link(dated[0].symbol, "date", dated[0]) if len(dated) == 1 else NO_LINK
    scored = sorted((len(v.mismatches(*numbers)), i) for i, v in enumerate(dated))
    best, index = scored[0]
    tied = len(scored) > 1 and scored[1][0] == best
    allowed = 1 if given >= 2 else 0
    if best > allowed or tied:
        return NO_LINK
    found = dated[index]
    return Link(found.symbol, "date+tally", found, tuple(found.mismatches(*numbers)))


def _by_exact_date(assembly: list[OfficialVote], dated: list[OfficialVote], vote: VoteClaim) -> Link:
    """The one vote on the article's exact full date, when the reported numbers are near it."""
    numbers = _numbers(vote)
    given = sum(n is not None for n in numbers)
    if not vote.exact_date or vote.resolution or len(dated) != 1 or given == 0:
        return NO_LINK
    found = dated[0]
    if not found.near(*numbers):
        return NO_LINK
    if given >= 2 and any(not v.mismatches(*numbers) for v in assembly if v is not found):
        return NO_LINK  # the numbers are exactly another vote's: rule 4 takes that one
    return Link(found.symbol, "date+near-tally", found, tuple(found.mismatches(*numbers)))


def _by_tally(assembly: list[OfficialVote], vote: VoteClaim, published: dt.date | None) -> Link:
    """The official vote whose counts equal every reported number."""
    numbers = _numbers(vote)
    given = sum(n is not None for n in numbers)
    if given == 0:
        return NO_LINK
    same = [v for v in assembly if not v.mismatches(*numbers)]
    if published is not None:
        same = [v for v in same if v.date is None or v.date <= published]
    if len(same) == 1 or (len(same) > 1 and given >= 2 and published is not None):
        found = same[-1]  # the index is sorted by date: the latest before publication
        extra = ("date",) if _date_parts(vote) != (None, None, None) else ()
        return Link(found.symbol, "tally", found, extra)
    return NO_LINK
