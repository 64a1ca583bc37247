"""Whole-dataset routes: /health, /dump (streamed export) and /.well-known/void (VoID).

A HEAD of /dump (graph.http.head) answers from what is known without building the dump.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse

from graph.export import EXPORT_FORMATS, export
from graph.http.engine import QueryEngine, plain
from graph.http.head import HeadersOnly, is_head
from graph.http.negotiation import GRAPH_ALIASES, GRAPH_MEDIA, NotAcceptable, negotiate
from graph.http.void import void_description

DUMP_MEDIA = {
    "ttl": "text/turtle", "trig": "application/trig", "nq": "application/n-quads",
    "nt": "application/n-triples", "jsonld": "application/ld+json",
}
DUMP_ALIASES = {"turtle": "ttl", "nquads": "nq", "n-quads": "nq", "ntriples": "nt", "n-triples": "nt",
                "json-ld": "jsonld"}
"""Other names ``/dump?format=`` accepts (any case, as the names of DUMP_MEDIA)."""


def _write_dump(db: ox.Store, sizes: dict[str, int], path: str, fmt: str) -> None:
    tmp = f"{path}.part"
    with open(tmp, "wb") as out:
        export(db, out, fmt, sizes=sizes)
    os.replace(tmp, path)


def site_router(engine: QueryEngine) -> APIRouter:
    """Routes describing and exporting the whole dataset."""
    router = APIRouter()
    locks: dict[str, asyncio.Lock] = {}

    @router.get("/health", summary="liveness, live generation and worker pool")
    def health() -> dict[str, object]:
        path = engine.store.current_path()
        return {
            "status": "ok",
            "generation": path.name if path else None,
            "graphs": len(engine.store.manifest()),
            "workers": engine.pool.alive(),
            "timeout": engine.config.timeout,
            "query_memory_mb": engine.config.query_memory_mb,
        }

    @router.get("/dump", summary="the whole graph, streamed (ttl, trig, nq, nt, jsonld)")
    async def dump(request: Request, format: str = "nq") -> Response:  # noqa: A002 - the public name
        format = format or "nq"  # noqa: A001 - an empty format= is no format, as on /id and /sparql
        fmt = DUMP_ALIASES.get(format.lower(), format.lower())
        if fmt not in EXPORT_FORMATS:  # 406, as /sparql, /id and /queries answer an unknown format
            return plain(406, f"unknown format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")
        current = engine.store.current_path()
        if current is None:
            return plain(503, "the store has no published generation yet")
        path = os.path.join(engine.results_dir, f"dump-{current.name}.{fmt}")
        response = FileResponse(path, media_type=DUMP_MEDIA[fmt], filename=f"unga-kg-{current.name}.{fmt}")
        if is_head(request.scope):  # headers only: HEAD neither builds nor reads a dump
            with contextlib.suppress(FileNotFoundError):  # size and dates once a GET built it
                response.set_stat_headers(os.stat(path))
            return HeadersOnly(response)
        lock = locks.setdefault(path, asyncio.Lock())
        async with lock:
            if not Path(path).exists():
                for old in Path(engine.results_dir).glob("dump-*"):
                    if not old.name.startswith(f"dump-{current.name}."):
                        old.unlink(missing_ok=True)  # dumps of earlier generations
                db, sizes = ox.Store.read_only(str(current)), engine.store.manifest(current)
                await asyncio.to_thread(_write_dump, db, sizes, path, fmt)
        return response

    @router.get("/.well-known/void", summary="VoID description: graphs, sizes, licences, citation")
    def void(request: Request, format: str | None = None) -> Response:  # noqa: A002
        try:
            choice = negotiate(GRAPH_MEDIA, request.headers.get("accept"), format, GRAPH_ALIASES)
        except NotAcceptable as exc:
            return plain(406, str(exc))
        root = str(request.base_url).rstrip("/")
        data = void_description(engine.store, engine.config.base, root, choice.name)
        return Response(data, media_type=choice.media_type, headers={"Vary": "Accept"})

    return router
