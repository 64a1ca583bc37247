"""The SPARQL endpoint with real clients against a real server process (one per module).

SPARQLWrapper and rdflib's SPARQLStore, raw HTTP for every negotiated format, updates refused
and accepted, SERVICE refused and aliased to a local ``oxigraph serve``, timeout and 400s.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from test_endpoint_support import ID, fixture_server, free_port

TOKEN = "s3cret-token"
WIKIDATA = "https://query.wikidata.org/sparql"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/unga-kg/ontology#MemberState> } ORDER BY ?s"


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A local ``oxigraph serve`` standing in for Wikidata (SERVICE target)."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    folder = tmp_path_factory.mktemp("remote")
    data = folder / "wd.nt"
    data.write_text('<http://www.wikidata.org/entity/Q212> <http://www.w3.org/2000/01/rdf-schema#label> '
                    '"Ukraine"@en .\n')
    subprocess.run([binary, "load", "--location", str(folder / "db"), "--file", str(data)],
                   check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(folder / "db"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    for _ in range(100):
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, remote: str) -> Iterator[str]:
    """Our server over the fixture store: 1 s timeout, update token, Wikidata aliased."""
    with fixture_server(tmp_path_factory.mktemp("endpoint"), "--timeout", "1", "--update-token", TOKEN,
                        "--service-alias", f"{WIKIDATA}={remote}") as url:
        yield url


def test_sparqlwrapper_select_and_construct(server: str) -> None:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["s"]["value"].rsplit("/", 1)[1] for r in rows] == ["CHN", "FRA", "IND", "RUS", "UKR", "USA"]
    client.setQuery(f"CONSTRUCT WHERE {{ <{ID}state/UKR> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = client.query().convert()
    assert b"Ukraine" in graph


def test_sparqlwrapper_post_ask(server: str) -> None:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setMethod(POST)
    client.setQuery(f"ASK {{ <{ID}state/RUS> ?p ?o }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


def test_rdflib_sparqlstore(server: str) -> None:
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(graph.query(
        "SELECT ?state ?label WHERE { ?ballot <http://www.w3.org/ns/opengov#voter> ?state ; "
        "<http://www.w3.org/ns/opengov#option> <https://w3id.org/unga-kg/ontology#no> . "
        "?state <http://www.w3.org/2000/01/rdf-schema#label> ?label }"))
    assert [(str(r[0]), str(r[1])) for r in rows] == [(ID + "state/RUS", "Russian Federation")]
    assert (URIRef(ID + "state/UKR"), None, None) in graph


@pytest.mark.parametrize(("accept", "media", "check"), [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda t: len(json.loads(t)["results"]["bindings"]) == 6),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda t: t.count("<result>") == 6),
    ("text/csv", "text/csv", lambda t: len(list(csv.reader(io.StringIO(t)))) == 7),
    ("text/tab-separated-values", "text/tab-separated-values", lambda t: len(t.strip().splitlines()) == 7),
    (None, "application/sparql-results+json", lambda t: "bindings" in t),
])
def test_select_formats(server: str, accept: str | None, media: str, check) -> None:  # noqa: ANN001
    headers = {"accept": accept} if accept else {}
    r = httpx.get(server + "/sparql", params={"query": SELECT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert check(r.text)


@pytest.mark.parametrize("limit", [700, 5000])
def test_results_larger_than_a_pipe_buffer(server: str, limit: int) -> None:
    """~100 KiB comes back through the worker's pipe, ~700 KiB through a file; both whole.

    A regression test: under uvloop the pipe was left non-blocking and a reply over 64 KiB
    failed as "query worker ended unexpectedly". The query text itself is over 64 KiB too.
    """
    padding = "# " + "x" * 70_000 + "\n"
    query = padding + f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o . ?a ?b ?c }} LIMIT {limit}"
    r = httpx.post(server + "/sparql", content=query.encode(),
                   headers={"content-type": "application/sparql-query",
                            "accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    assert len(r.content) > 65_536
    assert len(json.loads(r.content)["results"]["bindings"]) == limit


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    (None, "text/turtle", ox.RdfFormat.TURTLE),
])
def test_graph_formats(server: str, accept: str | None, media: str, fmt: ox.RdfFormat) -> None:
    headers = {"accept": accept} if accept else {}
    query = f"DESCRIBE <{ID}state/UKR>"
    r = httpx.post(server + "/sparql", content=query,
                   headers={"content-type": "application/sparql-query", **headers})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    triples = list(ox.parse(r.content, format=fmt))
    assert len(triples) == 3


@pytest.mark.parametrize(("fmt", "media"), [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                            ("xml", "application/sparql-results+xml")])
def test_format_parameter_for_browsers(server: str, fmt: str, media: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT, "format": fmt},
                  headers={"accept": "text/html,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)


def test_unsupported_accept_is_406(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert r.status_code == 406
    r = httpx.get(server + "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                  headers={"accept": "text/csv"})
    assert r.status_code == 406


def test_dataset_parameters(server: str) -> None:
    members = "https://w3id.org/unga-kg/graph/members"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    r = httpx.get(server + "/sparql", params={"query": count, "default-graph-uri": members},
                  headers={"accept": "text/csv"})
    assert r.text.split() == ["n", "18"]
    r = httpx.get(server + "/sparql", params={"query": count, "named-graph-uri": members},
                  headers={"accept": "text/csv"})
    assert r.text.split() == ["n", "0"]  # only named graphs given: the default graph is empty


def test_service_description(server: str) -> None:
    r = httpx.get(server + "/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "sd:SPARQL11Update" in r.text  # this server has an update token
    assert "sd:UnionDefaultGraph" in r.text
    # the same bytes each time (no random blank node labels), so HEAD and GET agree
    for accept in ("application/n-triples", "application/ld+json", "text/turtle"):
        first, second = (httpx.get(server + "/sparql", headers={"accept": accept}) for _ in range(2))
        assert first.content == second.content, accept
        head = httpx.head(server + "/sparql", headers={"accept": accept})
        assert int(head.headers["content-length"]) == len(first.content), accept
    graphs = ox.parse(first.content, format=ox.RdfFormat.TURTLE)
    names = {q.object.value for q in graphs if q.predicate.value.endswith("#name")}
    assert "https://w3id.org/unga-kg/graph/undl" in names


def test_malformed_query_is_400_with_position(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert "1:" in r.text and "malformed query" in r.text


def test_cors_and_size_limit(server: str) -> None:
    r = httpx.options(server + "/sparql", headers={
        "origin": "https://example.org", "access-control-request-method": "POST"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] in ("*", "https://example.org")
    for path in ("/sparql", "/id/state/UKR", "/dump"):  # every route answers HEAD, also cross-origin
        r = httpx.options(server + path, headers={"origin": "https://example.org",
                                                  "access-control-request-method": "HEAD",
                                                  "access-control-request-headers": "x-requested-with"})
        assert r.status_code == 200 and "HEAD" in r.headers["access-control-allow-methods"], (path, r.text)
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"origin": "https://x.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    big = "ASK {} #" + "x" * (1 << 20)
    headers = {"content-type": "application/sparql-query", "origin": "http://example.org"}
    r = httpx.post(server + "/sparql", content=big, headers=headers)
    assert r.status_code == 413
    assert r.headers["access-control-allow-origin"] == "*"  # else a browser sees a network error
    chunks = (big[i:i + 65536].encode() for i in range(0, len(big), 65536))  # no Content-Length
    r = httpx.post(server + "/sparql", content=chunks, headers=headers)
    assert r.status_code == 413 and r.headers["access-control-allow-origin"] == "*"


def test_service_refused_unless_allowed(server: str) -> None:
    for query in ("SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }",
                  "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }"):
        r = httpx.get(server + "/sparql", params={"query": query})
        assert r.status_code == 400
        assert "not allowed" in r.text


def test_service_alias_reaches_local_mirror(server: str) -> None:
    query = ("SELECT ?label WHERE { SERVICE <https://query.wikidata.org/sparql> { "
             "<http://www.wikidata.org/entity/Q212> <http://www.w3.org/2000/01/rdf-schema#label> ?label } }")
    r = httpx.get(server + "/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert r.status_code == 200, r.text
    assert r.text.split() == ["label", "Ukraine"]


def test_timeout_is_503_and_server_stays_responsive(server: str) -> None:
    started = time.monotonic()
    r = httpx.get(server + "/sparql", params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert r.status_code == 503
    assert "time limit" in r.text
    assert elapsed < 5
    t0 = time.monotonic()
    health = httpx.get(server + "/health")
    assert health.status_code == 200 and time.monotonic() - t0 < 1
    time.sleep(1.5)  # the killed worker's successor is started in the background
    assert httpx.get(server + "/health").json()["workers"] == 3
    r = httpx.get(server + "/sparql", params={"query": "ASK {}"})
    assert r.status_code == 200


def test_update_refused_without_token(server: str) -> None:
    update = "INSERT DATA { GRAPH <urn:test:g> { <urn:a> <urn:b> <urn:c> } }"
    r = httpx.post(server + "/sparql", data={"update": update})
    assert r.status_code == 403
    r = httpx.post(server + "/sparql", content=update, headers={
        "content-type": "application/sparql-update", "authorization": "Bearer wrong"})
    assert r.status_code == 403


def test_update_applied_with_token(server: str) -> None:
    auth = {"authorization": f"Bearer {TOKEN}"}
    before = httpx.get(server + "/health").json()["generation"]
    r = httpx.post(server + "/sparql", headers={**auth, "content-type": "application/sparql-update"},
                   content="INSERT DATA { GRAPH <urn:test:g> { <urn:a> <urn:b> <urn:c> } }")
    assert r.status_code == 200, r.text
    now = httpx.get(server + "/health").json()["generation"]
    assert now != before
    assert r.text == f"update applied as store generation {now}; <urn:test:g>: 0 -> 1 triples\n"
    ask = httpx.get(server + "/sparql", params={"query": "ASK { GRAPH <urn:test:g> { <urn:a> ?p ?o } }"})
    assert ask.json()["boolean"] is True
    r = httpx.post(server + "/sparql", headers=auth, data={"update": "DROP GRAPH <urn:test:g>"})
    assert r.status_code == 200
    ask = httpx.get(server + "/sparql", params={"query": "ASK { <urn:a> ?p ?o }"})
    assert ask.json()["boolean"] is False
    members = httpx.get(server + "/sparql", params={"query": SELECT}).json()
    assert len(members["results"]["bindings"]) == 6  # other graphs untouched
    r = httpx.post(server + "/sparql", headers=auth, data={"update": "CLEAR XYZ"})
    assert r.status_code == 400


UNKNOWN_FUNCTION = "SELECT ?x { BIND(<http://example.org/f>(1) AS ?x) }"
TRIPLE_TERM = ('CONSTRUCT { <http://a> <http://b> ?t } '
               'WHERE { BIND(TRIPLE(<http://a>, <http://b>, "c") AS ?t) }')


def test_unknown_function_is_400_for_queries_and_updates(server: str) -> None:
    """The query's fault, not the server's: 400 with the engine's message, nothing written."""
    r = httpx.get(server + "/sparql", params={"query": UNKNOWN_FUNCTION})
    assert r.status_code == 400, r.text
    assert "The custom function <http://example.org/f> is not supported" in r.text
    before = httpx.get(server + "/health").json()["generation"]
    update = ("INSERT { GRAPH <urn:test:f> { <urn:a> <urn:b> ?x } } "
              "WHERE { BIND(<http://example.org/f>(1) AS ?x) }")
    r = httpx.post(server + "/sparql", data={"update": update}, headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400, r.text
    assert "<http://example.org/f> is not supported" in r.text and "nothing was written" in r.text
    assert httpx.get(server + "/health").json()["generation"] == before


@pytest.mark.parametrize("text", [
    "LOAD <https://query.wikidata.org/sparql> INTO GRAPH <urn:x>",
    "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
    "# a comment\nBASE <http://example.org/> CLEAR ALL",
])
def test_an_update_sent_as_a_query_is_named_as_such(server: str, text: str) -> None:
    """Not a parse error at the first keyword nor the SERVICE allow-list's refusal of LOAD."""
    for r in (httpx.get(server + "/sparql", params={"query": text}),
              httpx.post(server + "/sparql", content=text,
                         headers={"content-type": "application/sparql-query"})):
        assert r.status_code == 400 and "this is a SPARQL update, sent as a query" in r.text, r.text


@pytest.mark.parametrize(("accept", "status"), [
    ("application/ld+json", 406), ("text/turtle", 200), ("application/n-triples", 200),
    ("application/rdf+xml", 200),  # RDF/XML has rdf:parseType="Triple" for them
])
def test_triple_terms_in_a_format_without_them_is_406(server: str, accept: str, status: int) -> None:
    r = httpx.get(server + "/sparql", params={"query": TRIPLE_TERM}, headers={"accept": accept})
    assert r.status_code == status, r.text
    if status == 406:
        assert "JSON-LD" in r.text and "Turtle" in r.text and "N-Triples" in r.text
    else:
        fmt = ox.RdfFormat.from_media_type(accept)
        [triple] = ox.parse(r.content, format=fmt)
        assert isinstance(triple.object, ox.Triple) and triple.object.object == ox.Literal("c")


def test_other_methods_are_405(server: str) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        r = httpx.request(method, server + "/sparql", params={"query": "ASK {}"})
        assert r.status_code == 405, method
        assert r.headers["allow"] == "GET, POST, HEAD"
        assert "use GET, POST or HEAD" in r.text


def test_trailing_slash_is_the_same_endpoint(server: str) -> None:
    r = httpx.get(server + "/sparql/", params={"query": "ASK {}"},
                  headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_openapi_documents_the_protocol(server: str) -> None:
    schema = httpx.get(server + "/openapi.json").json()
    item = schema["paths"]["/sparql"]
    assert {p["name"] for p in item["get"]["parameters"]} == {
        "query", "default-graph-uri", "named-graph-uri", "format"}
    assert set(item["post"]["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"}
    assert "application/sparql-results+json" in item["get"]["responses"]["200"]["content"]
    assert "/health" in schema["paths"]  # FastAPI's own routes are still there


@pytest.mark.parametrize("options, logged", [((), False), (("--access-log",), True)])
def test_access_log_is_opt_in(tmp_path: Path, options: tuple[str, ...], logged: bool) -> None:
    with fixture_server(tmp_path, *options) as url:
        assert httpx.post(url + "/sparql", content="ASK {}",
                          headers={"content-type": "application/sparql-query"}).status_code == 200
        port = url.rsplit(":", 1)[1]
    log = (tmp_path / f"server-{port}.log").read_text()
    assert "Application startup complete" in log
    assert ('"POST /sparql HTTP/1.1" 200' in log) is logged
