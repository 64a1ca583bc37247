"""Running a SPARQL query against the store and writing its results in a standard format."""

from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

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
    """Evaluate ``text`` with the union of all named graphs as the default graph."""
    return db.query(text, use_default_graph_as_union=True, substitutions=substitutions or None)


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
