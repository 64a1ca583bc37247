"""The state pages' heat map is computed once per generation, in a child process.

At full-history size the analysis reads every ballot (~20 s): a state page must not wait for it,
and the server process must not hold its rows. The pictures themselves are tested in
test_pictures.py.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from test_endpoint_support import running_server

from graph.http.views.heatmap import Analysis, Failed, HeatMaps, Pending
from graph.store import GraphStore
from tests.conftest import REPO, run_cli


def test_computed_once_in_a_child(built_store: GraphStore) -> None:
    generation = str(built_store.current_path())

    async def main() -> tuple[object, object, bool]:
        maps = HeatMaps()
        before = maps.result(generation)
        await maps.wait(generation, 120)
        return before, maps.result(generation), maps.prepare(generation) is maps.prepare(generation)

    before, result, same_task = asyncio.run(main())
    assert isinstance(before, Pending)
    assert isinstance(result, Analysis) and same_task
    assert len(result.states) == 193
    rus, ukr = result.states.index("RUS"), result.states.index("UKR")
    # Both ballots are known on 68/262, ES-11/1, ES-11/5 and ES-11/6: Russia N, Ukraine Y each time.
    assert result.share[rus, ukr] == 0.0 and result.votes[rus, ukr] == 4
    assert np.allclose(result.share, result.share.T, equal_nan=True)


def test_a_failure_is_reported_not_hidden() -> None:
    async def main() -> object:
        maps = HeatMaps()
        await maps.wait("/nonexistent/gen-000001", 120)
        return maps.result("/nonexistent/gen-000001")

    result = asyncio.run(main())
    assert isinstance(result, Failed) and "/nonexistent/gen-000001" in result.message


def test_a_new_generation_is_pending_then_shown(built_store: GraphStore, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """After a load, the first state page does not wait for the new generation's heat map."""
    root = tmp_path / "store"
    shutil.copytree(built_store.root, root, symlinks=True)
    monkeypatch.setenv("UNGA_KG_HEATMAP_WAIT", "0")
    with running_server(root, "--workers", "1") as url:
        fixture = REPO / "tests" / "fixtures" / "gallery" / "article_claims.ttl"
        loaded = run_cli("load", "rdf", str(fixture), "--graph", "urn:test:claims", "--store", str(root))
        assert loaded.returncode == 0, loaded.stderr
        first = httpx.get(url + "/id/state/RUS", headers={"accept": "text/html"}, timeout=30)
        assert first.status_code == 200
        assert "heat map of this version of the graph is being computed" in first.text
        assert "Voting record" in first.text  # the rest of the page does not wait
        deadline = time.monotonic() + 120
        while True:
            page = httpx.get(url + "/id/state/RUS", headers={"accept": "text/html"}, timeout=30)
            if 'class="heatmap"' in page.text or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert 'class="heatmap"' in page.text and "being computed" not in page.text
