"""Dumps of the store in standard RDF formats, sorted so that two builds give identical bytes.

Turtle, TriG, N-Triples and N-Quads are written by pyoxigraph from sorted statements (Turtle
and TriG with the project's prefixes). JSON-LD is compacted with ontology/context.jsonld, which
pyoxigraph cannot do, by rdflib; its nodes and value arrays are then sorted too. Every dump of
a built store carries the dataset's VoID/DCAT description: it is the graph ``…/graph/void`` of
the store (see graph/describe.py).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any, BinaryIO

import pyoxigraph as ox

from graph.resources import ontology_dir
from graph.vocab import PREFIXES

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_QUAD_FORMATS = {"trig", "nq"}


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term)


def export(
    db: ox.Store,
    output: BinaryIO,
    fmt: str = "ttl",
    graph: str | None = None,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Write the store (or one named graph) to ``output``; returns the statements written.

    Formats without graph names (ttl, nt, jsonld) get the set union of the graphs' triples.
    Statements are sorted, so two builds from the same data give byte-identical files.
    """
    rdf_format = EXPORT_FORMATS.get(fmt)
    if rdf_format is None:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    graphs = [ox.NamedNode(graph)] if graph else sorted(db.named_graphs(), key=_key)
    if fmt in _QUAD_FORMATS:
        statements: list = []
        for name in graphs:
            quads = list(db.quads_for_pattern(None, None, None, name))
            quads.sort(key=lambda q: (_key(q.subject), _key(q.predicate), _key(q.object)))
            statements += quads
            if advance:
                advance(len(quads))
    else:
        lines = _union_lines(db, graphs)
        statements = [q.triple for q in ox.parse(input=lines, format=ox.RdfFormat.N_TRIPLES)]
        if advance:
            advance(len(statements))
    if fmt == "jsonld":
        write_jsonld(statements, output)
        return len(statements)
    kwargs = {"prefixes": PREFIXES} if fmt in ("ttl", "trig") else {}
    ox.serialize(statements, output, rdf_format, **kwargs)
    return len(statements)


def _union_lines(db: ox.Store, graphs: list[ox.NamedNode]) -> bytes:
    """The distinct N-Triples lines of ``graphs``, sorted as bytes.

    pyoxigraph dumps each graph in Rust; de-duplicating and sorting whole lines is about twice
    as fast as sorting Triple objects by their terms, and just as deterministic.
    """
    lines: set[bytes] = set()
    for name in graphs:
        buffer = io.BytesIO()
        db.dump(buffer, ox.RdfFormat.N_TRIPLES, from_graph=name)
        lines.update(buffer.getvalue().splitlines(keepends=True))
    return b"".join(sorted(lines))


def write_jsonld(triples: list[ox.Triple], output: BinaryIO) -> None:
    """``triples`` as JSON-LD compacted with ontology/context.jsonld (via rdflib), sorted."""
    import rdflib

    ntriples = io.BytesIO()
    ox.serialize(triples, ntriples, ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=ntriples.getvalue(), format="nt")
    context = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    output.write(json.dumps(_sorted(document), indent=1, ensure_ascii=False, sort_keys=True).encode())
    output.write(b"\n")


def _sorted(value: Any, key: str = "") -> Any:
    """JSON-LD with every array sorted (node and value arrays are sets), except ``@list``s."""
    if isinstance(value, dict):
        return {k: (v if k == "@context" else _sorted(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
