"""The worker pool under uvloop (what uvicorn runs when it is installed): large jobs and replies.

libuv puts a descriptor it watches into non-blocking mode and leaves it so. A reply larger than
the pipe's buffer (64 KiB) read from a non-blocking pipe fails half-way whenever the worker has
not finished writing it ("query worker ended unexpectedly"), depending on timing; so besides
many large round trips, the test checks the pipe is blocking again when the reply is read.
Also: a MemoryError under a child's memory limit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
import uvloop

from graph.http.child import run_in_child
from graph.http.workers import INLINE_MAX, Job, QueryMemoryExceeded, WorkerDied, WorkerPool


def _store(folder: Path) -> str:
    db = ox.Store(str(folder / "db"))
    db.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal("x" * 200),
                      ox.NamedNode("urn:g")) for i in range(2000))
    db.flush()
    del db
    return str(folder / "db")


def test_large_jobs_and_replies_under_uvloop(tmp_path: Path) -> None:
    path = _store(tmp_path)
    padding = "# " + "y" * 100_000 + "\n"  # the job itself is larger than the pipe buffer
    query = padding + "SELECT ?s ?o WHERE { ?s <urn:p> ?o } LIMIT 800"

    async def main() -> list[tuple[int, bool]]:
        pool = WorkerPool(1)
        await pool.start()
        seen = []
        try:
            for i in range(20):
                reply = await pool.run(Job(query, path, str(tmp_path / f"out{i}")), 30)
                assert reply.status == "ok", reply.detail
                assert reply.body is not None  # inline: between 64 KiB and INLINE_MAX
                rows = len(json.loads(reply.body)["results"]["bindings"])
                worker = pool._all[0]
                seen.append((len(reply.body), rows == 800 and os.get_blocking(worker.conn.fileno())))
        finally:
            pool.stop()
        return seen

    seen = uvloop.run(main())
    assert all(65_536 < size < INLINE_MAX and ok for size, ok in seen), seen


def test_memory_error_in_a_child_is_reported_with_the_limit() -> None:
    """Python's own MemoryError under the limit is the same error as pyoxigraph's abort.

    The abort is tested in test_reliability_endpoint.py and test_updates.py.
    """
    limit = 200 << 20

    async def main() -> None:
        with pytest.raises(QueryMemoryExceeded, match="memory limit of 200 MiB"):
            await run_in_child(bytearray, (1 << 30,), 60, "the update", limit)
        assert len(await run_in_child(bytearray, (1 << 20,), 60, "the update", limit)) == 1 << 20

    uvloop.run(main())


def test_a_worker_killed_by_a_signal_is_named(tmp_path: Path) -> None:
    """A query that crashes pyoxigraph (the guard in front of the pool bypassed): SIGSEGV, said so."""
    path = _store(tmp_path)
    crash = "SELECT (" + "+".join(["1"] * 20000) + " AS ?x) {}"  # overflows the engine's stack

    async def main() -> None:
        pool = WorkerPool(1)
        await pool.start()
        try:
            with pytest.raises(WorkerDied, match="killed by SIGSEGV .*stack"):
                await pool.run(Job(crash, path, str(tmp_path / "out")), 60)
            assert pool.killed == 1
            # its successor, started in the background, takes the next job
            reply = await pool.run(Job("ASK {}", path, str(tmp_path / "out2")), 30)
            assert reply.status == "ok"
        finally:
            pool.stop()

    uvloop.run(main())
