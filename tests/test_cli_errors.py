"""The CLI's error contract: a wrong call or unusable input exits 2 with one line on stderr
(``unga-kg CMD: problem``), never a traceback, never a silently wrong answer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from graph.cli import build_parser
from graph.cli_inputs import UsageError, output_file
from graph.store import GraphStore
from tests.conftest import REPO, run_cli
from tests.test_endpoint_support import running_server

GRAPH = "https://w3id.org/unga-kg/graph/"


def _usage_error(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 2, no traceback, and every ``expected`` text in stderr."""
    assert result.returncode == 2, (result.returncode, result.stdout[:300], result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


@pytest.fixture
def store(built_store: GraphStore, tmp_path: Path) -> GraphStore:
    """A copy of the built store that a test may change."""
    copy = GraphStore(tmp_path / "store")
    shutil.copytree(built_store.root, copy.root, symlinks=True)
    return copy


# ----- 1, 11: parameters of named queries ------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["agreement", "--param", "a=USA"], "unga-kg query: missing parameter(s): b"),
    (["agreement", "--param", "a=USA", "--param", "b="], "missing parameter(s): b"),
    (["roll_call"], "missing parameter(s): symbol"),
    (["roll_call", "--param", "symbl=A/RES/ES-11/1"], "unknown parameter(s): symbl; roll_call takes: symbol"),
    (["-e", "SELECT * WHERE { ?s ?p ?o }", "--param", "symbl=x"], "--param symbl: the query has no variable"),
    (["roll_call", "--param", "symbol=<http://ex/a b>"], "--param symbol: not a valid IRI/literal:"),
    (["roll_call", "--param", 'symbol="unterminated'], "--param symbol: not a valid IRI/literal:"),
    (["roll_call", "--param", 'symbol="a" . <x:s> <x:p> "b"'], "--param symbol: not a valid IRI/literal:"),
    (["roll_call", "--param", "symbol=A/RES/ES-11/1", "--param", "symbol=A/RES/ES-11/4"],
     "--param symbol given more than once"),
])
def test_named_query_parameters_are_checked(built_store: GraphStore, args: list[str], message: str) -> None:
    _usage_error(run_cli("query", *args, "--store", str(built_store.root)), message)


def test_parameters_of_free_queries_bind_any_variable(built_store: GraphStore) -> None:
    text = ("SELECT ?name WHERE { ?s <https://w3id.org/unga-kg/ontology#iso3> ?iso3 ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?name }")
    result = run_cli("query", "-e", text, "--param", "iso3=UKR", "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["Ukraine"]


def test_the_http_route_gives_the_same_answer_for_unknown_parameters(built_store: GraphStore) -> None:
    with running_server(built_store.root, "--workers", "1") as url:
        r = httpx.get(url + "/queries/roll_call", params={"symbl": "A/RES/ES-11/1"})
        assert r.status_code == 400 and "unknown parameter(s): symbl; roll_call takes: symbol" in r.text
        r = httpx.get(url + "/queries/roll_call", params={"symbol": '"unterminated'})
        assert r.status_code == 400 and "symbol: not a valid IRI/literal" in r.text


# ----- 2, 3, 4, 7, 15: load --------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["articles", "data/articles/000_7f84c2fb7e7cd31f.txt", "data/articles/001_caae2881eb2b086e.txt",
      "--graph", "http://ex/g"], "--graph takes one article"),
    (["rdf", "ontology/unga.ttl", "--graph", GRAPH + "void"], f"<{GRAPH}void> is reserved"),
    (["members", "data/members.csv", "data/members.csv"], "load members takes one file, not 2"),
    (["wikidata", "data/wikidata/alignment.csv", "data/wikidata/alignment.csv"], "takes one file"),
    (["undl", "data/undl"], "data/undl: is a folder, not a file"),
    (["rdf", "ontology/unga.ttl", "--graph", "not an iri"], "argument --graph: not a valid IRI"),
    (["members", "data/members.csv", "--graph", "relative"], "argument --graph: not a valid IRI"),
])
def test_loads_that_cannot_do_what_they_say_are_refused(store: GraphStore, args: list[str],
                                                         message: str) -> None:
    assert all((REPO / a).exists() for a in args[1:] if a.startswith(("data/", "ontology/")))
    before = (store.current_path(), store.manifest())
    _usage_error(run_cli("load", *args, "--store", str(store.root)), message)
    assert (store.current_path(), store.manifest()) == before


def test_rdf_file_names_that_are_no_iri_characters_load(store: GraphStore, tmp_path: Path) -> None:
    source = tmp_path / "my data <1> é.nt"
    source.write_text('<http://ex/a> <http://ex/b> "c" .\n')
    result = run_cli("load", "rdf", str(source), "--store", str(store.root))
    assert result.returncode == 0, result.stderr
    assert store.manifest()[GRAPH + "rdf/my%20data%20%3C1%3E%20%C3%A9"] == 1


# ----- 5, 8: export and analyze ----------------------------------------------------------------

def test_export_of_a_graph_the_store_lacks_is_refused(built_store: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "dump.ttl"
    result = run_cli("export", "--graph", "http://nope/", "-o", str(out), "--store", str(built_store.root))
    _usage_error(result, "no graph <http://nope/> in the store; graphs: ", f"<{GRAPH}undl>")
    assert not out.exists()
    _usage_error(run_cli("export", "--graph", "not an iri", "--store", str(built_store.root)),
                 "argument --graph: not a valid IRI: 'not an iri'")


@pytest.mark.parametrize(("command", "target", "problem"), [
    (["export"], "missing/x.ttl", "no folder"),
    (["export"], ".", "is a folder"),
    (["analyze", "agreement"], "missing/x.csv", "no folder"),
])
def test_unusable_output_paths_are_named(built_store: GraphStore, tmp_path: Path, command: list[str],
                                         target: str, problem: str) -> None:
    path = str(tmp_path / target)
    result = run_cli(*command, "-o", path, "--store", str(built_store.root))
    _usage_error(result, f"-o {path}: {problem}")


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_text("the old file\n")
    with pytest.raises(RuntimeError), output_file(str(target)) as handle:
        handle.write(b"half of a new file")
        raise RuntimeError("the export failed")
    assert target.read_text() == "the old file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no temporary file left
    with output_file(str(target)) as handle:
        handle.write(b"new\n")
    assert target.read_text() == "new\n" and len(list(tmp_path.iterdir())) == 1
    with pytest.raises(UsageError, match="is a folder"), output_file(str(tmp_path)):
        pass


def test_a_full_disk_is_a_message(built_store: GraphStore) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    _usage_error(run_cli("export", "-o", "/dev/full", "--store", str(built_store.root)), "No space left")


# ----- 6, 9: the store folder ------------------------------------------------------------------

READ_COMMANDS = [["stats"], ["validate"], ["query", "-e", "ASK {}"], ["export"], ["analyze", "agreement"],
                 ["push", "--endpoint", "http://127.0.0.1:9/sparql"]]


@pytest.mark.parametrize("command", READ_COMMANDS)
def test_read_commands_make_no_store(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "typo"
    _usage_error(run_cli(*command, "--store", str(folder)), f"no store at {folder} (run unga-kg build)")
    assert not folder.exists()


def test_an_empty_store_variable_counts_as_unset(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "UNGA_KG_STORE": ""}
    result = subprocess.run([sys.executable, "-m", "graph.cli", "stats"], capture_output=True,
                            text=True, cwd=tmp_path, env=env, timeout=120)
    _usage_error(result, "no store at var/store")
    assert list(tmp_path.iterdir()) == []


def test_store_that_is_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("hi\n")
    for command in (["stats"], ["build"], ["load", "members", str(REPO / "data" / "members.csv")]):
        _usage_error(run_cli(*command, "--store", str(afile)), f"--store {afile} is not a folder")


@pytest.mark.parametrize("lost", ["folder", "manifest"])
def test_a_damaged_store_is_named_and_a_build_repairs_it(store: GraphStore, lost: str) -> None:
    live = store.current_path()
    assert live is not None
    if lost == "folder":
        shutil.rmtree(live)
    else:
        Path(f"{live}.json").unlink()
    for command in (["stats"], ["load", "members", str(REPO / "data" / "members.csv")], ["serve"]):
        _usage_error(run_cli(*command, "--store", str(store.root), timeout=60),
                     f"the store {store.root} is damaged", f"unga-kg build --store {store.root}")
    assert run_cli("build", "--store", str(store.root)).returncode == 0
    result = run_cli("stats", "--store", str(store.root))
    assert result.returncode == 0 and "ballots" in result.stdout


def test_serve_builds_a_store_without_graphs(tmp_path: Path) -> None:
    """A store whose generation has no graph (an older read command made such) counts as empty."""
    empty = GraphStore(tmp_path / "store")
    empty.replace({})
    with running_server(empty.root, "--workers", "1", ready_timeout=120) as url:
        assert httpx.get(url + "/health").json()["graphs"] > 5


# ----- 10, 14: option values -------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["push", "--endpoint", "http://[::1"], "argument --endpoint: not a valid URL"),
    (["push", "--endpoint", "notaurl"], "argument --endpoint: not an http(s) URL"),
    (["push", "--endpoint", "http://h/", "--graph-store", "ftp://h/"], "argument --graph-store"),
    (["serve", "--port", "70000"], "argument --port: a port is 1-65535"),
    (["serve", "--port", "-1"], "argument --port"),
    (["serve", "--workers", "0"], "argument --workers: must be at least 1"),
    (["serve", "--timeout", "-1"], "argument --timeout: must be a number of seconds greater than 0"),
    (["serve", "--timeout", "nan"], "argument --timeout"),
    (["serve", "--update-timeout", "0"], "argument --update-timeout"),
    (["query", "roll_call", "--service-timeout", "-5"], "argument --service-timeout"),
    (["extract", "data/articles/000_7f84c2fb7e7cd31f.txt", "--published", "20220302"],
     "argument --published: expected a date as YYYY-MM-DD"),
    (["extract", "data/articles/000_7f84c2fb7e7cd31f.txt", "--published", "2022-W09-3"], "YYYY-MM-DD"),
    (["extract", "data/articles/000_7f84c2fb7e7cd31f.txt", "--published", "2022-02-30"], "YYYY-MM-DD"),
])
def test_bad_option_values_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    # a short timeout: were the check gone, `serve` would start and never return
    store = ["--store", str(tmp_path / "none")] if args[0] != "extract" else []
    result = run_cli(*args, *store, timeout=60)
    _usage_error(result, message)
    assert not (tmp_path / "none").exists()


def test_port_zero_means_any_free_port() -> None:
    assert build_parser().parse_args(["serve", "--port", "0"]).port == 0
    assert build_parser().parse_args(["extract", "x", "--published", "2022-03-02"]).published.day == 2


# ----- 12, 13: query text and formats ----------------------------------------------------------

def test_a_query_file_that_is_not_utf8(built_store: GraphStore, tmp_path: Path) -> None:
    query = tmp_path / "latin1.rq"
    query.write_bytes("SELECT * WHERE {\n  ?s ?p \"caf\u00e9\" }\n".encode("latin-1"))
    _usage_error(run_cli("query", str(query), "--store", str(built_store.root)),
                 f"{query}:2: not UTF-8 text (byte 0xe9")


@pytest.mark.parametrize(("text", "message"), [
    ("INSERT DATA { <http://a> <http://b> <http://c> }", "unga-kg query runs queries"),
    ("PREFIX ex: <http://ex/>\nDELETE WHERE { ?s ex:p ?o }", "not updates"),
    ("", "the query is empty"),
    ("  # only a comment\n", "the query is empty"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "--format csv: a CONSTRUCT query gives a graph; use ttl, nt, jsonld"),
])
def test_what_query_cannot_run_is_named(built_store: GraphStore, text: str, message: str) -> None:
    fmt = ["--format", "csv"] if text.startswith("CONSTRUCT") else []
    _usage_error(run_cli("query", "-e", text, *fmt, "--store", str(built_store.root)), message)


def test_graph_results_as_jsonld(built_store: GraphStore) -> None:
    result = run_cli("query", "-e", "CONSTRUCT WHERE { <https://w3id.org/unga-kg/id/state/UKR> ?p ?o }",
                     "--format", "jsonld", "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    triples = [q.triple for q in ox.parse(input=result.stdout.encode(), format=ox.RdfFormat.JSON_LD)]
    assert ox.Triple(ox.NamedNode("https://w3id.org/unga-kg/id/state/UKR"),
                     ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                     ox.NamedNode("http://www.wikidata.org/entity/Q212")) in triples


# ----- second QA pass ---------------------------------------------------------------------------

def test_an_rdf_file_without_triples_does_not_empty_a_graph(store: GraphStore, tmp_path: Path) -> None:
    wikidata = GRAPH + "wikidata"
    before = store.manifest()[wikidata]
    for name, text in (("prefixes.ttl", "@prefix x: <urn:x#> .\n"), ("empty.nt", ""),
                       ("node.jsonld", '{"@context": {}, "@id": "urn:a"}')):
        (tmp_path / name).write_text(text, encoding="utf-8")
        result = run_cli("load", "rdf", str(tmp_path / name), "--graph", wikidata, "--store", str(store.root))
        _usage_error(result, f"{tmp_path / name}: no triples in the file")
    assert GraphStore(store.root).manifest()[wikidata] == before > 0


@pytest.mark.parametrize(("args", "message"), [
    (["query", "resolutions", "--allow-service", "ftp://x"], "argument --allow-service: not an http(s) URL"),
    (["query", "resolutions", "--allow-service", "http://"], "argument --allow-service"),
    (["query", "resolutions", "--service-alias", "a=b"], "argument --service-alias: not an http(s) URL"),
    (["query", "resolutions", "--service-alias", "https://query.wikidata.org/sparql"],
     "argument --service-alias: expected FROM=TO"),
    (["serve", "--allow-service", "ftp://x"], "argument --allow-service"),
    (["export", "-o", ""], "-o: no file name"),
    (["analyze", "agreement", "--resolutions", ""], "--resolutions: no symbol given"),
    (["analyze", "agreement", "--resolutions", " , "], "--resolutions: no symbol given"),
])
def test_empty_or_malformed_option_values(built_store: GraphStore, args: list[str], message: str) -> None:
    _usage_error(run_cli(*args, "--store", str(built_store.root), timeout=60), message)


def test_an_output_file_keeps_its_permissions(built_store: GraphStore, tmp_path: Path) -> None:
    private = tmp_path / "people.ttl"
    private.write_text("old\n")
    private.chmod(0o600)
    result = run_cli("export", "--graph", GRAPH + "people", "-o", str(private),
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    assert private.stat().st_mode & 0o777 == 0o600 and "Kyslytsya" in private.read_text()
