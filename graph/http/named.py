"""Named queries as an API (Datasette's canned queries): /queries and /queries/{name}.

``GET /queries`` lists the .rq files of queries/ with title, description, parameters and
columns (JSON, or HTML for browsers). ``GET /queries/{name}?param=value&format=csv|json|tsv|xml``
runs one with its parameters pre-bound (values as for ``unga-kg query --param``); without
``format=`` the Accept header picks the format, as on /sparql (JSON for ``*/*``). An empty
value counts as not given (an HTML form sends every field, also the optional ones left empty).
The HTML listing has a form per query (each parameter prefilled with its example) and a link
that runs the query with the examples of its required parameters.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from graph.http.engine import QueryEngine, QueryRequest, plain
from graph.http.negotiation import HTML_MEDIA, NotAcceptable, negotiate
from graph.http.params import BadParameters, query_pairs, unique
from graph.http.templating import templates
from graph.param_binding import split_params
from graph.queries import NamedQuery, ParamError, check_params, named_queries, parse_terms

RESERVED = {"format"}
LISTING_MEDIA = {"json": ("application/json",), **HTML_MEDIA}  # curl's */* gets JSON
VARY = {"Vary": "Accept"}


def example_url(query: NamedQuery, fmt: str | None = None) -> str | None:
    """/queries/{name} with the examples of the required parameters filled in (and ``fmt``);
    None when a required parameter has no example."""
    params = {p.name: p.example for p in query.params if not p.optional}
    if not all(params.values()):
        return None
    if fmt:
        params["format"] = fmt
    return f"/queries/{query.name}" + (f"?{urlencode(params, safe='/:')}" if params else "")


def describe_query(query: NamedQuery) -> dict[str, Any]:
    """A named query's public metadata."""
    return {
        "name": query.name, "title": query.title, "description": query.description,
        "params": [{"name": p.name, "description": p.description, "optional": p.optional,
                    "example": p.example} for p in query.params],
        "columns": query.columns, "url": f"/queries/{query.name}", "example_url": example_url(query),
    }


def named_router(engine: QueryEngine) -> APIRouter:
    """The /queries routes."""
    router = APIRouter()

    @router.get("/queries", summary="the named queries with their parameters")
    def listing(request: Request) -> Response:
        queries = named_queries().values()
        items = [describe_query(q) for q in queries]
        try:
            choice = negotiate(LISTING_MEDIA, request.headers.get("accept"))
        except NotAcceptable as exc:
            return plain(406, str(exc))
        if choice.name == "html":
            for item, query in zip(items, queries, strict=True):
                item["csv_url"] = example_url(query, "csv")
            return templates.TemplateResponse(request, "queries.html", {"queries": items}, headers=VARY)
        return JSONResponse({"queries": items}, headers=VARY)

    @router.get("/queries/{name}", summary="run one named query")
    async def run(request: Request, name: str, format: str | None = None) -> Response:  # noqa: A002
        # ``format`` is declared for the OpenAPI description; the value used is read below,
        # strictly (not UTF-8: 400) and refusing repeats (Starlette would keep the last one).
        query = named_queries().get(name)
        if query is None:
            return plain(404, f"no named query {name!r}")
        try:
            values = unique(query_pairs(request.scope))
        except BadParameters as exc:
            return plain(400, str(exc))
        given = {k: v for k, v in values.items() if k not in RESERVED}
        try:
            given = check_params(query, given)
        except ParamError as exc:
            return plain(400, str(exc))
        try:
            text, kept = split_params(query.text, parse_terms(given))
        except ValueError as exc:
            return plain(400, f"bad parameter value: {exc}")
        return await engine.answer(QueryRequest(
            text=text, accept=request.headers.get("accept"), fmt=values.get("format"),
            params={k: given[k] for k in kept}))

    return router
