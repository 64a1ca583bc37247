"""Named queries as an API (Datasette's canned queries): /queries and /queries/{name}.

``GET /queries`` lists the .rq files of queries/ with title, description, parameters and
columns (JSON, or HTML for browsers). ``GET /queries/{name}?param=value&format=csv|json|tsv|xml``
runs one with its parameters pre-bound (values as for ``unga-kg query --param``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from graph.http.engine import QueryEngine, QueryRequest, plain
from graph.http.params import BadParameters, decode_pairs, query_string, unique
from graph.http.templating import templates, wants_html
from graph.param_binding import split_params
from graph.queries import NamedQuery, named_queries, parse_term

RESERVED = {"format"}


def describe_query(query: NamedQuery) -> dict[str, Any]:
    """A named query's public metadata."""
    return {
        "name": query.name, "title": query.title, "description": query.description,
        "params": [{"name": p.name, "description": p.description, "optional": p.optional}
                   for p in query.params],
        "columns": query.columns, "url": f"/queries/{query.name}",
    }


def named_router(engine: QueryEngine) -> APIRouter:
    """The /queries routes."""
    router = APIRouter()

    @router.get("/queries", summary="the named queries with their parameters")
    def listing(request: Request) -> Response:
        items = [describe_query(q) for q in named_queries().values()]
        if wants_html(request.headers.get("accept")):
            return templates.TemplateResponse(request, "queries.html", {"queries": items})
        return JSONResponse({"queries": items})

    @router.get("/queries/{name}", summary="run one named query")
    async def run(request: Request, name: str, format: str = "json") -> Response:  # noqa: A002
        # ``format`` is declared for the OpenAPI description; the value used is read below,
        # strictly (not UTF-8: 400) and refusing repeats (Starlette would keep the last one).
        query = named_queries().get(name)
        if query is None:
            return plain(404, f"no named query {name!r}")
        try:
            values = unique(decode_pairs(query_string(request.scope), "query string"))
        except BadParameters as exc:
            return plain(400, str(exc))
        given = {k: v for k, v in values.items() if k not in RESERVED}
        declared = {p.name for p in query.params}
        unknown = sorted(set(given) - declared)
        if unknown:
            return plain(400, f"unknown parameter(s) {', '.join(unknown)}; "
                              f"{name} takes: {', '.join(sorted(declared)) or 'none'}")
        missing = [p.name for p in query.params if not p.optional and p.name not in given]
        if missing:
            return plain(400, f"missing parameter(s): {', '.join(missing)}")
        try:
            text, kept = split_params(query.text, {k: parse_term(v) for k, v in given.items()})
        except (ValueError, SyntaxError) as exc:
            return plain(400, f"bad parameter value: {exc}")
        return await engine.answer(QueryRequest(
            text=text, fmt=values.get("format", "json"), params={k: given[k] for k in kept}))

    return router
