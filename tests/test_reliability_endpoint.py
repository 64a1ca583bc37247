"""Hostile and malformed requests against a real server on 127.0.0.1.

- SERVICE to 127.0.0.1 (the server itself too), localhost in its other spellings, file:, or any
  host not allow-listed is refused with 400, in queries and in updates, however it is written;
- a corpus of malformed SPARQL (and malformed requests) answers 4xx, never 500;
- cross-product queries are stopped by the timeout while /health and other queries still answer;
- a query needing more memory than a worker may use (``--query-memory``) gets 503, and the
  worker is replaced;
- oversized bodies are refused with 413 (by Content-Length, chunked, or as a form).
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_endpoint_support import fixture_server

from graph.http.config import EndpointConfig

TOKEN = "reliability-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
FAST = "SELECT DISTINCT ?s WHERE { ?s a <https://w3id.org/unga-kg/ontology#MemberState> }"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Our server over the fixture store: 1 s timeout, 2 workers, updates allowed with a token."""
    with fixture_server(tmp_path_factory.mktemp("hostile"), "--timeout", "1", "--workers", "2",
                        "--update-token", TOKEN) as url:
        yield url


def hostile_targets(server: str) -> list[str]:
    """SERVICE clauses that must never be evaluated."""
    own = server.replace("http://", "")
    port = own.rsplit(":", 1)[1]
    iris = [f"http://{own}/sparql", f"http://localhost:{port}/sparql", f"http://[::1]:{port}/sparql",
            f"http://2130706433:{port}/sparql", f"http://0.0.0.0:{port}/sparql",
            "http://127.0.0.1:9/sparql", "file:///etc/passwd", "file:/etc/passwd",
            "http://169.254.169.254/latest/meta-data/", "https://query.wikidata.org/sparql/../x",
            "https://query.wikidata.org.evil.example/sparql", "gopher://127.0.0.1:25/"]
    clauses = [f"SERVICE <{iri}> {{ ?s ?p ?o }}" for iri in iris]
    clauses += [f"service silent <{iris[0]}> {{ ?s ?p ?o }}",
                f"SERVICE#comment\n<{iris[0]}> {{ ?s ?p ?o }}",
                "SERVICE ?endpoint { ?s ?p ?o }",
                "SERVICE <sparql> { ?s ?p ?o }"]  # relative: resolves against our own URL
    return clauses


def test_service_to_local_or_other_hosts_is_refused(server: str) -> None:
    for clause in hostile_targets(server):
        for query in (f"SELECT * WHERE {{ {clause} }}",
                      f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {clause} }} }} }}",
                      f"ASK {{ OPTIONAL {{ {clause} }} }}"):
            r = httpx.get(server + "/sparql", params={"query": query})
            assert r.status_code == 400, (query, r.status_code, r.text)
            assert "not allowed" in r.text or "refused" in r.text
    prefixed = "PREFIX f: <file:///etc/> SELECT * WHERE { SERVICE f:passwd { ?s ?p ?o } }"
    r = httpx.post(server + "/sparql", content=prefixed, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400 and "not allowed" in r.text


def test_service_in_an_update_is_refused(server: str) -> None:
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "application/sparql-update"}
    for clause in hostile_targets(server)[:6] + hostile_targets(server)[-2:]:
        update = f"INSERT {{ GRAPH <urn:x> {{ ?s ?p ?o }} }} WHERE {{ {clause} }}"
        r = httpx.post(server + "/sparql", content=update, headers=auth)
        assert r.status_code == 400, (update, r.status_code, r.text)


def test_load_in_an_update_is_refused(server: str) -> None:
    auth = {"authorization": f"Bearer {TOKEN}", "content-type": "application/sparql-update"}
    for iri in ("file:///etc/passwd", f"{server}/dump?format=nt", "http://127.0.0.1:9/x.ttl"):
        r = httpx.post(server + "/sparql", content=f"LOAD <{iri}> INTO GRAPH <urn:x>", headers=auth)
        assert r.status_code == 400, (iri, r.status_code, r.text)


MALFORMED = [
    "", " ", "SELECT", "SELECT *", "SELECT * WHERE", "SELECT * WHERE {", "SELECT * WHERE { ?s ?p }",
    "SELECT * WHERE { ?s ?p ?o", "SELECT ?x WHERE { ?s ?p ?o } GROUP BY", "ASK { <a> }",
    "CONSTRUCT { ?s ?p } WHERE { ?s ?p ?o }", "DESCRIBE", "SELECT * WHERE { ?s ?p 'unterminated }",
    'SELECT * WHERE { ?s ?p """never closed }', "SELECT * WHERE { ?s <http://x ?o }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT -1", "SELECT * WHERE { ?s ?p ?o } LIMIT abc",
    "PREFIX x <http://x/> SELECT * {}", "SELECT * WHERE { x:undeclared ?p ?o }",
    "SELECT (COUNT(*) AS ?n) ?s WHERE { ?s ?p ?o }", "SELECT ?x ?x WHERE {}",
    "SELECT * WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }", "SELECT * WHERE { FILTER( }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o > ) }", "SELECT * { VALUES (?a ?b) { (1) } }",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY", "SELECT * WHERE { GRAPH { ?s ?p ?o } }",
    "INSERT DATA { <a> <b> <c> }", "DROP ALL", "SELECT * WHERE {} }", "}}}}{{{{",
    "SELECT * WHERE { ?s ?p ?o . . }", "\x00SELECT * {}", "SELECT * {} \ud7ff\ufffe",
    "SELECT * WHERE { ?s ?p \"\\u00\" }", "SELECT * WHERE { <\u0000> ?p ?o }",
    "#", "SELECT * WHERE { ?s ?p ?o } VALUES",
    "BASE <not absolute> SELECT * { <x> ?p ?o }", "SELECT * WHERE { SERVICE }",
    "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> }",
    "SELECT * WHERE { " + "{ " * 5000 + "}" * 5000 + " }",
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE { ?s " + "/".join(["<p>"] * 3000) + "/ ?o }",
    "SELECT * WHERE { ?s ?p ?o } " + "LIMIT 1 " * 100,
]


def test_malformed_queries_are_4xx_never_500(server: str) -> None:
    for query in MALFORMED:
        for method in ("get", "post"):
            if method == "get":
                r = httpx.get(server + "/sparql", params={"query": query}, timeout=30)
            else:
                r = httpx.post(server + "/sparql", content=query.encode("utf-8", "surrogatepass"),
                               headers={"content-type": "application/sparql-query"}, timeout=30)
            assert 400 <= r.status_code < 500, (method, query[:80], r.status_code, r.text[:200])
    assert httpx.get(server + "/health").json()["workers"] == 2


MALFORMED_REQUESTS = [
    ("GET", "/sparql?query=%ZZ", {}, b""),
    ("GET", "/sparql?query=%C3%28", {}, b""),  # not UTF-8 once decoded
    ("GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, b""),
    ("POST", "/sparql", {"content-type": "application/sparql-query; charset=latin-1"}, b"ASK {}"),
    ("POST", "/sparql", {"content-type": "application/sparql-query"}, b"ASK { \xff }"),
    ("POST", "/sparql", {"content-type": "text/plain"}, b"ASK {}"),
    ("POST", "/sparql", {}, b"ASK {}"),
    ("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, b"query=%ZZ&&=="),
    ("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, b"query=ASK{}&update=x"),
    ("POST", "/sparql", {"content-type": "application/sparql-update"}, b"DROP ALL"),  # no token
    ("GET", "/sparql?update=DROP%20ALL", {}, b""),
    ("GET", "/sparql?query=ASK%7B%7D", {"accept": "application/x-nothing"}, b""),
    ("GET", "/sparql?query=ASK%7B%7D&format=bogus", {}, b""),
    ("GET", "/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri", {}, b""),
    ("GET", "/queries/roll_call", {}, b""),  # missing parameter
    ("GET", "/queries/roll_call?symbol=%3Cbad%20iri%3E", {}, b""),
    ("GET", "/queries/no_such_query", {}, b""),
]


@pytest.mark.parametrize(("method", "path", "headers", "body"), MALFORMED_REQUESTS)
def test_malformed_requests_are_4xx(server: str, method: str, path: str, headers: dict[str, str],
                                    body: bytes) -> None:
    r = httpx.request(method, server + path, headers=headers, content=body or None, timeout=30)
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])


def test_cross_products_are_stopped_and_the_server_stays_responsive(server: str) -> None:
    statuses: list[int] = []

    def slow() -> None:
        statuses.append(httpx.get(server + "/sparql", params={"query": SLOW}, timeout=30).status_code)

    threads = [threading.Thread(target=slow) for _ in range(3)]  # more than there are workers
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    assert httpx.get(server + "/health", timeout=5).status_code == 200
    assert time.monotonic() - t0 < 1
    for t in threads:
        t.join()
    assert statuses == [503, 503, 503]
    assert time.monotonic() - started < 6
    deadline = time.monotonic() + 10
    while httpx.get(server + "/health").json()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    r = httpx.get(server + "/sparql", params={"query": FAST})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 6


HOG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?f ?i ?l"
"""A sorted cross product: ~75 M rows over the fixture store, all held for the sort."""


def test_a_query_over_the_memory_limit_is_stopped(tmp_path: Path) -> None:
    with fixture_server(tmp_path, "--query-memory", "300", "--timeout", "120", "--workers", "1") as url:
        assert httpx.get(url + "/health").json()["query_memory_mb"] == 300
        started = time.monotonic()
        r = httpx.get(url + "/sparql", params={"query": HOG}, timeout=150)
        elapsed = time.monotonic() - started
        assert r.status_code == 503, r.text
        assert "memory limit of 300 MiB" in r.text
        assert elapsed < 60  # the memory limit stopped it, not the 120 s timeout
        deadline = time.monotonic() + 30
        while httpx.get(url + "/health").json()["workers"] < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        r = httpx.get(url + "/sparql", params={"query": FAST})  # the replaced worker answers
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) >= 6


def test_query_memory_option() -> None:
    from graph.cli import build_parser
    from graph.server import config_from_args

    def config(*options: str) -> EndpointConfig:
        return config_from_args(build_parser().parse_args(["serve", *options]))

    ram_mib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") >> 20
    assert config("--workers", "3").query_memory_mb == pytest.approx(ram_mib / 4, abs=1)
    assert config("--query-memory", "512").query_memory_mb == 512
    assert config("--query-memory", "0").query_memory_mb is None
    with pytest.raises(ValueError, match="--query-memory"):
        config("--query-memory", "-1")


def test_oversized_bodies_are_413(server: str) -> None:
    big = b"ASK {} #" + b"x" * (1 << 20)
    r = httpx.post(server + "/sparql", content=big, headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b"ASK {} #"
        for _ in range(40):
            yield b"y" * 65536

    r = httpx.post(server + "/sparql", content=chunks(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    r = httpx.post(server + "/sparql", data={"query": "ASK {} #" + "z" * (1 << 20)})
    assert r.status_code == 413
    assert raw_status(server, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/"
                              b"sparql-query\r\nContent-Length: 1073741824\r\n\r\nASK {}") == 413
    assert httpx.get(server + "/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def raw_status(server: str, request: bytes) -> int | None:
    """Send raw bytes; the status code answered (None if the server just closed)."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        try:
            sock.sendall(request)
        except OSError:
            pass  # the server may stop reading early
        head = sock.recv(64)
    return int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else None


def test_huge_request_line_is_refused_cleanly(server: str) -> None:
    line = b"GET /sparql?query=ASK%7B%7D%23" + b"x" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    status = raw_status(server, line)
    assert status is None or 400 <= status < 500
    assert httpx.get(server + "/health").status_code == 200


def test_large_results_are_complete(server: str) -> None:
    """Results over the inline limit (256 KiB) go through a file; both paths give all rows."""
    count = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                      headers={"accept": "text/csv"}).text.split()[1]
    for accept in ("application/sparql-results+json", "text/csv"):
        r = httpx.get(server + "/sparql", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"},
                      headers={"accept": accept}, timeout=30)
        assert r.status_code == 200
        assert len(r.content) > 256 * 1024
        rows = (len(r.json()["results"]["bindings"]) if "json" in accept
                else len(r.text.strip().splitlines()) - 1)
        assert rows == int(count) ** 2
    r = httpx.get(server + "/sparql", params={"query": "CONSTRUCT { ?a ?b ?d } { ?a ?b ?c . ?d ?e ?f }"},
                  headers={"accept": "application/n-triples"}, timeout=30)
    assert r.status_code == 200 and r.text.endswith(".\n")


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, parent, …); None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    return {int(p.name) for p in Path("/proc").glob("[0-9]*")
            if (fields := _stat(p.name)) is not None and int(fields[1]) == pid}


def _server_pid(port: str) -> int:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and port.encode() in args:
            return int(cmdline.parent.name)
    raise AssertionError(f"no server process on port {port}")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_workers_die_with_a_killed_server(tmp_path: Path) -> None:
    """SIGKILL of the server takes its workers along, even one busy with a long query."""
    with fixture_server(tmp_path, "--timeout", "60", "--workers", "2") as url:
        server = _server_pid(url.rsplit(":", 1)[1])
        workers = {pid for pid in _children(server)
                   if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()}
        assert len(workers) >= 2
        outcome: list[BaseException] = []

        def slow_request() -> None:
            try:
                httpx.get(url + "/sparql", params={"query": SLOW}, timeout=5)
            except httpx.TransportError as exc:  # expected: the server is killed mid-request
                outcome.append(exc)

        busy = threading.Thread(target=slow_request, daemon=True)
        busy.start()
        time.sleep(0.5)  # the cross product is running in a worker now
        os.kill(server, signal.SIGKILL)
        deadline = time.monotonic() + 5
        def running(pid: int) -> bool:  # a zombie has ended, its parent just never reaped it
            fields = _stat(pid)
            return fields is not None and fields[0] != "Z"

        while time.monotonic() < deadline and any(running(pid) for pid in workers):
            time.sleep(0.1)
        alive = [pid for pid in workers if running(pid)]
        assert alive == [], "workers outlived the server"
        busy.join(10)
        assert len(outcome) == 1  # the client saw the connection drop, not an answer
