"""The W3C SPARQL 1.1 Protocol tests (w3c/rdf-tests, sparql/sparql11/protocol), as pytest cases.

Each case restates one manifest entry's HTTP exchange: method, path and query string, body,
content type, and the expected status class (and ASK answer where the manifest gives one).
The server runs with an update token and the requests that update send it, so that the
``bad_update_*`` cases fail for the reason the test means, not for lack of authorisation.
The ``update_dataset_*`` entries need ``using-graph-uri`` / ``using-named-graph-uri``, which
this endpoint refuses (400), so they are not run; see docs/protocol-tests.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import quote

import httpx
import pytest
from test_endpoint_support import KASEI, fixture_server

TOKEN = "protocol-token"
FORM, QUERY, UPDATE = ("application/x-www-form-urlencoded", "application/sparql-query",
                       "application/sparql-update")
D0, D1, D2, D3 = (quote(f"{KASEI}data{n}.rdf", safe="") for n in range(4))
ASK_12 = (f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}")
ASK_NAMED = (f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
             f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
ASK_FULL = (f"ASK {{ <{KASEI}data3.rdf> a ?type GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
            f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
ASK_FROM = ASK_NAMED.replace("ASK {", f"ASK FROM <{KASEI}data3.rdf> {{", 1)
BASE_UPDATE = ("CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
               "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
               "{ <http://example.org/s> <http://example.org/p> <test> } }")
BASE_ASK = ('ASK { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> '
            '<http://example.org/p> ?o FILTER (isIRI(?o) && STR(?o) != "test") } }')


class Case(NamedTuple):
    """One HTTP exchange of a manifest entry."""

    method: str
    target: str
    body: str | bytes | None = None
    content_type: str | None = None
    status: int = 2  # expected status class (2 also admits 3, as the manifest does)
    boolean: bool | None = None
    kind: str | None = None  # "boolean", "tabular" or "RDF"
    authorised: bool = False


def q(text: str) -> str:
    return quote(text, safe="")


CASES: dict[str, list[Case]] = {
    "query_post_form": [Case("POST", f"?default-graph-uri={D0}", "query=ASK%20%7B%7D", FORM,
                             boolean=True, kind="boolean")],
    "query_dataset_default_graphs_get": [
        Case("GET", f"?query={q(ASK_12)}&default-graph-uri={D1}&default-graph-uri={D2}", boolean=True)],
    "query_dataset_default_graphs_post": [
        Case("POST", f"?default-graph-uri={D1}&default-graph-uri={D2}", ASK_12, QUERY, boolean=True)],
    "query_dataset_named_graphs_post": [
        Case("POST", f"?named-graph-uri={D1}&named-graph-uri={D2}", ASK_NAMED, QUERY, boolean=True)],
    "query_dataset_named_graphs_get": [
        Case("GET", f"?query={q(ASK_NAMED)}&named-graph-uri={D1}&named-graph-uri={D2}", boolean=True)],
    "query_dataset_full": [Case("POST", f"?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
                                ASK_FULL, QUERY, boolean=True)],
    "query_multiple_dataset": [
        Case("POST", f"?named-graph-uri={D1}&named-graph-uri={D2}", ASK_FROM, QUERY, boolean=True)],
    "query_get": [Case("GET", f"?query=ASK%20%7B%7D&default-graph-uri={D0}", boolean=True)],
    "query_content_type_select": [
        Case("POST", f"?default-graph-uri={D0}", "SELECT (1 AS ?value) {}", QUERY, kind="tabular")],
    "query_content_type_ask": [Case("POST", f"?default-graph-uri={D0}", "ASK {}", QUERY, kind="boolean")],
    "query_content_type_describe": [
        Case("POST", f"?default-graph-uri={D0}", "DESCRIBE <http://example.org/>", QUERY, kind="RDF")],
    "query_content_type_construct": [
        Case("POST", f"?default-graph-uri={D0}", "CONSTRUCT { <s> <p> 1 } WHERE {}", QUERY, kind="RDF")],
    "query_post_direct": [Case("POST", "", "ASK {}", QUERY, boolean=True)],
    "bad_query_method": [Case("PUT", f"?query=ASK%20%7B%7D&default-graph-uri={D0}", "", FORM, status=4)],
    "bad_multiple_queries": [Case("GET", "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status=4)],
    "bad_query_wrong_media_type": [Case("POST", "", "ASK {}", "text/plain", status=4)],
    "bad_query_missing_form_type": [Case("POST", "", "query=ASK%20%7B%7D", None, status=4)],
    "bad_query_missing_direct_type": [Case("POST", "", "ASK {}", None, status=4)],
    "bad_query_non_utf8": [Case("POST", "", "ASK {}".encode("utf-16"), f"{QUERY}; charset=UTF-16",
                                status=4)],
    "bad_query_syntax": [Case("GET", "?query=ASK%20%7B", status=4)],
    "bad_update_get": [Case("GET", "?update=CLEAR%20ALL", status=4, authorised=True)],
    "bad_multiple_updates": [Case("POST", "", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM,
                                  status=4, authorised=True)],
    "bad_update_wrong_media_type": [Case("POST", "", "CLEAR NAMED", "text/plain", status=4,
                                         authorised=True)],
    "bad_update_missing_form_type": [Case("POST", "", "update=CLEAR%20NAMED", None, status=4,
                                          authorised=True)],
    "bad_update_non_utf8": [Case("POST", "", "CLEAR NAMED".encode("utf-16"), f"{UPDATE}; charset=UTF-16",
                                 status=4, authorised=True)],
    "bad_update_syntax": [Case("POST", "", "update=CLEAR%20XYZ", FORM, status=4, authorised=True)],
    "bad_update_dataset_conflict": [
        Case("POST", "?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
             "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
             "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\n"
             "WHERE { ?person foaf:givenName 'Bill' }", UPDATE, status=4, authorised=True)],
    # Updates last: they change the store.
    "update_base_uri": [Case("POST", "", BASE_UPDATE, UPDATE, authorised=True),
                        Case("POST", "", BASE_ASK, QUERY, boolean=True)],
    "update_post_form": [Case("POST", "", "update=CLEAR+ALL", FORM, authorised=True)],
    "update_post_direct": [Case("POST", "", "CLEAR ALL", UPDATE, authorised=True)],
}
KIND_MEDIA = {"boolean": ("application/sparql-results+",),
              "tabular": ("application/sparql-results+", "text/csv", "text/tab-separated-values"),
              "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml")}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fixture_server(tmp_path_factory.mktemp("protocol"), "--update-token", TOKEN) as url:
        yield url


@pytest.mark.parametrize("name", list(CASES))
def test_w3c_protocol(server: str, name: str) -> None:
    for case in CASES[name]:
        headers = {}
        if case.content_type:
            headers["content-type"] = case.content_type
        if case.authorised:
            headers["authorization"] = f"Bearer {TOKEN}"
        body = case.body.encode() if isinstance(case.body, str) else case.body
        r = httpx.request(case.method, f"{server}/sparql{case.target}", content=body, headers=headers)
        if case.status == 2:
            assert r.status_code in range(200, 400), (name, r.status_code, r.text)
        else:
            assert r.status_code in range(400, 500), (name, r.status_code, r.text)
        if case.kind:
            assert r.headers["content-type"].startswith(KIND_MEDIA[case.kind]), r.headers
        if case.boolean is not None:
            assert r.json()["boolean"] is case.boolean, (name, r.text)


CAFE_LATIN1 = "SELECT%20?x%20%7BBIND(%22caf%E9%22%20AS%20?x)%7D"  # %E9: "é" in Latin-1, not UTF-8


def test_percent_encoding_that_is_not_utf8_is_400(server: str) -> None:
    """Not decoded to U+FFFD (a different query): refused, as a direct POST that is not UTF-8 is."""
    for r in (httpx.get(f"{server}/sparql?query={CAFE_LATIN1}"),
              httpx.post(f"{server}/sparql", content=f"query={CAFE_LATIN1}", headers={"content-type": FORM}),
              httpx.get(f"{server}/sparql?query=ASK%7B%7D&default-graph-uri=http://x/%FF")):
        assert r.status_code == 400, r.text
        assert "not valid UTF-8" in r.text, r.text
    utf8 = CAFE_LATIN1.replace("%E9", "%C3%A9")
    r = httpx.get(f"{server}/sparql?query={utf8}", headers={"accept": "text/csv"})
    assert r.status_code == 200 and r.text.split() == ["x", "café"]


@pytest.mark.parametrize(("in_url", "body", "media"), [
    ("query=ASK%7BFILTER(false)%7D", "ASK {}", QUERY),
    ("update=CLEAR%20ALL", "CLEAR SILENT GRAPH <urn:none>", UPDATE),
    ("query=ASK%7B%7D", "CLEAR SILENT GRAPH <urn:none>", UPDATE),
])
def test_direct_post_with_a_text_in_the_url_too_is_400(server: str, in_url: str, body: str,
                                                        media: str) -> None:
    """§2.1.3 / §2.2.2: only default-graph-uri / named-graph-uri in the URL of a direct POST."""
    health = httpx.get(f"{server}/health").json()["generation"]
    r = httpx.post(f"{server}/sparql?{in_url}", content=body,
                   headers={"content-type": media, "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400, r.text
    assert "carries its text in the body" in r.text
    assert httpx.get(f"{server}/health").json()["generation"] == health  # nothing was applied
