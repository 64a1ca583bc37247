"""The SPARQL 1.1 Protocol as a plain ASGI application, mountable in any ASGI app.

``SparqlProtocol(engine)`` answers GET and POST: queries by ``query=`` (GET or form POST) or an
``application/sparql-query`` body, updates by ``update=`` (form POST) or an
``application/sparql-update`` body, and the Service Description (RDF) when neither is given.
Errors follow the protocol: 400 for a malformed request or query, 403 for an update without
the server's token, 405 for another method, 406 for an unsupported Accept, 415 for another
body type.

It is plain ASGI, not a FastAPI route, because every query passes through it: without the
framework's routing, dependency solving and exception layers a request costs ~0.2 ms less warm
and up to ~0.6 ms less with cold caches (docs/benchmarks.md, session 3).
``graph.http.protocol_openapi.document_sparql`` adds it to a FastAPI app's OpenAPI schema.
"""

from __future__ import annotations

import asyncio
import hmac

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from graph.http.child import run_in_child
from graph.http.engine import QueryEngine, QueryRequest, plain
from graph.http.negotiation import GRAPH_ALIASES, GRAPH_MEDIA, NotAcceptable, negotiate
from graph.http.params import BadParameters, Pairs, decode_pairs, every, query_pairs, single
from graph.http.service_description import service_description
from graph.http.updates import apply_update, describe_changes
from graph.http.workers import QueryMemoryExceeded, QueryTimeout, WorkerDied
from graph.service_policy import check_services
from graph.sparql import UnsupportedFunction
from graph.vocab import Iris

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


class BadRequest(Exception):
    """A request the protocol does not allow; carries the HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _endpoint(request: Request) -> str:
    """The endpoint's own URL (no query string): base IRI of queries and updates."""
    return str(request.url.replace(query=""))


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


class SparqlProtocol:
    """ASGI app serving the SPARQL 1.1 Protocol for ``engine`` at whatever path it is given."""

    def __init__(self, engine: QueryEngine) -> None:
        self.engine = engine
        self._update_lock = asyncio.Lock()
        self._update_graph = Iris(engine.config.base).graph("updates")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await self._respond(request)
        except BadRequest as exc:
            response = plain(exc.status, str(exc))
        except BadParameters as exc:
            response = plain(400, str(exc))
        await response(scope, receive, send)

    async def _respond(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return Response(f"{request.method} is not allowed here; use GET, POST or HEAD\n", 405,
                            headers={"Allow": "GET, POST"}, media_type="text/plain")
        params = query_pairs(request.scope)
        body: tuple[str, str] | None = None
        if request.method == "POST":
            body = await _read_body(request)
            if body[0] == FORM:
                params = params + decode_pairs(body[1], "form body")
                body = None
        q = single(params, "query")
        u = single(params, "update")
        if body is not None:  # a direct POST: the body is the query or update (§2.1.3, §2.2.2)
            given = "query" if q is not None else "update" if u is not None else None
            if given is not None:
                raise BadRequest(400, f"a direct POST ({body[0]}) carries its text in the body; the "
                                      f"URL may not have a {given!r} parameter too (only "
                                      "default-graph-uri, named-graph-uri, format)")
            if body[0] == QUERY:
                q = body[1]
            else:
                u = body[1]
        if q is not None and u is not None:
            raise BadRequest(400, "give either a query or an update, not both")
        if q is not None:
            return await self._query(params, q, request)
        if u is not None:
            if request.method != "POST":
                raise BadRequest(400, "updates must be sent with POST")
            return await self._update(params, u, request)
        return self._describe_service(request, params)

    async def _query(self, params: Pairs, text: str, request: Request) -> Response:
        req = QueryRequest(
            text=text,
            accept=request.headers.get("accept"),
            fmt=single(params, "format"),
            default_graph=every(params, "default-graph-uri"),
            named_graphs=every(params, "named-graph-uri"),
            base_iri=_endpoint(request),
        )
        return await self.engine.answer(req)

    async def _update(self, params: Pairs, text: str, request: Request) -> Response:
        config = self.engine.config
        if not config.update_token:
            return plain(403, "updates are disabled on this server")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {config.update_token}".encode()):
            return plain(403, "updates need 'Authorization: Bearer <token>' with the server's token")
        if every(params, "using-graph-uri") or every(params, "using-named-graph-uri"):
            return plain(400, "using-graph-uri / using-named-graph-uri are not supported; "
                              "use USING or GRAPH in the update")
        try:  # the SERVICE/LOAD allow-list and nesting limit hold for updates too
            text = check_services(text, config.allow_service, config.service_aliases)
        except ValueError as exc:
            return plain(400, f"refused: {exc}")
        async with self._update_lock:  # and the store's file lock, in the child
            try:
                done = await run_in_child(
                    apply_update, (self.engine.store, text, self._update_graph, _endpoint(request)),
                    config.update_timeout, "the update", self.engine.pool.memory_limit)
            except SyntaxError as exc:
                return plain(400, f"malformed update: {exc}")
            except UnsupportedFunction as exc:
                return plain(400, f"update cannot run: {exc}; nothing was written")
            except (QueryTimeout, QueryMemoryExceeded) as exc:
                return plain(503, f"{exc}; nothing was written")
            except (OSError, ValueError, WorkerDied) as exc:
                return plain(500, f"update failed: {exc}")
        return plain(200, f"update applied as store generation {done.generation}; "
                          f"{describe_changes(done.changes)}")

    def _describe_service(self, request: Request, params: Pairs) -> Response:
        try:
            choice = negotiate(GRAPH_MEDIA, request.headers.get("accept"),
                               single(params, "format"), GRAPH_ALIASES)
        except NotAcceptable as exc:
            return plain(406, str(exc))
        data = service_description(_endpoint(request), self.engine, choice.name)
        return Response(data, media_type=choice.media_type, headers={"Vary": "Accept"})
