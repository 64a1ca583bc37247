"""`unga-kg load rdf`: the graph is the RDF merge of the files, and its reported size is exact."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph.store import GraphStore, count_quads
from tests.conftest import run_cli

GRAPH = "http://example.org/g"
OTHER = "http://example.org/other"
DOC = ("@prefix ex: <http://example.org/> .\n"
       "ex:a ex:b ex:c .\nex:a ex:b ex:c .\nex:a ex:label \"x\", \"x\" .\n"  # 2 triples, each twice
       "ex:a ex:part _:n .\n_:n ex:value 1 .\n")  # a labelled blank node


def test_duplicates_are_written_once_and_blank_nodes_are_kept_apart(tmp_path: Path) -> None:
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    first.write_text(DOC)
    second.write_text(DOC.replace("@prefix", "# the same document again\n@prefix"))
    store = tmp_path / "store"
    result = run_cli("load", "rdf", str(first), str(second), "--graph", GRAPH, "--store", str(store))
    assert result.returncode == 0, result.stderr
    # ex:a ex:b ex:c and ex:a ex:label "x" once; ex:a ex:part _:n and _:n ex:value 1 per file
    assert f"         6  {GRAPH}" in result.stdout.splitlines()
    assert run_cli("load", "rdf", str(first), "--graph", OTHER, "--store", str(store)).returncode == 0

    graphs = GraphStore(store)
    db = graphs.open()
    assert count_quads(db, GRAPH) == graphs.manifest()[GRAPH] == 6
    parts = list(db.query("SELECT DISTINCT ?n WHERE { GRAPH ?g { ?a <http://example.org/part> ?n } }"))
    assert len(parts) == 3 and all(isinstance(row["n"], ox.BlankNode) for row in parts)
    shared = f"ASK {{ GRAPH <{GRAPH}> {{ ?a ?p ?n }} GRAPH <{OTHER}> {{ ?b ?q ?n }} FILTER isBlank(?n) }}"
    assert not bool(db.query(shared))
