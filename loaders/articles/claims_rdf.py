"""An article's extraction -> N-Triples of claims (the article-claim model of notes/model.md).

Every claim is a ``unga:Claim`` (plus its kind), ``prov:wasDerivedFrom`` the article, located by
two Web Annotation selectors (``oa:TextPositionSelector`` with ``oa:start``/``oa:end`` and
``oa:TextQuoteSelector`` with ``oa:exact``, the same characters) and ``unga:about`` the official
entity it concerns. Selectors are IRIs under the claim (``…/selector/position``), not blank
nodes, so that claims of different article graphs never share a node.

Nothing here states a fact about an official resource: official resolutions, drafts and states
only ever appear as objects. Claims are never typed with official classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.vocab import DCTERMS, OA, PROV, RDF, RDFS, SCHEMA, SPONSOR_ROLES, UNGA, VOTE_OPTIONS, Iris
from loaders.articles.gazetteer import StateMention
from loaders.articles.linking import Link, OfficialIndex
from loaders.articles.model import Extraction, Span, VoteClaim
from loaders.articles.names import LISTED, known_person
from loaders.base import date, integer, iri, lit, triple

_OPTIONS = (("yes_named", "Y"), ("against_named", "N"), ("abstain_named", "A"))


@dataclass
class ClaimWriter:
    """Collects the N-Triples of one article graph."""

    iris: Iris
    aid: str
    text: str
    lines: list[str] = field(default_factory=list)

    @property
    def article(self) -> str:
        """IRI of the article resource."""
        return self.iris.article(self.aid)

    def add(self, s: str, p: str, o: str) -> None:
        """One triple from formatted terms."""
        self.lines.append(triple(s, p, o))

    def typed(self, node: str, *classes: str) -> None:
        """``node a class, …``."""
        for cls in classes:
            self.add(iri(node), iri(RDF + "type"), iri(cls))

    def claim(self, node: str, kind: str | None, span: Span, about: str | None) -> None:
        """The triples every claim has: types, source article, selectors and what it is about."""
        self.typed(node, *([kind] if kind else []), UNGA + "Claim")
        self.add(iri(node), iri(PROV + "wasDerivedFrom"), iri(self.article))
        if about:
            self.add(iri(node), iri(UNGA + "about"), iri(about))
        self.selectors(node, span)

    def selectors(self, node: str, span: Span) -> None:
        """A text-position and a text-quote selector for the same characters."""
        position, quote = f"{node}/selector/position", f"{node}/selector/quote"
        for selector, cls in ((position, "TextPositionSelector"), (quote, "TextQuoteSelector")):
            self.add(iri(node), iri(OA + "hasSelector"), iri(selector))
            self.typed(selector, OA + cls)
        self.add(iri(position), iri(OA + "start"), integer(span.start))
        self.add(iri(position), iri(OA + "end"), integer(span.end))
        self.add(iri(quote), iri(OA + "exact"), lit(span.cut(self.text)))

    def value(self, node: str, prop: str, term: str | None) -> None:
        """``node prop term`` when ``term`` is given."""
        if term is not None:
            self.add(iri(node), iri(prop), term)


@dataclass
class Targets:
    """What the claims of one article are about: one IRI per vote and per veto."""

    votes: list[str]
    vetoes: list[str]

    @property
    def main(self) -> str | None:
        """The article's main subject: its first reported vote, else its first veto."""
        return (self.votes or self.vetoes or [None])[0]


def write_article(
    writer: ClaimWriter,
    ext: Extraction,
    vote_links: list[Link],
    veto_links: list[Link],
    mentions: list[StateMention],
    official: OfficialIndex | None = None,
) -> None:
    """Every claim of ``ext`` into ``writer`` (links are parallel to ``ext.votes``/``vetoes``)."""
    w, iris = writer, writer.iris
    w.typed(w.article, SCHEMA + "NewsArticle")
    w.add(iri(w.article), iri(DCTERMS + "identifier"), lit(w.aid))
    w.add(iri(w.article), iri(DCTERMS + "source"), lit(ext.source))
    w.value(w.article, SCHEMA + "datePublished", date(ext.published.isoformat()) if ext.published else None)
    targets = Targets(
        [_target(w, link, f"{i}", v.resolution, ext.source) for i, (v, link) in
         enumerate(zip(ext.votes, vote_links, strict=True), 1)],
        [_target(w, link, f"veto-{i}", v.draft, ext.source) for i, (v, link) in
         enumerate(zip(ext.vetoes, veto_links, strict=True), 1)],
    )
    for i, (vote, link) in enumerate(zip(ext.votes, vote_links, strict=True), 1):
        _vote(w, f"{w.article}/vote/{i}", vote, link, targets.votes[i - 1], mentions)
    main_date = ext.votes[0].date if ext.votes else None
    _speeches(w, ext, targets.main, main_date)
    for i, sponsor in enumerate(ext.sponsors, 1):
        node = f"{w.article}/sponsorship/{i}"
        document = _document(sponsor.resolution, ext.votes, vote_links, targets, official, iris)
        w.claim(node, UNGA + "Sponsorship", sponsor.evidence, document)
        w.add(iri(node), iri(UNGA + "sponsor"), iri(iris.state(sponsor.state)))
        w.add(iri(node), iri(UNGA + "sponsorRole"), iri(SPONSOR_ROLES[sponsor.role]))
        w.value(node, UNGA + "sponsoredDocument", iri(document) if document else None)
    for i, statement in enumerate(ext.statements, 1):
        node = f"{w.article}/statement/{i}"
        w.claim(node, UNGA + "JointStatement", statement.evidence, targets.main)
        w.typed(node, UNGA + "Speech")
        w.value(node, UNGA + "speaksFor",
                iri(iris.state(statement.speaker_state)) if statement.speaker_state else None)
        for state in statement.on_behalf_of:
            w.add(iri(node), iri(UNGA + "onBehalfOf"), iri(iris.state(state)))
        for j, denial in enumerate(statement.denials, 1):
            claim = f"{node}/denial/{j}"
            w.claim(claim, UNGA + "ReportedDenial", denial.span, None)
            w.add(iri(claim), iri(UNGA + "denies"), iri(node))
            w.add(iri(claim), iri(UNGA + "deniedBy"), iri(iris.state(denial.state)))
    for i, (veto, link) in enumerate(zip(ext.vetoes, veto_links, strict=True), 1):
        node = f"{w.article}/veto/{i}"
        w.claim(node, UNGA + "ReportedVeto", veto.evidence, targets.vetoes[i - 1])
        w.add(iri(node), iri(UNGA + "vetoedBy"), iri(iris.state(veto.state)))
        w.add(iri(node), iri(UNGA + "matchedBy"), lit(link.matched_by))
        w.value(node, DCTERMS + "date", date(veto.date.isoformat()) if veto.date else None)
        w.value(node, UNGA + "reportedSymbol", lit(veto.draft) if veto.draft else None)


def _target(w: ClaimWriter, link: Link, key: str, symbol: str | None, source: str) -> str:
    """The official resolution of a link, or a provisional resolution minted for the claim."""
    if link.symbol:
        return w.iris.resolution(link.symbol)
    node = f"{w.iris.id}resolution/provisional-{w.aid}-{key}"
    w.typed(node, UNGA + "ProvisionalResolution")
    w.add(iri(node), iri(PROV + "wasDerivedFrom"), iri(w.article))
    what = f"symbol {symbol} not in the official record" if symbol else "no official match"
    w.add(iri(node), iri(RDFS + "label"),
          lit(f"Provisional resolution: vote {key} reported in {source} ({what})", "en"))
    w.value(node, UNGA + "reportedSymbol", lit(symbol) if symbol else None)
    return node


def _vote(w: ClaimWriter, node: str, vote: VoteClaim, link: Link, target: str,
          mentions: list[StateMention]) -> None:
    """A reported tally and its named ballots."""
    w.claim(node, UNGA + "ReportedTally", vote.evidence, target)
    w.add(iri(node), iri(UNGA + "matchedBy"), lit(link.matched_by))
    for prop, number in (("reportedYes", vote.yes), ("reportedNo", vote.no),
                         ("reportedAbstain", vote.abstain)):
        w.value(node, UNGA + prop, integer(number) if number is not None else None)
    w.value(node, DCTERMS + "date", date(vote.date.isoformat()) if vote.date else None)
    w.value(node, UNGA + "reportedDateText", lit(vote.date_text) if vote.date_text else None)
    w.value(node, UNGA + "reportedSymbol", lit(vote.resolution) if vote.resolution else None)
    for attr, letter in _OPTIONS:
        for state in getattr(vote, attr):
            ballot = f"{node}/{state}"
            w.claim(ballot, UNGA + "ReportedBallot", _mention_span(vote, state, mentions, w.text), None)
            w.add(iri(ballot), iri(UNGA + "claimOf"), iri(node))
            w.add(iri(ballot), iri(UNGA + "reportedVoter"), iri(w.iris.state(state)))
            w.add(iri(ballot), iri(UNGA + "reportedOption"), iri(VOTE_OPTIONS[letter]))


def _mention_span(vote: VoteClaim, state: str, mentions: Iterable[StateMention], text: str) -> Span:
    """The sentence of the vote that names ``state`` (else the vote's evidence sentence)."""
    spans = [vote.evidence, *(s for s in vote.spans if s != vote.evidence)]
    for span in spans:
        if any(m.iso3 == state and span.start <= m.start < span.end for m in mentions):
            return span
    return vote.evidence


def _speeches(w: ClaimWriter, ext: Extraction, about: str | None, when: dt.date | None) -> None:
    """Speeches (one per speaker), their quotes and the persons."""
    for i, speaker in enumerate(ext.speakers, 1):
        person = w.iris.person(speaker.canonical)
        _describe_person(w, person, speaker.canonical, speaker.name)
        node = f"{w.article}/speech/{i}"
        w.claim(node, UNGA + "Speech", speaker.evidence, about)
        w.add(iri(node), iri(UNGA + "speaker"), iri(person))
        w.value(node, UNGA + "speaksFor", iri(w.iris.state(speaker.state)) if speaker.state else None)
        w.value(node, UNGA + "role", lit(speaker.role) if speaker.role else None)
        w.value(node, DCTERMS + "date", date(when.isoformat()) if when else None)
        for j, quote in enumerate(speaker.quotes, 1):
            q = f"{node}/quote/{j}"
            w.claim(q, SCHEMA + "Quotation", quote.span, about)
            w.add(iri(q), iri(SCHEMA + "text"), lit(quote.text))
            w.add(iri(q), iri(SCHEMA + "spokenByCharacter"), iri(person))
            w.add(iri(q), iri(SCHEMA + "isPartOf"), iri(node))


def _describe_person(w: ClaimWriter, person: str, canonical: str, written: str) -> None:
    """What the article's graph says of the person itself: for a person of data/people.csv only
    a spelling the table does not list (graph ``…/graph/people`` describes them once); for
    anyone else their type and names."""
    if known_person(canonical) is None:
        w.typed(person, SCHEMA + "Person")
        w.add(iri(person), iri(SCHEMA + "name"), lit(canonical))
    if written != canonical and written not in LISTED:
        w.add(iri(person), iri(SCHEMA + "alternateName"), lit(written))


def _document(symbol: str | None, votes: list[VoteClaim], links: list[Link], targets: Targets,
              official: OfficialIndex | None, iris: Iris) -> str | None:
    """What a sponsorship is about: the article's vote on that symbol, the official resolution
    of that symbol, else the article's main subject."""
    if symbol:
        for vote, link, target in zip(votes, links, targets.votes, strict=True):
            if symbol in (vote.resolution, link.symbol):
                return target
        if official is not None and (found := official.get(symbol)):
            return iris.resolution(found.symbol)
    return targets.main
