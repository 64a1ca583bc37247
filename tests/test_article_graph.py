"""The article graphs of the shipped build: claims, persons, links, selectors, named queries, CLI.

Runs on the session's ``unga-kg build`` (tests/conftest.py), which loads the five seed articles,
the UNDL record and the Security Council record; a few tests load articles into a copy of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import official_index
from graph.resources import data_dir
from graph.sparql import run_query, select_rows
from graph.store import GraphStore
from graph.vocab import UNGA, Iris
from loaders.articles.loader import ArticleLoader, article_id
from loaders.articles.text import read_article_file
from tests.conftest import REPO, run_cli, run_named

IRIS = Iris()
SEEDS = sorted((data_dir() / "articles").glob("*.txt"))
PREFIXES = """
PREFIX unga: <https://w3id.org/unga-kg/ontology#>
PREFIX opengov: <http://www.w3.org/ns/opengov#>
PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def seed_article(prefix: str) -> str:
    """The article IRI of the seed whose file name starts with ``prefix``."""
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    return IRIS.article(article_id(read_article_file(path)))


def rows(db: ox.Store, query: str) -> list[dict[str, str | None]]:
    return select_rows(run_query(db, PREFIXES + query))


def test_build_has_one_graph_per_seed_article(built_store: GraphStore) -> None:
    graphs = set(built_store.manifest())
    for path in SEEDS:
        assert IRIS.graph(f"article/{article_id(read_article_file(path))}") in graphs
    assert IRIS.graph("security-council") in graphs


def test_kyslytsya_is_one_person_across_articles(db: ox.Store) -> None:
    person = IRIS.person("Sergiy Kyslytsya")
    names = rows(db, f"SELECT ?n ?g WHERE {{ GRAPH ?g {{ <{person}> schema:alternateName ?n }} }}")
    # the spelling of seed 003 in its graph; the table's variant in …/graph/people
    assert sorted((r["n"], r["g"].rsplit("/", 2)[-2]) for r in names) == [
        ("Sergei Kislitsa", "article"), ("Serhiy Kyslytsya", "graph")]
    found = rows(db, f"""SELECT DISTINCT ?article ?quote WHERE {{
        ?speech unga:speaker <{person}> ; prov:wasDerivedFrom ?article .
        OPTIONAL {{ ?q schema:isPartOf ?speech ; schema:text ?quote }} }}""")
    articles = {r["article"] for r in found}
    assert {seed_article("000"), seed_article("001"), seed_article("003")} <= articles
    quoted = {r["article"] for r in found if r["quote"]}
    assert {seed_article("000"), seed_article("001")} <= quoted
    others = rows(db, """SELECT DISTINCT ?p WHERE { ?p schema:name ?n
        FILTER (CONTAINS(LCASE(?n), "kislitsa") || CONTAINS(LCASE(?n), "kyslytsya")) }""")
    assert [r["p"] for r in others] == [person]


def test_speeches_about_es_11_5(db: ox.Store) -> None:
    found = run_named(db, "speeches", symbol="A/RES/ES-11/5")
    speakers = {(r["speaker"], r["iso3"], r["role"]) for r in found}
    assert ("Sergiy Kyslytsya", "UKR", "ambassador") in speakers
    assert any(name == "Vasily Nebenzia" and iso3 == "RUS" for name, iso3, _ in speakers)
    assert {r["date"] for r in found} == {"2022-11-14"}
    assert all(r["source"] in {seed_article("000"), seed_article("001")} for r in found)
    everything = run_named(db, "speeches")
    assert len(everything) > len(found)
    assert {"Annalena Baerbock", "Linda Thomas-Greenfield"} <= {r["speaker"] for r in everything}


def test_no_speech_about_a_vote_for_remarks_on_another_occasion(db: ox.Store) -> None:
    """Zelenskyy "traveled to the southeastern city … and accused …" (seed 001) and Biden "told
    reporters" on his way to Wisconsin (seed 003): neither spoke about the vote (found by a QA pass)."""
    for symbol, person in (("A/RES/ES-11/5", "Volodymyr Zelenskyy"), ("A/RES/ES-11/1", "Joe Biden")):
        speakers = {r["speaker"] for r in run_named(db, "speeches", symbol=symbol)}
        assert speakers and person not in speakers, (symbol, speakers)
        assert not rows(db, f"SELECT ?s WHERE {{ ?s unga:speaker <{IRIS.person(person)}> }}")


def test_sponsors_of_es_11_5(db: ox.Store) -> None:
    found = run_named(db, "sponsors", symbol="A/RES/ES-11/5")
    assert found == [{"iso3": code, "role": "sponsor"} for code in ("CAN", "GTM", "NLD", "UKR")]
    assert run_named(db, "sponsors", symbol="A/RES/ES-11/6") == [{"iso3": "UKR", "role": "drafter"}]


def test_reported_tallies_agree_for_es_11_5(db: ox.Store) -> None:
    found = [r for r in run_named(db, "reported_tallies") if r["symbol"] == "A/RES/ES-11/5"]
    assert {r["source"] for r in found} == {seed_article("000"), seed_article("001")}
    for r in found:
        assert (r["yes"], r["no"], r["abstain"]) == ("94", "14", "73")
        assert (r["official_yes"], r["official_no"], r["official_abstain"]) == ("94", "14", "73")
        assert r["agrees"] == "true"


def test_joint_statements_of_the_seeds(db: ox.Store) -> None:
    found = rows(db, """SELECT ?s ?about (GROUP_CONCAT(?code; separator=" ") AS ?codes) WHERE {
        ?s a unga:JointStatement ; unga:about ?about ; unga:onBehalfOf ?state . ?state unga:iso3 ?code }
        GROUP BY ?s ?about""")
    parties = {r["s"]: (r["about"], sorted((r["codes"] or "").split())) for r in found}
    # seed 000: "The Palestinians sent a letter … saying they did not participate in the declaration."
    assert parties[f"{seed_article('000')}/statement/1"] == (
        IRIS.resolution("A/RES/ES-11/5"), ["AGO", "CHN", "IRN", "VEN"])
    about, codes = parties[f"{seed_article('004')}/statement/1"]
    assert about == IRIS.resolution("A/RES/ES-11/6") and len(codes) == 16 and "BLR" in codes


def test_a_denial_of_a_joint_statement_is_a_claim_of_its_own(db: ox.Store) -> None:
    statement = f"{seed_article('000')}/statement/1"
    found = rows(db, f"""SELECT ?d ?code ?exact ?article WHERE {{
        ?d a unga:ReportedDenial, unga:Claim ; unga:denies <{statement}> ; unga:deniedBy ?state ;
           prov:wasDerivedFrom ?article ; oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
        ?state unga:iso3 ?code }}""")
    assert [(r["d"], r["code"], r["article"]) for r in found] == [
        (f"{statement}/denial/1", "PSE", seed_article("000"))]
    assert "did not participate in the declaration" in (found[0]["exact"] or "")
    assert not db.query(f"ASK {{ GRAPH ?g {{ <{statement}> <{UNGA}onBehalfOf> <{IRIS.state('PSE')}> }} }}")


def test_ontology_doc_denial_example_is_in_the_graph(db: ox.Store) -> None:
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    prefixes = doc.split("```turtle\n", 1)[1].split("```", 1)[0]
    start = doc.index("<article/5f849d12b171/statement/1/denial/1> a")
    example = doc[start:doc.index("\n<person/", start)]
    triples = list(ox.parse((prefixes + example).encode("utf-8"), ox.RdfFormat.TURTLE))
    assert len(triples) == 7
    for t in triples:
        assert db.query(f"ASK {{ GRAPH ?g {{ {t.subject} {t.predicate} {t.object} }} }}"), t


def test_ontology_doc_joint_statement_example_is_in_the_graph(db: ox.Store) -> None:
    """Every triple of the JointStatement example of docs/ontology.md is in the built graph."""
    doc = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    prefixes = doc.split("```turtle\n", 1)[1].split("```", 1)[0]
    example = doc.split("### `unga:JointStatement`", 1)[1].split("```turtle\n", 1)[1].split("```", 1)[0]
    triples = list(ox.parse((prefixes + example).encode("utf-8"), ox.RdfFormat.TURTLE))
    assert len(triples) == 6
    for t in triples:
        assert db.query(f"ASK {{ GRAPH ?g {{ {t.subject} {t.predicate} {t.object} }} }}"), t


def test_every_seed_vote_is_linked_to_the_official_record(db: ox.Store) -> None:
    found = rows(db, """SELECT ?claim ?how ?symbol WHERE { ?claim a unga:ReportedTally ;
        unga:matchedBy ?how ; unga:about ?r . OPTIONAL { ?r dcterms:identifier ?symbol } }""")
    assert found and all(r["symbol"] and r["how"] != "none" for r in found)
    by_claim = {r["claim"]: (r["symbol"], r["how"]) for r in found}
    assert by_claim[f"{seed_article('000')}/vote/1"] == ("A/RES/ES-11/5", "tally")
    assert by_claim[f"{seed_article('004')}/vote/1"] == ("A/RES/ES-11/6", "date+tally")
    assert by_claim[f"{seed_article('002')}/vote/5"] == ("A/RES/68/262", "date+tally")
    # what a link on a partial date rested on: seed 000 recalls "March 2" (ES-11/1), no year
    dated = rows(db, f"""SELECT ?text ?date WHERE {{ <{seed_article('000')}/vote/2>
        unga:reportedDateText ?text OPTIONAL {{ <{seed_article('000')}/vote/2> dcterms:date ?date }} }}""")
    assert dated == [{"text": "March 2", "date": None}]
    assert by_claim[f"{seed_article('000')}/vote/2"] == ("A/RES/ES-11/1", "date+tally")


def test_every_selector_slices_the_article_text(db: ox.Store) -> None:
    found = rows(db, """SELECT ?claim ?file ?start ?end ?exact WHERE {
        ?claim a unga:Claim ; prov:wasDerivedFrom ?article ;
               oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                              [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
        ?article dcterms:source ?file }""")
    claims = rows(db, "SELECT DISTINCT ?c WHERE { ?c a unga:Claim }")
    assert len({r["claim"] for r in found}) == len(claims) > 100
    texts = {p.name: read_article_file(p) for p in SEEDS}
    for r in found:
        assert texts[r["file"]][int(r["start"]):int(r["end"])] == r["exact"], r["claim"]


def test_claims_are_not_official_facts(db: ox.Store) -> None:
    typed = rows(db, """SELECT ?s WHERE { GRAPH ?g { ?s a ?type }
        FILTER (STRSTARTS(STR(?g), "https://w3id.org/unga-kg/graph/article/"))
        VALUES ?type { opengov:Vote opengov:VoteEvent opengov:Count unga:Resolution unga:State } }""")
    assert typed == []
    official = rows(db, """SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o }
        FILTER (STRSTARTS(STR(?g), "https://w3id.org/unga-kg/graph/article/"))
        FILTER (STRSTARTS(STR(?s), "https://w3id.org/unga-kg/id/state/")
                || (STRSTARTS(STR(?s), "https://w3id.org/unga-kg/id/resolution/")
                    && !CONTAINS(STR(?s), "/provisional-"))) }""")
    assert official == []


def test_resolutions_query_does_not_list_claims_or_council_drafts(db: ox.Store) -> None:
    symbols = [r["symbol"] for r in run_named(db, "resolutions")]
    assert "S/2022/720" not in symbols and len(symbols) == len(set(symbols)) == 7


def test_unmatched_vote_gets_a_provisional_resolution(db: ox.Store, tmp_path: Path) -> None:
    path = tmp_path / "unknown.txt"
    path.write_text("date 2030-05-06\n\nThe General Assembly on Friday adopted the text 120-20, "
                    "with 30 abstentions.\n", encoding="utf-8")
    loader = ArticleLoader(path, IRIS, official_index(db))
    store = ox.Store()
    store.load("".join(loader.ntriples()).encode(), format=ox.RdfFormat.N_TRIPLES)
    found = select_rows(store.query(PREFIXES + """SELECT ?r ?how WHERE {
        ?c a unga:ReportedTally ; unga:about ?r ; unga:matchedBy ?how .
        ?r a unga:ProvisionalResolution }"""))
    assert [r["how"] for r in found] == ["none"]
    assert "/resolution/provisional-" in (found[0]["r"] or "")


# --- the command line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store_copy(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """A private copy of the built store (shared by the CLI tests of this module)."""
    root = tmp_path_factory.mktemp("articles") / "store"
    shutil.copytree(built_store.root, root, symlinks=True)
    return GraphStore(root)


def test_load_articles_replaces_only_that_articles_graph(store_copy: GraphStore, tmp_path: Path) -> None:
    before = store_copy.manifest()
    path = tmp_path / "extra.txt"
    path.write_text("The General Assembly voted 94-14 with 73 abstentions to back reparations.\n",
                    encoding="utf-8")
    graph = IRIS.graph(f"article/{article_id(read_article_file(path))}")
    for _ in range(2):  # loading it again replaces it
        result = run_cli("load", "articles", str(path), "--store", str(store_copy.root))
        assert result.returncode == 0, result.stderr
        after = store_copy.manifest()
        assert set(after) - set(before) == {graph}
        assert {g: n for g, n in after.items() if g not in (graph, IRIS.graph("void"))} == {
            g: n for g, n in before.items() if g != IRIS.graph("void")}
    found = rows(store_copy.open(), f"""SELECT ?symbol WHERE {{ GRAPH <{graph}> {{
        ?c a unga:ReportedTally ; unga:about ?r }} ?r dcterms:identifier ?symbol }}""")
    assert [r["symbol"] for r in found] == ["A/RES/ES-11/5"]


DENIED = """date 2023-02-24

The General Assembly adopted the resolution 141-7 with 32 abstentions.

Venezuela's ambassador delivered a joint statement on behalf of Belarus, China, Cuba and Iran.

Cuba said it had not signed the statement of the Group of Seven, which it called hypocritical.

Iran's mission later said it had not joined the joint statement.
"""


def test_denials_in_a_loaded_article_graph(store_copy: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "denied.txt"
    path.write_text(DENIED, encoding="utf-8")
    result = run_cli("load", "articles", str(path), "--store", str(store_copy.root))
    assert result.returncode == 0, result.stderr
    text, graph = read_article_file(path), IRIS.graph(f"article/{article_id(DENIED)}")
    db = store_copy.open()
    parties = rows(db, f"""SELECT ?code WHERE {{ GRAPH <{graph}> {{ ?s a unga:JointStatement ;
        unga:onBehalfOf ?state }} ?state unga:iso3 ?code }} ORDER BY ?code""")
    assert [r["code"] for r in parties] == ["BLR", "CHN", "CUB"]  # the G7 statement is another one
    found = rows(db, f"""SELECT ?d ?code ?start ?end ?exact WHERE {{ GRAPH <{graph}> {{
        ?d a unga:ReportedDenial ; unga:denies ?s ; unga:deniedBy ?state ;
           oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                          [ a oa:TextQuoteSelector ; oa:exact ?exact ] .
        ?s a unga:JointStatement }} ?state unga:iso3 ?code }}""")
    assert [r["code"] for r in found] == ["IRN"]
    denial = found[0]
    assert text[int(denial["start"] or 0):int(denial["end"] or 0)] == denial["exact"]
    assert denial["exact"] == "Iran's mission later said it had not joined the joint statement."


@pytest.mark.parametrize("content", [b"", b"   \n", b"\x00\x01binary\x00", b"caf\xe9 au lait"])
def test_bad_article_file_exits_2_and_leaves_the_store(
    store_copy: GraphStore, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "bad_article.txt"
    path.write_bytes(content)
    current = store_copy.current_path()
    result = run_cli("load", "articles", str(path), "--store", str(store_copy.root))
    assert result.returncode == 2
    assert "bad_article.txt" in result.stderr and "Traceback" not in result.stderr
    assert store_copy.current_path() == current
    extracted = run_cli("extract", str(path))
    assert extracted.returncode == 2 and "bad_article.txt" in extracted.stderr


def test_extract_cli_prints_the_contract_json() -> None:
    result = run_cli("extract", str(SEEDS[0]))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"source", "published", "votes", "speakers", "sponsors", "statements"} <= set(out)
    vote = out["votes"][0]
    assert {"resolution", "date", "yes", "no", "abstain", "against_named", "abstain_named",
            "yes_named", "evidence"} <= set(vote)
    assert (vote["yes"], vote["no"], vote["abstain"]) == (94, 14, 73)
    assert {"name", "state", "role", "quotes", "evidence"} <= set(out["speakers"][0])
    assert run_cli("extract", str(SEEDS[1]), "--published", "2022-11-14").returncode == 0
    assert run_cli("extract", str(SEEDS[1]), "--published", "14/11/2022").returncode == 2


def test_extraction_benchmark_scores_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("eval_extraction", REPO / "bench" / "eval_extraction.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)  # dataclasses look their module up
    spec.loader.exec_module(bench)
    seeds = REPO / "tests" / "articles" / "seeds"
    index = bench.official_index_of_loaders(bench._official_loaders(IRIS, data_dir()))
    report = bench.evaluate(bench.load_cases([seeds]), index)
    assert report.cases == 5
    assert report.scores["tallies"].prf()[2] == 1.0
    assert report.links_right == report.links_total == 15


def test_the_index_built_before_the_store_equals_the_stores(db: ox.Store) -> None:
    """The build indexes the official record from its loaders, without the ballots; the index
    is the one `load articles` reads from a built store, whatever the order of the triples."""
    from graph.build import _official_loaders, official_index_of_loaders
    from loaders.base import StaticLoader

    from_store = official_index(db)
    loaders = _official_loaders(IRIS, data_dir())
    assert official_index_of_loaders(loaders).votes == from_store.votes
    es11_4 = from_store.get("A/RES/ES-11/4")
    assert es11_4 and (es11_4.yes, es11_4.no, es11_4.abstain) == (143, 5, 35)
    assert str(es11_4.date) == "2022-10-12"
    reversed_lines = [StaticLoader(loader.graph, reversed("".join(loader.ntriples()).splitlines(True)))
                      for loader in loaders]  # each ballot's option now comes before its other triples
    assert official_index_of_loaders(reversed_lines).votes == from_store.votes
