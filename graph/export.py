"""Dumps of the store in standard RDF formats, in an order that depends only on the data.

pyoxigraph writes every statement itself, straight from the store's indexes, so a dump costs
little more than ``Store.dump``. Its order is the store's key order: within a graph, statements
are grouped by subject and ordered by the encoded terms, which depend only on the terms
themselves (a hash of an IRI, the bytes of a short literal). Two builds of the same data
therefore give byte-identical files, and a changed statement moves no other one: dumps of two
releases diff line by line. The order is not alphabetical and is tied to pyoxigraph's term
encoding (pinned to 0.5.x in pyproject).

Formats without graph names (ttl, nt, jsonld) get the set union of the graphs: each triple is
written once, with the largest graph holding it (graphs ordered by size, then name). Turtle and
TriG carry the project's prefixes. JSON-LD is compacted with ontology/context.jsonld, which
pyoxigraph cannot do, by rdflib; its nodes and value arrays are sorted. Every dump of a built
store carries the dataset's VoID/DCAT description: the graph ``…/graph/void`` of the store
(see graph/describe.py).
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable, Mapping
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
_PREFIXED = {"ttl", "trig"}


def export(
    db: ox.Store,
    output: BinaryIO,
    fmt: str = "ttl",
    graph: str | None = None,
    advance: Callable[[int], None] | None = None,
    sizes: Mapping[str, int] | None = None,
) -> int:
    """Write the store (or one named graph) to ``output``; returns the statements written.

    Formats without graph names (ttl, nt, jsonld) get the set union of the graphs' triples.
    The order depends only on the data, so two builds from the same data give identical bytes.
    ``sizes`` are the triples per named graph when known (a generation's manifest, see
    ``GraphStore.snapshot``); otherwise they are counted, one scan of the store. ``advance``
    is called with the statements written as they go (estimated from the lines while
    pyoxigraph writes, exact at the end of each graph).
    """
    rdf_format = EXPORT_FORMATS.get(fmt)
    if rdf_format is None:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    kwargs = {"prefixes": PREFIXES} if fmt in _PREFIXED else {}
    names = [ox.NamedNode(graph)] if graph else list(db.named_graphs())
    if fmt == "jsonld":
        triples = {q.triple for name in names for q in db.quads_for_pattern(None, None, None, name)}
        write_jsonld(list(triples), output)
        _report(advance, len(triples))
        return len(triples)
    if graph is not None and fmt in _QUAD_FORMATS:
        quads = list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        ox.serialize(quads, output, rdf_format, **kwargs)
        _report(advance, len(quads))
        return len(quads)
    size = {name: _graph_size(db, name, sizes) for name in names}
    if fmt in _QUAD_FORMATS:
        written = sum(size.values())
        with _Progress(output, advance, written) as out:
            db.dump(out, rdf_format, **kwargs)
        return written
    order = sorted(size, key=lambda g: (-size[g], g.value))
    if not order:
        return 0
    largest = order[0]
    with _Progress(output, advance, size[largest]) as out:
        db.dump(out, rdf_format, from_graph=largest, **kwargs)
    written = size[largest]
    seen: set[ox.Triple] = set()
    for name in order[1:]:
        fresh = []
        for quad in db.quads_for_pattern(None, None, None, name):
            triple = quad.triple
            if triple in seen or ox.Quad(*triple, largest) in db:
                continue
            seen.add(triple)
            fresh.append(triple)
        _write_more(fresh, output, rdf_format, kwargs)
        _report(advance, len(fresh))
        written += len(fresh)
    return written


class _Progress:
    """A writer in front of ``output`` that reports the lines written as statements, up to
    ``statements``, and the rest when it is closed, so that the total is exact."""

    def __init__(self, output: BinaryIO, advance: Callable[[int], None] | None, statements: int) -> None:
        self._output, self._advance, self._left = output, advance, statements

    def __enter__(self) -> BinaryIO | _Progress:
        return self if self._advance else self._output

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:
            _report(self._advance, self._left)

    def write(self, data: bytes) -> int:
        """Write ``data`` through; report its lines."""
        lines = min(data.count(b"\n"), self._left)
        if lines:
            self._left -= lines
            _report(self._advance, lines)
        return self._output.write(data)

    def flush(self) -> None:
        """Flush ``output``."""
        self._output.flush()


def _graph_size(db: ox.Store, name: ox.NamedNode, sizes: Mapping[str, int] | None) -> int:
    if sizes is not None and name.value in sizes:
        return sizes[name.value]
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}"
    return int(next(iter(db.query(query)))["n"].value)  # type: ignore[index,arg-type]


def _write_more(triples: list[ox.Triple], output: BinaryIO, rdf_format: ox.RdfFormat,
                kwargs: dict[str, Any]) -> None:
    """Append ``triples`` to a document already begun, without repeating its prefix lines."""
    if not triples:
        return
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, rdf_format, **kwargs)
    data = buffer.getvalue()
    if kwargs:
        header = _prefix_header(rdf_format)
        if data.startswith(header):
            data = data[len(header):]
    output.write(data)


@functools.cache
def _prefix_header(rdf_format: ox.RdfFormat) -> bytes:
    """The ``@prefix`` lines pyoxigraph writes at the top of a document with PREFIXES."""
    probe = ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:y"), ox.NamedNode("urn:z"))
    buffer = io.BytesIO()
    ox.serialize([probe], buffer, rdf_format, prefixes=PREFIXES)
    lines = buffer.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if line.startswith(b"@prefix "))


def _report(advance: Callable[[int], None] | None, n: int) -> None:
    if advance:
        advance(n)


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
