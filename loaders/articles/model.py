"""What the extractor finds: claims with character offsets into the article.

``Extraction.to_json()`` is the ``extract`` JSON object of the design (shared/design.md); the
offsets (``Span``) are not part of that JSON but let the graph loader record, for every claim,
the sentence it came from (a text-position selector).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` into the original article text."""

    start: int
    end: int

    def cut(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start : self.end]


@dataclass
class VoteClaim:
    """A General Assembly recorded vote as the article reports it."""

    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    against_named: list[str] = field(default_factory=list)
    abstain_named: list[str] = field(default_factory=list)
    yes_named: list[str] = field(default_factory=list)
    resolution: str | None = None
    date: dt.date | None = None
    date_text: str | None = None
    """The date expression the date came from (also when it could not be resolved)."""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    """Date parts the text gives (for matching against the official record); a month and day
    without a year ("Oct. 12") keep ``year`` None even when ``date`` was resolved from them."""
    evidence: Span = Span(0, 0)
    spans: list[Span] = field(default_factory=list)
    """Every sentence that contributed (a tally may be spread over several)."""

    @property
    def exact_date(self) -> bool:
        """Whether ``date`` is exact: given in full, or a weekday/relative day resolved against a
        reference — not a month and day whose year was inferred."""
        return self.date is not None and not (self.month is not None and self.year is None)

    def to_json(self, text: str) -> dict[str, Any]:
        """The design's vote object."""
        return {
            "resolution": self.resolution,
            "date": self.date.isoformat() if self.date else None,
            "yes": self.yes,
            "no": self.no,
            "abstain": self.abstain,
            "against_named": list(self.against_named),
            "abstain_named": list(self.abstain_named),
            "yes_named": list(self.yes_named),
            "evidence": self.evidence.cut(text),
        }


@dataclass
class Quote:
    """A quotation attributed to a speaker; the span covers the words inside the quote marks."""

    text: str
    span: Span


@dataclass
class SpeakerClaim:
    """A person reported speaking, with the state they speak for and their role."""

    name: str
    canonical: str
    state: str | None = None
    role: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    evidence: Span = Span(0, 0)
    spans: list[Span] = field(default_factory=list)
    """Sentences where the person is mentioned."""

    def to_json(self, text: str) -> dict[str, Any]:
        """The design's speaker object."""
        return {
            "name": self.name,
            "state": self.state,
            "role": self.role,
            "quotes": [q.text for q in self.quotes],
            "evidence": self.evidence.cut(text),
        }


@dataclass
class SponsorClaim:
    """A state that sponsored, co-sponsored or drafted a resolution."""

    state: str
    role: str
    resolution: str | None = None
    evidence: Span = Span(0, 0)
    mention: Span = Span(0, 0)

    def to_json(self, text: str) -> dict[str, Any]:
        """The design's sponsor object (plus the evidence sentence)."""
        return {
            "state": self.state,
            "role": self.role,
            "resolution": self.resolution,
            "evidence": self.evidence.cut(text),
        }


@dataclass(frozen=True)
class Denial:
    """A listed party that says it was not part of a joint statement, and where it says so."""

    state: str
    span: Span


@dataclass
class StatementClaim:
    """A joint statement: who delivered it (if said) and the states it was made for."""

    speaker_state: str | None
    on_behalf_of: list[str]
    evidence: Span = Span(0, 0)
    spans: list[Span] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    """Parties taken off ``on_behalf_of`` by a later denial (graph only, not in the JSON)."""

    def to_json(self, text: str) -> dict[str, Any]:
        """The design's statement object."""
        return {
            "speaker_state": self.speaker_state,
            "on_behalf_of": list(self.on_behalf_of),
            "evidence": self.evidence.cut(text),
        }


@dataclass
class VetoClaim:
    """A veto cast in the Security Council, as mentioned in passing."""

    state: str
    date: dt.date | None
    body: str = "Security Council"
    date_text: str | None = None
    draft: str | None = None
    evidence: Span = Span(0, 0)

    def to_json(self, text: str) -> dict[str, Any]:
        """The extra ``vetoes`` entry."""
        return {
            "state": self.state,
            "date": self.date.isoformat() if self.date else None,
            "body": self.body,
            "draft": self.draft,
            "evidence": self.evidence.cut(text),
        }


@dataclass
class Extraction:
    """Everything extracted from one article, with offsets into ``text``."""

    source: str
    published: dt.date | None
    text: str
    votes: list[VoteClaim] = field(default_factory=list)
    speakers: list[SpeakerClaim] = field(default_factory=list)
    sponsors: list[SponsorClaim] = field(default_factory=list)
    statements: list[StatementClaim] = field(default_factory=list)
    vetoes: list[VetoClaim] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The design's ``extract`` object (plus the extra key ``vetoes``)."""
        return {
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "votes": [v.to_json(self.text) for v in self.votes],
            "speakers": [s.to_json(self.text) for s in self.speakers],
            "sponsors": [s.to_json(self.text) for s in self.sponsors],
            "statements": [s.to_json(self.text) for s in self.statements],
            "vetoes": [v.to_json(self.text) for v in self.vetoes],
        }
