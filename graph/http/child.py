"""One function run in a child process that is killed at its deadline.

For work that pyoxigraph cannot cancel and that is too rare to keep a process warm for: a
SPARQL update. Updates write only into a copy of the live generation that nobody reads yet
(``GraphStore.modify``), so killing one leaves the store as it was; the next writer removes
the half-written copy. The child may have a memory limit, as the query workers do.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from graph.http.workers import (
    QueryTimeout,
    WorkerDied,
    aborted,
    die_with_parent,
    died,
    limit_memory,
    memory_exceeded,
    receive,
)

PASSED_ON = (SyntaxError, ValueError, OSError)
"""Exceptions of the function re-raised in the parent as they were; others become WorkerDied."""


def _child_main(conn: Connection, func: Callable[..., Any], args: tuple[Any, ...],
                memory_limit: int | None) -> None:
    die_with_parent()
    limit_memory(memory_limit)
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except PASSED_ON as exc:
        outcome = ("raise", type(exc)(str(exc)))
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:  # reported to the parent, which says what failed
        outcome = ("failed", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(outcome)
    except OSError:  # the parent stopped waiting (its request was cancelled)
        pass


async def run_in_child(func: Callable[..., Any], args: tuple[Any, ...], timeout: float,
                       what: str = "the work", memory_limit: int | None = None) -> Any:
    """``func(*args)`` in a fresh "spawn" process; QueryTimeout (and the process killed) at ``timeout``.

    QueryMemoryExceeded when it needs more than ``memory_limit`` bytes. ``func`` must be
    importable by name and its arguments and result picklable.
    """
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(theirs, func, args, memory_limit),
                          daemon=True)
    process.start()
    theirs.close()
    cancelled = False
    try:
        async with asyncio.timeout(timeout):
            kind, value = await receive(ours)
    except TimeoutError:
        process.kill()
        raise QueryTimeout(f"{what} exceeded the time limit of {timeout:g} s and was stopped") from None
    except (EOFError, OSError) as exc:
        await asyncio.to_thread(process.join, 5)
        if memory_limit and aborted(process):
            raise memory_exceeded(what, memory_limit) from exc
        raise died(what, process.exitcode) from exc
    except asyncio.CancelledError:  # the client went away: the work finishes on its own
        cancelled = True
        raise
    finally:
        ours.close()
        if not cancelled:
            await asyncio.to_thread(process.join, 5)
    if kind == "raise":
        raise value
    if kind == "memory":
        raise memory_exceeded(what, memory_limit)
    if kind == "failed":
        raise WorkerDied(f"{what} failed: {value}")
    return value
