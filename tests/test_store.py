"""The store: manifests are exact, refused loads leave the live generation untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore, count_quads
from graph.vocab import VOID
from loaders.base import InputError
from tests.conftest import REPO, run_cli

G = "https://example.org/graph/"
VOID_GRAPH = "https://w3id.org/unga-kg/graph/void"
UNDL_GRAPH = "https://w3id.org/unga-kg/graph/undl"
DATASET = "https://w3id.org/unga-kg/dataset"


def assert_counts_exact(store: GraphStore) -> dict[str, int]:
    """The manifest and the VoID description (``void:triples``) count the quads of each graph."""
    db = store.open()
    manifest = store.manifest()
    for graph, written in manifest.items():
        assert count_quads(db, graph) == written, graph
    described = {row["g"].value: int(row["n"].value) for row in db.query(
        f"SELECT ?g ?n WHERE {{ GRAPH <{VOID_GRAPH}> {{ ?g a <{VOID}Dataset> ; <{VOID}triples> ?n }} }}")}
    assert described.pop(DATASET) == sum(n for g, n in manifest.items() if g != VOID_GRAPH)
    assert described == {g: n for g, n in manifest.items() if g != VOID_GRAPH}
    return manifest


def test_manifest_counts_equal_the_quads_in_every_shipped_graph(built_store: GraphStore) -> None:
    assert len(assert_counts_exact(built_store)) >= 8


def test_counts_are_exact_for_repeated_values_and_files_of_the_same_name(tmp_path: Path) -> None:
    """A subject listed twice in a row and two files called votes.csv: nothing written twice."""
    undl = REPO / "data" / "undl" / "votes_ukraine.csv"
    header, *rows = undl.read_text(encoding="utf-8").splitlines(keepends=True)
    files = []
    for folder, symbol in (("a", "A/RES/ES-11/1"), ("b", "A/RES/ES-11/6")):
        (tmp_path / folder).mkdir()
        files.append(tmp_path / folder / "votes.csv")
        chosen = [r.replace(",,,,141.0,", ",,UKRAINE|UKRAINE,,141.0,") for r in rows
                  if f",{symbol}," in r]
        files[-1].write_text(header + "".join(chosen), encoding="utf-8")
    assert ",,UKRAINE|UKRAINE,,141.0," in files[0].read_text()
    result = run_cli("load", "undl", *map(str, files), "--store", str(tmp_path / "store"))
    assert result.returncode == 0, result.stderr
    manifest = assert_counts_exact(GraphStore(tmp_path / "store"))
    assert manifest[UNDL_GRAPH] == 2010  # 2,008 before, + one subject "UKRAINE" per resolution


def test_a_failing_source_leaves_the_live_generation_as_it_was(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    store.replace({G + "a": ["<http://x/s> <http://x/p> <http://x/o> .\n"]})
    before = store.current_path()

    def failing() -> list[str]:
        yield "<http://x/s> <http://x/p> <http://x/o2> .\n"
        raise InputError("input.csv", 7, "unknown vote letter 'Q'")

    with pytest.raises(InputError, match="input.csv:7"):
        store.replace({G + "a": failing(), G + "b": ["<http://x/s> <http://x/p> <http://x/o3> .\n"]})
    assert store.current_path() == before
    assert store.manifest() == {G + "a": 1}
    assert count_quads(store.open()) == 1
    assert not list(tmp_path.glob(".staging-*"))


def test_replacing_one_graph_keeps_the_others_and_old_generations_are_collected(tmp_path: Path) -> None:
    store = GraphStore(tmp_path)
    store.replace({G + "a": ["<http://x/s> <http://x/p> <http://x/o> .\n"],
                   G + "b": ["<http://x/s> <http://x/p> <http://x/b> .\n"]})
    for n in range(3):
        store.replace({G + "a": [f"<http://x/s> <http://x/p> <http://x/o{n}> .\n" * 1]})
    db = store.open()
    assert count_quads(db, G + "b") == 1 and count_quads(db, G + "a") == 1
    assert len(list(tmp_path.glob("gen-*.json"))) == 2  # the live one and the previous
