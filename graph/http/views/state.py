"""A state's page: its ballots on every recorded vote, newest first."""

from __future__ import annotations

from typing import Any

from graph.http.views import pictures
from graph.http.views.common import Page


def context(page: Page) -> dict[str, Any]:
    """The state's voting record (resolution, date, vote) and its chart (the heat map: pages.py).

    The ballots are read once, for the table and the chart (each read takes ~0.3 s for a state
    with ~4,700 ballots in the full history).
    """
    rows = page.rows("""SELECT ?event ?resolution ?date ?notation WHERE {
        ?ballot opengov:voter ?this ; opengov:voteEvent ?event ; opengov:option ?option .
        ?event unga:resolution ?resolution . OPTIONAL { ?resolution dcterms:date ?date }
        OPTIONAL { ?option skos:notation ?notation } } ORDER BY DESC(?date) ?resolution""")
    page.prefetch(r["resolution"] for r in rows)
    votes = {r["event"].value: r["notation"].value if r["notation"] else None for r in rows}
    return {"record": [{"resolution": page.link(r["resolution"]),
                        "date": r["date"].value if r["date"] else "",
                        "vote": r["notation"].value if r["notation"] else ""} for r in rows],
            "record_chart": pictures.record_chart(page, votes)}
