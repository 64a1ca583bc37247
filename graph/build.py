"""Which loader reads which source: the shipped data/ folder and `unga-kg load KIND FILE...`.

This is the one place that knows the loaders; the store and the server do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from graph.resources import data_dir, ontology_dir
from graph.store import ChunkReader
from graph.vocab import OPENGOV, RDF, UNGA, Iris
from loaders.articles.linking import GENERAL_ASSEMBLY, SECURITY_COUNCIL, OfficialIndex, OfficialVote
from loaders.base import InputError, Loader
from loaders.members import MembersLoader, known_state_codes
from loaders.people import PeopleLoader
from loaders.rdf import RdfFileLoader
from loaders.wikidata import WikidataLoader

if TYPE_CHECKING:
    from graph.store import GraphStore

KINDS = ("undl", "members", "articles", "wikidata", "rdf")


def undl_loader(paths: list[Path], iris: Iris) -> Loader:
    """The UNDL voting record: bulk CSV files or MARCXML files (one kind per call)."""
    from loaders.marcxml import UndlMarcLoader
    from loaders.undl import UndlCsvLoader

    known = {code: code for code in known_state_codes(data_dir() / "members.csv")}
    suffixes = {p.suffix.lower() for p in paths}
    if suffixes <= {".csv"}:
        return UndlCsvLoader(paths, iris, known_states=known)
    if suffixes <= {".xml", ".marcxml"}:
        return UndlMarcLoader(paths, iris, known_states=known)
    raise InputError(paths[0], None, "undl files must be all .csv (bulk CSV) or all .xml (MARCXML)")


def article_loaders(paths: list[Path], iris: Iris, official: OfficialIndex | None = None) -> list[Loader]:
    """One loader (one named graph) per news article, linking against ``official``."""
    from loaders.articles.loader import ArticleLoader

    return [ArticleLoader(path, iris, official) for path in paths]


def security_council_loader(data: Path, iris: Iris) -> Loader | None:
    """The official Security Council record (data/security_council/*.ttl), if shipped."""
    files = sorted((data / "security_council").glob("*.ttl"))
    return RdfFileLoader(files, iris.graph("security-council")) if files else None


# --- the official index that article claims are linked against ---------------------------------

_INDEX_QUERY = """
PREFIX unga: <https://w3id.org/unga-kg/ontology#>
PREFIX opengov: <http://www.w3.org/ns/opengov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <http://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?symbol ?date ?yes ?no ?abstain ?nv ?council ?vetoer WHERE {
  ?event a opengov:VoteEvent .
  { ?event unga:resolution ?document }
  UNION { ?event opengov:motion ?document . ?document a unga:SecurityCouncilDraft }
  ?document dcterms:identifier ?symbol .
  OPTIONAL { ?document dcterms:date ?resolutionDate }
  OPTIONAL { ?event schema:startDate ?eventDate }
  BIND (COALESCE(?resolutionDate, ?eventDate) AS ?date)
  OPTIONAL { ?event opengov:count [ opengov:option unga:yes ; rdf:value ?yes ] }
  OPTIONAL { ?event opengov:count [ opengov:option unga:no ; rdf:value ?no ] }
  OPTIONAL { ?event opengov:count [ opengov:option unga:abstention ; rdf:value ?abstain ] }
  OPTIONAL { ?event opengov:count [ opengov:option unga:nonVoting ; rdf:value ?nv ] }
  BIND (EXISTS { ?document a unga:SecurityCouncilDraft } AS ?council)
  OPTIONAL { ?event unga:vetoedBy ?vetoer }
}
"""


def official_index(db: ox.Store) -> OfficialIndex:
    """Every recorded vote in ``db`` (General Assembly and Security Council) as an index."""
    from graph.sparql import run_query, select_rows

    found: dict[str, OfficialVote] = {}
    for row in select_rows(run_query(db, _INDEX_QUERY)):
        symbol, vetoer = row["symbol"] or "", row["vetoer"]
        vetoed = frozenset({vetoer.rsplit("/", 1)[-1]}) if vetoer else frozenset()
        if symbol in found:
            vetoed |= found[symbol].vetoed_by
        counts = (_int(row[name]) for name in ("yes", "no", "abstain", "nv"))
        body = SECURITY_COUNCIL if row["council"] == "true" else GENERAL_ASSEMBLY
        found[symbol] = OfficialVote(symbol, _date(row["date"]), *counts, body, vetoed)
    return OfficialIndex.of(found.values())


def official_index_of_loaders(loaders: Iterable[Loader]) -> OfficialIndex:
    """The index of the official sources about to be built.

    The loaders' triples are parsed as they stream and go into a throw-away in-memory store
    without the ballots, which the index does not read: at the size of the full UNDL history
    (914,624 ballots) this holds ~170,000 triples (146 MiB) instead of 4.7 M (2.4 GB).
    """
    db = ox.Store()
    for loader in loaders:
        graph = ox.NamedNode(loader.graph)
        triples = ox.parse(ChunkReader(loader.ntriples()), format=ox.RdfFormat.N_TRIPLES)
        db.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in _without_ballots(triples))
    return official_index(db)


_BALLOT_ONLY = {ox.NamedNode(OPENGOV + "voteEvent"), ox.NamedNode(OPENGOV + "voter"),
                ox.NamedNode(UNGA + "recordedName")}
_TYPE, _VOTE, _OPTION = (ox.NamedNode(RDF + "type"), ox.NamedNode(OPENGOV + "Vote"),
                         ox.NamedNode(OPENGOV + "option"))


def _without_ballots(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """The triples that are not about one state's ballot (``opengov:Vote``).

    A ballot's ``opengov:option`` is dropped when it follows the ballot's other triples, as
    the UNDL writer emits them; in any other order it is kept, which costs memory, never
    correctness (the index reads the options of counts only).
    """
    ballot = None
    for t in triples:
        p = t.predicate
        if p in _BALLOT_ONLY or (p == _TYPE and t.object == _VOTE):
            ballot = t.subject
        elif not (p == _OPTION and t.subject == ballot):
            yield t


def _int(text: str | None) -> int | None:
    return int(float(text)) if text else None


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _official_loaders(iris: Iris, data: Path) -> list[Loader]:
    """The loaders of the official record: the UNDL votes and the Security Council record."""
    council = security_council_loader(data, iris)
    return [undl_loader(sorted((data / "undl").glob("*.csv")), iris), *([council] if council else [])]


def _store_index(store: GraphStore | None, iris: Iris) -> OfficialIndex:
    """The official record already in ``store`` (the shipped files when there is no store)."""
    if store is not None and not store.is_empty():
        return official_index(store.open())
    return official_index_of_loaders(_official_loaders(iris, data_dir()))


ONE_FILE_KINDS = ("members", "wikidata")
"""Kinds whose loader reads exactly one file (the others merge several into their graph(s))."""


def reserved_graphs(iris: Iris) -> set[str]:
    """Graphs no ``--graph`` may name: ``…/graph/void`` is rewritten by every build and load
    (graph/describe.py), so data loaded into it would be replaced by the description."""
    return {iris.graph("void")}


def check_load(kind: str, paths: list[Path], graph: str | None, iris: Iris) -> None:
    """ValueError when ``unga-kg load KIND FILE... [--graph IRI]`` cannot do what it says."""
    if kind in ONE_FILE_KINDS and len(paths) > 1:
        raise ValueError(f"load {kind} takes one file, not {len(paths)}")
    if graph is None:
        return
    if graph in reserved_graphs(iris):
        raise ValueError(f"--graph: <{graph}> is reserved: every build and load rewrites it "
                         "with the description of the dataset")
    if kind == "articles" and len(paths) > 1:
        raise ValueError("--graph takes one article: each article has a named graph of its own, "
                         "and all of them in one graph would replace each other")


def rdf_graph(iris: Iris, path: Path) -> str:
    """The default graph of ``load rdf``: ``…/graph/rdf/`` + the file's stem, percent-encoded
    where it is not an IRI character (a space, ``<``, non-ASCII), so any file name loads."""
    return iris.graph("rdf/" + quote(path.stem, safe="!$&'()*+,;=:@-._~"))


def loaders_for(
    kind: str, paths: list[Path], iris: Iris, graph: str | None = None, store: GraphStore | None = None
) -> list[Loader]:
    """Loaders for ``unga-kg load KIND FILE... [--graph IRI]`` (checked by ``check_load``).

    Articles are linked against the official record in ``store`` (else the shipped files).
    """
    for path in paths:
        if path.is_dir():
            raise InputError(path, None, "is a folder, not a file")
        if not path.is_file():
            raise InputError(path, None, "no such file")
    factories: dict[str, Callable[[], list[Loader]]] = {
        "undl": lambda: [undl_loader(paths, iris)],
        "members": lambda: [MembersLoader(paths[0], iris)],
        "articles": lambda: article_loaders(paths, iris, _store_index(store, iris)),
        "wikidata": lambda: [WikidataLoader(paths[0], iris)],
        "rdf": lambda: [RdfFileLoader(paths, graph or rdf_graph(iris, paths[0]))],
    }
    if kind not in factories:
        raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    loaders = factories[kind]()
    if graph and kind != "rdf":
        for loader in loaders:
            loader.graph = graph
    return loaders


def shipped_loaders(iris: Iris, data: Path | None = None) -> list[Loader]:
    """Every source shipped in data/ (and the ontology), one loader per named graph.

    Articles are linked against the official record built in the same run (UNDL votes and the
    Security Council record), indexed before the articles are read.
    """
    data = data or data_dir()
    official = _official_loaders(iris, data)
    loaders: list[Loader] = [
        RdfFileLoader([ontology_dir() / "unga.ttl"], iris.graph("ontology")),
        MembersLoader(data / "members.csv", iris),
        PeopleLoader(data / "people.csv", iris),
        *official,
        WikidataLoader(data / "wikidata" / "alignment.csv", iris),
    ]
    articles = sorted((data / "articles").glob("*.txt"))
    if articles:
        loaders += article_loaders(articles, iris, official_index_of_loaders(official))
    return loaders
