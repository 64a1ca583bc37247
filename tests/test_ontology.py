"""The ontology, the SHACL shapes, the JSON-LD context and graph/validate.py.

SHACL tests use small hand-written Turtle in the shape of notes/model.md: three states
(Ukraine, Russia, India), the resolution A/RES/ES-11/4 and a vote event with three ballots.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.resources import ontology_dir
from graph.validate import _validate_owned, checked_shapes, shapes_graph, validate_graph, validate_store
from graph.vocab import SPONSOR_ROLES, UNGA, VOTE_OPTIONS

BASE = "https://w3id.org/unga-kg/id/"

DECLARING_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    SKOS.Concept,
    SKOS.ConceptScheme,
    RDF.Property,
    OWL.Ontology,
}

UNGA_CLASSES = (
    "Resolution DraftResolution SecurityCouncilDraft State MemberState ObserverState Speech "
    "JointStatement Sponsorship Session Meeting Claim ReportedTally"
).split()
UNGA_PROPERTIES = (
    "session draft agendaTitle committeeReport resolution totalMembers knownBallots "
    "completeRollCall voteNote recordedName iso3 iso2 m49 undlName admissionDate sha256 speaker "
    "speaksFor about onBehalfOf sponsor sponsorRole sponsoredDocument role"
).split()

PREFIXES = f"""
@base <{BASE}> .
@prefix unga: <https://w3id.org/unga-kg/ontology#> .
@prefix opengov: <http://www.w3.org/ns/opengov#> .
@prefix schema: <http://schema.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""


def states_ttl(india_iso3: str = "IND") -> str:
    """The members graph: three member states."""
    return f"""
<state/UKR> a unga:MemberState ; unga:iso3 "UKR" ; rdfs:label "Ukraine"@en ;
    owl:sameAs wd:Q212 .
<state/RUS> a unga:MemberState ; unga:iso3 "RUS" ; rdfs:label "Russian Federation"@en ;
    owl:sameAs wd:Q159 .
<state/IND> a unga:MemberState ; unga:iso3 "{india_iso3}" ; rdfs:label "India"@en ;
    owl:sameAs wd:Q668 .
"""


def vote_ttl(
    *,
    complete: bool = True,
    counts: tuple[int, int, int, int] = (1, 1, 1, 0),
    ballots: tuple[tuple[str, str | None], ...] = (
        ("UKR", "yes"),
        ("RUS", "no"),
        ("IND", "abstention"),
    ),
    with_date: bool = True,
) -> str:
    """The undl graph: A/RES/ES-11/4, its vote event, the four counts and the ballots.

    The defaults describe a complete roll call of a three-member assembly (counts 1/1/1/0);
    ``complete=False, counts=(143, 5, 35, 10)`` is the real tally with only three ballots known.
    """
    date = ' ; dcterms:date "2022-10-12"^^xsd:date' if with_date else ""
    flag = "true" if complete else "false"
    text = f"""
<resolution/A-RES-ES-11-4> a unga:Resolution ; dcterms:identifier "A/RES/ES-11/4"{date} ;
    unga:session <session/ES-11> ; unga:draft <draft/A-ES-11-L.5> .
<draft/A-ES-11-L.5> a unga:DraftResolution ; dcterms:identifier "A/ES-11/L.5" .
<session/ES-11> a unga:Session ; dcterms:identifier "ES-11" .
<meeting/A-ES-11-PV.14> a unga:Meeting ; dcterms:identifier "A/ES-11/PV.14" ;
    schema:superEvent <session/ES-11> .
<vote/A-RES-ES-11-4> a opengov:VoteEvent ; unga:resolution <resolution/A-RES-ES-11-4> ;
    schema:startDate "2022-10-12"^^xsd:date ; schema:superEvent <meeting/A-ES-11-PV.14> ;
    opengov:motion <draft/A-ES-11-L.5> ;
    opengov:count <vote/A-RES-ES-11-4/count/Y>, <vote/A-RES-ES-11-4/count/N>,
        <vote/A-RES-ES-11-4/count/A>, <vote/A-RES-ES-11-4/count/X> ;
    unga:totalMembers {sum(counts)} ; unga:knownBallots {len(ballots)} ;
    unga:completeRollCall {flag} .
"""
    for letter, option, value in zip("YNAX", ("yes", "no", "abstention", "nonVoting"), counts, strict=True):
        text += (
            f"<vote/A-RES-ES-11-4/count/{letter}> a opengov:Count ; "
            f"opengov:option unga:{option} ; rdf:value {value} .\n"
        )
    for iso3, option in ballots:
        chosen = f"opengov:option unga:{option} ; " if option else ""
        text += (
            f"<vote/A-RES-ES-11-4/{iso3}> a opengov:Vote ; "
            f"opengov:voteEvent <vote/A-RES-ES-11-4> ; opengov:voter <state/{iso3}> ; "
            f'{chosen}unga:recordedName "{iso3}" .\n'
        )
    return text


def graph_of(*parts: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=PREFIXES + "".join(parts), format="turtle")


def violation_lines(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("Violation: ")]


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "unga.ttl", format="turtle")


# --- the ontology -------------------------------------------------------------------------------


def test_ontology_and_shapes_parse_with_pyoxigraph() -> None:
    for name in ("unga.ttl", "shapes.ttl"):
        triples = list(ox.parse(path=str(ontology_dir() / name), format=ox.RdfFormat.TURTLE))
        assert len(triples) > 50, name


def test_every_declared_term_has_a_label_and_a_comment(ontology: rdflib.Graph) -> None:
    declared = {s for t in DECLARING_TYPES for s in ontology.subjects(RDF.type, t)}
    assert len(declared) > 60
    missing = []
    for term in sorted(declared):
        has_label = (term, RDFS.label, None) in ontology or (term, SKOS.prefLabel, None) in ontology
        if not has_label or (term, RDFS.comment, None) not in ontology:
            missing.append(str(term))
    assert missing == []


def test_every_subject_in_the_ontology_is_declared(ontology: rdflib.Graph) -> None:
    """No term is described without also saying what it is (class, property, concept...)."""
    subjects = {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef)}
    assert {s for s in subjects if (s, RDF.type, None) not in ontology} == set()


def test_ontology_header(ontology: rdflib.Graph) -> None:
    header = rdflib.URIRef("https://w3id.org/unga-kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in ("title", "license"):
        assert ontology.value(header, rdflib.DCTERMS[prop]) is not None
    assert ontology.value(header, OWL.versionInfo) is not None


def test_model_terms_are_declared(ontology: rdflib.Graph) -> None:
    for name in UNGA_CLASSES:
        assert (rdflib.URIRef(UNGA + name), RDF.type, OWL.Class) in ontology, name
    property_types = {OWL.ObjectProperty, OWL.DatatypeProperty}
    for name in UNGA_PROPERTIES:
        types = set(ontology.objects(rdflib.URIRef(UNGA + name), RDF.type))
        assert types & property_types, name


def test_class_hierarchy(ontology: rdflib.Graph) -> None:
    expected = {
        "DraftResolution": "http://www.w3.org/ns/opengov#Motion",
        "SecurityCouncilDraft": UNGA + "DraftResolution",
        "State": "http://www.w3.org/ns/org#FormalOrganization",
        "MemberState": UNGA + "State",
        "ObserverState": UNGA + "State",
        "JointStatement": UNGA + "Speech",
        "Session": "http://schema.org/Event",
        "Meeting": "http://schema.org/Event",
        "Claim": "http://www.w3.org/ns/prov#Entity",
        "ReportedTally": UNGA + "Claim",
    }
    for sub, sup in expected.items():
        assert (rdflib.URIRef(UNGA + sub), RDFS.subClassOf, rdflib.URIRef(sup)) in ontology


@pytest.mark.parametrize(
    ("concepts", "scheme"), [(VOTE_OPTIONS, "VoteOptions"), (SPONSOR_ROLES, "SponsorRoles")]
)
def test_skos_concepts_match_vocab(ontology: rdflib.Graph, concepts: dict[str, str], scheme: str) -> None:
    scheme_iri = rdflib.URIRef(UNGA + scheme)
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    members = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert members == {rdflib.URIRef(iri) for iri in concepts.values()}
    for notation, iri in concepts.items():
        concept = rdflib.URIRef(iri)
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert str(ontology.value(concept, SKOS.notation)) == notation
        assert ontology.value(concept, SKOS.prefLabel).language == "en"


# --- the JSON-LD context ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_context_is_json_and_expands_to_the_model() -> None:
    context = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert context["@context"]["@version"] == 1.1
    doc = {
        "@context": context["@context"],
        "@graph": [
            {
                "id": BASE + "vote/A-RES-ES-11-4/UKR",
                "type": "Vote",
                "voteEvent": BASE + "vote/A-RES-ES-11-4",
                "voter": BASE + "state/UKR",
                "option": "yes",
            },
            {
                "id": BASE + "resolution/A-RES-ES-11-4",
                "type": "Resolution",
                "identifier": "A/RES/ES-11/4",
                "date": "2022-10-12",
            },
        ],
    }
    parsed = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
    expected = graph_of(
        """
<vote/A-RES-ES-11-4/UKR> a opengov:Vote ; opengov:voteEvent <vote/A-RES-ES-11-4> ;
    opengov:voter <state/UKR> ; opengov:option unga:yes .
<resolution/A-RES-ES-11-4> a unga:Resolution ; dcterms:identifier "A/RES/ES-11/4" ;
    dcterms:date "2022-10-12"^^xsd:date .
"""
    )
    assert isomorphic(parsed, expected)


# --- SHACL --------------------------------------------------------------------------------------


def test_sparql_constraints_have_no_sub_select() -> None:
    """pyshacl pre-binds $this in the outer query only (pyoxigraph substitutions): a sub-select
    is evaluated for every node of the graph, once per focus node. The vote-event constraint
    written that way took 0.3 s per event on the full history, instead of 2-5 ms."""
    shapes = rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    queries = [str(q) for q in shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#select"))]
    assert len(queries) == 2
    for query in queries:
        code = "\n".join(line.split("#", 1)[0] for line in query.splitlines())
        assert code.upper().count("SELECT") == 1, query


def test_complete_vote_with_matching_counts_conforms() -> None:
    conforms, report = validate_graph(graph_of(states_ttl(), vote_ttl()))
    assert conforms, report
    assert violation_lines(report) == []
    assert report.splitlines()[-1].startswith("SHACL: conforms")


def test_partial_roll_call_with_fewer_ballots_than_counts_conforms() -> None:
    data = graph_of(states_ttl(), vote_ttl(complete=False, counts=(143, 5, 35, 10)))
    conforms, report = validate_graph(data)
    assert conforms, report


def test_ballot_without_option_fails() -> None:
    ballots = (("UKR", "yes"), ("RUS", None), ("IND", "abstention"))
    data = graph_of(states_ttl(), vote_ttl(complete=False, counts=(143, 5, 35, 10), ballots=ballots))
    conforms, report = validate_graph(data)
    assert not conforms
    lines = violation_lines(report)
    assert len(lines) == 1, report
    assert f"<{BASE}vote/A-RES-ES-11-4/RUS>" in lines[0]
    assert "opengov:option" in lines[0] and "unga:VoteOptions" in lines[0]
    assert report.splitlines()[-1] == (
        "SHACL: does NOT conform (" + str(len(data)) + " data triples checked): 1 Violation"
    )


def test_ballot_with_option_outside_the_scheme_fails() -> None:
    ballots = (("UKR", "yes"), ("RUS", "veto"), ("IND", "abstention"))
    data = graph_of(states_ttl(), vote_ttl(complete=False, counts=(143, 5, 35, 10), ballots=ballots))
    conforms, report = validate_graph(data)
    assert not conforms
    assert any("vote/A-RES-ES-11-4/RUS>" in line for line in violation_lines(report)), report


def test_complete_vote_whose_count_disagrees_with_ballots_fails() -> None:
    data = graph_of(states_ttl(), vote_ttl(counts=(2, 1, 1, 0)))
    conforms, report = validate_graph(data)
    assert not conforms
    lines = violation_lines(report)
    assert len(lines) == 1, report
    line = lines[0]
    assert line.startswith(f"Violation: <{BASE}vote/A-RES-ES-11-4> opengov:count")
    assert f"<{BASE}vote/A-RES-ES-11-4/count/Y>" in line
    assert "option Y" in line
    assert "official count is 2" in line and "number of ballots is 1" in line


def test_complete_vote_missing_every_ballot_of_an_option_fails() -> None:
    ballots = (("UKR", "yes"), ("RUS", "yes"), ("IND", "yes"))
    conforms, report = validate_graph(graph_of(states_ttl(), vote_ttl(ballots=ballots)))
    assert not conforms
    lines = violation_lines(report)
    # Y: 1 counted, 3 ballots; N and A: 1 counted, 0 ballots
    assert len(lines) == 3, report
    assert any("option N" in x and "number of ballots is 0" in x for x in lines)
    assert any("option Y" in x and "number of ballots is 3" in x for x in lines)


def test_partial_vote_with_more_ballots_than_the_count_fails() -> None:
    ballots = (("UKR", "no"), ("RUS", "no"), ("IND", "abstention"))
    data = graph_of(states_ttl(), vote_ttl(complete=False, counts=(143, 1, 35, 10), ballots=ballots))
    conforms, report = validate_graph(data)
    assert not conforms
    lines = violation_lines(report)
    assert len(lines) == 1, report
    assert "option N" in lines[0] and "official count is 1" in lines[0]
    assert "number of ballots is 2" in lines[0]


def test_state_with_bad_iso3_fails() -> None:
    conforms, report = validate_graph(graph_of(states_ttl(india_iso3="IN"), vote_ttl()))
    assert not conforms
    lines = violation_lines(report)
    assert lines == [
        f'Violation: <{BASE}state/IND> unga:iso3 = "IN": unga:iso3 must be three upper-case '
        "letters (ISO 3166-1 alpha-3), as a plain string"
    ]


def test_voter_that_is_not_a_state_fails() -> None:
    data = graph_of(states_ttl(), vote_ttl())
    data.remove((rdflib.URIRef(BASE + "state/IND"), RDF.type, None))
    conforms, report = validate_graph(data)
    assert not conforms
    assert any("vote/A-RES-ES-11-4/IND> opengov:voter" in x for x in violation_lines(report))


SPEECH = """
<person/jane-roe> a schema:Person ; schema:name "Jane Roe" .
<article/0123456789ab/speech/1> a unga:Speech ; unga:speaker <person/jane-roe> .
<article/0123456789ab/statement/1> a unga:JointStatement ; unga:onBehalfOf <state/RUS> .
<state/SUN> a unga:State ; unga:iso3 "SUN" ; dcterms:isReplacedBy <state/RUS> .
"""


def test_speakers_people_and_successors_conform() -> None:
    """A speech's speaker is a named person; a joint statement may name none; a former
    member is replaced by a state."""
    conforms, report = validate_graph(graph_of(states_ttl(), vote_ttl(), SPEECH))
    assert conforms, report


@pytest.mark.parametrize(("change", "expected"), [
    ('<person/jane-roe> a schema:Person ; schema:name "Jane Roe" .',
     "speech/1> unga:speaker = <https://w3id.org/unga-kg/id/person/jane-roe>: a speech has at most one"),
    ('schema:name "Jane Roe" .', "person/jane-roe> schema:name: a schema:Person must have a schema:name"),
    ("dcterms:isReplacedBy <state/RUS>", "state/SUN> dcterms:isReplacedBy = "),
])
def test_speakers_people_and_successors_are_checked(change: str, expected: str) -> None:
    """A speaker described nowhere (its graph replaced), a nameless person, a successor that
    is not a state: each is a violation."""
    replacement = {"dcterms:isReplacedBy <state/RUS>": "dcterms:isReplacedBy <state/ZZZ>",
                   'schema:name "Jane Roe" .': "schema:givenName \"Jane\" ."}.get(change, "")
    conforms, report = validate_graph(graph_of(states_ttl(), vote_ttl(), SPEECH.replace(change, replacement)))
    assert not conforms
    assert any(expected in line for line in violation_lines(report)), report


def test_resolution_without_date_fails() -> None:
    conforms, report = validate_graph(graph_of(states_ttl(), vote_ttl(with_date=False)))
    assert not conforms
    lines = violation_lines(report)
    assert len(lines) == 1, report
    assert lines[0].startswith(f"Violation: <{BASE}resolution/A-RES-ES-11-4> dcterms:date")
    assert "exactly one dcterms:date" in lines[0]


def test_resolution_date_must_be_xsd_date() -> None:
    dated = 'dcterms:date "2022-10-12"^^xsd:date ;'
    text = vote_ttl().replace(dated, 'dcterms:date "12 Oct 2022" ;')
    assert "12 Oct 2022" in text
    conforms, report = validate_graph(graph_of(states_ttl(), text))
    assert not conforms
    assert "must be a valid xsd:date" in report


def test_property_shapes_checked_on_their_own_give_the_same_report() -> None:
    """validate checks each node shape's property shapes with the node shape's targets
    (checked_shapes: faster in pyshacl); the report must be the one of the shapes as written."""
    ballots = (("UKR", "yes"), ("RUS", None), ("IND", "abstention"), ("FRA", "no"))
    text = vote_ttl(ballots=ballots, with_date=False).replace(
        "rdf:value 0 .", 'rdf:value "none" .').replace(
        "unga:completeRollCall true", 'unga:completeRollCall true, "yes"')
    data = graph_of(states_ttl(india_iso3="IN"), text)

    def report_with(shapes: rdflib.Graph) -> tuple[bool, str]:
        work = ox.Store()
        work.bulk_extend(ox.parse(data.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES))
        return _validate_owned(work, shapes)

    written = report_with(shapes_graph())
    assert written == report_with(checked_shapes(shapes_graph())) == validate_graph(data)
    lines = violation_lines(written[1])
    assert len(lines) >= 7, written[1]  # iso3, option, voter class, count, date, value, flag
    assert any("unga:completeRollCall" in line for line in lines)


def test_checked_shapes_keep_nested_what_cannot_be_checked_alone() -> None:
    shapes = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:ByNode a sh:NodeShape ; sh:targetNode ex:n ; sh:property ex:p1 .
        ex:Used a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:p2 .
        ex:User a sh:NodeShape ; sh:targetClass ex:D ; sh:node ex:Used .
        ex:Implicit a sh:NodeShape, rdfs:Class ; sh:property ex:p3 .
        ex:Off a sh:NodeShape ; sh:targetClass ex:E ; sh:deactivated true ; sh:property ex:p4 .
        ex:p1 sh:path ex:q ; sh:minCount 1 . ex:p2 sh:path ex:q . ex:p3 sh:path ex:q . ex:p4 sh:path ex:q .
        """, format="turtle")
    checked = checked_shapes(shapes)
    ex = rdflib.Namespace("http://ex/")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (ex.p1, sh.targetNode, ex.n) in checked and (ex.ByNode, sh.property, ex.p1) not in checked
    for shape, prop in ((ex.Used, ex.p2), (ex.Implicit, ex.p3), (ex.Off, ex.p4)):
        assert (shape, sh.property, prop) in checked
        assert not any(p.startswith(str(sh) + "target") for p in checked.predicates(prop))


def test_validate_graph_leaves_its_input_alone() -> None:
    data = graph_of(states_ttl(), vote_ttl())
    before = len(data)
    validate_graph(data)
    assert len(data) == before


def test_validate_store_checks_the_union_of_named_graphs() -> None:
    store = ox.Store()
    members = ox.NamedNode("https://w3id.org/unga-kg/graph/members")
    undl = ox.NamedNode("https://w3id.org/unga-kg/graph/undl")
    store.load((PREFIXES + states_ttl()).encode(), format=ox.RdfFormat.TURTLE, to_graph=members)
    store.load((PREFIXES + vote_ttl()).encode(), format=ox.RdfFormat.TURTLE, to_graph=undl)
    conforms, report = validate_store(store)
    # the ballots' voters are typed in another graph than the ballots: seen through the union
    assert conforms, report

    wrong = ox.Quad(
        ox.NamedNode(BASE + "vote/A-RES-ES-11-4/count/X"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#value"),
        ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        undl,
    )
    store.remove(ox.Quad(wrong.subject, wrong.predicate, ox.Literal(0), undl))
    store.add(wrong)
    conforms, report = validate_store(store)
    assert not conforms
    assert "option X the official count is 4 and the number of ballots is 0" in report


def test_validate_store_on_an_empty_store() -> None:
    conforms, report = validate_store(ox.Store())
    assert conforms
    assert report == "SHACL: conforms (0 data triples checked, no violations)"


def test_the_shipped_build_conforms(db: ox.Store) -> None:
    """The store built from data/ (all named graphs, ontology included) satisfies the shapes."""
    conforms, report = validate_store(db)
    assert conforms, report
    assert report.startswith("SHACL: conforms")
