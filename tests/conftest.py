"""Shared fixtures: one store built from the shipped data/ for the whole test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.queries import bind_params, named_queries
from graph.sparql import run_query, select_rows
from graph.store import GraphStore

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """``unga-kg build`` into a fresh store folder (built once per session)."""
    root = tmp_path_factory.mktemp("store")
    result = run_cli("build", "--store", str(root))
    assert result.returncode == 0, result.stderr
    return GraphStore(root)


@pytest.fixture(scope="session")
def db(built_store: GraphStore) -> ox.Store:
    """The built store opened read-only."""
    return built_store.open()


def run_named(db: ox.Store, name: str, **params: str) -> list[dict[str, str | None]]:
    """Rows of a named query from queries/ with pre-bound parameters."""
    text, subs = bind_params(named_queries()[name].text, params)
    return select_rows(run_query(db, text, subs))


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``unga-kg ARGS`` as a separate process, as a user would (killed after ``timeout`` s)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        capture_output=True, text=True, cwd=cwd or REPO, env=env, timeout=timeout,
    )
