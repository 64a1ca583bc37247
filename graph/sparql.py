"""Running a SPARQL query against the store and writing its results in a standard format."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from graph.sparql_lexer import declares_dataset
from graph.vocab import PREFIXES

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def run_query(
    db: ox.Store,
    text: str,
    substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
) -> QueryResult:
    """Evaluate ``text``; its default graph is the union of all named graphs (see dataset_options)."""
    return db.query(text, substitutions=substitutions or None, **dataset_options(text))


def dataset_options(text: str) -> dict[str, bool]:
    """The ``Store.query`` options for the dataset of ``text``, when the caller names no graphs.

    Without ``FROM``/``FROM NAMED`` the default graph is the union of all named graphs. A query
    that declares its own dataset gets exactly that (SPARQL 1.1 Query §13.2): ``FROM <g>`` is
    the default graph, and with ``FROM NAMED`` alone the default graph is empty. pyoxigraph
    ignores the query's ``FROM`` when asked for the union, hence the check.
    """
    return {} if declares_dataset(text) else {"use_default_graph_as_union": True}


def write_result(result: QueryResult, fmt: str, output: BinaryIO) -> None:
    """Serialize a result: SELECT/ASK as json|xml|csv|tsv, CONSTRUCT/DESCRIBE as ttl|nt|jsonld."""
    if isinstance(result, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get(fmt)
        if rdf_format is None:
            raise ValueError(f"a graph result cannot be written as {fmt!r}; use ttl, nt or jsonld")
        kwargs = {"prefixes": PREFIXES} if rdf_format is ox.RdfFormat.TURTLE else {}
        ox.serialize(result, output, rdf_format, **kwargs)
        return
    results_format = RESULT_FORMATS.get(fmt)
    if results_format is None:
        raise ValueError(f"a SELECT/ASK result cannot be written as {fmt!r}; use json, xml, csv, tsv")
    result.serialize(output, results_format)


def select_rows(result: QueryResult) -> list[dict[str, str | None]]:
    """SELECT solutions as plain dicts of lexical values (None where unbound)."""
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError("not a SELECT result")
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]
