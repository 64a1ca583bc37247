"""SPARQL 1.1 Service Description of the endpoint (served at /sparql without a query)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.http.negotiation import RESULT_MEDIA
from graph.sparql import GRAPH_FORMATS
from graph.vocab import PREFIXES

if TYPE_CHECKING:
    from graph.http.engine import QueryEngine

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
_RESULT_FORMATS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
                   "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV"}
_GRAPH_FORMATS = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}


def service_description(endpoint: str, engine: QueryEngine, fmt: str) -> bytes:
    """The description of ``endpoint`` serialized as ``fmt`` (ttl, nt, jsonld, rdfxml)."""
    languages = ["sd:SPARQL11Query"]
    if engine.config.update_token:
        languages.append("sd:SPARQL11Update")
    formats = [f"<{FORMATS}{_RESULT_FORMATS[k]}>" for k in RESULT_MEDIA]
    formats += [f"<{FORMATS}{v}>" for v in _GRAPH_FORMATS.values()]
    graphs = sorted(engine.store.manifest())
    # Labelled blank nodes, numbered in graph order: the same store gives the same bytes, so GET
    # and HEAD agree on the length and the description can be cached.
    named = "".join(f"_:dataset sd:namedGraph _:graph{i} .\n_:graph{i} a sd:NamedGraph ; sd:name <{g}> .\n"
                    for i, g in enumerate(graphs, 1))
    text = f"""@prefix sd: <{SD}> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}> a sd:Service ;
  sd:endpoint <{endpoint}> ;
  sd:supportedLanguage {", ".join(languages)} ;
  sd:resultFormat {", ".join(formats)} ;
  sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;
  sd:defaultDataset _:dataset .
_:dataset a sd:Dataset ; sd:defaultGraph _:default .
_:default a sd:Graph .
{named}"""
    triples = [q.triple for q in ox.parse(text, format=ox.RdfFormat.TURTLE)]
    rdf_format = GRAPH_FORMATS[fmt]
    kwargs = {"prefixes": {"sd": SD, **PREFIXES}} if rdf_format is ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, format=rdf_format, **kwargs) or b""
