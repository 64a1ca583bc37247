"""OpenAPI description of the SPARQL 1.1 Protocol path, for an app that serves SparqlProtocol.

FastAPI documents only its own routes; ``document_sparql(app, path)`` adds this path item to
the app's generated schema, so /docs and schema-driven tools (schemathesis) see /sparql.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from graph.http.negotiation import GRAPH_MEDIA, RESULT_MEDIA

_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_IRIS = {"type": "array", "items": {"type": "string", "format": "iri"}}


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, "explode": True}


PARAMETERS = [
    _parameter("query", "SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)", {"type": "string"}),
    _parameter("default-graph-uri", "graph(s) forming the default graph (else: union of all)", _IRIS),
    _parameter("named-graph-uri", "graph(s) visible to GRAPH (else: all)", _IRIS),
    _parameter("format", "result format instead of Accept: json, xml, csv, tsv, ttl, nt, jsonld, rdfxml",
               {"type": "string"}),
]

_FORM_FIELDS = {
    "query": {"type": "string"},
    "update": {"type": "string", "description": "SPARQL 1.1 Update (needs the server's token)"},
    "default-graph-uri": _IRIS,
    "named-graph-uri": _IRIS,
    "format": {"type": "string"},
}


def _responses() -> dict[str, Any]:
    media = sorted({m for types in (*RESULT_MEDIA.values(), *GRAPH_MEDIA.values()) for m in types})
    return {
        "200": {"description": "query results, graph, update report or Service Description",
                "content": {m: {"schema": {"type": "string"}} for m in media}},
        "400": {"description": "malformed request, query or update; refused SERVICE",
                "content": _TEXT},
        "403": {"description": "update without the server's token", "content": _TEXT},
        "405": {"description": "method other than GET or POST", "content": _TEXT},
        "406": {"description": "no acceptable result format", "content": _TEXT},
        "413": {"description": "request body over the limit", "content": _TEXT},
        "415": {"description": "POST body of another media type", "content": _TEXT},
        "502": {"description": "a SERVICE endpoint failed", "content": _TEXT},
        "503": {"description": "time limit exceeded, or no store generation yet", "content": _TEXT},
    }


def sparql_path_item() -> dict[str, Any]:
    """The OpenAPI path item of the SPARQL endpoint (GET and POST)."""
    return {
        "get": {
            "summary": "SPARQL 1.1 query (or the Service Description without a query)",
            "operationId": "sparql_get",
            "parameters": PARAMETERS,
            "responses": _responses(),
        },
        "post": {
            "summary": "SPARQL 1.1 query or update by POST",
            "operationId": "sparql_post",
            "parameters": PARAMETERS[1:],
            "requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": _FORM_FIELDS}},
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/sparql-update": {"schema": {"type": "string"}},
            }},
            "responses": _responses(),
        },
    }


def document_sparql(app: FastAPI, path: str = "/sparql") -> None:
    """Make ``app.openapi()`` include ``path`` as the SPARQL endpoint."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            schema["paths"] = {path: sparql_path_item(), **schema.get("paths", {})}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
