"""The SPARQL 1.1 Protocol as a FastAPI APIRouter, mountable in any app.

``sparql_router(engine)`` answers GET and POST on ``path`` (default ``/sparql``): queries by
``query=`` (GET or form POST) or an ``application/sparql-query`` body, updates by ``update=``
(form POST) or an ``application/sparql-update`` body, and the Service Description (RDF) when
neither is given. Errors follow the protocol: 400 for a malformed request or query, 403 for an
update without the server's token, 406 for an unsupported Accept, 415 for another body type.
"""

from __future__ import annotations

import asyncio
import hmac
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response

from graph.http.engine import QueryEngine, QueryRequest, plain
from graph.http.negotiation import GRAPH_ALIASES, GRAPH_MEDIA, NotAcceptable, negotiate
from graph.http.service_description import service_description
from graph.http.updates import apply_update
from graph.service_policy import check_services
from graph.vocab import Iris

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class BadRequest(Exception):
    """A request the protocol does not allow; carries the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise BadRequest(400, f"more than one {name!r} parameter")
    return values[0] if values else None


def _all(params: list[tuple[str, str]], name: str) -> list[str] | None:
    values = [v for k, v in params if k == name]
    return values or None


async def _read_body(request: Request) -> tuple[str, str]:
    """(media type, text) of a POST body; 415 for other types, 400 for a non-UTF-8 charset."""
    header = request.headers.get("content-type", "")
    pieces = [p.strip() for p in header.split(";")]
    media = pieces[0].lower()
    if media not in (FORM, QUERY, UPDATE):
        raise BadRequest(415, f"POST needs {FORM}, {QUERY} or {UPDATE}, not {media or 'no type'!r}")
    for param in pieces[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            raise BadRequest(400, f"only UTF-8 bodies are accepted, not {value.strip()!r}")
    body = await request.body()
    try:
        return media, body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "the body is not valid UTF-8") from None


def sparql_router(engine: QueryEngine, path: str = "/sparql") -> APIRouter:
    """An APIRouter serving the SPARQL 1.1 Protocol for ``engine`` at ``path``."""
    router = APIRouter()
    update_lock = asyncio.Lock()
    update_graph = Iris(engine.config.base).graph("updates")

    async def query(params: list[tuple[str, str]], text: str, request: Request) -> Response:
        req = QueryRequest(
            text=text,
            accept=request.headers.get("accept"),
            fmt=_single(params, "format"),
            default_graph=_all(params, "default-graph-uri"),
            named_graphs=_all(params, "named-graph-uri"),
            base_iri=str(request.url.replace(query="")),
        )
        return await engine.answer(req)

    async def update(params: list[tuple[str, str]], text: str, request: Request) -> Response:
        token = engine.config.update_token
        if not token:
            return plain(403, "updates are disabled on this server")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return plain(403, "updates need 'Authorization: Bearer <token>' with the server's token")
        if _all(params, "using-graph-uri") or _all(params, "using-named-graph-uri"):
            return plain(400, "using-graph-uri / using-named-graph-uri are not supported; "
                              "use USING or GRAPH in the update")
        try:  # the SERVICE/LOAD allow-list and nesting limit hold for updates too
            text = check_services(text, engine.config.allow_service, engine.config.service_aliases)
        except ValueError as exc:
            return plain(400, f"refused: {exc}")
        async with update_lock:
            try:
                written = await asyncio.to_thread(
                    apply_update, engine.store, text, update_graph, str(request.url.replace(query="")))
            except SyntaxError as exc:
                return plain(400, f"malformed update: {exc}")
            except (OSError, ValueError) as exc:
                return plain(500, f"update failed: {exc}")
        graphs = ", ".join(sorted(written)) or "none"
        return plain(200, f"update applied to a new store generation; graphs replaced: {graphs}")

    async def dispatch(params: list[tuple[str, str]], request: Request,
                       body: tuple[str, str] | None) -> Response:
        q = _single(params, "query")
        u = _single(params, "update")
        if body is not None and body[0] == QUERY:
            q = q if q is not None else body[1]
        if body is not None and body[0] == UPDATE:
            u = u if u is not None else body[1]
        if q is not None and u is not None:
            raise BadRequest(400, "give either a query or an update, not both")
        if q is not None:
            return await query(params, q, request)
        if u is not None:
            if request.method != "POST":
                raise BadRequest(400, "updates must be sent with POST")
            return await update(params, u, request)
        return describe_service(request, params)

    def describe_service(request: Request, params: list[tuple[str, str]]) -> Response:
        try:
            choice = negotiate(GRAPH_MEDIA, request.headers.get("accept"),
                               _single(params, "format"), GRAPH_ALIASES)
        except NotAcceptable as exc:
            return plain(406, str(exc))
        endpoint = str(request.url.replace(query=""))
        data = service_description(endpoint, engine, choice.name)
        return Response(data, media_type=choice.media_type, headers={"Vary": "Accept"})

    @router.get(path, summary="SPARQL 1.1 query (or the Service Description without a query)")
    async def sparql_get(request: Request) -> Response:
        params = parse_qsl(request.url.query, keep_blank_values=True)
        try:
            return await dispatch(params, request, None)
        except BadRequest as exc:
            return plain(exc.status, str(exc))

    @router.post(path, summary="SPARQL 1.1 query or update by POST")
    async def sparql_post(request: Request) -> Response:
        params = parse_qsl(request.url.query, keep_blank_values=True)
        try:
            media, text = await _read_body(request)
            body: tuple[str, str] | None = (media, text)
            if media == FORM:
                params += parse_qsl(text, keep_blank_values=True)
                body = None
            return await dispatch(params, request, body)
        except BadRequest as exc:
            return plain(exc.status, str(exc))

    return router
