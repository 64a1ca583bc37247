"""The ``unga-kg`` command line as users call it: exit codes, formats, atomic loads, export."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import GraphStore, count_quads
from tests.conftest import REPO, run_cli

COMMANDS = ["build", "load", "extract", "query", "export", "push", "analyze", "validate", "stats", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert f"unga-kg {command}" in result.stdout


def test_named_query_with_param_as_csv(built_store: GraphStore) -> None:
    result = run_cli("query", "roll_call", "--param", "symbol=A/RES/ES-11/6",
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["iso3", "state", "vote"]
    assert len(rows) == 193
    votes = [r["vote"] for r in rows]
    assert (votes.count("Y"), votes.count("N"), votes.count("A"), votes.count("X")) == (141, 7, 32, 13)


def test_query_file_and_inline_text_in_every_result_format(built_store: GraphStore, tmp_path: Path) -> None:
    text = "PREFIX unga: <https://w3id.org/unga-kg/ontology#> SELECT ?iso3 WHERE { ?s unga:iso3 ?iso3 }"
    query_file = tmp_path / "codes.rq"
    query_file.write_text(text)
    store = ["--store", str(built_store.root)]
    as_json = run_cli("query", str(query_file), "--format", "json", *store)
    assert as_json.returncode == 0, as_json.stderr
    bindings = json.loads(as_json.stdout)["results"]["bindings"]
    assert {"iso3": {"type": "literal", "value": "UKR"}} in bindings
    for fmt, marker in (("xml", "<?xml"), ("tsv", "?iso3"), ("csv", "iso3")):
        result = run_cli("query", "-e", text, "--format", fmt, *store)
        assert result.returncode == 0 and result.stdout.startswith(marker), (fmt, result.stderr)


def test_construct_query_prints_turtle(built_store: GraphStore) -> None:
    result = run_cli("query", "-e", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . "
                     "FILTER(?s = <https://w3id.org/unga-kg/id/state/UKR>) }",
                     "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    parsed = [q.triple for q in ox.parse(input=result.stdout.encode(), format=ox.RdfFormat.TURTLE)]
    assert ox.Triple(ox.NamedNode("https://w3id.org/unga-kg/id/state/UKR"),
                     ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
                     ox.NamedNode("http://www.wikidata.org/entity/Q212")) in parsed


def test_query_errors_have_the_contract_exit_codes(built_store: GraphStore) -> None:
    store = ["--store", str(built_store.root)]
    malformed = run_cli("query", "-e", "SELECT ?x WHERE { ?x", *store)
    assert malformed.returncode == 1 and "malformed query" in malformed.stderr
    function = run_cli("query", "-e", "SELECT ?x { BIND(<http://example.org/f>(1) AS ?x) }", *store)
    assert function.returncode == 1 and "Traceback" not in function.stderr
    assert "unga-kg query: The custom function <http://example.org/f> is not supported" in function.stderr
    chain = run_cli("query", "-e", "SELECT (" + "+".join(["1"] * 20000) + " AS ?x) {}", *store)
    assert chain.returncode == 1 and "too long a chain" in chain.stderr  # not a SIGSEGV
    unknown = run_cli("query", "no_such_query", *store)
    assert unknown.returncode == 2 and "roll_call" in unknown.stderr
    bad_param = run_cli("query", "roll_call", "--param", "symbol", *store)
    assert bad_param.returncode == 2 and "NAME=VALUE" in bad_param.stderr
    assert run_cli("frobnicate").returncode == 2


def _snapshot(store: GraphStore) -> tuple[Path | None, int]:
    return store.current_path(), count_quads(store.open())


def _bad_undl_file(tmp_path: Path, line_no: int, field: str, value: str) -> Path:
    source = REPO / "data" / "undl" / "votes_ukraine.csv"
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    rows[line_no - 2][field] = value  # line 1 is the header
    bad = tmp_path / "bad.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return bad


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [("ms_code", "XYZ", "XYZ"), ("ms_vote", "Q", "Q"), ("total_yes", "99.0", "")],
)
def test_bad_undl_file_is_refused_with_file_line_and_store_unchanged(
    built_store: GraphStore, tmp_path: Path, field: str, value: str, problem: str
) -> None:
    store = GraphStore(tmp_path / "store")
    shutil.copytree(built_store.root, store.root, symlinks=True)
    before = _snapshot(store)
    bad = _bad_undl_file(tmp_path, 40, field, value)
    result = run_cli("load", "undl", str(bad), "--store", str(store.root))
    assert result.returncode == 2
    assert f"{bad}:" in result.stderr and problem in result.stderr
    if field != "total_yes":  # totals disagreeing are reported at the resolution's first row
        assert f"{bad}:40:" in result.stderr
    assert _snapshot(store) == before


def test_load_replaces_only_its_graph(built_store: GraphStore, tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    shutil.copytree(built_store.root, store.root, symlinks=True)
    members_before = store.manifest()["https://w3id.org/unga-kg/graph/members"]
    partial = REPO / "data" / "undl" / "votes_ukraine_partial.csv"
    result = run_cli("load", "undl", str(partial), "--store", str(store.root))
    assert result.returncode == 0, result.stderr
    db = store.open()
    symbols = {r["s"].value for r in db.query(
        "SELECT ?s WHERE { ?r a <https://w3id.org/unga-kg/ontology#Resolution> ; "
        "<http://purl.org/dc/terms/identifier> ?s }", use_default_graph_as_union=True)}
    assert symbols == {f"A/RES/ES-11/{n}" for n in (2, 3, 4, 5)}
    assert count_quads(db, "https://w3id.org/unga-kg/graph/members") == members_before


def test_turtle_export_parses_back_to_the_store_triple_count(built_store: GraphStore, tmp_path: Path) -> None:
    out = tmp_path / "dump.ttl"
    result = run_cli("export", "--format", "ttl", "-o", str(out), "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    parsed = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))
    distinct = next(iter(built_store.open().query(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")))
    assert len(parsed) == int(distinct["n"].value) > 5000
    assert out.read_text().startswith("@prefix")


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_exports_keep_every_quad(built_store: GraphStore, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"dump.{fmt}"
    result = run_cli("export", "--format", fmt, "-o", str(out), "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    assert len(list(ox.parse(path=str(out), format=rdf_format))) == count_quads(built_store.open())


def test_two_builds_export_byte_identical_turtle(built_store: GraphStore, tmp_path: Path) -> None:
    other = tmp_path / "store2"
    assert run_cli("build", "--store", str(other)).returncode == 0
    first = run_cli("export", "--store", str(built_store.root))
    second = run_cli("export", "--store", str(other))
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout


def test_validate_passes_on_the_built_graph(built_store: GraphStore) -> None:
    result = run_cli("validate", "--store", str(built_store.root))
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_fails_on_a_ballot_missing_its_option(built_store: GraphStore, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(built_store.root, store, symlinks=True)
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix opengov: <http://www.w3.org/ns/opengov#> .\n"
        "<https://w3id.org/unga-kg/id/vote/A-RES-ES-11-1/ZZZ> a opengov:Vote ;\n"
        "  opengov:voteEvent <https://w3id.org/unga-kg/id/vote/A-RES-ES-11-1> ;\n"
        "  opengov:voter <https://w3id.org/unga-kg/id/state/UKR> .\n"
    )
    assert run_cli("load", "rdf", str(extra), "--store", str(store)).returncode == 0
    result = run_cli("validate", "--store", str(store))
    assert result.returncode == 1
    assert "A-RES-ES-11-1/ZZZ" in result.stdout


def test_stats_lists_graphs_and_kinds(built_store: GraphStore) -> None:
    result = run_cli("stats", "--store", str(built_store.root))
    assert result.returncode == 0, result.stderr
    lines = {line.split(None, 1)[1]: int(line.split()[0].replace(",", ""))
             for line in result.stdout.splitlines()}
    assert lines["resolutions"] == 7
    assert lines["member states"] == 193 and lines["observer states"] == 2
    assert lines["ballots"] == 3 * 193 + 342


def test_pip_install_carries_ontology_queries_and_data(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(target), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    probe = (
        "from graph.resources import ontology_dir, queries_dir, data_dir\n"
        "print((ontology_dir() / 'unga.ttl').is_file(), (queries_dir() / 'roll_call.rq').is_file(),"
        " (data_dir() / 'undl' / 'votes_ukraine.csv').is_file(), ontology_dir())"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(target)}, timeout=60)
    assert result.stdout.startswith("True True True"), result.stderr
    assert str(target) in result.stdout


def test_query_refuses_service_outside_the_allow_list(built_store: GraphStore) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    result = run_cli("query", "-e", query, "--store", str(built_store.root))
    assert result.returncode == 1
    assert "not allowed" in result.stderr and "query.wikidata.org" in result.stderr


def test_every_python_package_is_listed_for_installation() -> None:
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for top in ("graph", "loaders")
        for init in (REPO / top).rglob("__init__.py")
        if "node_modules" not in init.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.mark.parametrize("command", [
    ["export"], ["query", "-e", "SELECT * { ?s ?p ?o }"], ["analyze", "agreement"]])
def test_a_reader_that_leaves_early_ends_the_command_quietly(built_store: GraphStore,
                                                              command: list[str]) -> None:
    """`unga-kg export | head -1`: exit 141 (like a writer killed by SIGPIPE), no traceback.

    Each output is over 400 kB, far more than a pipe holds, so the writer is still writing."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen([sys.executable, "-m", "graph.cli", *command, "--store", str(built_store.root)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env)
    assert writer.stdout is not None and writer.stderr is not None
    first = writer.stdout.readline()
    writer.stdout.close()  # the reader leaves while more than a pipe buffer is still to come
    stderr = writer.stderr.read().decode()
    assert writer.wait(timeout=120) == 141, stderr
    assert first.strip() and stderr == ""
