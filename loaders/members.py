"""Member and observer states (data/members.csv) -> graph ``…/graph/members``.

Also mints the former member states that the UN Digital Library's voting history uses
(ISO 3166-3 codes such as YUG, CSK, DDR; loaders/former_states.py), so that historic ballots
resolve, each linked to its successors.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from graph.vocab import DCTERMS, PROV, RDF, RDFS, SKOS, UNGA, Iris
from loaders.base import InputError, date, iri, lit, triple
from loaders.checks import check_date
from loaders.csv_rows import read_rows
from loaders.former_states import former_state_codes, former_states

COLUMNS = ("iso3", "iso2", "m49", "undl_name", "short_name", "wikidata", "admitted")
OBSERVERS = {"VAT", "PSE"}
QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def read_members(path: Path) -> list[dict[str, str]]:
    """Rows of members.csv, checked: the columns, a unique 3-letter code, a Q-id, an ISO date."""
    rows = []
    seen: dict[str, int] = {}
    for line, row in read_rows(path, COLUMNS):
        code = row["iso3"]
        if not _ISO3.match(code):
            raise InputError(path, line, f"bad ISO 3166-1 alpha-3 code {code!r}")
        if code in seen:
            raise InputError(path, line, f"{code} appears twice (also line {seen[code]})")
        seen[code] = line
        if row["wikidata"] and not QID.match(row["wikidata"]):
            raise InputError(path, line, f"bad Wikidata id {row['wikidata']!r} (expected Q and digits)")
        if row["admitted"]:
            check_date(row["admitted"], path, line)
        rows.append(row)
    return rows


def known_state_codes(path: Path) -> set[str]:
    """ISO3 codes a ballot may carry: members, observers and the former members."""
    return {r["iso3"] for r in read_members(path)} | former_state_codes()


class MembersLoader:
    """members.csv -> states with codes, names and admission date.

    The ``wikidata`` column is checked here but written by loaders/wikidata.py (graph
    ``…/graph/wikidata``, from data/wikidata/alignment.csv, derived from this column), so that
    each ``owl:sameAs`` link is stated once in the union of the graphs.
    """

    def __init__(self, path: Path, iris: Iris | None = None) -> None:
        self.path = Path(path)
        self.iris = iris or Iris()
        self.graph = self.iris.graph("members")

    def ntriples(self) -> Iterator[str]:
        """N-Triples of every state in the file plus the former states."""
        rows = read_members(self.path)
        out: list[str] = []
        for row in rows:
            s = iri(self.iris.state(row["iso3"]))
            kind = "ObserverState" if row["iso3"] in OBSERVERS else "MemberState"
            out += [
                triple(s, iri(RDF + "type"), iri(UNGA + kind)),
                triple(s, iri(UNGA + "iso3"), lit(row["iso3"])),
                triple(s, iri(UNGA + "iso2"), lit(row["iso2"])),
                triple(s, iri(UNGA + "m49"), lit(row["m49"])),
                triple(s, iri(UNGA + "undlName"), lit(row["undl_name"])),
                triple(s, iri(RDFS + "label"), lit(row["short_name"], "en")),
                triple(s, iri(SKOS + "prefLabel"), lit(row["short_name"], "en")),
            ]
            if row["admitted"]:
                out.append(triple(s, iri(UNGA + "admissionDate"), date(row["admitted"])))
        for former in former_states():
            s = iri(self.iris.state(former.iso3))
            out += [
                triple(s, iri(RDF + "type"), iri(UNGA + "State")),
                triple(s, iri(UNGA + "iso3"), lit(former.iso3)),
                triple(s, iri(RDFS + "label"), lit(former.name, "en")),
                triple(s, iri(SKOS + "prefLabel"), lit(former.name, "en")),
            ]
            out += [triple(s, iri(DCTERMS + "isReplacedBy"), iri(self.iris.state(code)))
                    for code in former.successors]
        out += provenance(self.graph, self.iris.source("members", self.path.name), self.path,
                          "UN member states: ISO 3166 (pycountry), UN Digital Library names, "
                          "Wikidata ids (see SOURCES.md)")
        yield "".join(out)


def provenance(graph: str, source: str, path: Path, publisher: str) -> list[str]:
    """Triples saying that ``graph`` was derived from the file at ``path`` (name + sha256)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    g, s = iri(graph), iri(source)
    return [
        triple(g, iri(RDF + "type"), iri(PROV + "Entity")),
        triple(g, iri(PROV + "wasDerivedFrom"), s),
        triple(g, iri(DCTERMS + "publisher"), lit(publisher)),
        triple(s, iri(RDF + "type"), iri(PROV + "Entity")),
        triple(s, iri(DCTERMS + "title"), lit(path.name)),
        triple(s, iri(UNGA + "sha256"), lit(digest)),
    ]
