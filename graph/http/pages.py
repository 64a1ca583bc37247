"""Linked-data pages: every IRI under <base>id/ dereferences at /id/….

Clients whose Accept prefers text/html (browsers) get an HTML page made by the view of the
resource's kind (the first path segment: resolution, state, …; any other kind gets the common
page); others get the resource's description (DESCRIBE: its statements and their blank nodes)
as Turtle, JSON-LD, N-Triples or RDF/XML by Accept or ``?format=`` (``html`` too), negotiated
in one step (graph.http.negotiation). Unknown IRIs answer 404.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from graph.http.engine import QueryEngine, plain
from graph.http.negotiation import GRAPH_ALIASES, GRAPH_MEDIA, HTML_MEDIA, NotAcceptable, negotiate
from graph.http.templating import templates
from graph.http.views import heatmap, resolution, state
from graph.http.views.common import Page, common_context
from graph.settings import get_settings
from graph.sparql import GRAPH_FORMATS
from graph.store import LiveStore
from graph.vocab import PREFIXES

VIEWS: dict[str, tuple[str, Callable[[Page], dict[str, Any]]]] = {
    "resolution": ("resolution.html", resolution.context),
    "state": ("state.html", state.context),
}
# What /id/… offers, in the server's order: RDF first (curl's */* gets Turtle), then HTML.
PAGE_MEDIA = {**GRAPH_MEDIA, **HTML_MEDIA}


def describe(db: ox.Store, iri: str, fmt: str) -> bytes:
    """The DESCRIBE of ``iri`` serialized as ``fmt``."""
    triples = db.query(f"DESCRIBE <{iri}>", use_default_graph_as_union=True)
    rdf_format = GRAPH_FORMATS[fmt]
    extra = {"prefixes": PREFIXES} if rdf_format is ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, format=rdf_format, **extra) or b""


def pages_router(engine: QueryEngine, heatmaps: heatmap.HeatMaps) -> APIRouter:
    """GET /id/{path}: HTML or RDF for one resource (state pages show ``heatmaps``' map)."""
    router = APIRouter()
    live = LiveStore(engine.store)
    heatmap_wait = get_settings().heatmap_wait
    base = engine.config.base

    def html(request: Request, page: Page, kind: str) -> Response:
        template, view = VIEWS.get(kind, ("resource.html", lambda _: {}))
        ctx = {**common_context(page), **view(page), "kind": kind,
               "heatmap": heatmap.context(page, heatmaps.result(str(live.path))) if kind == "state" else None,
               "formats": {"Turtle": "ttl", "JSON-LD": "jsonld", "N-Triples": "nt", "RDF/XML": "rdfxml"}}
        return templates.TemplateResponse(request, template, ctx, headers={"Vary": "Accept"})

    def render(request: Request, path: str, fmt: str | None) -> Response:
        iri = f"{base}id/{path}"
        page = Page(live.get(), iri, base)
        if not page.exists():
            return plain(404, f"no resource {iri} in this graph")
        try:
            choice = negotiate(PAGE_MEDIA, request.headers.get("accept"), fmt, GRAPH_ALIASES)
        except NotAcceptable as exc:
            return plain(406, str(exc))
        if choice.name == "html":
            return html(request, page, path.split("/")[0])
        return Response(describe(page.db, iri, choice.name), media_type=choice.media_type,
                        headers={"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'})

    @router.get("/id/{path:path}", summary="dereference a resource (HTML, Turtle, JSON-LD, N-Triples)")
    async def resource(request: Request, path: str, format: str | None = None) -> Response:  # noqa: A002
        live_path = engine.store.current_path()
        if path.startswith("state/") and live_path is not None:
            await heatmaps.wait(str(live_path), heatmap_wait)
        return await asyncio.to_thread(render, request, path, format)

    return router
