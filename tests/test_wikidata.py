"""The Wikidata alignment: file derived from the members table, its loader, the built graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.vocab import Iris
from loaders.base import InputError
from loaders.wikidata import Alignment, WikidataLoader, alignment_from_members, read_alignment
from tests.conftest import REPO

ALIGNMENT = REPO / "data" / "wikidata" / "alignment.csv"
SHARED_MEMBERS = REPO.parent / "shared" / "data" / "member_states.csv"
WIKIDATA_GRAPH = "https://w3id.org/unga-kg/graph/wikidata"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def test_alignment_is_exactly_the_members_tables_wikidata_ids() -> None:
    shipped = read_alignment(ALIGNMENT)
    assert shipped == alignment_from_members(REPO / "data" / "members.csv")
    assert len(shipped) == 195 and {a.kind for a in shipped} == {"state"}
    by_iri = {a.iri: a.wikidata for a in shipped}
    assert by_iri["https://w3id.org/unga-kg/id/state/UKR"] == "Q212"
    assert by_iri["https://w3id.org/unga-kg/id/state/PSE"] == "Q219060"


@pytest.mark.skipif(not SHARED_MEMBERS.is_file(), reason="../shared/data not present")
def test_members_table_ids_come_from_the_shared_data() -> None:
    assert alignment_from_members(SHARED_MEMBERS) == alignment_from_members(REPO / "data" / "members.csv")


def test_rows_are_rebased_onto_another_base() -> None:
    rows = read_alignment(ALIGNMENT, Iris("http://example.org/kg/"))
    assert Alignment("http://example.org/kg/id/state/UKR", "Q212", "state",
                     rows[0].source) in rows


@pytest.mark.parametrize(("row", "problem"), [
    ("https://w3id.org/unga-kg/id/state/UKR,212,state,x", "bad Wikidata id '212'"),
    ("https://w3id.org/unga-kg/id/state/UKR,Q212,country,x", "unknown kind 'country'"),
    ("https://w3id.org/unga-kg/id/resolution/A-RES-1,Q1,state,x", "not a state IRI"),
    ("https://w3id.org/unga-kg/id/state/UK R,Q212,state,x", "not a state IRI"),
    ("https://w3id.org/unga-kg/id/state/<UKR>,Q212,state,x", "not a state IRI"),
    ("https://w3id.org/unga-kg/id/state/UKR,Q212,state,", "empty source"),
    ("https://w3id.org/unga-kg/id/state/RUS,Q159,state,x", "aligned twice (also line 2)"),
    ("https://w3id.org/unga-kg/id/state/,Q1,state,x",
     "unknown state '' in https://w3id.org/unga-kg/id/state/ (not in members.csv nor a former member)"),
    ("https://w3id.org/unga-kg/id/state/ZZZ,Q1,state,x", "unknown state 'ZZZ'"),
    ("https://w3id.org/unga-kg/id/state/É,Q1,state,x", "unknown state 'É'"),
    ("https://w3id.org/unga-kg/id/state/UKR/x,Q1,state,x", "unknown state 'UKR/x'"),
    ("https://w3id.org/unga-kg/id/resolution/,Q1,resolution,x", "bad symbol ''"),
    ("https://w3id.org/unga-kg/id/resolution/A-RES-1%2F2,Q1,resolution,x", "bad symbol 'A-RES-1%2F2'"),
])
def test_bad_rows_are_refused_with_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    bad = tmp_path / "alignment.csv"
    bad.write_text(f"iri,wikidata,kind,source\nhttps://w3id.org/unga-kg/id/state/RUS,Q159,state,x\n{row}\n")
    with pytest.raises(InputError) as info:
        "".join(WikidataLoader(bad).ntriples())
    assert str(info.value).startswith(f"{bad}:3: ") and problem in str(info.value)


def test_a_former_member_and_a_resolution_may_be_aligned(tmp_path: Path) -> None:
    path = tmp_path / "alignment.csv"
    path.write_text("iri,wikidata,kind,source\nhttps://w3id.org/unga-kg/id/state/SUN,Q15180,state,x\n"
                    "https://w3id.org/unga-kg/id/resolution/A-RES-ES-11-1,Q1,resolution,x\n")
    assert [a.wikidata for a in read_alignment(path)] == ["Q15180", "Q1"]


def test_links_live_only_in_the_wikidata_graph(db: ox.Store) -> None:
    links = list(db.quads_for_pattern(None, ox.NamedNode(SAME_AS), None, None))
    assert len(links) == 195
    assert {q.graph_name.value for q in links} == {WIKIDATA_GRAPH}
    ukr = ox.NamedNode("https://w3id.org/unga-kg/id/state/UKR")
    assert [q.object.value for q in links if q.subject == ukr] == ["http://www.wikidata.org/entity/Q212"]


def test_wikidata_graph_says_where_it_came_from(db: ox.Store) -> None:
    rows = list(db.query(f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title WHERE {{ GRAPH <{WIKIDATA_GRAPH}> {{
          <{WIKIDATA_GRAPH}> prov:wasDerivedFrom ?src . ?src dcterms:title ?title }} }}"""))
    assert [r["title"].value for r in rows] == ["alignment.csv"]
