"""SHACL validation of the knowledge graph (ontology/shapes.ttl, run by pyshacl).

The shapes are checked against one RDF graph: the union of all named graphs of the store plus the
ontology (ontology/unga.ttl), which supplies the class hierarchy (``unga:MemberState`` ⊑
``unga:State``) and the vote options' ``skos:inScheme``. That graph is the default graph of an
in-memory pyoxigraph store, which pyshacl (0.40+, extra ``oxigraph``) reads directly and whose
SPARQL engine runs the shapes' SPARQL constraints. The report is meant for people: one line per
result (severity, focus node, path, value, message), sorted, then a summary line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDFS, SH, XSD
from rdflib.term import Node

from graph.resources import ontology_dir
from graph.vocab import PREFIXES

Triple = tuple[Node, Node, Node]

_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
_PATH_OPERATORS = {
    SH.inversePath: "^{}",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


@lru_cache(maxsize=2)
def _file_triples(name: str) -> tuple[Triple, ...]:
    """The triples of a Turtle file in the ontology folder, parsed once per process."""
    graph = rdflib.Graph().parse(ontology_dir() / name, format="turtle")
    return tuple(graph)


def _graph_of(triples: Iterable[Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def ontology_graph() -> rdflib.Graph:
    """A fresh rdflib graph holding the ontology (ontology/unga.ttl)."""
    return _graph_of(_file_triples("unga.ttl"))


def shapes_graph() -> rdflib.Graph:
    """A fresh rdflib graph holding the SHACL shapes (ontology/shapes.ttl)."""
    return _graph_of(_file_triples("shapes.ttl"))


def checked_shapes(shapes: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` with each node shape's property shapes checked on their own, same results.

    A property shape of a node shape gets the node shape's targets and loses its
    ``sh:property`` link. SHACL gives the same results either way, but pyshacl checks a nested
    property shape once per focus node (looking up its constraints in the shapes graph each
    time), and a targeted one once for all of them: 28 s -> 16 s for 100,000 ballots. Node
    shapes that other shapes refer to (``sh:node``, ``sh:and``, …), that are classes (implicit
    targets) or that are deactivated keep their nested property shapes.
    """
    flat = _graph_of(shapes)
    for shape, prop in list(flat.subject_objects(SH.property)):
        targets = [(p, o) for p, o in flat.predicate_objects(shape) if p in _TARGETS]
        referenced = next(flat.subjects(None, shape), None) is not None
        implicit = any(c in (RDFS.Class, OWL.Class) for c in flat.objects(shape, rdflib.RDF.type))
        if not targets or referenced or implicit or flat.value(shape, SH.deactivated) is not None:
            continue
        for target in targets:
            flat.add((prop, *target))
        flat.add((prop, rdflib.RDF.type, SH.PropertyShape))
        flat.remove((shape, SH.property, prop))
    return flat


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    """Check ``data`` against the SHACL shapes; return (conforms, readable report).

    ``data`` is left unchanged: it is copied and the ontology is added to the copy.
    """
    work = ox.Store()
    work.bulk_extend(ox.parse(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
    return _validate_owned(work)


def validate_store(store: ox.Store) -> tuple[bool, str]:
    """Validate the union of all graphs of a pyoxigraph store (see :func:`validate_graph`).

    The union is copied into the default graph of an in-memory pyoxigraph store, which
    pyshacl reads directly: on the full history (4.75 M triples) 178 s and 2.3 GB, where an
    rdflib copy took 10 min 23 s and 4.5 GB (docs/benchmarks.md, session 7). A
    triple present in several named graphs counts once, as in the union default graph that
    queries see.
    """
    work = ox.Store()
    default = ox.DefaultGraph()
    work.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default)
                     for q in store.quads_for_pattern(None, None, None, None))
    return _validate_owned(work)


def _validate_owned(work: ox.Store, shapes: rdflib.Graph | None = None) -> tuple[bool, str]:
    """Validate the default graph of a store this module may modify (the ontology is added)
    against ``shapes`` (default: :func:`checked_shapes` of ontology/shapes.ttl)."""
    size = len(work)
    work.load(path=str(ontology_dir() / "unga.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    conforms, results, _text = shacl_validate(
        work, shacl_graph=shapes if shapes is not None else checked_shapes(shapes_graph()),
        inference="none", inplace=True, allow_warnings=True,
    )
    assert isinstance(results, rdflib.Graph)
    lines, severities = _result_lines(results)
    if not lines:
        summary = f"SHACL: conforms ({size} data triples checked, no violations)"
    else:
        parts = ", ".join(f"{n} {name}{'' if n == 1 else 's'}" for name, n in severities.items())
        verdict = "conforms" if conforms else "does NOT conform"
        summary = f"SHACL: {verdict} ({size} data triples checked): {parts}"
    return bool(conforms), "\n".join([*lines, summary])


def _result_lines(results: rdflib.Graph) -> tuple[list[str], Counter[str]]:
    """One readable line per top-level sh:ValidationResult, and the count per severity."""
    lines: list[str] = []
    severities: Counter[str] = Counter()
    nested = set(results.objects(None, SH.detail))
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        if result in nested:  # the cause of another result, reported through that one
            continue
        severity = _SEVERITY_NAMES.get(results.value(result, SH.resultSeverity), "Violation")
        severities[severity] += 1
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        line = f"{severity}: {_show(focus)}"
        if path is not None:
            line += f" {_show_path(results, path)}"
        if value is not None and value != focus:
            line += f" = {_show(value)}"
        lines.append(f"{line}: {'; '.join(messages) or _component(results, result)}")
    lines.sort()
    return lines, severities


def _component(results: rdflib.Graph, result: Node) -> str:
    component = results.value(result, SH.sourceConstraintComponent)
    return f"violates {_show(component)}" if component is not None else "violation"


def _show_path(graph: rdflib.Graph, path: Node) -> str:
    """A SHACL property path in SPARQL-like notation, e.g. ``opengov:option/skos:inScheme``."""
    if isinstance(path, rdflib.URIRef):
        return _show(path)
    if graph.value(path, rdflib.RDF.first) is not None:
        return "/".join(_show_path(graph, step) for step in Collection(graph, path))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        steps = Collection(graph, alternatives)
        return "(" + "|".join(_show_path(graph, step) for step in steps) + ")"
    for operator, template in _PATH_OPERATORS.items():
        inner = graph.value(path, operator)
        if inner is not None:
            return template.format(_show_path(graph, inner))
    return _show(path)


def _show(term: Node | None) -> str:
    """A short form of an RDF term: prefixed name, <IRI>, _:blank or a quoted literal."""
    if term is None:
        return "-"
    if isinstance(term, rdflib.URIRef):
        iri = str(term)
        for prefix, namespace in PREFIXES.items():
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and local and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        text = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{_show(term.datatype)}"
        return text
    return str(term)
