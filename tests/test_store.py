"""The store: manifests are exact, refused loads leave the live generation untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import GraphStore, count_quads
from loaders.base import InputError

G = "https://example.org/graph/"


def test_manifest_counts_equal_the_quads_in_every_shipped_graph(built_store: GraphStore) -> None:
    db = built_store.open()
    manifest = built_store.manifest()
    assert len(manifest) >= 8
    for graph, written in manifest.items():
        assert count_quads(db, graph) == written, graph


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
