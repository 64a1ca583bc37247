"""``unga-kg push`` to a real external store (the ``oxigraph`` server), auth and HTTP failures."""

from __future__ import annotations

import base64
import csv
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from oxigraph_support import oxigraph_server

from graph.queries import bind_params, named_queries
from graph.store import GraphStore, count_quads
from tests.conftest import run_cli, run_named


@pytest.fixture(scope="module")
def remote(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty ``oxigraph serve`` on 127.0.0.1, pushed to once; yields its base URL."""
    with oxigraph_server(tmp_path_factory.mktemp("remote") / "db") as url:
        result = run_cli("push", "--endpoint", url + "/query", "--graph-store", url + "/store",
                         "--store", str(built_store.root))
        assert result.returncode == 0, result.stderr
        assert "pushed and verified" in result.stdout
        yield url


def _remote_select(url: str, query: str) -> list[dict[str, str]]:
    r = httpx.post(url + "/query", data={"query": query}, headers={"accept": "text/csv"}, timeout=30)
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.text)))


def test_every_graph_arrives_with_its_quad_count(remote: str, built_store: GraphStore) -> None:
    db = built_store.open()
    rows = _remote_select(remote, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    ours = {g.value: count_quads(db, g.value) for g in db.named_graphs()}
    assert {r["g"]: int(r["n"]) for r in rows} == ours
    assert "https://w3id.org/unga-kg/graph/void" in ours and len(ours) >= 5


def test_roll_call_there_is_ours(remote: str, db) -> None:  # noqa: ANN001 - session fixture
    symbol = "A/RES/ES-11/1"
    text, subs = bind_params(named_queries()["roll_call"].text, {"symbol": symbol})
    assert not subs  # symbol is not projected: it is written into the text
    # Oxigraph server's default graph is not the union of the named graphs: ask it to be.
    r = httpx.post(remote + "/query", data={"query": text, "union-default-graph": ""},
                   headers={"accept": "text/csv"}, timeout=30)
    assert r.status_code == 200, r.text
    theirs = list(csv.DictReader(io.StringIO(r.text)))
    ours = run_named(db, "roll_call", symbol=symbol)
    assert len(ours) == 193
    assert theirs == ours


def test_pushing_again_replaces_instead_of_adding(remote: str, built_store: GraphStore) -> None:
    result = run_cli("push", "--endpoint", remote + "/query", "--graph-store", remote + "/store",
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    rows = _remote_select(remote, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(rows[0]["n"]) == count_quads(built_store.open())


def test_http_failure_is_a_clear_error(remote: str, built_store: GraphStore) -> None:
    result = run_cli("push", "--endpoint", remote + "/query", "--store", str(built_store.root))
    assert result.returncode == 1
    assert "PUT <https://w3id.org/unga-kg/graph/" in result.stderr and "HTTP 404" in result.stderr


class _AuthStore(BaseHTTPRequestHandler):
    """A Graph Store stub that wants basic auth ``kg:secret`` and records what it was sent."""

    seen: list[tuple[str, str | None, int]] = []

    def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
        size = 0
        if self.headers.get("transfer-encoding") == "chunked":
            while (n := int(self.rfile.readline().strip(), 16)) > 0:
                size += len(self.rfile.read(n))
                self.rfile.readline()
            self.rfile.readline()
        self.seen.append((self.path, self.headers.get("authorization"), size))
        expected = "Basic " + base64.b64encode(b"kg:secret").decode()
        self.send_response(204 if self.headers.get("authorization") == expected else 401)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def auth_stub() -> Iterator[str]:
    _AuthStore.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AuthStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()


def test_basic_auth_is_sent_and_a_refusal_stops_the_push(built_store: GraphStore, auth_stub: str) -> None:
    store = ["--store", str(built_store.root)]
    refused = run_cli("push", "--endpoint", auth_stub, *store)
    assert refused.returncode == 1 and "HTTP 401" in refused.stderr
    assert len(_AuthStore.seen) == 1  # stopped at the first graph
    wrong = run_cli("push", "--endpoint", auth_stub, "--user", "kg", *store)
    assert wrong.returncode == 2 and "--password" in wrong.stderr
    _AuthStore.seen = []
    run_cli("push", "--endpoint", auth_stub, "--user", "kg", "--password", "secret", *store)
    graphs = len(list(built_store.open().named_graphs()))
    assert len(_AuthStore.seen) == graphs  # every graph PUT (the count check then fails: no /query)
    assert all(auth == "Basic " + base64.b64encode(b"kg:secret").decode() for _, auth, _ in _AuthStore.seen)
    assert all(path.startswith("/store?graph=https%3A%2F%2Fw3id.org%2Funga-kg%2Fgraph%2F") and size > 0
               for path, _, size in _AuthStore.seen)
