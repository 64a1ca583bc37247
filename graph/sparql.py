"""Running a SPARQL query against the store and writing its results in a standard format.

Two engine errors that are the query's fault, not the server's, get classes of their own
(pyoxigraph 0.5.13 raises RuntimeError and OSError for them): UnsupportedFunction for a call
of a function the engine does not implement, Unwritable for a result the asked format cannot
express (triple terms in JSON-LD).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
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

_UNSUPPORTED_FUNCTION = re.compile(r"The custom function <[^<>]*> is not supported")
"""pyoxigraph's RuntimeError message for a function call it cannot evaluate."""
_NO_TRIPLE_TERMS = re.compile(r"[\w/ -]+ does not support RDF 1\.2 yet")
"""pyoxigraph's OSError message for a triple term in a format without them (JSON-LD)."""


class UnsupportedFunction(ValueError):
    """The query or update calls a function the engine does not implement."""


class Unwritable(ValueError):
    """The result cannot be written in the asked format (it holds RDF 1.2 triple terms)."""


@contextmanager
def engine_errors() -> Iterator[None]:
    """Re-raise pyoxigraph's "custom function ... is not supported" RuntimeError as UnsupportedFunction.

    Every other RuntimeError passes unchanged.
    """
    try:
        yield
    except RuntimeError as exc:
        if _UNSUPPORTED_FUNCTION.fullmatch(str(exc)):
            raise UnsupportedFunction(str(exc)) from None
        raise


def run_query(
    db: ox.Store,
    text: str,
    substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
) -> QueryResult:
    """Evaluate ``text``; its default graph is the union of all named graphs (see dataset_options).

    UnsupportedFunction when it calls a function the engine does not implement.
    """
    with engine_errors():
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
    """Serialize a result: SELECT/ASK as json|xml|csv|tsv, CONSTRUCT/DESCRIBE as ttl|nt|jsonld|rdfxml.

    Unwritable when the graph holds triple terms and ``fmt`` cannot express them (jsonld);
    part of the output may have been written then.
    """
    if isinstance(result, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get(fmt)
        if rdf_format is None:
            raise ValueError(f"a graph result cannot be written as {fmt!r}; use ttl, nt, jsonld or rdfxml")
        kwargs = {"prefixes": PREFIXES} if rdf_format is ox.RdfFormat.TURTLE else {}
        try:
            ox.serialize(result, output, rdf_format, **kwargs)
        except OSError as exc:
            if not _NO_TRIPLE_TERMS.fullmatch(str(exc)):
                raise
            raise Unwritable(f"this graph holds triple terms (RDF 1.2), which {rdf_format.name} cannot "
                             "express; ask for Turtle (text/turtle) or N-Triples (application/n-triples)"
                             ) from None
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
