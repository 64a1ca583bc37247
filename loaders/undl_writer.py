"""The official voting record as N-Triples: shared by the bulk-CSV and the MARCXML reader.

Both readers turn their input into the same intermediate records — one :class:`Resolution`
per recorded vote and one ballot (state code, vote letter, recorded name) per state — and
hand them to :class:`UndlWriter`, which validates them and writes the triples of the model
contract (notes/model.md, graph ``…/graph/undl``). The writer keeps only one small
:class:`Tally` per resolution in memory (counters and a bit set of the states seen), so a
reader can stream files of any size, with the rows of one resolution anywhere in them.

Vote letters: ``Y`` yes, ``N`` no, ``A`` abstention, ``X`` non-voting. An empty letter also
means non-voting (the UN Digital Library writes non-participation as a blank), and ``NV``
(the spelling of the UN library's data dictionary) is read as ``X`` too.

IRIs keep only letters, digits, dots and hyphens of a symbol (graph.vocab.slug_symbol), so
two symbols can share one (``A/RES/ES_11/1`` and ``A/RES/ES-11/1``, ``A/RES/3379 (XXX)`` and
``A/RES/3379(XXX)``): a resolution, draft, meeting or session whose IRI another symbol of
the load already has is refused, rather than silently merged with it. A draft, meeting or
session is one thing however its symbol is spaced (``A/ES-11/PV. 5`` is ``A/ES-11/PV.5``): it
keeps one IRI, with each spelling met as a ``dcterms:identifier``, and the load goes on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from graph.vocab import (
    DCTERMS,
    OPENGOV,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    UNGA,
    VOTE_OPTIONS,
    Iris,
)
from loaders.base import InputError, boolean, date, integer, iri, lit
from loaders.sources import file_sources

PUBLISHER = "United Nations Digital Library"
LICENSE = (
    "Copyright United Nations; non-commercial use with attribution; UN Library terms of use: "
    "http://www.un.org/en/sections/about-website/terms-use/index.html"
)
RECORD_URL = "https://digitallibrary.un.org/record/"

LETTERS = ("Y", "N", "A", "X")
"""Vote letters in the order of :attr:`Tally.counts` and :class:`Totals`."""
_OPTION_OF: dict[str, tuple[int, str]] = {
    letter: (i, iri(VOTE_OPTIONS[letter])) for i, letter in enumerate(LETTERS)
}
_OPTION_OF[""] = _OPTION_OF["X"]
_OPTION_OF["NV"] = _OPTION_OF["X"]

_SESSION_OF_SYMBOL = re.compile(r"^A/RES/([^/]+)/")

# Predicates and classes, formatted once.
_A = iri(RDF + "type")
_VALUE = iri(RDF + "value")
_IDENTIFIER = iri(DCTERMS + "identifier")
_TITLE = iri(DCTERMS + "title")
_DATE_P = iri(DCTERMS + "date")
_SUBJECT = iri(DCTERMS + "subject")
_SEE_ALSO = iri(RDFS + "seeAlso")
_SUPER_EVENT = iri(SCHEMA + "superEvent")
_START_DATE = iri(SCHEMA + "startDate")
_VOTE = iri(OPENGOV + "Vote")
_VOTE_EVENT = iri(OPENGOV + "VoteEvent")
_COUNT = iri(OPENGOV + "Count")
_P_VOTE_EVENT = iri(OPENGOV + "voteEvent")
_VOTER = iri(OPENGOV + "voter")
_OPTION = iri(OPENGOV + "option")
_MOTION = iri(OPENGOV + "motion")
_P_COUNT = iri(OPENGOV + "count")
_RECORDED_NAME = iri(UNGA + "recordedName")
# Ballot lines are written as subject + a fixed tail (predicate, object, " .\n").
_TYPE_TAIL = f" {_A} {_VOTE} .\n"
_OPTION_TAIL = {letter: (i, f" {_OPTION} {option} .\n") for letter, (i, option) in
                _OPTION_OF.items()}


def _u(local: str) -> str:
    return iri(UNGA + local)


class Totals(NamedTuple):
    """The official tally of a vote: counts per option and the membership at the time."""

    yes: int
    no: int
    abstain: int
    non_voting: int
    members: int


@dataclass(slots=True)
class Resolution:
    """What the record says about one resolution and the vote that adopted it."""

    symbol: str
    date: str
    """``YYYY-MM-DD`` (checked by :func:`loaders.checks.check_date`)."""
    session: str = ""
    title: str = ""
    totals: Totals | None = None
    """None when the source gives no totals (MARCXML without 996): counted from ballots."""
    draft: str = ""
    meeting: str = ""
    committee_report: str = ""
    agenda_title: str = ""
    subjects: tuple[str, ...] = ()
    vote_note: str = ""
    link: str = ""


@dataclass(slots=True, eq=False)
class Tally:
    """The per-resolution state kept while streaming: where it started and what was seen."""

    symbol: str
    date: str
    totals: Totals | None
    path: str
    line: int
    event: str
    """The vote event IRI, formatted."""
    prefix: str
    """Ballot IRIs without the state code and closing bracket: ``<…/vote/A-RES-1-2/``."""
    event_tail: str
    """`` opengov:voteEvent <event> .\n``, the tail of one ballot line."""
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    rows: int = 0
    seen: int = 0
    """Bit set of the states that voted (bit positions from the writer's state index)."""


def session_of(symbol: str) -> str:
    """The session encoded in a resolution symbol (``A/RES/ES-11/4`` -> ``ES-11``), or ''."""
    m = _SESSION_OF_SYMBOL.match(symbol)
    return m[1] if m else ""


def default_known_states() -> set[str]:
    """Codes of members.csv plus the former members (ISO 3166-3) that history uses."""
    from graph.resources import data_dir
    from loaders.members import known_state_codes

    return known_state_codes(data_dir() / "members.csv")


class UndlWriter:
    """Validates UNDL records and writes them as N-Triples of graph ``…/graph/undl``.

    Call :meth:`open` for each resolution record (again whenever a reader meets the
    resolution again), :meth:`ballot` for each state's vote, and :meth:`finish` once at the
    end: it checks the ballots against the totals and writes the counts.
    """

    def __init__(self, iris: Iris, known_states: Mapping[str, object] | set[str]) -> None:
        self.iris = iris
        self.graph = iris.graph("undl")
        codes = sorted(code for code in known_states if code.isascii() and code.isalnum())
        self._states = {code: (1 << i, f" {_VOTER} {iri(iris.state(code))} .\n")
                        for i, code in enumerate(codes)}
        self._tallies: dict[str, Tally] = {}
        self._names: dict[str, str] = {}
        self._owners: dict[str, tuple[str, str, int]] = {}  # IRI -> (symbol, path, line)
        self._spellings: dict[str, set[str]] = {}  # IRI -> symbols met, of sessions, meetings, drafts

    # ----- records -----
    def open(self, res: Resolution, path: str | Path, line: int) -> tuple[Tally, str]:
        """The tally of ``res`` and the triples to write for it ('' if already written).

        A resolution met again must carry the same date and totals.
        """
        tally = self._tallies.get(res.symbol)
        if tally is not None:
            where = f"{tally.path}:{tally.line}"
            if res.date != tally.date:
                raise InputError(path, line, f"{res.symbol}: date {res.date} differs from "
                                             f"{tally.date} at {where}")
            if res.totals != tally.totals:
                raise InputError(path, line, f"{res.symbol}: totals {_show(res.totals)} differ "
                                             f"from {_show(tally.totals)} at {where}")
            return tally, ""
        r = iri(self.iris.resolution(res.symbol))
        self._claim(r, res.symbol, path, line)
        event = self.iris.vote_event(res.symbol)
        tally = Tally(res.symbol, res.date, res.totals, str(path), line, iri(event), f"<{event}/",
                      f" {_P_VOTE_EVENT} <{event}> .\n")
        self._tallies[res.symbol] = tally
        return tally, "".join(self._resolution(res, r, tally.event, path, line))

    def ballot(self, tally: Tally, code: str, vote: str, name: str, path: str | Path,
               line: int) -> str:
        """The triples of one state's ballot; checks the code, the letter and repeats."""
        state = self._states.get(code)
        if state is None:
            raise InputError(path, line, f"unknown state code {code!r}")
        option = _OPTION_TAIL.get(vote)
        if option is None:
            raise InputError(path, line, f"unknown vote {vote!r} (expected Y, N, A, X or empty)")
        bit, voter = state
        if tally.seen & bit:
            raise InputError(path, line, f"{code} appears twice in the vote on {tally.symbol}")
        tally.seen |= bit
        index, option_tail = option
        tally.counts[index] += 1
        tally.rows += 1
        s = f"{tally.prefix}{code}>"
        if not name:
            return f"{s}{_TYPE_TAIL}{s}{tally.event_tail}{s}{voter}{s}{option_tail}"
        name_tail = self._names.get(name)
        if name_tail is None:
            name_tail = self._names[name] = f" {_RECORDED_NAME} {lit(name)} .\n"
        return f"{s}{_TYPE_TAIL}{s}{tally.event_tail}{s}{voter}{s}{option_tail}{s}{name_tail}"

    def finish(self) -> Iterator[str]:
        """Check every vote's ballots against its totals; write counts and roll-call facts."""
        out: list[str] = []
        for tally in self._tallies.values():
            totals = self._checked_totals(tally)
            ve = tally.event
            out.append(f"{ve} {_u('totalMembers')} {integer(totals.members)} .\n"
                       f"{ve} {_u('knownBallots')} {integer(tally.rows)} .\n"
                       f"{ve} {_u('completeRollCall')} {boolean(tally.rows == totals.members)} .\n")
            for letter, value in zip(LETTERS, totals[:4], strict=True):
                c = f"{tally.prefix}count/{letter}>"
                out.append(f"{ve} {_P_COUNT} {c} .\n{c} {_A} {_COUNT} .\n"
                           f"{c} {_OPTION} {_OPTION_OF[letter][1]} .\n"
                           f"{c} {_VALUE} {integer(value)} .\n")
            if len(out) >= 2000:
                yield "".join(out)
                out.clear()
        yield "".join(out)

    def provenance(self, paths: Sequence[Path]) -> str:
        """The graph's provenance block: one source entity (name, sha256) per file."""
        g = iri(self.graph)
        out = [f"{g} {_A} {iri(PROV + 'Entity')} .\n",
               f"{g} {iri(DCTERMS + 'license')} {lit(LICENSE)} .\n",
               f"{g} {iri(DCTERMS + 'publisher')} {lit(PUBLISHER)} .\n"]
        for source in file_sources(self.iris, "undl", paths):
            s = iri(source.iri)
            out += [f"{g} {iri(PROV + 'wasDerivedFrom')} {s} .\n",
                    f"{s} {_A} {iri(PROV + 'Entity')} .\n",
                    f"{s} {_TITLE} {lit(source.path.name)} .\n",
                    f"{s} {_u('sha256')} {lit(source.sha256)} .\n"]
        return "".join(out)

    # ----- internals -----
    @staticmethod
    def _checked_totals(tally: Tally) -> Totals:
        """The totals of ``tally`` (derived from its ballots if none), checked against them."""
        counts = tally.counts
        if tally.totals is None:
            return Totals(*counts, tally.rows)
        totals = tally.totals

        def fail(problem: str) -> InputError:
            return InputError(tally.path, tally.line, f"{tally.symbol}: {problem}")

        if sum(totals[:4]) != totals.members:
            raise fail(f"totals {_show(totals)} do not add up to the {totals.members} members")
        if tally.rows == totals.members:
            if list(totals[:4]) != counts:
                raise fail(f"complete roll call of {tally.rows} ballots counts "
                           f"{_show_counts(counts)} but the totals say {_show(totals)}")
        else:
            over = [f"{letter} {n} > {t}" for letter, n, t in zip(LETTERS, counts, totals,
                                                                   strict=False) if n > t]
            if over:
                raise fail(f"more ballots than the totals allow ({', '.join(over)}); "
                           f"totals {_show(totals)}")
        return totals

    def _resolution(self, res: Resolution, r: str, ve: str, path: str | Path, line: int) -> list[str]:
        """Triples of the resolution ``r``, its draft, session, meeting and vote event ``ve``."""
        iris = self.iris
        out = [f"{r} {_A} {_u('Resolution')} .\n", f"{r} {_IDENTIFIER} {lit(res.symbol)} .\n",
               f"{r} {_DATE_P} {date(res.date)} .\n"]
        if res.title:
            out.append(f"{r} {_TITLE} {lit(res.title)} .\n")
        session = res.session or session_of(res.symbol)
        s = iri(iris.session(session)) if session else ""
        if s:
            out.append(f"{r} {_u('session')} {s} .\n")
            out += self._entity(s, session, "Session")
        if res.link:
            out.append(f"{r} {_SEE_ALSO} <{res.link}> .\n")
        if res.agenda_title:
            out.append(f"{r} {_u('agendaTitle')} {lit(res.agenda_title)} .\n")
        # a subject listed twice in one record is written once
        out += [f"{r} {_SUBJECT} {lit(subject)} .\n" for subject in dict.fromkeys(res.subjects)]
        if res.committee_report:
            out.append(f"{r} {_u('committeeReport')} {lit(res.committee_report)} .\n")
        out += [f"{ve} {_A} {_VOTE_EVENT} .\n", f"{ve} {_u('resolution')} {r} .\n",
                f"{ve} {_START_DATE} {date(res.date)} .\n"]
        m = iri(iris.meeting(res.meeting)) if res.meeting else ""
        if m:
            out.append(f"{ve} {_SUPER_EVENT} {m} .\n")
            out += self._entity(m, res.meeting, "Meeting", [f"{m} {_SUPER_EVENT} {s} .\n"] if s else [])
        elif s:
            out.append(f"{ve} {_SUPER_EVENT} {s} .\n")
        if res.draft:
            dr = iri(iris.draft(res.draft))
            out += [f"{r} {_u('draft')} {dr} .\n", f"{ve} {_MOTION} {dr} .\n"]
            out += self._entity(dr, res.draft, "DraftResolution")
        if res.vote_note:
            out.append(f"{ve} {_u('voteNote')} {lit(res.vote_note)} .\n")
        return out

    def _entity(self, node: str, symbol: str, kind: str, first: Sequence[str] = ()) -> list[str]:
        """The type and identifier of a session, meeting or draft (and the lines ``first``) the
        first time it is met, and each other spelling of its symbol (same IRI) as one more
        identifier."""
        spellings = self._spellings.setdefault(node, set())
        if symbol in spellings:
            return []
        spellings.add(symbol)
        once = [f"{node} {_A} {_u(kind)} .\n", *first] if len(spellings) == 1 else []
        return [*once, f"{node} {_IDENTIFIER} {lit(symbol)} .\n"]

    def _claim(self, key: str, symbol: str, path: str | Path, line: int) -> None:
        """Record that resolution ``symbol`` has the IRI ``key``; InputError when another
        symbol already has it (see the module docs)."""
        owner = self._owners.setdefault(key, (symbol, str(path), line))
        if owner[0] != symbol:
            where = f"line {owner[2]}" if owner[1] == str(path) else f"{owner[1]}:{owner[2]}"
            raise InputError(path, line, f"{symbol} has the same IRI as {owner[0]} ({where})")


def _show(totals: Totals | None) -> str:
    if totals is None:
        return "(none)"
    return f"Y {totals.yes}, N {totals.no}, A {totals.abstain}, X {totals.non_voting}, " \
           f"members {totals.members}"


def _show_counts(counts: list[int]) -> str:
    return ", ".join(f"{letter} {n}" for letter, n in zip(LETTERS, counts, strict=True))


class UndlLoader:
    """Shared shape of the UNDL loaders: files of one format -> graph ``…/graph/undl``.

    Subclasses say how one file is read (``read_file``: records fed to the writer, chunks
    of N-Triples yielded); the writer checks ballots against the totals at the end.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        iris: Iris = Iris(),  # noqa: B008 - Iris is immutable
        known_states: Mapping[str, str] | None = None,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.iris = iris
        self.known_states = known_states
        self.graph = iris.graph("undl")

    @staticmethod
    def read_file(path: Path, writer: UndlWriter) -> Iterator[str]:
        """Feed one file's records to ``writer``, yielding its N-Triples chunks."""
        raise NotImplementedError

    def ntriples(self) -> Iterator[str]:
        """N-Triples chunks of every resolution, vote and ballot; raises InputError."""
        states = self.known_states if self.known_states is not None else default_known_states()
        writer = UndlWriter(self.iris, states)
        for path in self.paths:
            yield from self.read_file(path, writer)
        yield from writer.finish()
        yield writer.provenance(self.paths)
