"""Alignments with Wikidata (data/wikidata/alignment.csv) -> graph ``…/graph/wikidata``.

The alignment file is the one home of every ``owl:sameAs`` link from our resources to
Wikidata items. Its columns::

    iri,wikidata,kind,source
    https://w3id.org/unga-kg/id/state/UKR,Q212,state,members.csv (owid-grapher; SOURCES.md)

``iri`` is written under the default base (https://w3id.org/unga-kg/) and rebased when the
store is built with another base; ``kind`` is ``state`` or ``resolution`` and must match the
IRI's path (a state IRI must name a state of members.csv or a former member); ``source``
names where the Wikidata id comes from. Ids are never guessed: the
file is derived from the Wikidata column of the members table (see
:func:`alignment_from_members`), and a test keeps the two in step. The shared data gives no
Wikidata id for any resolution, so the shipped file aligns states only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.vocab import DEFAULT_BASE, OWL, WD, Iris
from loaders.base import InputError, iri, triple
from loaders.csv_rows import read_rows
from loaders.members import QID, provenance, read_members
from loaders.undl_writer import default_known_states

COLUMNS = ("iri", "wikidata", "kind", "source")
KINDS = {"state": "state/", "resolution": "resolution/"}
_IRI = re.compile(r'^[^\x00-\x20<>"{}|\\^`]+$')  # characters an N-Triples IRI may hold
_SLUG = re.compile(r"^[A-Za-z0-9.\-]+$")  # what graph.vocab.slug_symbol writes
MEMBERS_SOURCE = "members.csv wikidata column (owid/owid-grapher CountriesRegions.ts; see SOURCES.md)"


@dataclass(frozen=True)
class Alignment:
    """One row of the alignment file."""

    iri: str
    wikidata: str
    kind: str
    source: str


def read_alignment(path: Path, iris: Iris | None = None,
                   known_states: Collection[str] | None = None) -> list[Alignment]:
    """Checked rows of the alignment file, IRIs rebased onto ``iris``; InputError(file, line).

    A state IRI must name a state of ``known_states`` (default: the codes of data/members.csv
    and the former members, as for ballots); a resolution IRI, a non-empty IRI segment.
    """
    iris = iris or Iris()
    states = known_states if known_states is not None else default_known_states()
    default = Iris(DEFAULT_BASE)
    rows: list[Alignment] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, COLUMNS):
        kind, qid, resource = row["kind"], row["wikidata"], row["iri"]
        if kind not in KINDS:
            raise InputError(path, line, f"unknown kind {kind!r}; expected {' or '.join(KINDS)}")
        if not QID.match(qid):
            raise InputError(path, line, f"bad Wikidata id {qid!r} (expected Q followed by digits)")
        if not resource.startswith(default.id + KINDS[kind]) or not _IRI.match(resource):
            raise InputError(path, line, f"{resource!r} is not a {kind} IRI under {default.id}")
        local = resource[len(default.id + KINDS[kind]):]
        if kind == "state" and local not in states:
            raise InputError(path, line, f"unknown state {local!r} in {resource} (not in members.csv "
                                         "nor a former member)")
        if kind == "resolution" and not _SLUG.match(local):
            raise InputError(path, line, f"{resource!r} is not a resolution IRI: bad symbol {local!r}")
        if not row["source"]:
            raise InputError(path, line, "empty source: every Wikidata id needs its source")
        if resource in seen:
            raise InputError(path, line, f"{resource} is aligned twice (also line {seen[resource]})")
        seen[resource] = line
        rows.append(Alignment(iris.id + resource[len(default.id):], qid, kind, row["source"]))
    return rows


def alignment_from_members(members_csv: Path) -> list[Alignment]:
    """The state alignments the members table gives (its ``wikidata`` column), sorted by IRI."""
    default = Iris(DEFAULT_BASE)
    rows = [
        Alignment(default.state(r["iso3"]), r["wikidata"], "state", MEMBERS_SOURCE)
        for r in read_members(members_csv)
        if r["wikidata"]
    ]
    return sorted(rows, key=lambda a: a.iri)


def write_alignment(rows: list[Alignment], path: Path) -> None:
    """Write ``rows`` as an alignment file (used to derive it from the members table)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows((a.iri, a.wikidata, a.kind, a.source) for a in rows)


class WikidataLoader:
    """alignment.csv -> ``<resource> owl:sameAs wd:Q…`` for each row, plus the graph's provenance."""

    def __init__(self, path: Path, iris: Iris | None = None,
                 known_states: Collection[str] | None = None) -> None:
        self.path = Path(path)
        self.iris = iris or Iris()
        self.known_states = known_states
        self.graph = self.iris.graph("wikidata")

    def ntriples(self) -> Iterator[str]:
        """N-Triples of every alignment in the file."""
        rows = read_alignment(self.path, self.iris, self.known_states)
        same_as = iri(OWL + "sameAs")
        out = [triple(iri(a.iri), same_as, iri(WD + a.wikidata)) for a in rows]
        out += provenance(self.graph, self.iris.source("wikidata", self.path.name), self.path,
                          "Wikidata ids from the members table (see SOURCES.md); alignments CC BY 4.0")
        yield "".join(out)


if __name__ == "__main__":  # regenerate data/wikidata/alignment.csv from data/members.csv
    from graph.resources import data_dir

    write_alignment(alignment_from_members(data_dir() / "members.csv"),
                    data_dir() / "wikidata" / "alignment.csv")
