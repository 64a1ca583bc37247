"""graph.export on small stores: set union, one prefix block, one graph, data-determined order."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.export import EXPORT_FORMATS, export

U = "https://w3id.org/unga-kg/"
A, B, C = (ox.NamedNode(f"{U}graph/{n}") for n in ("a", "b", "c"))


def _t(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"{U}id/{s}"), ox.NamedNode(f"{U}ontology#{p}"), o)


SHARED_AB = _t("state/UKR", "iso3", ox.Literal("UKR"))
SHARED_BC = _t("state/RUS", "iso3", ox.Literal("RUS"))
GRAPHS = {
    A: [SHARED_AB] + [_t(f"res/{i}", "yes", ox.Literal(str(i), datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))) for i in range(6)],
    B: [SHARED_AB, SHARED_BC, _t("state/BLR", "iso3", ox.Literal("BLR"))],
    C: [SHARED_BC, _t("person/kyslytsya", "name", ox.Literal("Sergiy Kyslytsya", language="en"))],
}


def _store(folder: Path, graphs: dict[ox.NamedNode, list[ox.Triple]], seed: int = 0) -> ox.Store:
    """An on-disk store (as every GraphStore generation is) filled in a shuffled order.

    The order of a dump is the key order of the on-disk indexes; an in-memory Store keeps
    insertion order instead, so it would not give data-determined dumps.
    """
    quads = [ox.Quad(*t, g) for g, triples in graphs.items() for t in triples]
    random.Random(seed).shuffle(quads)
    db = ox.Store(str(folder / f"db{seed}"))
    db.extend(quads)
    return db


def _dump(db: ox.Store, fmt: str, graph: str | None = None) -> tuple[int, bytes]:
    out = io.BytesIO()
    n = export(db, out, fmt, graph)
    return n, out.getvalue()


UNION = {t for triples in GRAPHS.values() for t in triples}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_union_formats_write_each_triple_once(fmt: str, tmp_path: Path) -> None:
    n, data = _dump(_store(tmp_path, GRAPHS), fmt)
    parsed = [q.triple for q in ox.parse(data, format=EXPORT_FORMATS[fmt])]
    assert set(parsed) == UNION
    assert n == len(UNION) == 10
    if fmt == "nt":
        assert len(data.splitlines()) == len(UNION)  # no line twice
    if fmt == "ttl":
        assert data.count(b"@prefix unga:") == 1  # the later graphs do not repeat the header


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_formats_keep_every_graph(fmt: str, tmp_path: Path) -> None:
    n, data = _dump(_store(tmp_path, GRAPHS), fmt)
    parsed = set(ox.parse(data, format=EXPORT_FORMATS[fmt]))
    assert parsed == {ox.Quad(*t, g) for g, triples in GRAPHS.items() for t in triples}
    assert n == 12


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_one_graph(fmt: str, tmp_path: Path) -> None:
    n, data = _dump(_store(tmp_path, GRAPHS), fmt, B.value)
    parsed = {q.triple for q in ox.parse(data, format=EXPORT_FORMATS[fmt])}
    assert parsed == set(GRAPHS[B]) and n == 3


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_order_depends_only_on_the_data(fmt: str, tmp_path: Path) -> None:
    """Stores filled in different orders give the same bytes."""
    assert _dump(_store(tmp_path, GRAPHS, 1), fmt) == _dump(_store(tmp_path, GRAPHS, 2), fmt)


def test_a_new_statement_moves_no_other_one(tmp_path: Path) -> None:
    """Dumps of two releases diff line by line: one added triple is one added line."""
    before = _dump(_store(tmp_path, GRAPHS, 1), "nt")[1].splitlines()
    grown = {**GRAPHS, A: GRAPHS[A] + [_t("res/99", "yes", ox.Literal("99"))]}
    after = _dump(_store(tmp_path, grown, 2), "nt")[1].splitlines()
    added = [line for line in after if line not in before]
    assert len(added) == 1 and b"res/99" in added[0]
    assert [line for line in after if line != added[0]] == before
