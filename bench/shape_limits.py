"""Where pyoxigraph overflows its stack on long flat query shapes, and what graph.sparql_guard allows.

    python bench/shape_limits.py [SHAPE...] [--check]

For each shape (a chain of N ``+``, N UNION branches, an N-step path, N BINDs, ...), bisects N
between 1 and 20,000 for the smallest length that kills the process, each try in a fresh
subprocess on an empty in-memory store (the crash is a SIGSEGV). A try that runs longer than
30 s counts as no crash. ``--check`` instead finds the longest text the guard accepts and runs
it, and 3 and 5 times it, to see that they do not crash. Run it again after a pyoxigraph
upgrade; the numbers of 0.5.13 on an 8 MiB stack are in graph/sparql_guard.py.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP = 20_000
SHAPES: dict[str, Callable[[int], str]] = {
    "plus": lambda n: "SELECT (" + "+".join(["1"] * n) + " AS ?x) {}",
    "or": lambda n: "SELECT * { FILTER(" + "||".join(["true"] * n) + ") }",
    "not": lambda n: "SELECT * { FILTER(" + "!" * n + "true) }",
    "union": lambda n: "SELECT * { " + " UNION ".join(["{ BIND(1 AS ?x) }"] * n) + " }",
    "path": lambda n: "SELECT * { ?s " + "/".join(["<http://p>"] * n) + " ?o }",
    "alternatives": lambda n: "SELECT * { ?s " + "|".join(["<http://p>"] * n) + " ?o }",
    "patterns": lambda n: "SELECT * { " + " ".join(f"?s <http://p> ?o{i} ." for i in range(n)) + " }",
    "objects": lambda n: "SELECT * { ?s <http://p> " + ", ".join(f"<http://o{i}>" for i in range(n)) + " }",
    "groups": lambda n: "SELECT * { " + " ".join(["{ BIND(1 AS ?x) }"] * n) + " }",
    "filters": lambda n: "SELECT * { " + " FILTER(true)" * n + " }",
    "binds": lambda n: "SELECT * { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(n)) + " }",
    "optional": lambda n: "SELECT * { " + " OPTIONAL { BIND(1 AS ?x) }" * n + " }",
    "minus": lambda n: "SELECT * { BIND(1 AS ?y) " + " MINUS { BIND(1 AS ?x) }" * n + " }",
    "graph": lambda n: "SELECT * { " + " GRAPH ?g { BIND(1 AS ?x) }" * n + " }",
    "exists": lambda n: "SELECT * { " + " FILTER EXISTS { BIND(1 AS ?x) }" * n + " }",
    "projection": lambda n: "SELECT " + " ".join(f"(1 AS ?x{i})" for i in range(n)) + " {}",
    "collection": lambda n: "SELECT * { ?s <http://p> (" + " ".join(map(str, range(n))) + ") }",
    "describe": lambda n: "DESCRIBE " + " ".join(f"<http://e/{i}>" for i in range(n)),
    "update": lambda n: ("INSERT { <http://a> <http://b> ?x } WHERE { BIND("
                         + "+".join(["1"] * n) + " AS ?x) }"),
}


def run_one(shape: str, n: int) -> None:
    """Evaluate the shape of length ``n`` here and serialize its result (this process may die)."""
    import pyoxigraph as ox

    text = SHAPES[shape](n)
    store = ox.Store()
    try:
        if text.startswith("INSERT"):
            store.update(text)
            return
        result = store.query(text, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            ox.serialize(result, io.BytesIO(), ox.RdfFormat.N_TRIPLES)
        else:
            result.serialize(io.BytesIO(), ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError, RuntimeError, OSError):
        pass  # an error is an answer; only a crash counts


def survives(shape: str, n: int) -> str:
    """"ok", "timeout" (counted as surviving) or "crash" for one try in a fresh process."""
    try:
        done = subprocess.run([sys.executable, __file__, "--one", shape, str(n)],
                              capture_output=True, timeout=30, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "timeout"
    return "crash" if done.returncode < 0 else "ok"


def crash_point(shape: str) -> str:
    """The bisected crash length of ``shape`` (to 2 %), or that it survives TOP."""
    if survives(shape, TOP) != "crash":
        return f"no crash at {TOP}"
    lo, hi = 1, TOP
    while hi - lo > max(1, lo // 50):
        mid = (lo + hi) // 2
        if survives(shape, mid) == "crash":
            hi = mid
        else:
            lo = mid
    return f"survives {lo}, crashes at {hi}"


def guard_check(shape: str) -> str:
    """The longest ``shape`` graph.sparql_guard accepts, and whether it, 3x and 5x it survive."""
    sys.path.insert(0, str(ROOT))
    from graph.sparql_guard import check_shape

    def accepted(n: int) -> bool:
        try:
            check_shape(SHAPES[shape](n))
        except ValueError:
            return False
        return True

    if accepted(TOP):
        return f"accepted at {TOP}: {survives(shape, TOP)}"
    lo, hi = 1, TOP
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if accepted(mid) else (lo, mid)
    return f"longest accepted {lo}: {survives(shape, lo)}; 3x {survives(shape, 3 * lo)}; " \
           f"5x {survives(shape, 5 * lo)}"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        run_one(argv[1], int(argv[2]))
        return
    check = "--check" in argv
    for shape in [a for a in argv if a != "--check"] or list(SHAPES):
        print(f"{shape:13} {guard_check(shape) if check else crash_point(shape)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
