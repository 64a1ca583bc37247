"""SPARQL updates as new store generations (graph/http/updates.py, GraphStore.modify).

On real on-disk stores: where the update's default graph lives, what the manifest and the
report say, that a failed update publishes nothing, that kill -9 at any moment of an
update leaves the old or the new generation, never a mix, and that the server stops a runaway
update at its time limit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from conftest import REPO
from test_endpoint_support import B, build_fixture_store, fixture_server

from graph.http.updates import apply_update, describe_changes
from graph.store import GraphStore, count_quads, graph_sizes

UPDATES = B + "graph/updates"
MEMBERS = B + "graph/members"
BIG = "urn:test:big"
TOKEN = "update-test-token"


def _store(tmp_path: Path) -> GraphStore:
    return build_fixture_store(tmp_path / "store")


def _ask(store: GraphStore, query: str) -> bool:
    return bool(store.open().query(query, use_default_graph_as_union=True))


def test_default_graph_is_the_updates_graph(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = store.manifest()
    done = apply_update(store, "INSERT DATA { <urn:a> <urn:b> 'c' . <urn:a> <urn:b> 'd' }", UPDATES)
    assert done.changes == {UPDATES: (0, 2)}
    assert done.generation == store.current_path().name
    db = store.open()
    assert count_quads(db, UPDATES) == 2
    assert not list(db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert store.manifest() == {**before, UPDATES: 2}

    # The update's default graph is the updates graph only: other graphs are not matched.
    done = apply_update(store, "DELETE WHERE { ?s ?p ?o }", UPDATES)
    assert done.changes == {UPDATES: (2, 0)}
    assert store.manifest() == before
    assert _ask(store, f"ASK {{ GRAPH <{MEMBERS}> {{ ?s ?p ?o }} }}")


def test_named_graph_changes_and_report(tmp_path: Path) -> None:
    store = _store(tmp_path)
    russia = f"<{B}id/state/RUS>"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    update = (f"DELETE {{ GRAPH <{MEMBERS}> {{ {russia} {label} ?l }} }} "
              f"INSERT {{ GRAPH <{MEMBERS}> {{ {russia} {label} 'Russia'@en }} }} "
              f"WHERE {{ GRAPH <{MEMBERS}> {{ {russia} {label} ?l }} }}")
    done = apply_update(store, update, UPDATES)
    assert done.changes == {}  # the same size: content changed, counts did not
    assert describe_changes(done.changes) == "no named graph changed in size"
    assert _ask(store, f"ASK {{ {russia} {label} 'Russia'@en }}")
    assert not _ask(store, f"ASK {{ {russia} {label} 'Russian Federation'@en }}")

    done = apply_update(store, f"DROP GRAPH <{MEMBERS}>", UPDATES)
    assert done.changes == {MEMBERS: (18, 0)}
    assert describe_changes(done.changes) == f"<{MEMBERS}>: 18 -> 0 triples"
    assert MEMBERS not in store.manifest()
    assert store.manifest() == graph_sizes(store.open())


def test_relative_iris_resolve_against_the_base(tmp_path: Path) -> None:
    store = _store(tmp_path)
    apply_update(store, "INSERT DATA { GRAPH <g> { <a> <b> <c> } }", UPDATES, "http://example.org/sparql")
    assert _ask(store, "ASK { GRAPH <http://example.org/g> { <http://example.org/a> ?p ?o } }")


def test_failed_updates_publish_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    live, manifest = store.current_path(), store.manifest()
    with pytest.raises(SyntaxError):
        apply_update(store, "INSERT DATA { <urn:a> <urn:b> }", UPDATES)
    with pytest.raises(ValueError, match="default graph"):
        store.modify(lambda db: db.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"))
    with pytest.raises(ValueError):
        apply_update(store, "CLEAR ALL", "not an iri")
    assert store.current_path() == live and store.manifest() == manifest
    assert not list(store.root.glob(".staging-*"))


def _big_store(tmp_path: Path, n: int) -> GraphStore:
    store = _store(tmp_path)
    lines = (f"<urn:s{i}> <urn:p> \"{i}\" .\n" for i in range(n))
    store.replace({BIG: ["".join(lines)]})
    return store


KILL_UPDATE = """
import sys
from graph.store import GraphStore
from graph.http.updates import apply_update
apply_update(GraphStore(sys.argv[1]), sys.argv[2], sys.argv[3])
"""


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_kill_during_update(tmp_path: Path, delay: float) -> None:
    store = _big_store(tmp_path, 200_000)
    old = store.manifest()
    update = (f"DELETE {{ GRAPH <{BIG}> {{ ?s <urn:p> ?o }} }} "
              "INSERT { GRAPH <urn:test:moved> { ?s <urn:q> ?o } } "
              f"WHERE {{ GRAPH <{BIG}> {{ ?s <urn:p> ?o }} }}")
    proc = subprocess.Popen([sys.executable, "-c", KILL_UPDATE, str(store.root), update, UPDATES],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    deadline = time.monotonic() + 60
    while not list(store.root.glob(".staging-*")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    sizes = graph_sizes(store.open())
    new = {k: v for k, v in old.items() if k != BIG} | {"urn:test:moved": 200_000}
    assert sizes in (old, new), f"a mix: {sizes}"
    assert store.manifest() == sizes
    if delay == 0:  # killed as soon as its copy appeared: long before it could publish
        assert sizes == old
    # The next writer clears what the killed one left behind.
    apply_update(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", UPDATES)
    assert not list(store.root.glob(".staging-*"))


@contextmanager
def stopped_update(tmp_path: Path, options: list[str], update: str, message: str,
                   within: float) -> Iterator[tuple[str, dict[str, str]]]:
    """A server with ``options``: ``update`` gets 503 with ``message`` within ``within`` s and
    writes nothing; the next update is applied and the stopped one's copy is gone.

    Yields the server's URL and the update headers for further checks.
    """
    with fixture_server(tmp_path, "--update-token", TOKEN, *options) as url:
        store = GraphStore(tmp_path / "store")
        live, manifest = store.current_path(), store.manifest()
        auth = {"authorization": f"Bearer {TOKEN}", "content-type": "application/sparql-update"}
        started = time.monotonic()
        r = httpx.post(url + "/sparql", content=update, headers=auth, timeout=within + 60)
        assert r.status_code == 503, r.text
        assert message in r.text and "nothing was written" in r.text
        assert time.monotonic() - started < within
        assert store.current_path() == live and store.manifest() == manifest
        assert httpx.get(url + "/health", timeout=5).status_code == 200

        r = httpx.post(url + "/sparql", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                       headers=auth, timeout=60)
        assert r.status_code == 200, r.text
        assert f"<{UPDATES}>: 0 -> 1 triples" in r.text
        assert not list(store.root.glob(".staging-*")), "the stopped update's copy was removed"
        yield url, auth


def test_runaway_update_is_stopped_and_writes_nothing(tmp_path: Path) -> None:
    """A cross-product INSERT … WHERE runs in a child process killed at --update-timeout."""
    runaway = ("INSERT { GRAPH <urn:test:x> { ?a ?b ?c } } WHERE { GRAPH ?g1 { ?a ?p ?x } "
               "GRAPH ?g2 { ?b ?q ?y } GRAPH ?g3 { ?c ?r ?z } GRAPH ?g4 { ?d ?s ?w } "
               "GRAPH ?g5 { ?e ?t ?v } }")
    with stopped_update(tmp_path, ["--update-timeout", "2"], runaway, "time limit of 2 s", 10) as (url, auth):
        r = httpx.post(url + "/sparql", content="INSERT DATA { <urn:a> <urn:b> }", headers=auth)
        assert r.status_code == 400 and "malformed update" in r.text


def test_update_over_the_memory_limit_is_stopped_and_writes_nothing(tmp_path: Path) -> None:
    """The update's child process has the query workers' memory limit (--query-memory)."""
    hog = ("INSERT { GRAPH <urn:test:x> { <urn:s> <urn:p> ?a } } WHERE { SELECT ?a WHERE { "
           "GRAPH ?g1 { ?a ?b ?c } GRAPH ?g2 { ?d ?e ?f } GRAPH ?g3 { ?g ?h ?i } "
           "GRAPH ?g4 { ?j ?k ?l } } ORDER BY ?c ?f ?i ?l }")
    # well before the 600 s update timeout
    with stopped_update(tmp_path, ["--query-memory", "300"], hog, "memory limit of 300 MiB", 60):
        pass
