"""Dumps: every format, deterministic bytes, and the VoID/DCAT description every dump carries."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from test_endpoint_support import running_server

from graph.describe import newest_date
from graph.store import GraphStore, count_quads
from tests.conftest import run_cli

B = "https://w3id.org/unga-kg/"
VOID_GRAPH = B + "graph/void"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"
FORMATS = {"ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
           "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}


def _export(store: GraphStore, fmt: str, out: Path) -> bytes:
    result = run_cli("export", "--format", fmt, "-o", str(out), "--store", str(store.root))
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.fixture(scope="module")
def dumps(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("dumps")
    return {fmt: _export(built_store, fmt, folder / f"dump.{fmt}") for fmt in FORMATS}


def _distinct_triples(db: ox.Store) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    return int(next(iter(db.query(query)))["n"].value)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_parses_back_to_the_store(dumps: dict[str, bytes], db: ox.Store, fmt: str) -> None:
    parsed = list(ox.parse(dumps[fmt], format=FORMATS[fmt]))
    expected = count_quads(db) if fmt in ("trig", "nq") else _distinct_triples(db)
    assert len(parsed) == expected > 5000


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq"])
def test_sizes_from_the_manifest_give_the_same_dump_and_progress_adds_up(built_store: GraphStore,
                                                                        fmt: str) -> None:
    """The CLI and /dump pass the generation's manifest instead of counting every graph; the
    progress is reported while pyoxigraph writes (several times per graph) and sums to the
    statements written."""
    import io

    from graph.export import export

    db, sizes = built_store.snapshot()
    counted, from_manifest = io.BytesIO(), io.BytesIO()
    reported: list[int] = []
    n = export(db, counted, fmt)
    assert export(db, from_manifest, fmt, advance=reported.append, sizes=sizes) == n
    assert from_manifest.getvalue() == counted.getvalue()
    assert sum(reported) == n and len(reported) > len(sizes)


def test_jsonld_is_compacted_with_the_projects_context(dumps: dict[str, bytes]) -> None:
    document = json.loads(dumps["jsonld"])
    assert document["@context"]["unga"] == "https://w3id.org/unga-kg/ontology#"
    ukraine = next(n for n in document["@graph"] if n.get("id") == B + "id/state/UKR")
    assert ukraine["type"] == "MemberState" and ukraine["iso3"] == "UKR" and ukraine["sameAs"] == "wd:Q212"


def test_two_builds_give_identical_bytes_in_every_format(
    built_store: GraphStore, dumps: dict[str, bytes], tmp_path: Path
) -> None:
    other = GraphStore(tmp_path / "store")
    assert run_cli("build", "--store", str(other.root)).returncode == 0
    for fmt in FORMATS:
        assert _export(other, fmt, tmp_path / f"again.{fmt}") == dumps[fmt], fmt


def _description(quads: list[ox.Quad]) -> dict[str, dict[str, list[str]]]:
    """subject -> predicate -> objects, for the quads of the void graph."""
    found: dict[str, dict[str, list[str]]] = {}
    for q in quads:
        if q.graph_name == ox.NamedNode(VOID_GRAPH):
            found.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object.value)
    return found


def test_dump_carries_counts_licences_sources_and_date_of_the_data(
    dumps: dict[str, bytes], db: ox.Store
) -> None:
    about = _description(list(ox.parse(dumps["nq"], format=ox.RdfFormat.N_QUADS)))
    graphs = sorted(g.value for g in db.named_graphs() if g.value != VOID_GRAPH)
    dataset = about[B + "dataset"]
    assert sorted(dataset[VOID + "subset"]) == graphs
    for graph in graphs:
        assert about[graph][VOID + "triples"] == [str(count_quads(db, graph))], graph
    assert dataset[VOID + "triples"] == [str(sum(count_quads(db, g) for g in graphs))]
    undl, members = about[B + "graph/undl"], about[B + "graph/members"]
    assert "non-commercial" in undl[DCT + "rights"][0]
    assert undl[DCT + "source"] == ["https://digitallibrary.un.org/"]
    assert members[DCT + "license"] == ["https://creativecommons.org/licenses/by/4.0/"]
    assert about[B + "graph/wikidata"][DCT + "source"] == ["https://www.wikidata.org/"]
    council = about[B + "graph/security-council"]  # a UN press release, not project data
    assert council[DCT + "source"] == ["https://press.un.org/"] and "SC/15046" in council[DCT + "rights"][0]
    assert council[DCT + "license"] == ["https://www.un.org/en/about-us/terms-of-use"]
    for graph in graphs:
        if graph.startswith(B + "graph/article/"):
            assert "belong to their publishers" in about[graph][DCT + "rights"][0]
    # the date of the data: its newest date (the last vote is 2023-02-23), not the build time
    assert dataset[DCT + "modified"] == [newest_date(db, graphs)]
    assert dataset[DCT + "modified"][0] >= "2023-02-23"


def test_loading_one_source_refreshes_the_description(built_store: GraphStore, tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    shutil.copytree(built_store.root, store.root, symlinks=True)
    alignment = tmp_path / "alignment.csv"
    alignment.write_text("iri,wikidata,kind,source\nhttps://w3id.org/unga-kg/id/state/UKR,Q212,state,test\n")
    assert run_cli("load", "wikidata", str(alignment), "--store", str(store.root)).returncode == 0
    db = store.open()
    about = _description(list(db.quads_for_pattern(None, None, None, ox.NamedNode(VOID_GRAPH))))
    assert about[B + "graph/wikidata"][VOID + "triples"] == [str(count_quads(db, B + "graph/wikidata"))]
    assert about[B + "graph/undl"][VOID + "triples"] == [str(count_quads(db, B + "graph/undl"))]
    before = _description(list(built_store.open().quads_for_pattern(
        None, None, None, ox.NamedNode(VOID_GRAPH))))
    assert about[B + "dataset"][DCT + "modified"] == before[B + "dataset"][DCT + "modified"]


@pytest.fixture(scope="module")
def server(built_store: GraphStore) -> Iterator[str]:
    with running_server(built_store.root, "--workers", "1") as url:
        yield url


@pytest.mark.parametrize("fmt", ["jsonld", "nq"])
def test_endpoint_dump_carries_the_description(server: str, dumps: dict[str, bytes], fmt: str) -> None:
    r = httpx.get(server + "/dump", params={"format": fmt}, timeout=60)
    assert r.status_code == 200
    served = {str(q) for q in ox.parse(r.content, format=FORMATS[fmt])}
    assert served == {str(q) for q in ox.parse(dumps[fmt], format=FORMATS[fmt])}
    assert any(VOID + "subset" in q for q in served)
