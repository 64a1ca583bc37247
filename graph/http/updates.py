"""SPARQL updates applied as a new store generation (only with the server's update token).

The live generation is never written: the update runs on an in-memory copy of the dataset,
the named graphs whose content changed are found by fingerprint, and exactly those graphs are
swapped in by ``GraphStore.replace`` — one new generation, published by an atomic rename, so
readers see either all of the update or none of it. The update's default graph is the named
graph ``<base>graph/updates`` (the store itself keeps everything in named graphs). Updates are
serialised within one server; a concurrent ``unga-kg load`` from another process is not
coordinated with them beyond the store's own writer lock.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from graph.store import GraphStore

GraphKey = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def _fingerprints(db: ox.Store) -> dict[str, tuple[int, int]]:
    """Per graph (N-Triples of its name; '' for the default graph): (size, XOR of quad hashes)."""
    prints: dict[str, tuple[int, int]] = {}
    for quad in db.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.BlankNode):
            continue  # blank-node graphs cannot be published as named graphs
        key = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        digest = hashlib.blake2b(
            f"{quad.subject} {quad.predicate} {quad.object}".encode(), digest_size=16
        ).digest()
        size, acc = prints.get(key, (0, 0))
        prints[key] = (size + 1, acc ^ int.from_bytes(digest, "big"))
    return prints


def _ntriples(db: ox.Store, graph: GraphKey) -> Iterable[str]:
    triples = (ox.Triple(q.subject, q.predicate, q.object)
               for q in db.quads_for_pattern(None, None, None, graph))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    yield (data or b"").decode("utf-8")


def apply_update(
    store: GraphStore, update: str, default_graph: str, base_iri: str | None = None
) -> dict[str, int]:
    """Apply ``update`` as a new generation; returns triples written per replaced graph.

    Relative IRIs in the update resolve against ``base_iri`` (the endpoint's URL).

    Raises SyntaxError for a malformed update (nothing is written then).
    """
    live = store.open()
    memory = ox.Store()
    target = ox.NamedNode(default_graph)
    for quad in live.quads_for_pattern(None, None, None, None):
        graph = ox.DefaultGraph() if quad.graph_name == target else quad.graph_name
        memory.add(ox.Quad(quad.subject, quad.predicate, quad.object, graph))
    before = _fingerprints(memory)
    memory.update(update, base_iri=base_iri)
    after = _fingerprints(memory)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not changed:
        return {}
    sources = {
        (default_graph if key == "" else key): _ntriples(
            memory, ox.DefaultGraph() if key == "" else ox.NamedNode(key))
        for key in changed
    }
    return store.replace(sources)
