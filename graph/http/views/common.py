"""What every resource page shows: label, types, its statements and the links to it."""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.param_binding import bind
from graph.vocab import PREFIXES

LABEL_PROPS = ("rdfs:label", "skos:prefLabel", "dcterms:title", "schema:name", "dcterms:identifier")
INCOMING = 200
"""Links to the resource shown on its page, at most."""
PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
_LABEL_RANKS = {PREFIXES[prefix] + local: rank
                for rank, (prefix, _, local) in enumerate(n.partition(":") for n in LABEL_PROPS)}
"""IRI of each label property -> its place in LABEL_PROPS (lower wins)."""


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
        self._labels: dict[str, str | None] = {}
        """IRI -> label, or None when it has none; filled by :meth:`label` and :meth:`prefetch`."""

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
            if term.value not in self._labels:
                self.prefetch([term])
            found = self._labels[term.value]
            return found if found is not None else self.compact(term.value)
        return str(term)

    def prefetch(self, terms: Iterable[Any]) -> None:
        """Look up the labels of many IRIs in one query; :meth:`label` then reads them.

        A page of a state links to each of its ~4,700 resolutions at full history: one query
        per label took ~1.2 s of the page, this one takes a fraction of it.
        """
        iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)} - self._labels.keys())
        if not iris:
            return
        values = " ".join(f"<{iri}>" for iri in iris)
        found: dict[str, tuple[int, str]] = {}
        # a FILTER, not a second VALUES: with two VALUES the planner scans every triple (2.6 s)
        query = (f"SELECT ?t ?p ?l WHERE {{ VALUES ?t {{ {values} }} ?t ?p ?l "
                 f"FILTER (?p IN ({', '.join(LABEL_PROPS)})) }}")
        for row in self.db.query(PROLOGUE + query, use_default_graph_as_union=True):
            rank = _LABEL_RANKS[row["p"].value]
            iri = row["t"].value
            if iri not in found or rank < found[iri][0]:  # the first value of the best property
                found[iri] = (rank, row["l"].value)
        for iri in iris:
            self._labels[iri] = found[iri][1] if iri in found else None

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


def name_key(text: str) -> str:
    """A sort key for names shown to people: case and accents ignored ("Côte d'Ivoire" among
    the Cs, "United Arab Emirates" after "Ukraine"), by NFKD decomposition without its marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _term_order(term: Any) -> tuple[int, str]:
    """SPARQL's ORDER BY for subjects: blank nodes before IRIs."""
    return (0 if isinstance(term, ox.BlankNode) else 1, str(term.value))


def common_context(page: Page) -> dict[str, Any]:
    """Label, types, outgoing statements and incoming links of the page's resource."""
    out = page.rows("SELECT ?p ?o WHERE { ?this ?p ?o } ORDER BY ?p ?o")
    # the first INCOMING links by property and subject, sorted here: pyoxigraph's ORDER BY
    # reads every IRI from the store to compare it (a state's ~4,700 ballots: 0.35 s; here ~5 ms)
    linking = heapq.nsmallest(INCOMING, page.rows("SELECT ?s ?p WHERE { ?s ?p ?this }"),
                              key=lambda r: (r["p"].value, _term_order(r["s"])))
    page.prefetch([ox.NamedNode(page.iri), *(r["o"] for r in out), *(r["s"] for r in linking)])
    types = [page.link(r["o"]) for r in out if r["p"].value == PREFIXES["rdf"] + "type"]
    statements = [(Link(page.compact(r["p"].value), r["p"].value), page.link(r["o"]))
                  for r in out if r["p"].value != PREFIXES["rdf"] + "type"]
    incoming = [(page.link(r["s"]), Link(page.compact(r["p"].value), r["p"].value))
                for r in linking]
    return {"iri": page.iri, "label": page.label(ox.NamedNode(page.iri)), "types": types,
            "statements": statements, "incoming": incoming}
