"""Queries run in worker processes that can be killed: a timeout that really stops the work.

pyoxigraph cannot cancel a running query, so each query goes to one of a small pool of
processes (``multiprocessing`` "spawn" start) that open the live generation with
``Store.read_only``. A worker writes the serialized result to a file and answers with a short
message; at the deadline the server kills the worker (SIGKILL) and starts a fresh one, and
the client gets 503 before any byte of the body. A worker that dies for another reason (a
crash, the OOM killer) is replaced the same way.

A worker may also have a memory limit (``RLIMIT_DATA``: its heap and private writable
mappings; RocksDB's read-only file mappings do not count). A query that needs more is stopped
when an allocation fails: pyoxigraph aborts the process (SIGABRT), Python raises MemoryError.
Either way the client gets 503 naming the limit, and the worker is replaced. Without it, one
cross product sorted on the full store grows by ~330 MB/s, ~10 GB before a 30 s timeout.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing as mp
import os
import signal
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, BinaryIO


@dataclass
class Job:
    """One query to evaluate and serialize into ``out_path``."""

    query: str
    store_path: str
    out_path: str
    results_format: str = "json"
    graph_format: str = "ttl"
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    params: dict[str, str] = field(default_factory=dict)
    base_iri: str | None = None


INLINE_MAX = 256 * 1024
"""Results up to this size come back through the pipe; larger ones in ``Job.out_path``."""


@dataclass
class Reply:
    """What a worker answers: ``ok`` (with the result kind), ``syntax``, ``unsupported`` (a function
    the engine does not implement), ``unwritable`` (a result the asked format cannot express),
    ``oserror`` or ``error``.

    ``body`` holds a small result itself (then nothing is written to ``out_path``).
    """

    status: str
    detail: str = ""
    body: bytes | None = None


class QueryTimeout(Exception):
    """The query did not finish before its deadline; its worker was killed."""


class WorkerDied(Exception):
    """The worker process ended without answering."""


class QueryMemoryExceeded(Exception):
    """The query needed more memory than a worker may use; its worker was replaced."""


def _evaluate(db: Any, job: Job) -> Reply:
    """Run ``job`` on ``db``: the reply with the result kind and small results inline."""
    import pyoxigraph as ox

    from graph.queries import substitutions
    from graph.sparql import dataset_options, engine_errors, write_result

    kwargs: dict[str, Any] = {"substitutions": substitutions(job.params) or None,
                              "base_iri": job.base_iri}
    if job.default_graph is None and job.named_graphs is None:
        kwargs.update(dataset_options(job.query))
    else:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graph or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    with engine_errors():
        result = db.query(job.query, **kwargs)
    is_graph = isinstance(result, ox.QueryTriples)
    out = _Spill(job.out_path)
    try:
        write_result(result, job.graph_format if is_graph else job.results_format, out)
    finally:
        out.close()
    # A small result travels in the reply: no file round trip (~0.8 ms less per request).
    return Reply("ok", "graph" if is_graph else "results", out.inline())


class _Spill:
    """A binary writer kept in memory up to INLINE_MAX bytes, then spilled to ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.file: BinaryIO | None = None

    def write(self, data: bytes) -> int:
        if self.buffer is not None:
            self.buffer.write(data)
            if self.buffer.tell() <= INLINE_MAX:
                return len(data)
            self.file = open(self.path, "wb")  # noqa: SIM115 - closed by close()
            self.file.write(self.buffer.getbuffer())
            self.buffer = None
            return len(data)
        assert self.file is not None
        return self.file.write(data)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    def inline(self) -> bytes | None:
        """The whole result if it stayed in memory, else None (it is in the file)."""
        return self.buffer.getvalue() if self.buffer is not None else None


def worker_main(conn: Connection, memory_limit: int | None = None) -> None:
    """Loop of one worker process: receive jobs, answer replies, until told to stop.

    ``memory_limit`` (bytes) caps the process's data segment (``RLIMIT_DATA``).
    """
    import pyoxigraph as ox

    import graph.queries  # noqa: F401 - imported before the first job, not during it
    from graph.sparql import UnsupportedFunction, Unwritable

    die_with_parent()
    limit_memory(memory_limit)
    conn.send(Reply("ready"))
    db = None
    opened = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            if job.store_path != opened:
                db, opened = ox.Store.read_only(job.store_path), job.store_path
            reply = _evaluate(db, job)
        except SyntaxError as exc:
            reply = Reply("syntax", str(exc))
        except UnsupportedFunction as exc:
            reply = Reply("unsupported", str(exc))
        except Unwritable as exc:
            reply = Reply("unwritable", str(exc))
        except MemoryError:
            reply = Reply("memory")
        except OSError as exc:  # the store, or (far more likely) a SERVICE endpoint, failed
            reply = Reply("oserror", f"{type(exc).__name__}: {exc}")
        except Exception as exc:  # reported to the client as a query failure
            reply = Reply("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def die_with_parent() -> None:
    """On Linux, have the kernel SIGKILL this process (a worker, an update) as soon as the server dies.

    Without it a worker busy in a long query outlives a server killed with SIGKILL until the
    query ends (pyoxigraph does not look at the closed pipe while it evaluates).
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    parent = mp.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the server died before prctl
        os._exit(1)


def limit_memory(limit: int | None) -> None:
    """Cap this process's data segment at ``limit`` bytes (``RLIMIT_DATA``; None: no cap).

    A lower hard limit set from outside stays in force.
    """
    if not limit:
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def memory_exceeded(what: str, limit: int | None) -> QueryMemoryExceeded:
    """The error for ``what`` (a query, an update) that ran out of memory under ``limit`` bytes."""
    if limit is None:
        return QueryMemoryExceeded(f"{what} stopped: its process ran out of memory")
    return QueryMemoryExceeded(f"{what} stopped: it needed more than the memory limit of "
                               f"{limit >> 20} MiB (unga-kg serve --query-memory)")


def died(what: str, exitcode: int | None) -> WorkerDied:
    """The error for ``what`` whose process ended without answering, naming the signal if any.

    SIGSEGV is pyoxigraph overflowing its stack on a text too long or too deeply nested for
    it that graph.sparql_guard did not foresee.
    """
    if exitcode is None or exitcode >= 0:
        return WorkerDied(f"{what} ended unexpectedly (exit code {exitcode})")
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = f"signal {-exitcode}"
    message = f"{what} stopped: its process was killed by {name}"
    if -exitcode == signal.SIGSEGV:
        message += (" (most likely the engine overflowed its stack on a long or deeply nested "
                    "text; shorten or split it)")
    return WorkerDied(message)


def aborted(process: Any) -> bool:
    """Whether ``process`` ended by SIGABRT: what pyoxigraph does when an allocation fails."""
    return process.exitcode == -signal.SIGABRT


async def receive(conn: Connection) -> Any:
    """The next message on ``conn``, awaited without blocking the event loop.

    EOFError or OSError when the other end is gone. The message may be larger than the pipe's
    buffer: once the pipe is readable it is read whole, blocking (the sender is writing it
    now), whatever the event loop did to the descriptor.
    """
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
    try:
        await ready
    finally:
        loop.remove_reader(fd)
    os.set_blocking(fd, True)
    return conn.recv()


class Worker:
    """One worker process and our end of its pipe."""

    def __init__(self, ctx: Any, memory_limit: int | None = None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, memory_limit), daemon=True)
        self.process.start()
        child.close()

    async def ask(self, job: Job | None) -> Reply:
        """Send ``job`` (None: only wait) and wait, without blocking the event loop, for a reply."""
        if job is not None:
            try:
                self.conn.send(job)  # before add_reader: uvloop makes a watched fd non-blocking
            except OSError as exc:
                raise WorkerDied(f"query worker is gone (exit code {self.process.exitcode})") from exc
        try:
            return await receive(self.conn)
        except (EOFError, OSError) as exc:
            raise WorkerDied(f"query worker ended unexpectedly (exit code {self.process.exitcode}; "
                             f"{type(exc).__name__}: {exc})") from exc

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and reap it."""
        self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask the process to finish, and kill it if it does not."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class WorkerPool:
    """``size`` worker processes; a job waits for a free one, then has until its deadline.

    ``memory_limit``: bytes of data segment each worker may use (None: no limit).
    """

    def __init__(self, size: int = 3, memory_limit: int | None = None) -> None:
        self.size = size
        self.memory_limit = memory_limit
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[Worker] | None = None
        self._all: list[Worker] = []
        self._starting: set[asyncio.Task[None]] = set()
        self.killed = 0

    async def start(self) -> None:
        """Start the processes and wait until each is ready (from the running event loop)."""
        # Last in, first out: the worker that just finished takes the next job while its CPU
        # caches and RocksDB block cache are warm (sequential clients: ~1 ms less per request
        # with 3 workers than taking them in turn).
        self._idle = asyncio.LifoQueue()
        await asyncio.gather(*(self._add() for _ in range(self.size)))

    async def _add(self) -> None:
        worker = Worker(self._ctx, self.memory_limit)
        self._all.append(worker)
        reply = await worker.ask(None)
        if reply.status != "ready":
            raise WorkerDied(f"query worker failed to start: {reply.detail}")
        assert self._idle is not None
        self._idle.put_nowait(worker)

    async def _replace(self, worker: Worker) -> None:
        """Kill ``worker`` and start its successor in the background."""
        self._all.remove(worker)
        await asyncio.to_thread(worker.kill)
        self.killed += 1
        task = asyncio.create_task(self._add())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def run(self, job: Job, timeout: float) -> Reply:
        """Evaluate ``job``; QueryTimeout when waiting plus running exceeds ``timeout``."""
        if self._idle is None:
            raise RuntimeError("the worker pool was not started")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:  # asyncio.timeout, unlike wait_for, runs the awaited call without a task of its own
            async with asyncio.timeout(timeout):
                worker = await self._idle.get()
        except TimeoutError:
            raise QueryTimeout(f"no query worker became free within {timeout:g} s") from None
        try:
            async with asyncio.timeout_at(deadline):
                reply = await worker.ask(job)
            if reply.status == "memory":  # a MemoryError in Python: start afresh all the same
                raise memory_exceeded("query", self.memory_limit)
        except (TimeoutError, WorkerDied, QueryMemoryExceeded, asyncio.CancelledError) as exc:
            await self._replace(worker)
            remove_file(job.out_path)
            if isinstance(exc, TimeoutError):
                raise QueryTimeout(
                    f"query exceeded the time limit of {timeout:g} s and was stopped") from None
            if isinstance(exc, WorkerDied) and self.memory_limit and aborted(worker.process):
                raise memory_exceeded("query", self.memory_limit) from exc
            if isinstance(exc, WorkerDied):  # reaped by now: its exit code is known
                raise died("the query", worker.process.exitcode) from exc
            raise
        self._idle.put_nowait(worker)
        return reply

    def stop(self) -> None:
        """Stop every worker."""
        for worker in self._all:
            worker.stop()
        self._all.clear()

    def alive(self) -> int:
        """Number of worker processes running."""
        return sum(1 for w in self._all if w.process.is_alive())


def remove_file(path: str) -> None:
    """Delete ``path`` if it exists (a result file may never have been written)."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
