"""Content negotiation, Vary and HEAD on a real server (RFC 9110 §12.5.1, §9.3.2).

The negotiation rules themselves are tested table-driven in test_negotiation.py; these cases
check that every route uses them, says ``Vary: Accept``, and answers HEAD as it answers GET.
"""

from __future__ import annotations

import csv
import io
import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
import pytest
from test_endpoint_support import fixture_server

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ASK = {"query": "ASK {}"}
SELECT = {"query": "SELECT ?s WHERE { ?s a <https://w3id.org/unga-kg/ontology#MemberState> }"}
CONSTRUCT = {"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3"}
ROLL_CALL = ("/queries/roll_call", {"symbol": "A/RES/ES-11/1"})


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fixture_server(tmp_path_factory.mktemp("negotiation")) as url:
        yield url


def parses_as(media: str, body: bytes) -> bool:
    """True when ``body`` is well-formed ``media`` (the types these tests expect)."""
    text = body.decode()
    if media in ("text/csv", "text/tab-separated-values"):
        return bool(list(csv.reader(io.StringIO(text), delimiter="," if media == "text/csv" else "\t")))
    if media in ("application/sparql-results+json", "application/json"):
        return isinstance(json.loads(text), dict)
    if media in ("application/sparql-results+xml", "text/xml"):
        return "<sparql" in text
    if media == "text/html":
        return "<html" in text.lower()
    rdf = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML}[media]
    return len(list(ox.parse(body, format=rdf))) > 0


@pytest.mark.parametrize(("path", "params", "accept", "media"), [
    # a wildcard's type, never the table's first type the client did not accept
    ("/sparql", ASK, "text/*", "text/csv"),
    ("/sparql", SELECT, "text/*", "text/csv"),
    ("/sparql", CONSTRUCT, "application/*", "application/n-triples"),
    ("/id/state/RUS", {}, "application/*", "application/n-triples"),
    ("/.well-known/void", {}, "application/*", "application/n-triples"),
    ("/sparql", {}, "application/*", "application/n-triples"),  # the Service Description
    # q=0 refuses that type even when */* follows
    ("/sparql", SELECT, "application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("/id/state/RUS", {}, "text/turtle;q=0, */*", "application/n-triples"),
    ("/sparql", CONSTRUCT, "text/turtle;q=0, */*", "application/n-triples"),
    # HTML or RDF by the same rule
    ("/id/state/RUS", {}, "text/turtle;q=0.5, text/html;q=0.9", "text/html"),
    ("/id/state/RUS", {}, "text/html;q=0, text/turtle", "text/turtle"),
    ("/id/state/RUS", {}, BROWSER, "text/html"),
    ("/id/state/RUS", {}, "*/*", "text/turtle"),
    ("/queries", {}, "text/html;q=0.5, application/json", "application/json"),
    ("/queries", {}, "application/json;q=0.5, text/html", "text/html"),
    ("/queries", {}, BROWSER, "text/html"),
    ("/queries", {}, "*/*", "application/json"),
    # /queries/{name} negotiates like /sparql when format= is absent
    (*ROLL_CALL, "text/csv", "text/csv"),
    (*ROLL_CALL, "text/tab-separated-values", "text/tab-separated-values"),
    (*ROLL_CALL, "application/sparql-results+xml", "application/sparql-results+xml"),
    (*ROLL_CALL, "*/*", "application/sparql-results+json"),
])
def test_negotiated_type(server: str, path: str, params: dict[str, str], accept: str, media: str) -> None:
    r = httpx.get(server + path, params=params, headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    assert parses_as(media, r.content)


def test_curl_defaults_are_unchanged(server: str) -> None:
    """No Accept and curl's */* get what they got before: Turtle, JSON, SPARQL JSON."""
    for accept in (None, "*/*"):
        headers = {"accept": accept} if accept else {"accept": ""}
        assert httpx.get(server + "/id/state/RUS", headers=headers).headers["content-type"].startswith(
            "text/turtle")
        assert httpx.get(server + "/queries", headers=headers).headers["content-type"] == "application/json"
        r = httpx.get(server + ROLL_CALL[0], params=ROLL_CALL[1], headers=headers)
        assert r.headers["content-type"] == "application/sparql-results+json"


@pytest.mark.parametrize(("path", "params", "accept"), [
    ("/sparql", SELECT, "text/turtle"),
    ("/sparql", SELECT, "text/*;q=0, application/*;q=0"),
    ("/id/state/RUS", {}, "text/html;q=0, text/turtle;q=0, application/*;q=0"),
    ("/queries", {}, "text/turtle"),
    (*ROLL_CALL, "text/turtle"),
])
def test_nothing_acceptable_is_406(server: str, path: str, params: dict[str, str], accept: str) -> None:
    assert httpx.get(server + path, params=params, headers={"accept": accept}).status_code == 406


def test_format_parameter_still_overrides_accept(server: str) -> None:
    r = httpx.get(server + ROLL_CALL[0], params={**ROLL_CALL[1], "format": "json"},
                  headers={"accept": "text/csv"})
    assert r.headers["content-type"] == "application/sparql-results+json"
    r = httpx.get(server + "/id/state/RUS", params={"format": "html"}, headers={"accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/html")
    r = httpx.get(server + "/sparql", params={**SELECT, "format": "csv"}, headers={"accept": "image/png"})
    assert r.headers["content-type"].startswith("text/csv")


def raw_head(url: str, target: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    """Status, headers and every byte after them of a HEAD sent by hand on its own connection."""
    host, port = urlsplit(url).hostname, urlsplit(url).port
    request = (f"HEAD {target} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: {accept}\r\n"
               "Connection: close\r\n\r\n").encode()
    with socket.create_connection((host, port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    pairs = (line.split(": ", 1) for line in lines[1:])
    headers = {name.lower(): value for name, value in pairs}
    return int(lines[0].split()[1]), headers, rest


def comparable(headers: dict[str, str] | httpx.Headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower() not in ("date", "connection")}


@pytest.mark.parametrize(("target", "accept", "status"), [
    ("/sparql?query=ASK%7B%7D", "*/*", 200),
    ("/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205", "text/csv", 200),
    ("/sparql", "text/turtle", 200),
    ("/sparql?query=ASK%7B", "*/*", 400),
    ("/sparql?query=ASK%7B%7D", "image/png", 406),
    ("/id/state/RUS", "*/*", 200),
    ("/id/state/RUS", BROWSER, 200),
    ("/id/state/XXX", "*/*", 404),
    ("/health", "*/*", 200),
    ("/queries", "*/*", 200),
    ("/queries", BROWSER, 200),
    ("/queries/roll_call?symbol=A/RES/ES-11/1", "text/csv", 200),
    ("/queries/nope", "*/*", 404),
    ("/.well-known/void", "*/*", 200),
    ("/", BROWSER, 200),
    ("/static/site.css", "*/*", 200),
])
def test_head_answers_like_get_without_a_body(server: str, target: str, accept: str, status: int) -> None:
    code, headers, rest = raw_head(server, target, accept)
    get = httpx.get(server + target, headers={"accept": accept})
    assert (code, get.status_code) == (status, status)
    assert rest == b""
    if target in ("/health", "/sparql"):  # live workers; fresh blank node labels: lengths vary
        assert comparable(headers).keys() == comparable(get.headers).keys()
    else:
        assert comparable(headers) == comparable(get.headers)
    assert headers["content-type"] == get.headers["content-type"]


def test_head_of_a_dump_neither_builds_nor_reads_it(server: str) -> None:
    code, headers, rest = raw_head(server, "/dump?format=trig")
    assert (code, rest) == (200, b"")
    assert headers["content-type"] == "application/trig"
    assert 'filename="unga-kg-gen-' in headers["content-disposition"]
    assert "content-length" not in headers  # not built yet, and HEAD did not build it
    body = httpx.get(server + "/dump", params={"format": "trig"}).content
    code, headers, rest = raw_head(server, "/dump?format=trig")
    assert (code, rest) == (200, b"")
    assert int(headers["content-length"]) == len(body) and headers["etag"]
    assert raw_head(server, "/dump?format=yaml")[0] == 406


def test_allow_lists_head(server: str) -> None:
    r = httpx.delete(server + "/health")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"
    r = httpx.put(server + "/sparql", params=ASK)
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) == {"GET", "HEAD", "POST"}
