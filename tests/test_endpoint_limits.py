"""Texts that would overflow the engine's stack are refused (400) before they reach a worker.

pyoxigraph dies by SIGSEGV on long flat chains too, not only on deep nesting (graph.sparql_guard
has the measured crash points); a worker that died so cost the client a 500 and the server a new
worker. Large ordinary queries must still pass: VALUES and IN lists, the whole gallery.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from test_endpoint_support import fixture_server

from graph import sparql_guard
from graph.queries import named_queries
from graph.service_policy import check_services
from graph.sparql_guard import MAX_STEPS, check_shape

TOKEN = "limits-token"
N = 20_000
CHAINS = {
    "plus": "SELECT (" + "+".join(["1"] * N) + " AS ?x) {}",
    "union": "SELECT * { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * N) + " }",
    "path": "SELECT * { ?s " + "/".join(["<http://p>"] * N) + " ?o }",
    "binds": "SELECT * { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(3000)) + " }",
    "collection": "SELECT * { ?s <http://p> (" + " ".join(map(str, range(N))) + ") }",
    "describe": "DESCRIBE " + " ".join(f"<http://e/{i}>" for i in range(N)),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fixture_server(tmp_path_factory.mktemp("limits"), "--update-token", TOKEN) as url:
        yield url


@pytest.mark.parametrize("name", list(CHAINS))
def test_long_chains_are_400_and_no_worker_dies(server: str, name: str) -> None:
    r = httpx.post(server + "/sparql", content=CHAINS[name],
                   headers={"content-type": "application/sparql-query"}, timeout=60)
    assert r.status_code == 400, r.text[:300]
    assert "too long a chain" in r.text and f"at most {MAX_STEPS}" in r.text
    assert httpx.get(server + "/health").json()["workers"] == 3  # none was lost


def test_long_chain_in_an_update_is_400(server: str) -> None:
    update = "INSERT { <urn:a> <urn:b> ?x } WHERE { BIND(" + "+".join(["1"] * N) + " AS ?x) }"
    r = httpx.post(server + "/sparql", content=update, timeout=60, headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and "too long a chain" in r.text, r.text[:300]


def test_large_ordinary_queries_still_run(server: str) -> None:
    values = ("SELECT (COUNT(*) AS ?n) { VALUES ?e { "
              + " ".join(f"<http://example.org/e{i}>" for i in range(5000)) + " } }")
    in_list = ("SELECT (COUNT(*) AS ?n) { VALUES ?v { 7 1999 5000 } FILTER(?v IN ("
               + ", ".join(map(str, range(2000))) + ")) }")
    rows = ("SELECT (COUNT(*) AS ?n) { VALUES (?a ?b) { "
            + " ".join(f'(<http://example.org/a{i}> "{i}"@en-GB)' for i in range(3000)) + " } }")
    for query, expected in ((values, "5000"), (in_list, "2"), (rows, "3000")):
        r = httpx.post(server + "/sparql", content=query, timeout=60, headers={
            "content-type": "application/sparql-query", "accept": "text/csv"})
        assert r.status_code == 200, r.text[:300]
        assert r.text.split() == ["n", expected]
    bulk = ("INSERT DATA { GRAPH <urn:test:bulk> { "
            + " ".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(5000)) + " } }")
    r = httpx.post(server + "/sparql", content=bulk, timeout=120, headers={
        "content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and "<urn:test:bulk>: 0 -> 5000 triples" in r.text, r.text


def test_every_gallery_query_is_far_below_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Accepted with a tenth of the step limit: the largest gallery query weighs ~60 steps."""
    for query in named_queries().values():
        assert check_services(query.text, ["https://query.wikidata.org/sparql"], {}) == query.text
    monkeypatch.setattr(sparql_guard, "MAX_STEPS", MAX_STEPS // 10)
    for query in named_queries().values():
        check_shape(query.text)


def test_signed_numbers_in_a_list_are_terms_not_operators() -> None:
    """`IN (-1, -2, …)` is a list of INTEGER_NEGATIVE terms; `1 -1 -1 …` is still a chain."""
    check_shape("SELECT * { BIND(-5 AS ?x) FILTER(?x IN ("
                + ", ".join(f"-{i}" for i in range(1, 2001)) + ")) }")
    check_shape("SELECT * { FILTER(?x IN (" + ", ".join(f"+{i}.5" for i in range(2000)) + ")) }")
    check_shape("SELECT * { FILTER(?x > -1 && ?y < -.5) }")
    with pytest.raises(ValueError, match="too long a chain"):
        check_shape("SELECT (1 " + " ".join(["-1"] * N) + " AS ?x) {}")
    with pytest.raises(ValueError, match="too long a chain"):
        check_shape("SELECT (?a " + " ".join(["- ?a"] * N) + " AS ?x) {}")
