"""Linked-data pages, the named-query API, /dump, VoID and /health on a real server."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from test_endpoint_support import ID, fixture_graphs, fixture_server

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fixture_server(tmp_path_factory.mktemp("pages")) as url:
        yield url


def test_resolution_page_html(server: str) -> None:
    r = httpx.get(server + "/id/resolution/A-RES-ES-11-1", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "Aggression against Ukraine" in page
    assert "Yes: 3" in page and "No: 1" in page and "Abstention: 2" in page
    roll_call = page[page.index("Roll call"):page.index("Speeches")]
    assert "Yes (3)" in roll_call and "No (1)" in roll_call and "Abstention (2)" in roll_call
    assert 'href="/id/state/RUS">Russian Federation<' in roll_call
    assert "Sergiy Kyslytsya" in page and 'href="/id/article/0123456789ab"' in page
    assert "Reported by" in page and "unga:ReportedTally" in page


def test_state_page_links_back(server: str) -> None:
    r = httpx.get(server + "/id/state/UKR?format=html")
    assert r.status_code == 200
    assert 'href="/id/resolution/A-RES-ES-11-1"' in r.text and "Voting record" in r.text


@pytest.mark.parametrize(("accept", "fmt", "rdf_format"), [
    ("text/turtle", None, ox.RdfFormat.TURTLE),
    ("application/ld+json", None, ox.RdfFormat.JSON_LD),
    ("application/n-triples", None, ox.RdfFormat.N_TRIPLES),
    (None, "jsonld", ox.RdfFormat.JSON_LD),
    (None, "nt", ox.RdfFormat.N_TRIPLES),
    (None, None, ox.RdfFormat.TURTLE),
])
def test_resource_rdf(server: str, accept: str | None, fmt: str | None, rdf_format: ox.RdfFormat) -> None:
    headers = {"accept": accept} if accept else {}
    params = {"format": fmt} if fmt else {}
    r = httpx.get(server + "/id/state/RUS", headers=headers, params=params)
    assert r.status_code == 200
    triples = list(ox.parse(r.content, format=rdf_format))
    assert {t.subject.value for t in triples} == {ID + "state/RUS"}
    assert len(triples) == 3


def test_unknown_resource_is_404(server: str) -> None:
    assert httpx.get(server + "/id/state/XXX").status_code == 404
    assert httpx.get(server + "/id/state/XXX", headers=HTML).status_code == 404


def test_queries_listing(server: str) -> None:
    listing = httpx.get(server + "/queries").json()["queries"]
    by_name = {q["name"]: q for q in listing}
    assert by_name["roll_call"]["params"][0]["name"] == "symbol"
    assert by_name["resolutions"]["title"]
    html = httpx.get(server + "/queries", headers=HTML)
    assert html.headers["content-type"].startswith("text/html") and "roll_call" in html.text


def test_named_query_with_parameter(server: str) -> None:
    r = httpx.get(server + "/queries/roll_call", params={"symbol": "A/RES/ES-11/1", "format": "csv"})
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["iso3"], x["vote"]) for x in rows] == [
        ("CHN", "A"), ("FRA", "Y"), ("IND", "A"), ("RUS", "N"), ("UKR", "Y"), ("USA", "Y")]
    r = httpx.get(server + "/queries/state_record", params={"iso3": "RUS"})
    assert r.json()["results"]["bindings"][0]["vote"]["value"] == "N"
    r = httpx.get(server + "/queries/agreement", params={"a": "UKR", "b": "USA", "format": "csv"})
    assert r.text.split()[1].split(",")[:2] == ["1", "1"]


def test_queries_listing_gives_examples_and_says_optional_once(server: str) -> None:
    by_name = {q["name"]: q for q in httpx.get(server + "/queries").json()["queries"]}
    assert by_name["roll_call"]["params"][0]["example"] == "A/RES/ES-11/1"
    assert by_name["roll_call"]["example_url"] == "/queries/roll_call?symbol=A/RES/ES-11/1"
    assert by_name["agreement"]["example_url"] == "/queries/agreement?a=USA&b=RUS"
    speakers = by_name["speakers_by_state"]["params"][0]
    assert speakers["optional"] and speakers["description"] == "ISO3 code of the state spoken for, e.g. UKR"
    page = httpx.get(server + "/queries", headers=HTML).text
    assert "(optional): (optional)" not in page
    assert "<code>iso3</code> (optional): ISO3 code of the state spoken for, e.g. UKR" in page
    assert 'href="/queries/roll_call?symbol=A/RES/ES-11/1&amp;format=csv"' in page


def test_empty_value_of_a_form_field_counts_as_not_given(server: str) -> None:
    everything = httpx.get(server + "/queries/speakers_by_state", params={"format": "csv"})
    empty = httpx.get(server + "/queries/speakers_by_state", params={"iso3": "", "format": "csv"})
    assert empty.status_code == 200 and empty.text == everything.text
    assert "UKR,Ukraine,Sergiy Kyslytsya" in empty.text
    r = httpx.get(server + "/queries/roll_call", params={"symbol": " ", "format": "csv"})
    assert r.status_code == 400 and "missing parameter(s): symbol" in r.text


def test_named_query_errors(server: str) -> None:
    assert httpx.get(server + "/queries/nope").status_code == 404
    assert httpx.get(server + "/queries/roll_call").status_code == 400
    assert httpx.get(server + "/queries/roll_call", params={"symbol": "x", "bogus": "1"}).status_code == 400
    assert httpx.get(server + "/queries/roll_call", params={"symbol": "<a b>"}).status_code == 400


@pytest.mark.parametrize(("query_string", "named"), [
    ("symbol=A/RES/ES-11/4&symbol=A/RES/ES-11/1&format=csv", "'symbol'"),
    ("symbol=A/RES/ES-11/1&format=csv&format=json", "'format'"),
])
def test_named_query_repeated_parameter_is_400(server: str, query_string: str, named: str) -> None:
    """Not the last value silently: /sparql refuses a repeated parameter too."""
    r = httpx.get(f"{server}/queries/roll_call?{query_string}")
    assert r.status_code == 400, r.text
    assert f"parameter {named} given more than once" in r.text


def test_named_query_value_not_utf8_is_400(server: str) -> None:
    r = httpx.get(f"{server}/queries/state_record?iso3=R%DCS")  # %DC: "Ü" in Latin-1
    assert r.status_code == 400 and "not valid UTF-8" in r.text, r.text


@pytest.mark.parametrize(("fmt", "rdf_format"), [
    ("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG), ("ttl", ox.RdfFormat.TURTLE),
    ("nt", ox.RdfFormat.N_TRIPLES), ("jsonld", ox.RdfFormat.JSON_LD),
])
def test_dump(server: str, fmt: str, rdf_format: ox.RdfFormat) -> None:
    expected = sum(chunk.count("\n") for chunks in fixture_graphs().values() for chunk in chunks)
    with httpx.stream("GET", server + "/dump", params={"format": fmt}) as r:
        assert r.status_code == 200
        data = b"".join(r.iter_bytes())
    assert len(list(ox.parse(data, format=rdf_format))) == expected


def test_dump_format_names_any_case_and_406_for_unknown(server: str) -> None:
    r = httpx.get(server + "/dump", params={"format": "NQ"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")
    r = httpx.get(server + "/dump", params={"format": "N-Triples"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    r = httpx.get(server + "/dump", params={"format": "bad"})
    assert r.status_code == 406 and "use one of" in r.text  # as /sparql, /id and /queries answer


@pytest.mark.parametrize("path", ["/dump", "/id/state/UKR", "/.well-known/void", "/sparql"])
def test_format_given_twice_or_not_utf8_is_400_on_every_route(server: str, path: str) -> None:
    """Starlette keeps the last of repeated values and decodes bad bytes to U+FFFD; every route
    answers as /sparql does instead."""
    r = httpx.get(f"{server}{path}?format=nt&format=ttl")
    assert r.status_code == 400 and "parameter 'format' given more than once" in r.text, r.text
    r = httpx.get(f"{server}{path}?format=%E9", headers={"origin": "https://example.org"})
    assert r.status_code == 400 and "not valid UTF-8" in r.text, r.text
    assert r.headers["access-control-allow-origin"] == "*"


def test_an_empty_dump_format_is_the_default(server: str) -> None:
    r = httpx.head(server + "/dump?format=")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")


def test_void_and_health(server: str) -> None:
    r = httpx.get(server + "/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sizes = {t.subject.value: int(t.object.value) for t in triples
             if t.predicate.value == "http://rdfs.org/ns/void#triples"}
    assert sizes["https://w3id.org/unga-kg/graph/members"] == 18
    assert "non-commercial" in r.text and "publishers" in r.text and "bibliographicCitation" in r.text
    health = httpx.get(server + "/health").json()
    assert health["status"] == "ok" and health["generation"].startswith("gen-")
