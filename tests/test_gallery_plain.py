"""Gallery queries written for the planner answer exactly as their plain formulations do.

Several gallery queries are written so that pyoxigraph's planner finds a good order at
full-history size (914,624 ballots): sub-selects that make it scan a property once and join
by hashing, instead of looking up every ballot; lookups moved inside each branch of a
``UNION``; official counts pivoted in one ``GROUP BY``; the selective part first. That made
them 3x to 1,000x faster (docs/benchmarks.md, "Gallery queries at full-history size"), and
harder to read.

tests/fixtures/gallery/plain/ keeps the plain formulation of each, the way a reader would
write it. Both run here on the built store with the gallery's article graph, the edge cases of
edge_claims.ttl, and edited official counts, and must give the same rows in the same order.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.queries import bind_params, named_queries
from graph.sparql import run_query, select_rows

GALLERY = Path(__file__).parent / "fixtures" / "gallery"
PLAIN = sorted(p.stem for p in (GALLERY / "plain").glob("*.rq") if "SERVICE" not in p.read_text())
"""The plain formulations that need no Wikidata; test_federation.py checks the others."""
PARAMS: dict[str, list[dict[str, str]]] = {
    "cohesion": [{"states": "DEU FRA POL"}, {"states": "rus,ukr;USA blr"}, {"states": "ZZZ"}],
    "coincidence": [{"a": "USA"}, {"a": "RUS"}, {"a": "ZZZ"}],
    "agreement": [{"a": "USA", "b": "RUS"}, {"a": "IND", "b": "CHN"}, {"a": "USA", "b": "ZZZ"}],
    "position_changes": [{"a": "A/RES/ES-11/1", "b": "A/RES/ES-11/5"},
                         {"a": "A/RES/68/262", "b": "A/RES/ES-11/4"}],
    "sponsor_votes": [{"symbol": "A/RES/ES-11/5"}, {"symbol": "A/RES/ES-11/4"}, {}],
}
VOTE = "https://w3id.org/unga-kg/id/vote/"
PREFIXES = """PREFIX unga: <https://w3id.org/unga-kg/ontology#>
PREFIX opengov: <http://www.w3.org/ns/opengov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
EDITS = [
    # ES-11/3 loses its non-voting count; 68/262 its abstention count (no complete tally left)
    f"DELETE WHERE {{ GRAPH ?g {{ <{VOTE}A-RES-ES-11-3> opengov:count <{VOTE}A-RES-ES-11-3/count/X> }} }}",
    f"DELETE WHERE {{ GRAPH ?g {{ <{VOTE}A-RES-68-262> opengov:count <{VOTE}A-RES-68-262/count/A> }} }}",
    # ES-11/1's yes count becomes 5, as many as its no votes: a tie for the majority rule
    f"""DELETE {{ GRAPH ?g {{ ?c rdf:value ?v }} }} INSERT {{ GRAPH ?g {{ ?c rdf:value 5 }} }}
        WHERE {{ GRAPH ?g {{ <{VOTE}A-RES-ES-11-1> opengov:count ?c . ?c opengov:option unga:yes ;
                 rdf:value ?v }} }}""",
]


@pytest.fixture(scope="module")
def edited(db: ox.Store) -> ox.Store:
    """An in-memory copy of the built store with both article fixtures and the EDITS."""
    store = ox.Store()
    store.extend(db.quads_for_pattern(None, None, None, None))
    for name in ("article_claims", "edge_claims"):
        graph = ox.NamedNode(f"https://w3id.org/unga-kg/graph/article/{name}")
        store.load(path=GALLERY / f"{name}.ttl", format=ox.RdfFormat.TURTLE, to_graph=graph)
    for edit in EDITS:
        store.update(PREFIXES + edit)
    return store


def rows(store: ox.Store, text: str, params: dict[str, str]) -> list[dict[str, str | None]]:
    """The rows of ``text`` with ``params`` bound, in the order the query gives."""
    bound, subs = bind_params(text, params)
    return select_rows(run_query(store, bound, subs))


def cases() -> list[object]:
    return [pytest.param(name, params, id="-".join([name, *params.values()]))
            for name in PLAIN for params in PARAMS.get(name, [{}])]


@pytest.mark.parametrize(("name", "params"), cases())
def test_same_rows_as_the_plain_formulation(name: str, params: dict[str, str], edited: ox.Store) -> None:
    plain = (GALLERY / "plain" / f"{name}.rq").read_text(encoding="utf-8")
    expected = rows(edited, plain, params)
    assert rows(edited, named_queries()[name].text, params) == expected


def test_the_edits_and_edge_cases_are_seen(edited: ox.Store) -> None:
    """The comparison above covers what it should: each edit changes some answer."""
    tallies = {r["symbol"]: r for r in rows(edited, named_queries()["tallies_over_time"].text, {})}
    assert tallies["A/RES/ES-11/3"]["non_voting"] is None
    assert "A/RES/68/262" not in tallies
    assert tallies["A/RES/ES-11/1"]["yes"] == "5"
    found = rows(edited, named_queries()["claims_vs_record"].text, {})
    edge = {(r["kind"], r["symbol"], r["subject"], r["reported"], r["official"]) for r in found
            if r["article"] == "https://w3id.org/unga-kg/id/article/0000000000bb"}
    # the claims about the vote event of ES-11/4: Russia voted no, and the tally was 143-5-35
    assert edge == {("ballot", "A/RES/ES-11/4", "RUS", "A", "N"), ("tally", "A/RES/ES-11/4", "no", "7", "5"),
                    ("tally", "A/RES/ES-11/4", "abstain", "30", "35")}
