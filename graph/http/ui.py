"""The query UI at /: YASGUI (installed at set-up from npm) with the example gallery; /favicon.ico."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from graph.http.named import example_url
from graph.http.templating import YASGUI, templates
from graph.queries import named_queries
from graph.vocab import PREFIXES

DEFAULT_BODY = "SELECT ?resolution ?symbol WHERE {\n  ?resolution a unga:Resolution ;\n" \
               "              dcterms:identifier ?symbol .\n}\nLIMIT 20\n"


def default_query() -> str:
    """The editor's first query: the project's prefixes and a small SELECT."""
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()]
    return "\n".join(lines) + "\n\n" + DEFAULT_BODY


FAVICON = "/static/favicon.svg"
"""The site's icon (graph/web/static/favicon.svg), declared in base.html."""


def ui_router() -> APIRouter:
    """GET / : the editor, results table, gallery, permalinks and downloads; GET /favicon.ico."""
    router = APIRouter()

    @router.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        """Clients that ask for /favicon.ico without reading the page get the SVG icon."""
        return RedirectResponse(FAVICON, status_code=301)

    @router.get("/", response_class=HTMLResponse, summary="SPARQL query UI")
    def index(request: Request) -> HTMLResponse:
        gallery = [
            {"name": q.name, "title": q.title or q.name, "description": q.description,
             "params": [p.name for p in q.params], "query": q.text,
             "api_url": example_url(q) or f"/queries#{q.name}"}
            for q in named_queries().values()
        ]
        return templates.TemplateResponse(request, "index.html", {
            "gallery": gallery,
            "default_query": default_query(),
            "yasgui_installed": (YASGUI / "yasgui.min.js").is_file(),
        })

    return router
