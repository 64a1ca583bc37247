"""What every resource page shows: labels looked up in one query, links to the resource in order.

Page.prefetch reads the labels of many IRIs at once (a state page links to every resolution it
voted on); the answer must be the label each IRI would get alone, by the documented order of
properties. The incoming links are sorted in Python, not by ORDER BY, and must come out as
``ORDER BY ?p ?s LIMIT 200`` would give them.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.http.views.common import INCOMING, Page, common_context
from graph.vocab import DEFAULT_BASE

ID = DEFAULT_BASE + "id/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
LABELLED = {  # resource -> (property, value) pairs, and the label the page must show
    "resolution/A-RES-ES-11-4": ([(DCT + "identifier", "A/RES/ES-11/4"),
                                  (DCT + "title", "Territorial integrity of Ukraine")],
                                 "Territorial integrity of Ukraine"),
    "resolution/A-RES-ES-11-1": ([(DCT + "identifier", "A/RES/ES-11/1")], "A/RES/ES-11/1"),
    "state/UKR": ([(SCHEMA + "name", "Ukraina"), (RDFS + "label", "Ukraine"),
                   (DCT + "identifier", "UKR")], "Ukraine"),
    "person/sergiy-kyslytsya": ([(SCHEMA + "name", "Sergiy Kyslytsya")], "Sergiy Kyslytsya"),
}
TARGET = ID + "state/RUS"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Labelled resources, and 250 links to TARGET by two properties (3 from blank nodes)."""
    db = ox.Store()
    graph = ox.NamedNode(DEFAULT_BASE + "graph/test")
    for path, (pairs, _) in LABELLED.items():
        for prop, value in pairs:
            db.add(ox.Quad(ox.NamedNode(ID + path), ox.NamedNode(prop), ox.Literal(value), graph))
    voter = ox.NamedNode("http://www.w3.org/ns/opengov#voter")
    sponsor = ox.NamedNode(DEFAULT_BASE + "ontology#sponsor")
    for n in range(247):  # not in lexical order of the IRIs
        prop = voter if n % 3 else sponsor
        db.add(ox.Quad(ox.NamedNode(f"{ID}vote/A-RES-{(n * 37) % 101}-{n}/RUS"), prop,
                       ox.NamedNode(TARGET), graph))
    for _ in range(3):
        db.add(ox.Quad(ox.BlankNode(), sponsor, ox.NamedNode(TARGET), graph))
    return db


def test_prefetched_labels_are_the_labels_looked_up_one_by_one(store: ox.Store) -> None:
    together = Page(store, TARGET, DEFAULT_BASE)
    terms = [ox.NamedNode(ID + path) for path in LABELLED] + [ox.NamedNode(ID + "state/FRA")]
    together.prefetch(terms)
    for term in terms:
        alone = Page(store, TARGET, DEFAULT_BASE).label(term)
        assert together.label(term) == alone
    for path, (_, label) in LABELLED.items():
        assert together.label(ox.NamedNode(ID + path)) == label
    assert together.label(ox.NamedNode(ID + "state/FRA")) == together.compact(ID + "state/FRA")


def test_incoming_links_are_the_first_by_property_then_subject(store: ox.Store) -> None:
    page = Page(store, TARGET, DEFAULT_BASE)
    shown = [(link.href, prop.href) for link, prop in common_context(page)["incoming"]]
    assert len(shown) == INCOMING == 200
    expected = page.rows("SELECT ?s ?p WHERE { ?s ?p ?this } ORDER BY ?p ?s LIMIT 200")
    # blank nodes sort before IRIs under each property; their relative order is unspecified
    named = [(page.href(r["s"].value), r["p"].value) for r in expected if isinstance(r["s"], ox.NamedNode)]
    assert [s for s in shown if s[0] is not None] == named
    blanks = [i for i, r in enumerate(expected) if isinstance(r["s"], ox.BlankNode)]
    assert [i for i, (href, _) in enumerate(shown) if href is None] == blanks
