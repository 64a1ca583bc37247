"""The dataset's own description (VoID + DCAT): graph ``…/graph/void``, built with the data.

Every build (and every ``unga-kg load``) writes, next to the sources' graphs, a graph that
describes them: the dataset and one ``void:subset`` per named graph with its triple count,
licence, rights statement and source, and the date of the data. Because it is a graph of the
store, every dump (``unga-kg export``, ``/dump``) carries it, and two builds from the same data
give the same description:

* the date is not the wall-clock time of the build but the newest ``xsd:date`` the data
  records (``dcterms:modified``; e.g. the last vote, or an article's publication date);
* the counts are the triples each loader wrote (the store's manifest counts the same lines).

The description is computed while the other graphs stream into the store:
:func:`with_description` wraps each loader so that its N-Triples are counted (and scanned for
dates) on the way through, and appends a loader for the description itself, which the store
reads last (``GraphStore.replace`` loads the graphs one after another, in order).

The licence table is shared with the endpoint's ``/.well-known/void`` (graph/http/void.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from graph.vocab import DCTERMS, RDF, VOID, XSD, Iris
from loaders.base import Loader, date, integer, iri, lit, triple

DCAT = "http://www.w3.org/ns/dcat#"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
UNDL_TERMS = "https://www.un.org/en/about-us/terms-of-use"
UNDL = "https://digitallibrary.un.org/"
UN_PRESS = "https://press.un.org/"
WIKIDATA = "https://www.wikidata.org/"
TITLE = "UNGA knowledge graph"
DESCRIPTION = ("UN General Assembly resolutions, recorded votes (one ballot per state), member "
               "states, speeches and sponsorships as linked data, with provenance per source.")

# (licence IRI, rights statement, source IRI or None) by the first segment after <base>graph/.
LICENCES: dict[str, tuple[str, str, str | None]] = {
    "undl": (UNDL_TERMS, "UN Digital Library data: non-commercial use with attribution to the "
                         "United Nations (UN terms of use).", UNDL),
    "article": (CC_BY, "Claims extracted by this project are CC BY 4.0; the article texts and "
                       "quoted sentences belong to their publishers (quoted for reference).", None),
    "security-council": (UNDL_TERMS, "Facts from United Nations press releases (Meetings Coverage, "
                                     "e.g. SC/15046), with attribution to the United Nations "
                                     "(UN terms of use).", UN_PRESS),
    "wikidata": (CC_BY, "Alignments to Wikidata (whose data is CC0) made by this project, CC BY 4.0.",
                 WIKIDATA),
}
DEFAULT_LICENCE = (CC_BY, "Project data, CC BY 4.0: cite the UNGA knowledge graph.", None)

_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})"\^\^<' + re.escape(XSD) + r'date>')


def licence_of(graph: str, base: str) -> tuple[str, str, str | None]:
    """(licence IRI, rights statement, source IRI or None) of a named graph, by its kind."""
    kind = graph.removeprefix(f"{base}graph/").split("/")[0]
    return LICENCES.get(kind, DEFAULT_LICENCE)


class _Counted:
    """A loader whose N-Triples are counted (and scanned for dates) as they stream through."""

    def __init__(self, loader: Loader, tally: DescriptionLoader) -> None:
        self.loader = loader
        self.graph = loader.graph
        self._tally = tally

    def ntriples(self) -> Iterator[str]:
        """The wrapped loader's chunks, unchanged."""
        lines = 0
        for chunk in self.loader.ntriples():
            lines += chunk.count("\n")
            if "#date>" in chunk:
                self._tally.saw_dates(_DATE.findall(chunk))
            yield chunk
        self._tally.counts[self.graph] = lines


class DescriptionLoader:
    """The VoID/DCAT graph of a build: yields its triples once the other graphs are written."""

    def __init__(self, iris: Iris, kept: dict[str, int] | None = None, newest: str | None = None) -> None:
        self.iris = iris
        self.graph = iris.graph("void")
        self.counts: dict[str, int] = {g: n for g, n in (kept or {}).items() if g != self.graph}
        self.newest = newest
        self.expected: set[str] = set()

    def saw_dates(self, dates: Iterable[str]) -> None:
        """Keep the newest of ``dates`` (ISO strings compare in date order)."""
        self.newest = max([*dates, *([self.newest] if self.newest else [])], default=None)

    def wrap(self, loader: Loader) -> Loader:
        """``loader`` with its output counted into this description."""
        self.expected.add(loader.graph)
        return _Counted(loader, self)

    def ntriples(self) -> Iterator[str]:
        """The description; RuntimeError if a wrapped graph has not been written yet."""
        missing = self.expected - set(self.counts)
        if missing:
            raise RuntimeError(f"describe the dataset after its graphs; not yet written: {sorted(missing)}")
        yield "".join(description_lines(self.iris, self.counts, self.newest))


def description_lines(iris: Iris, counts: dict[str, int], newest: str | None) -> list[str]:
    """N-Triples of the dataset description for graphs with ``counts`` and data up to ``newest``."""
    dataset, a = iri(iris.base + "dataset"), iri(RDF + "type")
    out = [
        triple(dataset, a, iri(VOID + "Dataset")),
        triple(dataset, a, iri(DCAT + "Dataset")),
        triple(dataset, iri(DCTERMS + "title"), lit(TITLE, "en")),
        triple(dataset, iri(DCTERMS + "description"), lit(DESCRIPTION, "en")),
        triple(dataset, iri(DCTERMS + "license"), iri(CC_BY)),
        triple(dataset, iri(VOID + "uriSpace"), lit(iris.id)),
        triple(dataset, iri(VOID + "triples"), integer(sum(counts.values()))),
    ]
    if newest:
        out.append(triple(dataset, iri(DCTERMS + "modified"), date(newest)))
    for graph in sorted(counts):
        licence, rights, source = licence_of(graph, iris.base)
        g = iri(graph)
        out += [
            triple(dataset, iri(VOID + "subset"), g),
            triple(g, a, iri(VOID + "Dataset")),
            triple(g, iri(VOID + "triples"), integer(counts[graph])),
            triple(g, iri(DCTERMS + "license"), iri(licence)),
            triple(g, iri(DCTERMS + "rights"), lit(rights, "en")),
        ]
        if source:
            out.append(triple(g, iri(DCTERMS + "source"), iri(source)))
    return out


def with_description(
    loaders: list[Loader], iris: Iris, kept: dict[str, int] | None = None, newest: str | None = None
) -> list[Loader]:
    """``loaders`` wrapped for counting, followed by the description loader (load them in order).

    ``kept`` are the triple counts of graphs the load keeps from the live store, ``newest`` the
    newest date they record (see :func:`newest_date`).
    """
    describer = DescriptionLoader(iris, kept, newest)
    return [*(describer.wrap(loader) for loader in loaders if loader.graph != describer.graph),
            describer]


def newest_date(db: object, graphs: Iterable[str]) -> str | None:
    """The newest ``xsd:date`` in ``graphs`` of a pyoxigraph store (for a partial reload)."""
    import pyoxigraph as ox

    assert isinstance(db, ox.Store)
    names = " ".join(f"<{g}>" for g in graphs)
    if not names:
        return None
    query = (f"SELECT (MAX(STR(?d)) AS ?n) WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?d }} "
             f"FILTER (isLiteral(?d) && DATATYPE(?d) = <{XSD}date>) }}")
    row = next(iter(db.query(query)))
    return row["n"].value if row["n"] is not None else None
