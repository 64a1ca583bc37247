"""Any RDF file (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) -> one named graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from loaders.base import InputError


class RdfFileLoader:
    """Parses RDF files with pyoxigraph; every triple (or quad) goes into ``graph``.

    The graph is the RDF merge of the files: each file's blank nodes get fresh identifiers
    (two files' ``_:b0``, or a file's and another graph's, are different nodes), and a triple
    stated twice is written once, so that the triple counts reported for the graph are exact.
    """

    def __init__(self, paths: list[Path], graph: str) -> None:
        self.paths = [Path(p) for p in paths]
        self.graph = graph

    def ntriples(self) -> Iterator[str]:
        """N-Triples of all the files; a syntax error becomes InputError(file, line)."""
        seen: set[str] = set()
        for path in self.paths:
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
            if fmt is None:
                raise InputError(path, None, f"unknown RDF file extension {path.suffix!r}")
            lines: list[str] = []
            parsed = 0
            try:
                for q in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri(),
                                  rename_blank_nodes=True):
                    parsed += 1
                    line = str(ox.Triple(q.subject, q.predicate, q.object)) + " .\n"
                    if line not in seen:
                        seen.add(line)
                        lines.append(line)
            except SyntaxError as exc:
                raise InputError(path, exc.lineno or None, str(exc)) from None
            if not parsed:  # as for the other sources: never empty a graph by mistake
                raise InputError(path, None, "no triples in the file (loading it would empty the graph)")
            yield "".join(lines)
