"""VoID description of the served dataset: one subset per named graph, its size, licence and source.

The licence table is graph/describe.py's, which also writes the description every dump carries.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.describe import CC_BY, licence_of
from graph.sparql import GRAPH_FORMATS
from graph.store import GraphStore
from graph.vocab import DCTERMS, PREFIXES, VOID

CITATION = ("UNGA knowledge graph: UN General Assembly votes, speeches and sponsorships as "
            "linked data (version {generation}). {base}. Data from the UN Digital Library "
            "(voting records), news articles (claims, cited per article) and Wikidata.")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def void_description(store: GraphStore, base: str, root: str, fmt: str) -> bytes:
    """VoID of the live generation, served from ``root`` (the server's URL), as ``fmt``."""
    graphs = store.manifest()
    current = store.current_path()
    generation = current.name if current else "empty"
    dataset = f"{base}dataset"
    lines = [
        f"<{dataset}> a <{VOID}Dataset> ;",
        f"  <{DCTERMS}title> {_literal('UNGA knowledge graph')} ;",
        f"  <{DCTERMS}license> <{CC_BY}> ;",
        f"  <{DCTERMS}bibliographicCitation> "
        f"{_literal(CITATION.format(generation=generation, base=base))} ;",
        f"  <{VOID}sparqlEndpoint> <{root}/sparql> ;",
        f"  <{VOID}dataDump> <{root}/dump?format=nq> ;",
        f"  <{VOID}uriSpace> {_literal(base + 'id/')} ;",
        f"  <{VOID}triples> {sum(graphs.values())} .",
    ]
    for graph, triples in sorted(graphs.items()):
        licence, rights, _ = licence_of(graph, base)
        lines += [
            f"<{dataset}> <{VOID}subset> <{graph}> .",
            f"<{graph}> a <{VOID}Dataset> ; <{VOID}triples> {triples} ;",
            f"  <{DCTERMS}license> <{licence}> ; <{DCTERMS}rights> {_literal(rights)} .",
        ]
    triples_ = [q.triple for q in ox.parse("\n".join(lines), format=ox.RdfFormat.TURTLE)]
    rdf_format = GRAPH_FORMATS[fmt]
    kwargs = {"prefixes": PREFIXES} if rdf_format is ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples_, format=rdf_format, **kwargs) or b""
