"""The HTTP face: a FastAPI app over the live store generation (knows no loader).

So far: the SPARQL 1.1 query endpoint at /sparql (GET and POST, JSON results) and /health.
"""

from __future__ import annotations

import argparse

import pyoxigraph as ox
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from graph.sparql import run_query, write_result
from graph.store import GraphStore, LiveStore


class _Buffer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def create_app(store: GraphStore) -> FastAPI:
    """The application serving ``store``."""
    app = FastAPI(title="UNGA knowledge graph", version="0.1.0")
    live = LiveStore(store)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    async def answer(query: str | None) -> Response:
        if not query:
            return PlainTextResponse("missing 'query' parameter", status_code=400)
        try:
            result = run_query(live.get(), query)
            buffer = _Buffer()
            if isinstance(result, ox.QueryTriples):
                write_result(result, "ttl", buffer)  # type: ignore[arg-type]
                return Response(buffer.getvalue(), media_type="text/turtle")
            write_result(result, "json", buffer)  # type: ignore[arg-type]
        except SyntaxError as exc:
            return PlainTextResponse(f"malformed query: {exc}", status_code=400)
        return Response(buffer.getvalue(), media_type="application/sparql-results+json")

    @app.get("/sparql")
    async def sparql_get(query: str | None = None) -> Response:
        return await answer(query)

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        if content_type == "application/sparql-query":
            return await answer((await request.body()).decode("utf-8"))
        form = await request.form()
        query = form.get("query")
        return await answer(query if isinstance(query, str) else None)

    @app.exception_handler(OSError)
    async def store_error(_: Request, exc: OSError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=500)

    return app


def serve(store: GraphStore, args: argparse.Namespace) -> None:
    """Run the app with uvicorn on ``args.host``:``args.port``."""
    import uvicorn

    uvicorn.run(create_app(store), host=args.host, port=args.port, log_level="info")
