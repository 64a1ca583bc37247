"""VoID description of the dataset: one subset per named graph, its size, licence and source."""

from __future__ import annotations

import pyoxigraph as ox

from graph.sparql import GRAPH_FORMATS
from graph.store import GraphStore
from graph.vocab import DCTERMS, PREFIXES, VOID

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
UNDL_TERMS = "https://www.un.org/en/about-us/terms-of-use"
CITATION = ("UNGA knowledge graph: UN General Assembly votes, speeches and sponsorships as "
            "linked data (version {generation}). {base}. Data from the UN Digital Library "
            "(voting records), news articles (claims, cited per article) and Wikidata.")

# (licence IRI, rights statement) by the first segment of a graph name after <base>graph/.
LICENCES: dict[str, tuple[str, str]] = {
    "undl": (UNDL_TERMS, "UN Digital Library data: non-commercial use with attribution to the "
                         "United Nations (UN terms of use)."),
    "article": (CC_BY, "Claims extracted by this project are CC BY 4.0; the article texts and "
                       "quoted sentences belong to their publishers (quoted for reference)."),
    "wikidata": (CC_BY, "Alignments to Wikidata (whose data is CC0) made by this project, CC BY 4.0."),
}
DEFAULT_LICENCE = (CC_BY, "Project data, CC BY 4.0: cite the UNGA knowledge graph.")


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def licence_of(graph: str, base: str) -> tuple[str, str]:
    """(licence IRI, rights statement) of a named graph by its kind."""
    kind = graph.removeprefix(f"{base}graph/").split("/")[0]
    return LICENCES.get(kind, DEFAULT_LICENCE)


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
        licence, rights = licence_of(graph, base)
        lines += [
            f"<{dataset}> <{VOID}subset> <{graph}> .",
            f"<{graph}> a <{VOID}Dataset> ; <{VOID}triples> {triples} ;",
            f"  <{DCTERMS}license> <{licence}> ; <{DCTERMS}rights> {_literal(rights)} .",
        ]
    triples_ = [q.triple for q in ox.parse("\n".join(lines), format=ox.RdfFormat.TURTLE)]
    rdf_format = GRAPH_FORMATS[fmt]
    kwargs = {"prefixes": PREFIXES} if rdf_format is ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples_, format=rdf_format, **kwargs) or b""
