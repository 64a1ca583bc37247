"""Any RDF file (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) -> one named graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from loaders.base import InputError


class RdfFileLoader:
    """Parses RDF files with pyoxigraph; every triple (or quad) goes into ``graph``."""

    def __init__(self, paths: list[Path], graph: str) -> None:
        self.paths = [Path(p) for p in paths]
        self.graph = graph

    def ntriples(self) -> Iterator[str]:
        """N-Triples of all the files; a syntax error becomes InputError(file, line)."""
        for path in self.paths:
            fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
            if fmt is None:
                raise InputError(path, None, f"unknown RDF file extension {path.suffix!r}")
            try:
                triples = [
                    str(ox.Triple(q.subject, q.predicate, q.object)) + " .\n"
                    for q in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
                ]
            except SyntaxError as exc:
                raise InputError(path, exc.lineno or None, str(exc)) from None
            yield "".join(triples)
