"""What every resource page shows: label, types, its statements and the links to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.param_binding import bind
from graph.vocab import PREFIXES

LABEL_PROPS = ("rdfs:label", "skos:prefLabel", "dcterms:title", "schema:name", "dcterms:identifier")
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


@dataclass
class Link:
    """A term as shown on a page: text, and where it links to (None for literals)."""

    text: str
    href: str | None = None


class Page:
    """Queries about one resource on the live store, with links made local under the base."""

    def __init__(self, db: ox.Store, iri: str, base: str) -> None:
        self.db = db
        self.iri = iri
        self.id_base = base + "id/"

    def rows(self, body: str, **bindings: str) -> list[dict[str, Any]]:
        """SELECT rows of ``body`` (prefixes declared; ``?this`` is the resource)."""
        values = {"this": ox.NamedNode(self.iri), **{k: ox.NamedNode(v) for k, v in bindings.items()}}
        result = self.db.query(bind(PROLOGUE + body, values), use_default_graph_as_union=True)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    def href(self, iri: str) -> str:
        """Local /id/… path for IRIs under the base, the IRI itself otherwise."""
        return "/id/" + iri[len(self.id_base):] if iri.startswith(self.id_base) else iri

    def compact(self, iri: str) -> str:
        """``prefix:local`` when a known prefix fits."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def label(self, term: ox.NamedNode | ox.BlankNode | None) -> str:
        """A human label of ``term`` (first of rdfs:label, prefLabel, title, name, identifier)."""
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            values = " ".join(LABEL_PROPS)
            rows = self.rows(f"SELECT ?l WHERE {{ VALUES ?p {{ {values} }} ?t ?p ?l }} LIMIT 1",
                             t=term.value)
            if rows:
                return rows[0]["l"].value
            return self.compact(term.value)
        return str(term)

    def link(self, term: Any, text: str | None = None) -> Link:
        """A Link for any RDF term (IRIs labelled, literals as their value)."""
        if term is None:
            return Link("")
        if isinstance(term, ox.NamedNode):
            return Link(text or self.label(term), self.href(term.value))
        if isinstance(term, ox.Literal):
            return Link(term.value)
        return Link(str(term))

    def exists(self) -> bool:
        """True when the resource is the subject or object of some statement."""
        try:
            query = bind("ASK { { ?this ?p ?o } UNION { ?s ?p ?this } }", {"this": ox.NamedNode(self.iri)})
        except ValueError:
            return False
        return bool(self.db.query(query, use_default_graph_as_union=True))


def common_context(page: Page) -> dict[str, Any]:
    """Label, types, outgoing statements and incoming links of the page's resource."""
    out = page.rows("SELECT ?p ?o WHERE { ?this ?p ?o } ORDER BY ?p ?o")
    types = [page.link(r["o"]) for r in out if r["p"].value == PREFIXES["rdf"] + "type"]
    statements = [(Link(page.compact(r["p"].value), r["p"].value), page.link(r["o"]))
                  for r in out if r["p"].value != PREFIXES["rdf"] + "type"]
    incoming = [(page.link(r["s"]), Link(page.compact(r["p"].value), r["p"].value))
                for r in page.rows("SELECT ?s ?p WHERE { ?s ?p ?this } ORDER BY ?p ?s LIMIT 200")]
    return {"iri": page.iri, "label": page.label(ox.NamedNode(page.iri)), "types": types,
            "statements": statements, "incoming": incoming}
