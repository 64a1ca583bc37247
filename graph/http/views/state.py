"""A state's page: its ballots on every recorded vote, newest first."""

from __future__ import annotations

from typing import Any

from graph.http.views import pictures
from graph.http.views.common import Page


def context(page: Page) -> dict[str, Any]:
    """The state's voting record (resolution, date, vote) and its chart (the heat map: pages.py)."""
    rows = page.rows("""SELECT ?resolution ?date ?notation WHERE {
        ?ballot opengov:voter ?this ; opengov:voteEvent ?event ; opengov:option ?option .
        ?event unga:resolution ?resolution . OPTIONAL { ?resolution dcterms:date ?date }
        OPTIONAL { ?option skos:notation ?notation } } ORDER BY DESC(?date) ?resolution""")
    return {"record": [{"resolution": page.link(r["resolution"]),
                        "date": r["date"].value if r["date"] else "",
                        "vote": r["notation"].value if r["notation"] else ""} for r in rows],
            "record_chart": pictures.record_chart(page)}
