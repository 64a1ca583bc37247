"""Counts that describe a store: quads per named graph and resources per kind."""

from __future__ import annotations

import pyoxigraph as ox

from graph.vocab import OPENGOV, SCHEMA, UNGA

KINDS: dict[str, str] = {
    "resolutions": UNGA + "Resolution",
    "vote events": OPENGOV + "VoteEvent",
    "ballots": OPENGOV + "Vote",
    "member states": UNGA + "MemberState",
    "observer states": UNGA + "ObserverState",
    "persons": SCHEMA + "Person",
    "speeches": UNGA + "Speech",
    "news articles": SCHEMA + "NewsArticle",
    "claims": UNGA + "Claim",
}


def stats(db: ox.Store) -> list[tuple[str, int]]:
    """(label, count) rows: each named graph, all quads, then each kind of resource."""
    rows: list[tuple[str, int]] = []
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    total = 0
    for row in db.query(query):
        n = int(row["n"].value)
        rows.append((f"quads in {row['g'].value}", n))
        total += n
    rows.append(("quads in all graphs", total))
    for label, cls in KINDS.items():
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}"
        result = db.query(q, use_default_graph_as_union=True)
        rows.append((label, int(next(iter(result))["n"].value)))
    return rows
