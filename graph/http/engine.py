"""Query execution for every route: SERVICE policy, worker pool, timeout, HTTP answers.

A query's result is written by a worker into a private temporary file and sent only once the
worker has finished, so a timeout or an error is always a clean status line with a message,
never a truncated 200 body.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field

from fastapi import Response
from fastapi.responses import FileResponse, PlainTextResponse
from starlette.background import BackgroundTask

from graph.federation import service_endpoints
from graph.http.config import EndpointConfig
from graph.http.negotiation import (
    GRAPH_ALIASES,
    GRAPH_MEDIA,
    RESULT_ALIASES,
    RESULT_MEDIA,
    Choice,
    NotAcceptable,
    negotiate,
)
from graph.http.workers import (
    Job,
    QueryMemoryExceeded,
    QueryTimeout,
    WorkerDied,
    WorkerPool,
    remove_file,
)
from graph.service_policy import check_services
from graph.sparql_lexer import is_update, query_form
from graph.store import GraphStore


@dataclass
class QueryRequest:
    """A query as received: text, dataset, pre-bound parameters and the wanted format."""

    text: str
    accept: str | None = None
    fmt: str | None = None
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    params: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None


def plain(status: int, message: str) -> Response:
    """A plain-text answer (errors, update reports)."""
    return PlainTextResponse(message.rstrip() + "\n", status_code=status)


class QueryEngine:
    """Runs queries against the live generation of ``store`` under ``config``'s policies."""

    def __init__(self, store: GraphStore, config: EndpointConfig) -> None:
        self.store = store
        self.config = config
        limit = config.query_memory_mb << 20 if config.query_memory_mb else None
        self.pool = WorkerPool(config.workers, limit)
        self.results_dir = tempfile.mkdtemp(prefix="unga-kg-results-")

    async def start(self) -> None:
        """Start the worker processes (from the running event loop)."""
        if self.store.is_empty():
            self.store.replace({})
        await self.pool.start()

    def stop(self) -> None:
        """Stop the workers and remove temporary files."""
        self.pool.stop()
        shutil.rmtree(self.results_dir, ignore_errors=True)

    def choose(self, req: QueryRequest) -> tuple[Choice, Choice]:
        """Result-set and graph formats for the request; NotAcceptable when the form allows none."""
        form = query_form(req.text)
        results: Choice | None = None
        graph: Choice | None = None
        if form in (None, "SELECT", "ASK"):
            try:
                results = negotiate(RESULT_MEDIA, req.accept, req.fmt, RESULT_ALIASES)
            except NotAcceptable:
                if form is not None:
                    raise
        if form in (None, "CONSTRUCT", "DESCRIBE"):
            try:
                graph = negotiate(GRAPH_MEDIA, req.accept, req.fmt, GRAPH_ALIASES)
            except NotAcceptable:
                if form is not None or results is None:
                    raise
        return results or Choice("json", RESULT_MEDIA["json"][0]), graph or Choice("ttl", "text/turtle")

    async def answer(self, req: QueryRequest) -> Response:
        """The HTTP answer to one query (200, 400, 406, 500, 502 or 503).

        406 also after the query ran, when its result cannot be written in the chosen format.
        """
        if is_update(req.text):  # cheap: stops at the first keyword after the prologue
            return plain(400, "this is a SPARQL update, sent as a query: send it as update= (a form) "
                              "or as application/sparql-update, with the update token")
        try:
            text = check_services(req.text, self.config.allow_service, self.config.service_aliases)
        except ValueError as exc:
            return plain(400, f"refused: {exc}")
        try:
            results, graph = self.choose(req)
        except NotAcceptable as exc:
            return plain(406, str(exc))
        bad = [g for g in (req.default_graph or []) + (req.named_graphs or []) if not _is_iri(g)]
        if bad:
            return plain(400, f"not an IRI: {bad[0]!r} (default-graph-uri / named-graph-uri)")
        path = self.store.current_path()
        if path is None:
            return plain(503, "the store has no published generation yet")
        out = os.path.join(self.results_dir, uuid.uuid4().hex)
        job = Job(text, str(path), out, results.name, graph.name,
                  req.default_graph, req.named_graphs, req.params, req.base_iri)
        try:
            reply = await self.pool.run(job, self.config.timeout)
        except (QueryTimeout, QueryMemoryExceeded) as exc:
            return plain(503, str(exc))
        except WorkerDied as exc:
            return plain(500, str(exc))
        if reply.status != "ok":
            remove_file(out)
            if reply.status == "syntax":
                return plain(400, f"malformed query: {reply.detail}")
            if reply.status == "unsupported":
                return plain(400, f"query cannot run: {reply.detail}")
            if reply.status == "unwritable":
                return plain(406, reply.detail)
            if reply.status == "oserror" and service_endpoints(text):
                return plain(502, f"a SERVICE endpoint failed: {reply.detail}")
            return plain(500, f"query failed: {reply.detail}")
        choice = graph if reply.detail == "graph" else results
        media = choice.media_type
        if media.startswith("text/"):
            media += "; charset=utf-8"
        if reply.body is not None:
            return Response(reply.body, media_type=media, headers={"Vary": "Accept"})
        return FileResponse(out, media_type=media, background=BackgroundTask(remove_file, out),
                            headers={"Vary": "Accept"})


def _is_iri(value: str) -> bool:
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True
