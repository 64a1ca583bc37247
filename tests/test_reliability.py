"""kill -9 during ``unga-kg load undl`` and ``unga-kg build``: the store holds the old or the new
graph afterwards, never a mix, and the next load still works.

Two kinds of kill: at varied moments after the load's staging database appears (so that it lands
in the middle of pyoxigraph's ``bulk_load``), and deterministically at each step of the publish
(manifest written, generation renamed, symlink made, symlink switched) by a child process that
SIGKILLs itself right after that system call.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from test_endpoint_support import build_fixture_store, fixture_graphs

from graph.store import GraphStore, count_quads

UNDL = "https://w3id.org/unga-kg/graph/undl"
TITLE = "http://purl.org/dc/terms/title"
BIG_ROWS = 50_000  # ~260k triples: bulk_load runs for a second or two on 2 cores
BUILD_KILLS = (0.3, 0.8, 1.3)  # seconds after `unga-kg build` starts (it takes ~1.5 s)

# A child running the CLI that SIGKILLs itself just after the nth call of os.<function>.
KILL_AFTER = """
import os, signal, sys
name, nth = sys.argv[1], int(sys.argv[2])
real, calls = getattr(os, name), [0]
def hooked(*args, **kwargs):
    result = real(*args, **kwargs)
    calls[0] += 1
    if calls[0] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(os, name, hooked)
from graph.cli import main
sys.exit(main(sys.argv[3:]))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "graph.cli", *args], cwd=REPO, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


Snapshot = tuple[dict[str, int], frozenset[str]]


def snapshot(root: Path) -> Snapshot:
    """Quads per named graph as the database counts them, and the UNDL graph's titles.

    Also checks that the counts agree with the generation's manifest.
    """
    store = GraphStore(root)
    db = store.open()
    counts = {g.value: count_quads(db, g.value) for g in db.named_graphs()}
    assert counts == store.manifest()
    rows = db.query(f"SELECT ?s WHERE {{ GRAPH <{UNDL}> {{ ?r <{TITLE}> ?s }} }}")
    return counts, frozenset(row["s"].value for row in rows)


def assert_one_of(root: Path, states: list[Snapshot]) -> Snapshot:
    """The store opens and equals one of ``states`` exactly."""
    now = snapshot(root)
    assert now in states, f"a mix: {now[0]}"
    return now


@pytest.fixture(scope="module")
def undl_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small UNDL CSV (the old graph) and a large one (the new graph), disjoint seeds."""
    folder = tmp_path_factory.mktemp("undl")
    small, big = folder / "small.csv", folder / "big.csv"
    make = [sys.executable, str(REPO / "bench" / "make_undl.py")]
    subprocess.run([*make, "--rows", "1930", "--seed", "7", "-o", str(small)], check=True)
    subprocess.run([*make, "--rows", str(BIG_ROWS), "--seed", "8", "-o", str(big)], check=True)
    return small, big


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, undl_files: tuple[Path, Path]
           ) -> tuple[Path, Snapshot, Snapshot]:
    """A store holding the small file, and the snapshots before and after loading the big one."""
    small, big = undl_files
    root = tmp_path_factory.mktemp("killed") / "store"
    build_fixture_store(root)
    assert run_cli("load", "undl", str(small), "--store", str(root)).returncode == 0
    old = snapshot(root)
    other = tmp_path_factory.mktemp("reference") / "store"
    build_fixture_store(other)
    assert run_cli("load", "undl", str(big), "--store", str(other)).returncode == 0
    new = snapshot(other)
    assert old[0][UNDL] != new[0][UNDL] and not old[1] & new[1]
    return root, old, new


def _wait_for_staging(root: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if any(root.glob(".staging-*")):
            return True
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("delay", [0.0, 0.4, 1.0])
def test_kill_during_bulk_load(loaded: tuple[Path, Snapshot, Snapshot],
                               undl_files: tuple[Path, Path], delay: float) -> None:
    root, old, new = loaded
    proc = _cli("load", "undl", str(undl_files[1]), "--store", str(root))
    staged = _wait_for_staging(root, proc)
    time.sleep(delay)
    finished = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert staged
    state = assert_one_of(root, [old, new])
    if not finished:
        assert state == old  # killed before the switch: nothing of the new graph is visible
    if state == new:  # finished before the kill: back to the old graph for the next test
        assert run_cli("load", "undl", str(undl_files[0]), "--store", str(root)).returncode == 0


@pytest.mark.parametrize(("call", "nth"), [
    ("rename", 1),    # gen-N moved into place, `current` not yet switched
    ("symlink", 1),   # .current.tmp made
    ("replace", 1),   # `current` switched: the new graph is live
])
def test_kill_at_each_publish_step(loaded: tuple[Path, Snapshot, Snapshot],
                                   undl_files: tuple[Path, Path], call: str, nth: int) -> None:
    root, old, new = loaded
    assert snapshot(root) == old
    live = GraphStore(root).current_path()
    child = subprocess.run([sys.executable, "-c", KILL_AFTER, call, str(nth), "load", "undl",
                            str(undl_files[1]), "--store", str(root)],
                           cwd=REPO, env=_env(), capture_output=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    assert snapshot(root) == (new if call == "replace" else old)
    # The next load runs, removes what the killed one left (staging folder, temporary link, a
    # generation renamed but never made current) and keeps the one readers may still use.
    assert run_cli("load", "undl", str(undl_files[0]), "--store", str(root)).returncode == 0
    assert snapshot(root) == old
    assert not list(root.glob(".staging-*")) and not (root / ".current.tmp").exists()
    generations = sorted(p for p in root.iterdir() if re.fullmatch(r"gen-\d+", p.name))
    assert len(generations) == 2
    assert call == "replace" or live in generations


def test_kill_during_build(tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    assert run_cli("build", "--store", str(reference)).returncode == 0
    new = snapshot(reference)
    root = tmp_path / "store"
    build_fixture_store(root)
    old = snapshot(root)
    assert set(old[0]) == set(fixture_graphs())
    kept = []
    for delay in BUILD_KILLS:
        proc = _cli("build", "--store", str(root))
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kept.append(assert_one_of(root, [old, new]) == old)
    assert kept[0], f"a kill {BUILD_KILLS[0]} s into the build must leave the old store"
