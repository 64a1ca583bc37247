"""A query's own FROM / FROM NAMED clauses define its dataset, on the endpoint and in the CLI.

Without them the default graph is the union of all named graphs. pyoxigraph ignores ``FROM``
when asked for that union, so both paths check the query first (graph/sparql.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from test_endpoint_support import KASEI, build_fixture_store, fixture_graphs, running_server

from graph.sparql import run_query, select_rows
from graph.sparql_lexer import declares_dataset
from tests.conftest import run_cli

G1, G2 = f"<{KASEI}data1.rdf>", f"<{KASEI}data2.rdf>"
COUNT = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
NAMED = "SELECT ?g {} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
ALL = sum(sum(chunk.count("\n") for chunk in chunks) for chunks in fixture_graphs().values())

# (dataset clauses, triples in the default graph, named graphs visible)
CASES = [
    ("", ALL, len(fixture_graphs())),
    (f"FROM {G1}", 1, 0),
    (f"FROM {G1} FROM {G2}", 2, 0),
    ("FROM <urn:x-nothing:here>", 0, 0),
    (f"FROM NAMED {G1}", 0, 1),
    (f"from {G2} from named {G1}", 1, 1),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dataset") / "store"
    build_fixture_store(root)
    return root


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    with running_server(store) as url:
        yield url


def _endpoint_rows(url: str, query: str) -> list[dict[str, str]]:
    response = httpx.get(url + "/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.text)))


def _cli_rows(store: Path, query: str) -> list[dict[str, str]]:
    result = run_cli("query", "-e", query, "--store", str(store))
    assert result.returncode == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.mark.parametrize(("clauses", "triples", "graphs"), CASES)
def test_the_endpoint_honours_the_query_dataset(server: str, clauses: str, triples: int, graphs: int) -> None:
    assert int(_endpoint_rows(server, COUNT.format(clauses))[0]["n"]) == triples
    assert len({row["g"] for row in _endpoint_rows(server, NAMED.format(clauses))}) == graphs


@pytest.mark.parametrize(("clauses", "triples", "graphs"), CASES)
def test_the_cli_honours_the_query_dataset(store: Path, clauses: str, triples: int, graphs: int) -> None:
    assert int(_cli_rows(store, COUNT.format(clauses))[0]["n"]) == triples
    assert len({row["g"] for row in _cli_rows(store, NAMED.format(clauses))}) == graphs


def test_protocol_graphs_still_override_from(server: str) -> None:
    response = httpx.get(server + "/sparql", headers={"Accept": "text/csv"},
                         params={"query": COUNT.format(f"FROM {G1}"), "default-graph-uri": G2[1:-1]})
    assert response.status_code == 200 and response.text.split()[-1] == "1"
    response = httpx.get(server + "/sparql", headers={"Accept": "text/csv"},
                         params={"query": NAMED.format(f"FROM NAMED {G1}"), "named-graph-uri": G2[1:-1]})
    assert response.text.split()[1:] == [G2[1:-1]]


@pytest.mark.parametrize(("text", "expected"), [
    ("SELECT * FROM <g> { ?s ?p ?o }", True),
    ("ask from named <g> {}", True),
    ('SELECT ("FROM <g>" AS ?x) {}', False),
    ("SELECT * { ?s ?p ?o } # FROM <g>", False),
    ("SELECT ?from { <http://e/FROM> ?p ?from }", False),
    ("PREFIX from: <http://e/> SELECT * { from:x ?p ?o }", False),
])
def test_dataset_clauses_are_found_outside_strings_iris_and_comments(text: str, expected: bool) -> None:
    assert declares_dataset(text) is expected


SHARED = """
SELECT DISTINCT ?p WHERE {
  GRAPH ?g1 { ?s ?p ?o } GRAPH ?g2 { ?s ?p ?o } FILTER (STR(?g1) < STR(?g2))
}"""
SPEECHES = """
PREFIX schema: <http://schema.org/> PREFIX unga: <https://w3id.org/unga-kg/ontology#>
SELECT ?name (COUNT(?speech) AS ?n) WHERE {
  ?speech unga:speaker ?person . ?person schema:name ?name
} GROUP BY ?name"""


def test_no_triple_sits_in_more_than_one_graph(db: ox.Store) -> None:
    """The union default graph counts a triple once per graph holding it (pyoxigraph 0.5;
    docs/endpoint.md), so the build writes each triple once: people quoted by several articles
    are described by graph …/graph/people, not by each article."""
    assert select_rows(db.query(SHARED)) == []
    counts = {row["name"]: int(row["n"]) for row in select_rows(run_query(db, SPEECHES))}
    # Vasily Nebenzia and Sergiy Kyslytsya speak in 3 seed articles each (000, 001, 003)
    assert counts["Vasily Nebenzia"] == 3 and counts["Sergiy Kyslytsya"] == 3
