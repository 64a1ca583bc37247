"""Shared by the benchmark scripts: stores to measure, servers to compare, statistics, docs.

Stores (cached under bench/out/stores/, rebuilt when missing):

- ``shipped``: ``unga-kg build`` of data/ (what ``make run`` serves);
- ``full``: the shipped build plus the synthetic full-size UNDL history (bench/make_undl.py,
  914,624 ballot rows) loaded with ``unga-kg load undl data/undl/*.csv FILE`` — the shipped
  roll calls stay, so the gallery's example parameters still match.

Servers, each on a free port of 127.0.0.1 for the duration of a ``with`` block: ours
(``unga-kg serve``), ``oxigraph serve-read-only --union-default-graph`` over a database made
by ``oxigraph load`` from an N-Quads dump of the same store, and rdflib-endpoint over an
rdflib ``Dataset`` (default union) parsed from the same dump.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
STORES = OUT / "stores"
DOC = ROOT / "docs" / "benchmarks.md"
FULL_ROWS = 914_624
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_endpoint_support import free_port, running_server  # noqa: E402

__all__ = ["running_server", "free_port"]


def unga(*args: str) -> None:
    """Run ``unga-kg ARGS`` (this checkout) and fail loudly."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "graph.cli", *args], check=True, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL)


def undl_csv(rows: int = FULL_ROWS) -> Path:
    """The synthetic UNDL CSV with ``rows`` ballots (generated once into bench/out/)."""
    path = OUT / f"undl_{rows}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_undl.py"), "--rows", str(rows),
                        "-o", str(path)], check=True)
    return path


def store(kind: str) -> Path:
    """Root folder of the ``shipped`` or ``full`` store (see module docs), built if missing."""
    root = STORES / kind
    if (root / "current").is_symlink():
        return root
    shutil.rmtree(root, ignore_errors=True)
    print(f"building the {kind} store in {root} …", file=sys.stderr)
    unga("build", "--store", str(root))
    if kind == "full":
        shipped = sorted(str(p) for p in (ROOT / "data" / "undl").glob("*.csv"))
        unga("load", "undl", *shipped, str(undl_csv()), "--store", str(root))
    return root


def generation(root: Path) -> Path:
    """The live generation folder of a store root."""
    return root / os.readlink(root / "current")


def nquads(root: Path) -> Path:
    """An N-Quads dump of the live generation (cached beside the store)."""
    gen = generation(root)
    path = root.parent / f"{root.name}-{gen.name}.nq"
    if not path.exists():
        import pyoxigraph as ox

        db = ox.Store.read_only(str(gen))
        db.dump(str(path) + ".tmp", ox.RdfFormat.N_QUADS)
        os.replace(str(path) + ".tmp", path)
    return path


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI of the PyPI package ``oxigraph`` (installed in the venv)."""
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def oxigraph_db(root: Path) -> Path:
    """A database made by ``oxigraph load`` from the N-Quads dump of ``root`` (cached)."""
    dump = nquads(root)
    db = dump.with_suffix(".oxigraph")
    if not (db / "done").exists():
        shutil.rmtree(db, ignore_errors=True)
        subprocess.run([oxigraph_binary(), "load", "--location", str(db), "--file", str(dump)],
                       check=True, capture_output=True)
        (db / "done").touch()
    return db


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    """Poll ``url`` until it answers (any status); RuntimeError if ``proc`` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become ready")


@contextmanager
def child_server(command: Sequence[str], url: str, ready_url: str | None = None,
                 timeout: float = 600, grace: float = 15) -> Iterator[str]:
    """Run ``command`` (a server) until the block ends; yields ``url`` once it answers.

    At the end the server gets SIGTERM and ``grace`` seconds before SIGKILL.
    """
    proc = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(ready_url or url, proc, timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def oxigraph_server(root: Path) -> Iterator[str]:
    """``oxigraph serve-read-only --union-default-graph`` over a copy of ``root``; its query URL."""
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only", "--location", str(oxigraph_db(root)),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    with child_server(command, f"http://127.0.0.1:{port}/query") as url:
        yield url


RDFLIB_APP = """
import sys, rdflib, uvicorn
from rdflib_endpoint import SparqlEndpoint
data = rdflib.Dataset(default_union=True)
data.parse(sys.argv[1], format="nquads")
uvicorn.run(SparqlEndpoint(graph=data), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


@contextmanager
def rdflib_server(root: Path) -> Iterator[str]:
    """rdflib-endpoint over an in-memory rdflib Dataset of the same data; its query URL."""
    port = free_port()
    command = [sys.executable, "-c", RDFLIB_APP, str(nquads(root)), str(port)]
    with child_server(command, f"http://127.0.0.1:{port}/", grace=1) as url:
        yield url


@contextmanager
def our_server(root: Path, *options: str) -> Iterator[str]:
    """``unga-kg serve`` over ``root``; yields its /sparql URL."""
    with running_server(root, *options, ready_timeout=120) as base:
        yield base + "/sparql"


def summary(samples: Sequence[float]) -> tuple[float, float]:
    """(median, p95) of ``samples`` in milliseconds (p95 by nearest rank)."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return statistics.median(ordered) * 1000, p95 * 1000


def machine() -> str:
    """One line describing this machine and the versions measured."""
    import pyoxigraph

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} CPUs ({cpu}), {mem:.1f} GiB RAM, Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}")


def append_section(title: str, command: str, body: str, doc: Path = DOC) -> None:
    """Append a ``### title — date`` section with machine and command to ``doc``."""
    today = dt.date.today().isoformat()
    text = (f"\n### {title} — {today}\n\nMachine: {machine()}.  \nCommand: `{command}`\n\n"
            f"{body.rstrip()}\n")
    with open(doc, "a", encoding="utf-8") as handle:
        handle.write(text)


def command_line(script: str, argv: Sequence[str] | None) -> str:
    """How a benchmark was run, for the docs: ``python bench/SCRIPT ARGS``."""
    return f"python bench/{script} " + " ".join(argv if argv is not None else sys.argv[1:])


def report_per_store(script: str, argv: Sequence[str] | None, stores: str, title: str, write: bool,
                     measure: Callable[[str], str]) -> None:
    """``measure`` each store kind of ``stores`` (comma-separated), print its Markdown and, with
    ``write``, append it to docs/benchmarks.md as "TITLE, KIND store"."""
    command = command_line(script, argv)
    for kind in stores.split(","):
        body = measure(kind)
        print(body)
        if write:
            append_section(f"{title}, {kind} store", command.strip(), body)


def repeated_runs_main(script: str, title: str, doc: str, run: Callable[[str, int], str],
                       argv: Sequence[str] | None, stores: str = "shipped,full") -> int:
    """Command line of a benchmark that repeats runs per store: --stores (default ``stores``),
    --repeat, --write.

    ``run(kind, repeat)`` returns the Markdown of one store (see :func:`report_per_store`).
    """
    import argparse

    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--stores", default=stores)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    report_per_store(script, argv, args.stores, title, args.write, lambda kind: run(kind, args.repeat))
    return 0


def run_cells(runs: Sequence[dict[str, float]]) -> str:
    """Table cells of repeated measured runs (bench/load.py's ``measure``): median wall (s) |
    each run's wall (s) | median CPU (s) | peak RSS (MiB)."""
    wall = statistics.median(r["wall"] for r in runs)
    shown = ", ".join(f"{r['wall']:.2f}" for r in runs)
    return (f"{wall:.2f} | {shown} | {statistics.median(r['cpu'] for r in runs):.1f} | "
            f"{max(r['rss'] for r in runs):,.0f}")


def fmt_ms(value: float | None) -> str:
    """Milliseconds for a table cell ('–' when not measured)."""
    if value is None:
        return "–"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    """``a / b`` as ``1.23×`` ('–' when either is missing)."""
    if a is None or not b:
        return "–"
    return f"{a / b:.2f}×"
