"""Federated named queries against a local Wikidata stand-in, via the CLI and the endpoint.

The stand-in is the ``oxigraph`` server binary on 127.0.0.1 loaded with
tests/fixtures/wikidata/wikidata.ttl (15 states in Wikidata's shapes); SERVICE
<https://query.wikidata.org/sparql> is routed to it with ``--service-alias``. Expected rows
come from the shipped voting data joined with the fixture's facts.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator

import httpx
import pytest
from oxigraph_support import oxigraph_server
from test_endpoint_support import free_port, running_server

from graph.federation import FederationError, probe, service_endpoints
from graph.store import GraphStore
from tests.conftest import REPO, run_cli

WIKIDATA = "https://query.wikidata.org/sparql"
FIXTURE = REPO / "tests" / "fixtures" / "wikidata" / "wikidata.ttl"
WD = "http://www.wikidata.org/entity/"
EU, AU = f"<{WD}Q458>", f"<{WD}Q7159>"

STATES = [("BRA", "Q155", "Brazil"), ("CHN", "Q148", "People's Republic of China"),
          ("DEU", "Q183", "Germany"), ("EGY", "Q79", "Egypt"), ("ERI", "Q986", "Eritrea"),
          ("FRA", "Q142", "France"), ("GBR", "Q145", "United Kingdom"), ("IND", "Q668", "India"),
          ("KEN", "Q114", "Kenya"), ("NGA", "Q1033", "Nigeria"), ("POL", "Q36", "Poland"),
          ("RUS", "Q159", "Russia"), ("UKR", "Q212", "Ukraine"),
          ("USA", "Q30", "United States of America"), ("ZAF", "Q258", "South Africa")]
# (query, params, expected rows) — each row as the CSV gives it.
CASES: list[tuple[str, dict[str, str], list[list[str]]]] = [
    ("federated_states", {}, [[iso3, WD + qid, label] for iso3, qid, label in STATES]),
    # A/RES/ES-11/5: Russia and Egypt count on two continents each.
    ("votes_by_continent", {"symbol": "A/RES/ES-11/5"}, [
        ["Africa", "5", "1", "1", "3", "0"], ["Asia", "4", "0", "2", "2", "0"],
        ["Europe", "6", "5", "1", "0", "0"], ["North America", "1", "1", "0", "0", "0"],
        ["South America", "1", "0", "0", "1", "0"]]),
    # EU: the UK counts until 2020-01-31, Poland from 2004; ES-11/2 and /4 have no EU ballot known.
    ("organisation_votes", {"org": EU}, [
        ["A/RES/68/262", "2014-03-27", "4", "4", "0", "0", "0"],
        ["A/RES/ES-11/1", "2022-03-02", "3", "3", "0", "0", "0"],
        ["A/RES/ES-11/3", "2022-04-07", "2", "2", "0", "0", "0"],
        ["A/RES/ES-11/5", "2022-11-14", "3", "3", "0", "0", "0"],
        ["A/RES/ES-11/6", "2023-02-23", "3", "3", "0", "0", "0"]]),
    ("organisation_votes", {"org": AU}, [
        ["A/RES/68/262", "2014-03-27", "5", "1", "0", "4", "0"],
        ["A/RES/ES-11/1", "2022-03-02", "5", "3", "1", "1", "0"],
        ["A/RES/ES-11/2", "2022-03-24", "2", "0", "1", "1", "0"],
        ["A/RES/ES-11/3", "2022-04-07", "2", "0", "1", "1", "0"],
        ["A/RES/ES-11/4", "2022-10-12", "3", "1", "0", "2", "0"],
        ["A/RES/ES-11/5", "2022-11-14", "5", "1", "1", "3", "0"],
        ["A/RES/ES-11/6", "2023-02-23", "5", "3", "1", "1", "0"]]),
    # A/RES/ES-11/1 (141-5-35, 12 X): Eritrea (N) has no population in the fixture.
    ("population_votes", {"symbol": "A/RES/ES-11/1"}, [
        ["Y", "141", "1171789701", "0.286"], ["N", "5", "144495044", "0.035"],
        ["A", "35", "2782292283", "0.679"], ["X", "12", "0", "0"]]),
]
IDS = [f"{name}-{i}" for i, (name, _, _) in enumerate(CASES)]
HEADERS = {"federated_states": ["iso3", "wikidata", "label"],
           "votes_by_continent": ["continent", "states", "yes", "no", "abstain", "non_voting"],
           "organisation_votes": ["symbol", "date", "members", "yes", "no", "abstain", "non_voting"],
           "population_votes": ["vote", "states", "population", "share"]}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve-read-only`` over the Wikidata-shaped fixture; yields its query URL."""
    location = tmp_path_factory.mktemp("wikidata") / "db"
    with oxigraph_server(location, read_only=True, load=FIXTURE) as url:
        yield url + "/query"


@pytest.fixture(scope="module")
def closed_url() -> str:
    """A SPARQL URL on 127.0.0.1 where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/sparql"


@pytest.fixture(scope="module")
def endpoint(built_store: GraphStore, mirror: str, closed_url: str) -> Iterator[str]:
    """``unga-kg serve`` over the shipped build, Wikidata aliased to the mirror."""
    with running_server(built_store.root, "--workers", "1", "--service-alias", f"{WIKIDATA}={mirror}",
                        "--allow-service", closed_url) as url:
        yield url


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=IDS)
def test_named_query_through_the_cli(built_store: GraphStore, mirror: str, name: str,
                                     params: dict[str, str], expected: list[list[str]]) -> None:
    args = [f"--param={k}={v}" for k, v in params.items()]
    result = run_cli("query", name, *args, "--service-alias", f"{WIKIDATA}={mirror}",
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    assert _rows(result.stdout) == [HEADERS[name], *expected]


PLAIN = REPO / "tests" / "fixtures" / "gallery" / "plain"
"""Plain formulations of the queries written for the planner (docs/gallery.md)."""
PLAIN_CASES = [(i, case) for i, case in zip(IDS, CASES, strict=True) if (PLAIN / f"{case[0]}.rq").exists()]


@pytest.mark.parametrize(("name", "params", "expected"), [c for _, c in PLAIN_CASES],
                         ids=[i for i, _ in PLAIN_CASES])
def test_plain_formulation_gives_the_same_rows(built_store: GraphStore, mirror: str, name: str,
                                               params: dict[str, str], expected: list[list[str]]) -> None:
    plain = PLAIN / f"{name}.rq"
    args = [f"--param={k}={v}" for k, v in params.items()]
    result = run_cli("query", str(plain), *args, "--service-alias", f"{WIKIDATA}={mirror}",
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    assert _rows(result.stdout) == [HEADERS[name], *expected]


@pytest.mark.parametrize(("name", "params", "expected"), CASES, ids=IDS)
def test_named_query_through_the_endpoint(endpoint: str, name: str, params: dict[str, str],
                                          expected: list[list[str]]) -> None:
    r = httpx.get(f"{endpoint}/queries/{name}", params={**params, "format": "csv"}, timeout=30)
    assert r.status_code == 200, r.text
    assert _rows(r.text) == [HEADERS[name], *expected]


def test_federated_query_text_over_the_sparql_protocol(endpoint: str) -> None:
    text = (REPO / "queries" / "federated_states.rq").read_text()
    r = httpx.post(f"{endpoint}/sparql", content=text, timeout=30,
                   headers={"content-type": "application/sparql-query", "accept": "text/csv"})
    assert r.status_code == 200, r.text
    assert _rows(r.text)[1:] == [[iso3, WD + qid, label] for iso3, qid, label in STATES]


def test_unreachable_endpoint_fails_fast_in_the_cli(built_store: GraphStore, closed_url: str) -> None:
    started = time.monotonic()
    result = run_cli("query", "federated_states", "--service-alias", f"{WIKIDATA}={closed_url}",
                     "--store", str(built_store.root))
    assert time.monotonic() - started < 10
    assert result.returncode == 1 and result.stdout == ""
    assert f"SERVICE endpoint <{closed_url}> is unreachable" in result.stderr


def test_unreachable_endpoint_is_an_http_error(endpoint: str, closed_url: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{closed_url}> {{ ?s ?p ?o }} }}"
    started = time.monotonic()
    r = httpx.get(f"{endpoint}/sparql", params={"query": query}, timeout=30)
    assert time.monotonic() - started < 10
    assert r.status_code == 502 and "refused" in r.text.lower(), r.text


def test_silent_endpoint_hits_the_cli_deadline(built_store: GraphStore) -> None:
    import socket

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        result = run_cli("query", "federated_states", "--service-timeout", "1",
                         "--service-alias", f"{WIKIDATA}={url}", "--store", str(built_store.root))
    assert time.monotonic() - started < 10
    assert result.returncode == 1 and f"no answer from SERVICE endpoint <{url}> within 1 s" in result.stderr


def test_service_endpoints_and_probe() -> None:
    text = ("PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE w:sparql { ?a ?b ?c } "
            "SERVICE SILENT <http://x.example/q> { ?a ?b ?c } SERVICE <http://x.example/q> {} }")
    assert service_endpoints(text) == [WIKIDATA, "http://x.example/q"]
    with pytest.raises(FederationError, match="not an http"):
        probe("ftp://example.org/sparql")
