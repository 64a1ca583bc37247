"""Benchmark: `unga-kg load undl` against a raw pyoxigraph ``bulk_load`` of the same triples.

    python bench/load.py [--rows 914624] [--repeat 3] [--write]

1. Generates the synthetic UNDL CSV (bench/make_undl.py; cached in bench/out/).
2. Runs the UNDL loader once to write the very same triples to an N-Triples file (cached).
3. Measures, each run in a fresh process and a fresh store folder, alternating:
   (a) ``unga-kg load undl FILE --store DIR`` (CSV parsing, validation, N-Triples writing,
       bulk load into a new store generation, atomic switch);
   (b) ``Store(DIR).bulk_load(path=FILE.nt, format=N_TRIPLES, to_graph=…)``.
   Wall time and peak RSS (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` taken in a small wrapper
   process whose only child is the measured command).
4. Prints a markdown table (medians of ``--repeat`` runs); ``--write`` appends it to
   docs/benchmarks.md with the machine, the date and the command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "benchmarks.md"
sys.path.insert(0, str(ROOT))

RAW = """
import sys
import pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(sys.argv[3]))
store.flush()
"""


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command`` in a wrapper process: wall time (s), CPU time (s), peak RSS (MiB)."""
    wrapper = [sys.executable, __file__, "--measure", "--", *command]
    done = subprocess.run(wrapper, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measure_child(command: list[str]) -> int:
    """Wrapper side of :func:`measure`: the only child of this process is ``command``."""
    import resource

    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        return done.returncode
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss = usage.ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"wall": wall, "rss": rss, "cpu": usage.ru_utime + usage.ru_stime}))
    return 0


def prepare(rows: int) -> tuple[Path, Path, str, int]:
    """The CSV, the N-Triples of the loader's output, the graph IRI and the triple count."""
    from graph.build import undl_loader
    from graph.vocab import Iris

    csv_path = OUT / f"undl_{rows}.csv"
    if not csv_path.exists():
        print(f"generating {csv_path} …", file=sys.stderr)
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_undl.py"), "--rows", str(rows),
                        "-o", str(csv_path)], check=True)
    nt_path = OUT / f"undl_{rows}.nt"
    sources = [csv_path, *sorted((ROOT / "loaders").glob("undl*.py"))]
    loader = undl_loader([csv_path], Iris())
    if not nt_path.exists() or nt_path.stat().st_mtime < max(p.stat().st_mtime for p in sources):
        print(f"writing {nt_path} …", file=sys.stderr)
        with open(nt_path, "w", encoding="utf-8") as handle:
            for chunk in loader.ntriples():
                handle.write(chunk)
    with open(nt_path, "rb") as handle:
        triples = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b""))
    return csv_path, nt_path, loader.graph, triples


def run(rows: int, repeat: int) -> tuple[str, dict[str, list[dict[str, float]]], int]:
    """Measure both variants ``repeat`` times; the markdown table, raw figures, triples."""
    csv_path, nt_path, graph, triples = prepare(rows)
    cli = str(Path(sys.executable).parent / "unga-kg")
    variants = {
        "`unga-kg load undl` (CSV → store)": lambda d: [cli, "load", "undl", str(csv_path),
                                                         "--store", str(d)],
        "raw `Store.bulk_load` (N-Triples file)": lambda d: [sys.executable, "-c", RAW, str(d),
                                                             str(nt_path), graph],
    }
    results: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    for i in range(repeat):
        names = list(variants) if i % 2 == 0 else list(reversed(variants))
        for name in names:
            store = OUT / f"store-{i}"
            shutil.rmtree(store, ignore_errors=True)
            figures = measure(variants[name](store))
            shutil.rmtree(store, ignore_errors=True)
            results[name].append(figures)
            print(f"run {i + 1}: {name}: {figures['wall']:.1f} s, {figures['rss']:.0f} MiB",
                  file=sys.stderr)
    return table(results, triples), results, triples


def table(results: dict[str, list[dict[str, float]]], triples: int) -> str:
    """Markdown table of the medians, with the ratios to the raw bulk load.

    "× raw" compares the median wall times; "× raw per run" is the median of the ratios of
    the runs made back to back (less sensitive to other load on the machine).
    """
    medians = {n: statistics.median(r["wall"] for r in runs) for n, runs in results.items()}
    raw_name = list(results)[-1]
    raw = medians[raw_name]
    lines = ["| variant | median wall (s) | runs (s) | CPU (s) | triples/s | peak RSS (MiB) "
             "| × raw | × raw per run |",
             "|---|---:|---|---:|---:|---:|---:|---:|"]
    for name, runs in results.items():
        wall = medians[name]
        runs_s = ", ".join(f"{r['wall']:.1f}" for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        rss = statistics.median(r["rss"] for r in runs)
        paired = statistics.median(r["wall"] / q["wall"]
                                   for r, q in zip(runs, results[raw_name], strict=True))
        lines.append(f"| {name} | {wall:.1f} | {runs_s} | {cpu:.1f} | {triples / wall:,.0f} "
                     f"| {rss:,.0f} | {wall / raw:.2f} | {paired:.2f} |")
    return "\n".join(lines)


def machine() -> str:
    """nproc, RAM and CPU model of this machine."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text()
                          .splitlines() if line.startswith("MemTotal")))
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "unknown RAM"
    import pyoxigraph

    return (f"{os.cpu_count()} CPUs ({model}), {ram}, Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}")


SECTION = "## Loading the UNDL voting record"


def write_doc(text: str, rows: int, repeat: int, triples: int) -> None:
    """Add one result block at the end of the load section of docs/benchmarks.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    doc = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if SECTION not in doc:
        doc = doc.rstrip("\n") + f"\n\n{SECTION}\n"
    block = (f"\n### {rows:,} rows ({triples:,} triples) — {dt.date.today()}\n\n"
             f"Machine: {machine()}.  \n"
             f"Command: `python bench/load.py --rows {rows} --repeat {repeat} --write` "
             f"(median of {repeat} runs, each in a fresh process and store folder).\n\n"
             f"{text}\n")
    start = doc.index(SECTION) + len(SECTION)
    end = doc.find("\n## ", start)
    end = len(doc) if end < 0 else end + 1
    head, tail = doc[:end].rstrip("\n") + "\n", doc[end:]
    DOC.write_text(head + block + ("\n" + tail if tail else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docs)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:2] == ["--measure", "--"]:
        return _measure_child(argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=914_624)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text, _, triples = run(args.rows, args.repeat)
    print(text)
    if args.write:
        write_doc(text, args.rows, args.repeat, triples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
