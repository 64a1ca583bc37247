"""Dumps of the store in standard RDF formats; Turtle and TriG are sorted (byte-stable)."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

import pyoxigraph as ox

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
        seen: set[ox.Triple] = set()
        for name in graphs:
            for q in db.quads_for_pattern(None, None, None, name):
                seen.add(ox.Triple(q.subject, q.predicate, q.object))
        statements = sorted(seen, key=lambda t: (_key(t.subject), _key(t.predicate), _key(t.object)))
        if advance:
            advance(len(statements))
    kwargs = {"prefixes": PREFIXES} if fmt in ("ttl", "trig") else {}
    ox.serialize(statements, output, rdf_format, **kwargs)
    return len(statements)
