"""The HTTP face: a FastAPI app over the live store generation (knows no loader).

Routes (contract in ../shared/design.md): /sparql (SPARQL 1.1 Protocol), / (query UI),
/id/... (linked-data pages), /queries (named queries as an API), /dump, /.well-known/void
and /health. Queries run in killable worker processes (graph.http.workers).
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from graph.http.config import EndpointConfig, default_query_memory
from graph.http.engine import QueryEngine
from graph.http.head import HeadAsGet
from graph.http.limits import BodyLimit
from graph.http.named import named_router
from graph.http.pages import pages_router
from graph.http.params import StrictQueryString
from graph.http.protocol import SparqlProtocol
from graph.http.protocol_openapi import document_sparql
from graph.http.shortcut import ExactPath
from graph.http.site import site_router
from graph.http.templating import STATIC
from graph.http.ui import ui_router
from graph.http.views.heatmap import HeatMaps
from graph.service_policy import DEFAULT_ALLOW, parse_aliases
from graph.settings import get_settings
from graph.store import GraphStore


def create_app(store: GraphStore, config: EndpointConfig | None = None) -> FastAPI:
    """The application serving ``store`` under ``config`` (defaults: 30 s, Wikidata only)."""
    config = config or EndpointConfig()
    engine = QueryEngine(store, config)
    heatmaps = HeatMaps(engine.pool.memory_limit)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await engine.start()
        live = store.current_path()
        if live is not None:  # the state pages' heat map, ready before the first visitor
            heatmaps.prepare(str(live))
        try:
            yield
        finally:
            heatmaps.stop()
            engine.stop()

    app = FastAPI(title="UNGA knowledge graph", version="0.1.0", lifespan=lifespan)
    app.state.engine = engine
    app.include_router(site_router(engine))
    app.include_router(ui_router())
    app.include_router(pages_router(engine, heatmaps))
    app.include_router(named_router(engine))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    # /sparql is plain ASGI, inside CORS and the body limit but past FastAPI's routing.
    app.add_middleware(ExactPath, path="/sparql", target=SparqlProtocol(engine))
    document_sparql(app, "/sparql")
    app.add_middleware(StrictQueryString)  # not UTF-8, or format= twice: 400 on every route
    app.add_middleware(BodyLimit, max_body=config.max_body)
    app.add_middleware(HeadAsGet)  # HEAD on every route, /sparql included
    # CORS outermost (added last): every answer carries its headers, the body limit's 413 too.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST"],
                       allow_headers=["*"], expose_headers=["Content-Type", "Content-Length"])
    return app


def config_from_args(args: argparse.Namespace) -> EndpointConfig:
    """EndpointConfig from the ``unga-kg serve`` options (ValueError on a bad alias)."""
    workers = getattr(args, "workers", 3)
    query_memory = getattr(args, "query_memory", None)
    if query_memory is None:
        query_memory = default_query_memory(workers)
    if query_memory < 0:
        raise ValueError(f"--query-memory must be 0 (no limit) or a number of MiB, not {query_memory}")
    return EndpointConfig(
        timeout=args.timeout,
        allow_service=list(args.allow_service or DEFAULT_ALLOW),
        service_aliases=parse_aliases(args.service_alias or []),
        update_token=args.update_token,
        update_timeout=getattr(args, "update_timeout", 600.0),
        workers=workers,
        query_memory_mb=query_memory or None,
        base=get_settings().base,
    )


def serve(store: GraphStore, config: EndpointConfig, host: str, port: int,
          access_log: bool = False) -> None:
    """Run the app with uvicorn on ``host``:``port`` (a line per request with ``access_log``)."""
    import uvicorn

    uvicorn.run(create_app(store, config), host=host, port=port, log_level="info",
                access_log=access_log)
